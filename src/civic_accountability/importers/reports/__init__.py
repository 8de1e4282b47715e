"""Import Ofsted's inspection report PDFs (issue 11).

``pdftext``: PDF → lines (text, font size, weight, indent), cached by sha256.
``parse``: lines → a structured report (pure). ``rows``: report → table rows and
matching with the statistics' inspections. ``run``: orchestration over a manifest.
"""
