"""The commands of ``modelgen``: generate, diff, graph and check-payloads, each through the pipeline."""
