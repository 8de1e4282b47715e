"""The descriptor checked as a whole before any command uses it.

Commands read ``name``, ``version``, ``title``, ``licenses``, ``sources``,
``contributors`` and each resource's ``name``, ``path``, ``schema``, ``encoding`` and
``format``; each is checked for its JSON type and for what it becomes (a file name, a
link, a file to read), so that a descriptor ``validate`` accepts can never crash
``export`` or ``site``, write outside their output, or put a ``javascript:`` link on a
page. Parsing is bounded too: nesting depth, number size, and file size (``reader``).
"""

from __future__ import annotations

import json
import re
from typing import Any, Optional

from civic_accountability.contract.errors import ValidationError

#: Deepest nesting of arrays and objects a descriptor may have (the real one has 5).
MAX_DEPTH = 32
#: Longest integer or number literal accepted (Python refuses int() past 4,300 digits).
MAX_NUMBER_DIGITS = 40
#: Frictionless's recommended name: lower case letters, digits, "-", "_", "."; it
#: names files and folders (the site's and the bundle's), so no path separator and no "..".
NAME_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_-]|\.(?!\.))*$")
VERSION_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_+-]|\.(?!\.)){0,63}$")
ENCODINGS = frozenset({"utf-8", "utf8"})
TEXT_KEYS = ("name", "title", "description", "version", "homepage", "id", "created", "profile")
PEOPLE_KEYS = ("title", "name", "path", "email", "role", "organization", "version")


class DescriptorError(ValueError):
    """The descriptor cannot be parsed within the bounds."""


def _number(text: str) -> Any:
    if len(text.lstrip("-+")) > MAX_NUMBER_DIGITS:
        raise DescriptorError(f"a number in datapackage.json has more than {MAX_NUMBER_DIGITS} digits")
    return int(text) if re.fullmatch(r"-?[0-9]+", text) else float(text)


def _constant(text: str) -> Any:
    raise DescriptorError(f"datapackage.json holds {text}, which is not JSON")


def depth(value: Any) -> int:
    """How deeply arrays and objects nest in ``value`` (iterative: no recursion limit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def parse(data: bytes) -> Any:
    """The descriptor's JSON, or DescriptorError / ValueError naming what is wrong."""
    text = data.decode("utf-8")
    try:
        value = json.loads(text, parse_int=_number, parse_float=_number, parse_constant=_constant)
    except RecursionError:
        raise DescriptorError(f"datapackage.json nests arrays or objects more than {MAX_DEPTH} deep") from None
    if depth(value) > MAX_DEPTH:
        raise DescriptorError(f"datapackage.json nests arrays or objects more than {MAX_DEPTH} deep")
    return value


#: Characters no link or file name in a descriptor may hold: whitespace, C0/C1 controls,
#: DEL, and what would break out of an HTML attribute. A browser strips leading spaces and
#: controls and drops tabs inside a URL, so " javascript:" and "java\tscript:" are scripts.
_LINK_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029<>\"'`\\]")


def link_problem(value: Any) -> Optional[str]:
    """Why a licence, source or contributor ``path`` may not be published as a link: it must
    parse as an https:// URL with a host, or be a path inside the package (never javascript:,
    data:, file:...), with no space or control character anywhere (so none to trim)."""
    from urllib.parse import urlsplit

    from civic_accountability.dataset.package import unsafe_path_problem

    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty string"
    bad = _LINK_FORBIDDEN.search(value)
    if bad:
        return (
            f"{value[:80]!r} holds {'a space' if bad.group() == ' ' else repr(bad.group())}; a link or "
            "file name here holds no whitespace, control character, quote or angle bracket"
        )
    try:
        parts = urlsplit(value)
    except ValueError:
        return f"{value[:80]!r} is not a link"
    if parts.scheme or value.startswith("//"):
        return None if parts.scheme.lower() == "https" and parts.hostname else f"{value[:80]!r} is not an https:// link"
    problem = unsafe_path_problem(value)
    return f"{value[:80]!r}: {problem}" if problem else None


def web_link(value: Any, schemes: tuple[str, ...] = ("https",)) -> str:
    """``value`` when it may be an ``href`` on a page (it parses as one of ``schemes`` with a
    host, holds no whitespace, control character or quote), else "": for data the site
    links even under ``--no-validate`` (``authorities.ofsted_url``, ``sources.url``)."""
    from urllib.parse import urlsplit

    if not isinstance(value, str) or not value or _LINK_FORBIDDEN.search(value):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme.lower() in schemes and parts.hostname else ""


#: C0 and C1 controls and DEL, but tab, LF and CR; and lone surrogates, which no UTF-8
#: output (a page, a JSON or xlsx export) can write.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


_RESOURCE_PATH = re.compile(r"resources\[\d+\]\.path$")


