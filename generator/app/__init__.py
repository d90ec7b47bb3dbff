"""The application: one Config, the pipeline every command runs, the parse cache, the state a
module records, and crash-consistent writes."""
