"""IR → Python source: the flavour-neutral module writer (``module``), annotations (``types``),
imports collected while writing (``imports``) and the Jinja templates (``templates``)."""
