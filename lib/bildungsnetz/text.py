"""Text helpers: name normalisation, matching keys, stable ids, list splitting."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata

_WS = re.compile(r"\s+")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})
_DASHES = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u201e": '"',
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u00b4": "'",
        "`": "'",
    }
)


_LINE_BREAKS = {"\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"}


def strip_invisible(text: str, *, keep_newlines: bool = False) -> tuple[str, int]:
    """Remove control and invisible characters; return the text and how many were removed.

    Removed are the Unicode categories Cc (control), Cf (format: zero-width spaces and
    joiners, soft hyphen, byte-order mark, bidirectional controls), Co (private use), Cs
    (surrogates) and Cn (unassigned). Tabs become spaces and line breaks become spaces (or
    ``\n`` with ``keep_newlines``); these are not counted as removals.
    """
    if text.isascii() and text.isprintable():
        return text, 0
    out = []
    removed = 0
    for ch in text:
        if ch == "\t":
            out.append(" ")
        elif ch in _LINE_BREAKS:
            out.append("\n" if keep_newlines else " ")
        elif unicodedata.category(ch)[0] == "C":
            removed += 1
        else:
            out.append(ch)
    return "".join(out), removed


def normalize_name(value) -> str:
    """Return a display-clean name: Unicode NFC, no invisible characters, single spaces,
    trimmed.

    Case, dashes and quotes are kept (they are part of how an institution spells itself);
    matching ignores them (see ``name_key``). Missing values give "".
    """
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    text, _ = strip_invisible(unicodedata.normalize("NFC", str(value)))
    text = _WS.sub(" ", text.translate(_SPACES)).strip()
    return text


def name_key(value) -> str:
    """Return the matching key of a name: normalised, case-folded, spaces around dashes removed.

    Two spellings with the same key are the same name ("IHK  cottbus" ~ "IHK Cottbus").
    """
    text = normalize_name(value).translate(_DASHES).casefold()
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s*/\s*", "/", text)
    text = text.strip(" .,;:")
    return text


def stable_id(prefix: str, canonical_name: str) -> str:
    """Return a stable id for a canonical name: prefix + 8 hex digits of SHA-1 of its key.

    The id depends only on the name's key, so the same institution gets the same id in every
    wave, whatever order the rows come in.
    """
    digest = hashlib.sha1(name_key(canonical_name).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:8]}"


_LIST_SEP = re.compile(r"\s*(?:;|\n|\r)\s*")


def split_list(value, extra_separators: str = "") -> list[str]:
    """Split a `;`-separated (or newline-separated) cell into clean, non-empty items."""
    text = (
        normalize_name(value)
        if "\n" not in str(value or "")
        else unicodedata.normalize("NFC", str(value))
    )
    if not text:
        return []
    pattern = _LIST_SEP
    if extra_separators:
        extra = "|".join(map(re.escape, extra_separators))
        pattern = re.compile(r"\s*(?:;|\n|\r|" + extra + r")\s*")
    items = [normalize_name(p) for p in pattern.split(text)]
    return [i for i in items if i]


#: Answers read as yes / no: German and English words, Y/N of survey tools, 1/0, a cross.
YES_WORDS = frozenset({"ja", "j", "yes", "y", "1", "1.0", "x", "true", "wahr"})
NO_WORDS = frozenset({"nein", "n", "no", "0", "0.0", "false", "falsch"})


def parse_yes_no(value) -> bool | None:
    """A yes/no cell as True or False; None when it is empty or neither.

    Accepted (any case, surrounding spaces ignored): ``ja``, ``j``, ``yes``, ``y``, ``1``,
    ``x``, ``true``, ``wahr`` for yes; ``nein``, ``n``, ``no``, ``0``, ``false``, ``falsch``
    for no. Booleans are taken as they are.
    """
    if isinstance(value, bool):
        return value
    key = name_key(value)
    if key in YES_WORDS:
        return True
    if key in NO_WORDS:
        return False
    return None


def parse_float(value) -> float | None:
    """A number from a table cell; None when missing, not a number, NaN or infinite."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def german_number(value: float, digits: int = 2) -> str:
    """Fixed-point German formatting: thousands with ".", decimal comma (1.234,56)."""
    text = f"{float(value):,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def german_count(n: int, one: str, many: str) -> str:
    """A count with its noun: „1 Netzwerk“, „1.200 Netzwerke“.

    Examples
    --------
    >>> german_count(1, "Netzwerk", "Netzwerke"), german_count(1200, "Netzwerk", "Netzwerke")
    ('1 Netzwerk', '1.200 Netzwerke')
    """
    return f"{german_number(n, 0)} {one if n == 1 else many}"


def german_seconds(seconds: float) -> str:
    """A duration as the console shows it: „9,1 s“."""
    return f"{german_number(seconds, 1)} s"


def shorten(text: str, width: int = 48) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (for figure labels)."""
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def cell_text(value) -> str:
    """Return a table cell as a stripped string; missing values (None/NaN/NA) give ``""``."""
    if value is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()