def unwritable_strings(descriptor: Any) -> list[ValidationError]:
    """Every string in the descriptor (keys included) that holds a lone surrogate or a
    control character: ``validate`` accepted them, and then ``export`` and ``site``
    could not write them (the "bug" exit) or a terminal obeyed them."""
    errors: list[ValidationError] = []
    stack: list[tuple[Any, str]] = [(descriptor, "")]
    while stack and len(errors) < 20:
        value, where = stack.pop()
        texts = [value] if isinstance(value, str) else list(value) if isinstance(value, dict) else []
        for text in texts:
            bad = _UNWRITABLE.search(text) if isinstance(text, str) else None
            if bad and text is value and _RESOURCE_PATH.match(where) and not "\ud800" <= bad.group() <= "\udfff":
                continue  # a control character in a table's path: the reader's unsafe-path error says it
            if bad:
                what = "a lone surrogate" if "\ud800" <= bad.group() <= "\udfff" else "a control character"
                field = (where or text).split(".")[0].split("[")[0] or "datapackage"
                errors.append(
                    _err(
                        f"{where or 'a key'} holds {what} (U+{ord(bad.group()):04X}); text in "
                        "datapackage.json must be writable as UTF-8 and free of control characters "
                        "(tab and line breaks are fine)",
                        field,
                    )
                )
        if isinstance(value, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(value))
    return errors


def _err(message: str, field: str, value: Any = None) -> ValidationError:
    from civic_accountability.dataset.package import PACKAGE_TABLE

    shown = None if value is None else (value if isinstance(value, str) else json.dumps(value)[:120])
    if shown is not None:  # a lone surrogate in the value would stop the report itself from being written
        shown = shown.encode("utf-8", "backslashreplace").decode("utf-8")
    return ValidationError(PACKAGE_TABLE, 0, "package-error", field, shown, message)


def _text(obj: dict, key: str, where: str, errors: list) -> None:
    if key in obj and obj[key] is not None and not isinstance(obj[key], str):
        errors.append(_err(f"{where}{key} must be a string, not {type(obj[key]).__name__}", key, obj[key]))


def _list_of_objects(descriptor: dict, key: str, errors: list) -> None:
    value = descriptor.get(key)
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        errors.append(_err(f"{key} must be a list of objects", key, value))
        return
    for i, item in enumerate(value):
        for k in PEOPLE_KEYS:
            _text(item, k, f"{key}[{i}].", errors)
        if isinstance(item.get("path"), str):
            problem = link_problem(item["path"])
            if problem:
                errors.append(_err(f"{key}[{i}].path {problem}", key, item["path"]))


def problems(descriptor: dict) -> list[ValidationError]:
    """Every reason the descriptor (an object with a ``resources`` list) may not be used."""
    errors: list[ValidationError] = unwritable_strings(descriptor)
    for key in TEXT_KEYS:
        _text(descriptor, key, "", errors)
    name, version = descriptor.get("name"), descriptor.get("version")
    if isinstance(name, str) and not NAME_RE.match(name):
        errors.append(_err("name must be lower case letters, digits, '-', '_' or '.' (it names files)", "name", name))
    if isinstance(version, str) and not VERSION_RE.match(version):
        errors.append(
            _err("version must be letters, digits, '.', '-', '_' or '+' (it names files)", "version", version)
        )
    for key in ("licenses", "sources", "contributors"):
        _list_of_objects(descriptor, key, errors)
    keywords = descriptor.get("keywords")
    if keywords is not None and not (isinstance(keywords, list) and all(isinstance(k, str) for k in keywords)):
        errors.append(_err("keywords must be a list of strings", "keywords", keywords))

    seen: set[str] = set()
    for i, resource in enumerate(descriptor["resources"]):
        where = f"resources[{i}]."
        if not isinstance(resource, dict):
            errors.append(_err(f"resources[{i}] must be an object", "resources", resource))
            continue
        for key in ("name", "title", "description", "format", "mediatype", "encoding", "profile"):
            _text(resource, key, where, errors)
        rname = resource.get("name")
        if isinstance(rname, str):
            if not NAME_RE.match(rname):
                errors.append(
                    _err(f"{where}name must be lower case letters, digits, '-', '_' or '.'", "resources", rname)
                )
            elif rname in seen:
                errors.append(_err(f"resource {rname!r} is listed more than once", "resources", rname))
            seen.add(rname)
        elif rname is None:
            errors.append(_err(f"{where}name is missing", "resources"))
        schema = resource.get("schema")
        if schema is not None and not isinstance(schema, (str, dict)):
            errors.append(_err(f"{where}schema must be a path or an object", "schema", schema))
        encoding = resource.get("encoding")
        if isinstance(encoding, str) and encoding.lower() not in ENCODINGS:
            errors.append(_err(f"{where}encoding is {encoding!r}; the files are read as utf-8", "encoding", encoding))
        fmt = resource.get("format")
        if isinstance(fmt, str) and fmt.lower() != "csv":
            errors.append(_err(f"{where}format is {fmt!r}; the tables are csv", "format", fmt))
        mediatype = resource.get("mediatype")
        if isinstance(mediatype, str) and mediatype.lower() != "text/csv":
            errors.append(_err(f"{where}mediatype is {mediatype!r}; the tables are text/csv", "mediatype", mediatype))
        dialect = resource.get("dialect")
        if dialect is not None and not (
            isinstance(dialect, dict)
            and dialect.get("delimiter", ",") == ","
            and dialect.get("quoteChar", '"') == '"'
            and dialect.get("header", True) is True
        ):
            errors.append(
                _err(f"{where}dialect must be comma-separated with a header row (RFC 4180)", "dialect", dialect)
            )
    return errors
