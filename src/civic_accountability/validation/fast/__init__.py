"""The columnar engine: the row path's report, exactly, at columnar speed.

Why it can be exact: no check is restated here. Columnar expressions (polars) only pick
*candidates*, a superset of the rows a check could fail, and the row path's own
functions (``cells.row_checker``, ``keys``, ``rules``) decide on those rows and write
every message. Valid data has next to no candidates, so validating it costs the
columnar scans and little else.

A file is read by polars only when polars provably reads it as ``csvread`` does (see
``read_columnar``); any other file goes through ``csvread``, which reports its structural
faults, and its rows then join the columnar checks. Tables are taken in package order
(referenced tables first), each checked completely and then dropped but for the few
columns later tables need, which keeps memory near one table's worth.
"""

from civic_accountability.validation.fast.engine import validate_columns

__all__ = ["validate_columns"]
