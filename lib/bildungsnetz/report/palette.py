"""The one palette for categories and districts, shared by the report's figures and the map.

Rules (issue 11, point 4):

* At most :data:`MAX_COLOURS` = 8 colours, the Okabe & Ito (2008) set, plus the grey
  :data:`REST_COLOUR` for everything else ("übrige", "ohne Angabe"). The set stays apart
  under simulated deuteranopia and protanopia (checked in ``tests/test_palette.py``:
  pairwise CIEDE2000 ≥ 10 after the Machado et al. 2009 simulation, grey included).
* Categories (``kategorie``): the 8 most frequent values of the wave get the colours, most
  frequent first (ties in German alphabetical order), all others grey. Figures and the map
  compute the assignment from the same list – every actor of the wave – so a category has the
  same colour everywhere (:func:`category_colours`).
* Districts (``landkreis``): the known districts in their fixed order (reference data:
  Brandenburg, then Saxony) take the colours first, so a district keeps its colour across
  waves; further values by frequency; beyond 8 grey (:func:`district_colours`).
* Where more values must be told apart than there are colours (the map), the grey ones get
  shapes (:data:`REST_SHAPES`, :func:`category_styles`).

No German text is shown from here except the legend labels of the grey groups.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

#: Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable with all common
#: colour-vision deficiencies, in the order they are given out (most frequent value first;
#: the first colours are the ones furthest apart).
COLOURS: list[str] = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
]
#: At most this many values get a colour of their own.
MAX_COLOURS = len(COLOURS)
#: Grey for the rest ("übrige") and for missing values ("ohne Angabe"). Light enough to stay
#: apart from black and the darker colours, dark enough for a dot on white (and ΔE00 ≥ 10 to
#: every colour under simulated deuteranopia/protanopia, unlike #999999).
REST_COLOUR = "#BBBBBB"
#: Label of the grey group in figure legends.
REST_LABEL = "übrige"
#: Label of missing values.
MISSING_LABEL = "ohne Angabe"

#: Shapes of the map for values beyond the coloured ones (grey); the coloured ones are dots.
#: Networks are diamonds, so no diamond here. Values beyond these share the grey dot.
REST_SHAPES = ["square", "triangle", "triangleDown", "star"]

#: Two-group attributes in their natural order, with fixed colours from the palette.
STATE_COLOURS = {"Brandenburg": COLOURS[0], "Sachsen": COLOURS[1], "": REST_COLOUR}
RAUM_COLOURS = {"städtisch": COLOURS[0], "ländlich": COLOURS[2], "": REST_COLOUR}


def sort_key(text: str) -> str:
    """German alphabetical order: case-insensitive, umlauts as their base letter."""
    t = text.casefold()
    for a, b in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss")):
        t = t.replace(a, b)
    return t


def coloured_order(values: Iterable[str], fixed_order: Sequence[str] | None = None) -> list[str]:
    """The distinct non-empty ``values`` in the order colours are given out: those of
    ``fixed_order`` first (in that order, when present), then by frequency (most frequent
    first, ties alphabetically)."""
    counts = Counter(v for v in values if v)
    order = [v for v in dict.fromkeys(fixed_order or []) if v in counts]
    order += sorted((v for v in counts if v not in order), key=lambda v: (-counts[v], sort_key(v)))
    return order


def colours_for(values: Iterable[str], fixed_order: Sequence[str] | None = None) -> dict[str, str]:
    """Colour of every distinct value: the first :data:`MAX_COLOURS` of
    :func:`coloured_order` get the palette's colours, all others and ``""`` grey."""
    order = coloured_order(values, fixed_order)
    mapping = {v: (COLOURS[k] if k < MAX_COLOURS else REST_COLOUR) for k, v in enumerate(order)}
    mapping[""] = REST_COLOUR
    return mapping


def category_colours(categories: Iterable[str]) -> dict[str, str]:
    """Colours of the actor categories of a wave; pass the categories of *all* its actors
    (one entry per actor), so figures and map agree."""
    return colours_for(categories)


def district_colours(
    districts: Iterable[str], known: Sequence[str] | None = None
) -> dict[str, str]:
    """Colours of the districts: ``known`` (the reference order) first, then by frequency."""
    return colours_for(districts, known)


def category_styles(
    values: Sequence[str], fixed_order: Sequence[str] | None = None
) -> tuple[dict[str, tuple[str, str]], list[list]]:
    """(colour, shape) of every value for the map, and the legend.

    The first :data:`MAX_COLOURS` values (see :func:`coloured_order`) are coloured dots; the
    next ones grey with the shapes of :data:`REST_SHAPES`; any further ones grey dots, listed
    together in one legend entry ("übrige: …"). Missing values are grey dots ("ohne Angabe").
    Legend entries: ``[label, colour, count, shape]``.
    """
    counts = Counter(v for v in values if v)
    order = coloured_order(values, fixed_order)
    mapping: dict[str, tuple[str, str]] = {}
    legend: list[list] = []
    rest: list[str] = []
    for k, value in enumerate(order):
        if k < MAX_COLOURS:
            style = (COLOURS[k], "dot")
        elif k - MAX_COLOURS < len(REST_SHAPES):
            style = (REST_COLOUR, REST_SHAPES[k - MAX_COLOURS])
        else:
            style = (REST_COLOUR, "dot")
            rest.append(value)
        mapping[value] = style
        if style != (REST_COLOUR, "dot"):
            legend.append([value, style[0], counts[value], style[1]])
    if rest:
        label = f"{REST_LABEL}: {', '.join(rest)}" if len(rest) <= 4 else f"{len(rest)} weitere"
        legend.append([label, REST_COLOUR, sum(counts[v] for v in rest), "dot"])
    missing = sum(1 for v in values if not v)
    if missing:
        legend.append([MISSING_LABEL, REST_COLOUR, missing, "dot"])
    return mapping, legend
