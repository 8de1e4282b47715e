"""The data contract: field types, vocabularies and labels, the table models and the column specs derived from them."""
