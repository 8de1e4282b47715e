"""Importers: turn Ofsted's published files into rows of the package's tables."""
