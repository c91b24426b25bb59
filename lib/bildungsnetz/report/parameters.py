"""The parameters of the wave report (``notebooks/bericht.ipynb``): types, checks, display.

``bildungsnetz run WAVE -p NAME VALUE`` (papermill's convention), :func:`bildungsnetz.report.
build.publish` and :func:`bildungsnetz.report.build.build_wave_report` all go through
:func:`check_parameters`, so a wrong name or value is one German sentence naming the parameter
and what is allowed. The pipeline owns :data:`PIPELINE_PARAMETERS` (which wave, which folders,
how the notebook runs); they cannot be set with ``-p``. The defaults are those of the
notebook's parameters cell (``tests/test_parameters.py`` checks that they agree).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from bildungsnetz.config import DEFAULT_RURAL_WEIGHT, DEFAULT_SEED
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.report.context import LANGUAGES
from bildungsnetz.report.netmap.model import COLOR_MODES, MEASURES
from bildungsnetz.text import german_number

__all__ = [
    "PARAMETERS",
    "PIPELINE_PARAMETERS",
    "Parameter",
    "check_parameters",
    "parameters_table",
    "parse_parameters",
]

#: Set by the pipeline (or the notebook's own cell), never by ``-p``.
PIPELINE_PARAMETERS = ("wave", "data_dir", "reports_dir", "interactive", "publish_on_run")


def _number(value: float, kind: type = float) -> str:
    """A number in German: counts without decimals, other numbers with the decimals they have
    (at least one, at most six: ``2,0``, ``1,5``, ``0,25``)."""
    if kind is int:
        return german_number(value, 0)
    text = repr(float(value))
    decimals = len(text.split(".", 1)[1]) if "." in text and "e" not in text else 6
    return german_number(value, min(max(decimals, 1), 6))


def _bound(value: float) -> str:
    return german_number(value, 0) if float(value).is_integer() else _number(value)


@dataclass(frozen=True)
class Parameter:
    """One report parameter: its type, default, allowed values and German explanation."""

    name: str
    kind: type
    default: Any
    help: str
    choices: tuple = ()
    minimum: float | None = None
    exclusive_minimum: bool = False
    maximum: float | None = None

    def allowed(self) -> str:
        """The allowed values in German, for messages and the methods table."""
        if self.choices:
            return "einen der Werte " + ", ".join(self.choices)
        number = "eine ganze Zahl" if self.kind is int else "eine Zahl"
        if self.minimum is None:
            return number
        bound = _bound(self.minimum)
        relation = "größer als" if self.exclusive_minimum else "ab"
        text = f"{number} {relation} {bound}"
        if self.maximum is not None:
            text += f" bis {_bound(self.maximum)}"
        return text


#: The parameters a user may set, in the order of the notebook's parameters cell.
PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter(
            "size_by",
            str,
            "pagerank",
            "Punktgröße in der Karte",
            choices=tuple(MEASURES),
        ),
        Parameter(
            "color_by", str, "kategorie", "Punktfarbe in der Karte", choices=tuple(COLOR_MODES)
        ),
        Parameter(
            "rural_weight",
            float,
            DEFAULT_RURAL_WEIGHT,
            "Gewicht von Kooperationspotenzialen mit ländlichen Akteuren",
            minimum=0,
            exclusive_minimum=True,
            maximum=100,
        ),
        Parameter("top_n", int, 15, "Länge der Bestenlisten", minimum=1, maximum=1000),
        Parameter(
            "seed",
            int,
            DEFAULT_SEED,
            "Startwert für Gemeinschaften und Kartenlayout",
            minimum=0,
            maximum=2**32 - 1,
        ),
        Parameter("language", str, "de", "Sprache des Berichts", choices=LANGUAGES),
    )
}


def _unknown(name: str) -> BildungsnetzError:
    if name in PIPELINE_PARAMETERS:
        return BildungsnetzError(
            f"Der Parameter „{name}“ wird von bildungsnetz selbst gesetzt (Welle, Ordner, "
            "Ausführung) und kann nicht mit -p geändert werden; dafür gibt es die Angaben "
            "WELLE, --data und --reports. Mit -p änderbar: " + ", ".join(PARAMETERS) + "."
        )
    return BildungsnetzError(
        f"Unbekannter Berichtsparameter „{name}“; möglich sind: " + ", ".join(PARAMETERS) + "."
    )


def _convert(parameter: Parameter, value: Any) -> Any:
    """``value`` (text from the command line, or a Python value) as the parameter's type."""
    wrong = BildungsnetzError(
        f"Der Parameter „{parameter.name}“ erwartet {parameter.allowed()}, nicht „{value}“."
    )
    if parameter.kind is str:
        if not isinstance(value, str):
            raise wrong
        return value.strip()
    if isinstance(value, bool):
        raise wrong
    if isinstance(value, str):
        text = value.strip().replace(",", ".") if parameter.kind is float else value.strip()
        try:
            value = parameter.kind(text)
        except ValueError:
            raise wrong from None
    elif parameter.kind is int:
        if not isinstance(value, int) and not (isinstance(value, float) and value.is_integer()):
            raise wrong
        value = int(value)
    elif isinstance(value, (int, float)):
        value = float(value)
    else:
        raise wrong
    if isinstance(value, float) and not math.isfinite(value):
        raise wrong
    return value


