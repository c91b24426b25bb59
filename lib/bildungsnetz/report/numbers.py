"""Numbers as German readers see them.

There is one German number formatter, :func:`bildungsnetz.text.german_number` (fixed decimals,
``1.234,56``). :func:`german_measure` builds on it for measures whose size is not known in
advance (0.001234 and 12345.6 in the same column): four significant digits instead of fixed
decimals.
"""

from __future__ import annotations

import numpy as np

from bildungsnetz.text import german_number


def german_measure(value: float | None) -> str:
    """A measure with 4 significant digits, German separators, no exponent (``0,001235``,
    ``12.350``, ``0,5``); whole numbers in full (``12.345``); ``None`` gives ``"–"``."""
    if value is None:
        return "–"
    if float(value).is_integer() and abs(value) < 1e12:
        return german_number(int(value), 0)
    text = np.format_float_positional(value, precision=4, unique=False, fractional=False, trim="-")
    decimals = len(text.partition(".")[2])
    # the rounded digits read back exactly (at most 4 significant digits), now with German
    # separators
    return german_number(float(text), decimals)
