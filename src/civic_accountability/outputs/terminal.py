"""Text for a terminal: its control characters shown, never obeyed.

A value holding ESC or BEL (``ESC]0;…BEL`` sets the window title, ``ESC[2J`` clears the
screen, ``ESC]52;…`` writes the clipboard) does what it says when printed raw. The
contract refuses them in text fields, but ``timeline`` shows rows that failed
validation, ``sql --no-validate`` prints whatever the tables hold and a query can make
its own (``char(27)``): so what reaches a terminal goes through ``shown``.
"""

from __future__ import annotations

import re
import sys

#: C0 controls but tab and LF (CR too: it moves back over what was printed), DEL, C1.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """``text`` with each control character written as ``\\xHH``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def for_stdout(text: str, always: bool = False) -> str:
    """``text`` as ``shown`` when standard output is a terminal (or ``always``: output
    meant only for people), else exactly as it is (a pipe or a file keeps the bytes)."""
    try:
        tty = sys.stdout.isatty()
    except (AttributeError, ValueError):
        tty = False
    return shown(text) if always or tty else text
