"""The static website: a page for every authority, built from the data package.

``build.build_site`` is the entry point; ``model`` shapes the rows, ``charts``
draws inline SVG, ``downloads`` gathers the files offered, ``regions`` reads a
committed reference table when there is one. Jinja2 is needed (the ``site`` extra).
"""
