"""Importers: turn outside material (Ofsted statistics and reports, news articles) into rows."""
