"""How nodes look: colours and shapes (colour-blind safe), sizes and label font sizes."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from bildungsnetz.report.htmlsafe import GRAU, OKABE_ITO, TOL_MUTED

#: Known districts in a fixed order (Brandenburg, then Saxony) so colours are stable across waves.
KNOWN_DISTRICTS = [
    "Cottbus",
    "Dahme-Spreewald",
    "Elbe-Elster",
    "Oberspreewald-Lausitz",
    "Spree-Neiße",
    "Bautzen",
    "Görlitz",
]
DISTRICT_COLOURS = [
    OKABE_ITO[k]
    for k in ("blau", "orange", "blaugruen", "purpur", "zinnober", "himmelblau", "gelb")
]
#: Diamonds when colouring by category, and region-wide networks.
NETWORK_COLOUR = "#4D4D4D"
#: Edge width of the stronger roles (members: the default width).
ROLE_WIDTH = {"Leitung": 2.2, "Gastgeber": 1.6}

#: Actor shapes combined with colours once the colours run out (colour-blind safe: a category
#: is told apart by colour AND shape, never by a 10th or 15th hue). Networks are diamonds.
ACTOR_SHAPES = ["dot", "square", "triangle", "triangleDown", "star"]

ACTOR_SIZE = (5.0, 22.0)
NETWORK_SIZE = (7.0, 20.0)
LABEL_BIG, LABEL_SMALL = 16, 8
#: How many of the strongest actors / largest networks get a big label.
LABELLED_ACTORS, LABELLED_NETWORKS = 15, 8


def sort_key(text: str) -> str:
    """German alphabetical order: case-insensitive, umlauts as their base letter."""
    t = text.casefold()
    for a, b in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss")):
        t = t.replace(a, b)
    return t


def palette_for(
    values: list[str],
    fixed_order: list[str] | None,
    colours: list[str],
) -> tuple[dict[str, tuple[str, str]], list[list]]:
    """Map values to (colour, shape): fixed order first, then by frequency.

    The first ``len(colours)`` values are coloured dots, the next ones the same colours as
    squares, then triangles … Missing values are grey dots ("ohne Angabe").
    Legend entries: ``[label, colour, count, shape]``.
    """
    counts = Counter(v for v in values if v)
    order: list[str] = []
    if fixed_order:
        order += [v for v in fixed_order if v in counts]
    order += sorted((v for v in counts if v not in order), key=lambda v: (-counts[v], sort_key(v)))
    mapping: dict[str, tuple[str, str]] = {}
    legend: list[list] = []
    for k, value in enumerate(order):
        colour = colours[k % len(colours)]
        shape = ACTOR_SHAPES[min(k // len(colours), len(ACTOR_SHAPES) - 1)]
        mapping[value] = (colour, shape)
        legend.append([value, colour, counts[value], shape])
    missing = sum(1 for v in values if not v)
    if missing:
        legend.append(["ohne Angabe", GRAU, missing, "dot"])
    return mapping, legend


def scaled_sizes(values: list[float | None], lo_hi: tuple[float, float]) -> list[float]:
    """Node sizes between ``lo_hi``, by the square root of the value's place in its range
    (missing values: small; all equal: middle)."""
    finite = [v for v in values if v is not None]
    smin, smax = lo_hi
    if not finite:
        return [round((smin + smax) / 3, 1)] * len(values)
    lo, hi = min(finite), max(finite)
    out = []
    for v in values:
        if v is None:
            out.append(round(smin * 0.8, 1))
        elif hi > lo:
            out.append(round(smin + (smax - smin) * math.sqrt((v - lo) / (hi - lo)), 1))
        else:
            out.append(round((smin + smax) / 2, 1))
    return out


def ranks(values: list[float | None]) -> list[int | None]:
    """Competition ranks, highest value = 1 (ties share the best rank)."""
    finite = sorted((v for v in values if v is not None), reverse=True)
    first: dict[float, int] = {}
    for r, v in enumerate(finite, start=1):
        first.setdefault(v, r)
    return [first[v] if v is not None else None for v in values]


def label_fonts(node_ranks: list[int | None], labelled: int) -> list[int]:
    """Big labels for the ``labelled`` best-ranked nodes, small ones for the rest."""
    return [(LABEL_BIG if (r is not None and r <= labelled) else LABEL_SMALL) for r in node_ranks]


@dataclass
class Colouring:
    """Colour and shape of every node (actors, then networks) and the legend, for one mode."""

    colours: list[str]
    shapes: list[str]
    legend: list[list]


def colourings(
    categories: list[str], actor_districts: list[str], net_districts: list[str], two_mode: bool
) -> dict[str, Colouring]:
    """The two colour modes: ``"kategorie"`` (networks grey diamonds) and ``"landkreis"``
    (networks in their district's colour)."""
    cat_map, cat_legend = palette_for(categories, None, TOL_MUTED)
    dist_map, dist_legend = palette_for(actor_districts, KNOWN_DISTRICTS, DISTRICT_COLOURS)
    by_category = Colouring(
        [cat_map.get(c, (GRAU, "dot"))[0] for c in categories],
        [cat_map.get(c, (GRAU, "dot"))[1] for c in categories],
        cat_legend,
    )
    by_district = Colouring(
        [dist_map.get(d, (GRAU, "dot"))[0] for d in actor_districts],
        [dist_map.get(d, (GRAU, "dot"))[1] for d in actor_districts],
        dist_legend,
    )
    if two_mode:
        n_n = len(net_districts)
        by_category.colours += [NETWORK_COLOUR] * n_n
        by_district.colours += [dist_map.get(d, (NETWORK_COLOUR, ""))[0] for d in net_districts]
        by_category.shapes += ["diamond"] * n_n
        by_district.shapes += ["diamond"] * n_n
    return {"kategorie": by_category, "landkreis": by_district}
