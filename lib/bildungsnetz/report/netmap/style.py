"""How nodes look: colours and shapes (colour-blind safe), sizes and label font sizes.

Colours come from the one palette of the report, :mod:`bildungsnetz.report.palette`: at most
eight Okabe–Ito colours plus grey, the same assignment as in the report's figures; grey values
are told apart by shape.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bildungsnetz.report.palette import (
    COLOURS,
    REST_COLOUR,
    REST_SHAPES,
    category_styles,
)
from bildungsnetz.report.palette import sort_key as sort_key  # re-exported for the model

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
#: The district colours in the order of KNOWN_DISTRICTS (the palette's first colours).
DISTRICT_COLOURS = COLOURS[: len(KNOWN_DISTRICTS)]
#: Diamonds when colouring by category, and region-wide networks.
NETWORK_COLOUR = "#4D4D4D"
#: Edge width of the stronger roles (members: the default width).
ROLE_WIDTH = {"Leitung": 2.2, "Gastgeber": 1.6}

#: Actor shapes: coloured values are dots; the grey values beyond the eight colours are told
#: apart by these shapes (colour-blind safe: never by a 9th or 15th hue). Networks are diamonds.
ACTOR_SHAPES = ["dot", *REST_SHAPES]

ACTOR_SIZE = (5.0, 22.0)
NETWORK_SIZE = (7.0, 20.0)
#: The map writes its own labels in screen pixels (netzwerkkarte.js, ``beschriften``): in the
#: order of :func:`label_order`, a label is kept only if its box overlaps no label kept before.
#: At the start view about ``start`` nodes are tried (``min`` on a phone-sized screen, scaled
#: by the square root of the screen area against ``flaeche``); zoomed in ``z`` times,
#: ``start · z ** wachstum`` (more than the area grows, so more names show as one zooms in).
#: The first ``gross`` labels are bold; names longer than ``max_zeichen`` are shortened with
#: "…" (the full name is in the tooltip and the details).
LABEL_SETTINGS: dict[str, float | int | str] = {
    "start": 24,
    "min": 8,
    "flaeche": 900 * 650,
    "wachstum": 2.6,
    "gross": 10,
    "schrift_gross": 13,
    "schrift_klein": 11.5,
    "schrift_landkreis": 13,
    "schriftart": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    "max_zeichen": 32,
    "rand": 2,
}


def palette_for(
    values: list[str], fixed_order: list[str] | None = None
) -> tuple[dict[str, tuple[str, str]], list[list]]:
    """Map values to (colour, shape) with the report's palette
    (:func:`bildungsnetz.report.palette.category_styles`): ``fixed_order`` first, then by
    frequency; the first eight coloured dots, further values grey with shapes; missing values
    grey dots ("ohne Angabe"). Legend entries: ``[label, colour, count, shape]``.
    """
    return category_styles(values, fixed_order)


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


def label_order(groups: list[list[float | None]]) -> list[int]:
    """The order in which nodes get a label: node indices (groups concatenated, e.g. actors
    then networks), the most important first.

    Within a group by value (highest first, missing last, ties by index); the groups are
    merged by the relative rank ``(rank - 1) / size of the group``, so that the best actor and
    the largest network come first and each group gets its share (ties: the earlier group).
    """
    keyed = []
    offset = 0
    for g, values in enumerate(groups):
        order = sorted(
            range(len(values)),
            key=lambda i: (values[i] is None, -(values[i] or 0.0), i),
        )
        for position, i in enumerate(order):
            keyed.append((position / max(len(values), 1), g, offset + i))
        offset += len(values)
    return [node for _, _, node in sorted(keyed)]


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
    cat_map, cat_legend = palette_for(categories)
    dist_map, dist_legend = palette_for(actor_districts, KNOWN_DISTRICTS)
    by_category = Colouring(
        [cat_map.get(c, (REST_COLOUR, "dot"))[0] for c in categories],
        [cat_map.get(c, (REST_COLOUR, "dot"))[1] for c in categories],
        cat_legend,
    )
    by_district = Colouring(
        [dist_map.get(d, (REST_COLOUR, "dot"))[0] for d in actor_districts],
        [dist_map.get(d, (REST_COLOUR, "dot"))[1] for d in actor_districts],
        dist_legend,
    )
    if two_mode:
        n_n = len(net_districts)
        by_category.colours += [NETWORK_COLOUR] * n_n
        by_district.colours += [dist_map.get(d, (NETWORK_COLOUR, ""))[0] for d in net_districts]
        by_category.shapes += ["diamond"] * n_n
        by_district.shapes += ["diamond"] * n_n
    return {"kategorie": by_category, "landkreis": by_district}
