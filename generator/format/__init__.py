"""Writing Python source as black writes it: line layout (``layout``), text from the spec as
literals, docstrings and comments (``text``), and black as the fallback for what the layout
cannot place (``fallback``)."""
