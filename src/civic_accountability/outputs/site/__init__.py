"""The static website: a page for every authority, built from the data package.

``build.build_site`` is the entry point; ``model`` shapes the rows, ``charts``
draws inline SVG, ``downloads`` gathers the files offered and runs the exports on
the rows already validated. Regions, status and successors come from the package's
``authorities`` table. Jinja2 is needed (the ``site`` extra).
"""
