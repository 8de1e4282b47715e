"""The data package on disk: finding it, opening it safely, loading it once."""
