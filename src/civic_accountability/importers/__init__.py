"""Importers: turn Ofsted's published files into rows of the package's tables.

``statistics`` reads Ofsted's official-statistics spreadsheets; ``reports`` reads
Ofsted's inspection report PDFs. Both merge with the rows already in ``data/``.
"""