def _check(parameter: Parameter, value: Any) -> Any:
    value = _convert(parameter, value)
    problem = False
    if parameter.choices:
        problem = value not in parameter.choices
    elif parameter.minimum is not None:
        too_small = (
            value <= parameter.minimum if parameter.exclusive_minimum else value < parameter.minimum
        )
        too_big = parameter.maximum is not None and value > parameter.maximum
        problem = too_small or too_big
    if problem:
        shown = _number(value, parameter.kind) if isinstance(value, (int, float)) else value
        raise BildungsnetzError(
            f"Der Parameter „{parameter.name}“ erlaubt {parameter.allowed()}, nicht „{shown}“."
        )
    return value


def check_parameters(values: dict | None = None) -> dict[str, Any]:
    """All report parameters with their checked values: ``values`` (name → value, Python
    values or text from the command line) over the defaults.

    Raises :class:`~bildungsnetz.errors.BildungsnetzError` (German, naming the parameter and
    the allowed values) for an unknown name, a parameter the pipeline owns, or a wrong value.

    >>> check_parameters({"rural_weight": "2,0"})["rural_weight"]
    2.0
    """
    checked = {name: p.default for name, p in PARAMETERS.items()}
    for name, value in (values or {}).items():
        if name not in PARAMETERS:
            raise _unknown(name)
        checked[name] = _check(PARAMETERS[name], value)
    return checked


def parse_parameters(pairs) -> dict[str, Any]:
    """The ``-p NAME VALUE`` pairs of the command line (texts) as checked values; only the
    named ones (a name given twice: the last wins, as in papermill)."""
    given: dict[str, str] = {}
    for name, value in pairs or ():
        given[str(name).strip()] = value
    checked = check_parameters(given)
    return {name: checked[name] for name in given}


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        return str(value)  # a seed or a count: digits as typed, no thousands separator
    if isinstance(value, float):
        return _number(value)
    return str(value)


def parameters_table(values: dict | None = None) -> pd.DataFrame:
    """The parameters a report was built with, for its methods section: one row per
    parameter (German headers), its value, whether it is the default, what it means and what
    is allowed."""
    checked = check_parameters(values)
    rows = []
    for name, parameter in PARAMETERS.items():
        value = checked[name]
        rows.append(
            {
                "Parameter": name,
                "Wert": _shown(value),
                "Standard": "ja"
                if value == parameter.default
                else f"nein ({_shown(parameter.default)})",
                "Bedeutung": parameter.help,
                "Erlaubt": parameter.allowed(),
            }
        )
    return pd.DataFrame(rows)
