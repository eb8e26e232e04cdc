"""Numbers of any length, exactly: arithmetic without rounding, text without limits.

A table cell holds whatever digits the report has; a typo or a generated file can make
one thousands or millions of digits long. Python's default decimal context rounds to 28
significant digits (so 10^40 + 1 and 10^40 would "sum" equal) and overflows past 10^999999,
and int ↔ str conversion stops at 4,300 digits. None of these may decide what gklint
reports, so sums run in `EXACT` and numbers become text through `plain` (exact) or
`brief` (abbreviated for a message), never through `int`.
"""

import decimal
from collections.abc import Iterable
from decimal import Decimal

# Large enough for any sum of cells read from a file: additions and subtractions are exact.
EXACT = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

# A number longer than this is shown in messages as its first digits and its length.
BRIEF_LIMIT = 24
_SHOWN = 12  # leading digits a long number keeps in a message


def total(values: Iterable[Decimal]) -> Decimal:
    """The exact sum."""
    result = Decimal(0)
    for value in values:
        result = EXACT.add(result, value)
    return result


def difference(a: Decimal, b: Decimal) -> Decimal:
    return EXACT.subtract(a, b)


def is_whole(value: Decimal) -> bool:
    """Whether the value is an integer (exactly, at any length)."""
    return value == EXACT.to_integral_value(value)


def plain(value: Decimal) -> str:
    """Exact positional notation without exponent or trailing fractional zeros: "12", "0.5"."""
    text = format(value, "f")  # no precision given: the value's own digits, never rounded
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def brief(text: str) -> str:
    """Text (usually a number) for a message: whole when short, else its start and its length.

    "123456789012…（共 5000 位）" tells the reader what is wrong without a
    megabyte-long message.
    """
    if len(text) <= BRIEF_LIMIT:
        return text
    digits = text.lstrip("+-").replace(".", "", 1)
    if digits.isdigit():
        return f"{text[:_SHOWN]}…（共 {len(digits)} 位）"
    return f"{text[:_SHOWN]}…（共 {len(text)} 字）"


def show(value: Decimal) -> str:
    """A number as a message shows it."""
    return brief(plain(value))
