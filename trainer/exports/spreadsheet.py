"""Cells for CSV files that spreadsheets open: text that would run as a formula is neutralised.

A learner's name, a typed reply or a trainer's comment may begin with = + - @ (or a tab or carriage
return), which Excel, LibreOffice and Google Sheets read as a formula ("CSV injection", OWASP). Such a
text cell, also when the character follows leading whitespace, gets a single quote in front: the sheet
shows the text as typed and runs nothing. Numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FORMULA_STARTS = frozenset("=+-@\t\r")


def neutralise(value: Any) -> Any:
    """The value as a spreadsheet should receive it: formula-like text prefixed with a single quote."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in FORMULA_STARTS or value.lstrip()[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Every cell of a row neutralised."""
    return {key: neutralise(value) for key, value in row.items()}
