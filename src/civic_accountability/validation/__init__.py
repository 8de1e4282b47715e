"""Validation: the layers (file, cells, keys, meaning), the rule registry and the two engines."""
