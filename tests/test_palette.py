"""One palette for figures and map: at most eight colours plus grey, colour-blind safe, the same
colour for a category in the report's figures and in the map.

Colour-blind safety is checked by simulation (``farbsehen.py``: Machado et al. 2009 for
protanopia and deuteranopia, CIEDE2000 after Sharma et al. 2005). Threshold: every pair of the
palette's colours, grey included, must stay at least ΔE00 = 10 apart under normal vision and
under both simulations. ΔE00 ≈ 1 is the just-noticeable difference for large patches side by
side; for small marks (dots of the map, thin bars, legend squares) the difference needed to
tell colours apart reliably grows several-fold (Stone, Szafir & Setlur 2014, "An engineering
model for color difference as a function of size"), so 10 – about ten just-noticeable
differences – is the bar for colours that must be *named* from a legend. The Okabe–Ito set with
the grey #BBBBBB clears it (closest pair: orange/yellow under deuteranopia, ≈ 11,6); the
palettes the issue complained about do not (``test_the_threshold_rejects_the_old_palettes``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

import farbsehen as fs
from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.report import figures, palette, tables
from bildungsnetz.report.context import load_context
from bildungsnetz.report.netmap import build_network
from bildungsnetz.report.netmap.style import ACTOR_SHAPES, colourings

MIN_DELTA_E = 10.0


# --------------------------------------------------------------------------------------------
# the simulation itself


@pytest.mark.parametrize(("lab1", "lab2", "expected"), fs.SHARMA_PAIRS)
def test_ciede2000_matches_sharma_test_data(lab1, lab2, expected):
    assert fs.ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert fs.ciede2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_simulation_merges_red_and_green_but_keeps_grey():
    red, green = "#FF0000", "#00FF00"
    normal = fs.ciede2000(fs.to_lab(fs.hex_to_rgb(red)), fs.to_lab(fs.hex_to_rgb(green)))
    for matrix in (fs.PROTANOPIA, fs.DEUTERANOPIA):
        # each row of a Machado matrix sums to 1: greys stay grey
        grey = fs.simulate("#777777", matrix)
        assert np.allclose(grey, fs.hex_to_rgb("#777777"), atol=2e-3)
        seen = fs.ciede2000(
            fs.to_lab(fs.simulate(red, matrix)), fs.to_lab(fs.simulate(green, matrix))
        )
        assert seen < normal / 2  # the classic confusion pair moves much closer


# --------------------------------------------------------------------------------------------
# the palette


def test_palette_has_at_most_eight_colours_plus_grey():
    assert len(palette.COLOURS) == palette.MAX_COLOURS <= 8
    assert len(set(palette.COLOURS)) == len(palette.COLOURS)
    assert palette.REST_COLOUR not in palette.COLOURS
    rgb = fs.hex_to_rgb(palette.REST_COLOUR)
    assert np.ptp(rgb) == 0  # a neutral grey


@pytest.mark.parametrize("vision", list(fs.VISIONS))
def test_palette_is_colour_blind_safe(vision):
    colours = [*palette.COLOURS, palette.REST_COLOUR]
    delta, a, b = fs.closest_pair(colours, fs.VISIONS[vision])
    assert delta >= MIN_DELTA_E, f"{vision}: {a} und {b} nur ΔE00 = {delta:.1f} auseinander"


def test_the_threshold_rejects_the_old_palettes():
    """The check has teeth: the nine Tol colours the map used, and the figures' grey #999999
    next to Okabe–Ito, fall below it."""
    tol_muted = ["#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99"]
    tol_muted += ["#999933", "#AA4499", palette.REST_COLOUR]
    assert fs.closest_pair(tol_muted, fs.PROTANOPIA)[0] < MIN_DELTA_E
    okabe_dark_grey = [*palette.COLOURS, "#999999"]
    assert fs.closest_pair(okabe_dark_grey, fs.DEUTERANOPIA)[0] < MIN_DELTA_E


def test_the_eight_most_frequent_categories_get_the_colours():
    values = [f"K{k:02d}" for k in range(12) for _ in range(20 - k)] + ["", ""]
    values += ["K11"]  # K10 and K11 tie: alphabetical
    colours = palette.category_colours(values)
    assert [colours[f"K{k:02d}"] for k in range(8)] == palette.COLOURS
    assert {colours[f"K{k:02d}"] for k in range(8, 12)} == {palette.REST_COLOUR}
    assert colours[""] == palette.REST_COLOUR
    # the same assignment whatever the order of the actors
    assert palette.category_colours(list(reversed(values))) == colours


def test_districts_keep_their_colour_in_reference_order():
    known = ["Cottbus", "Dahme-Spreewald", "Elbe-Elster", "Bautzen"]
    values = ["Bautzen"] * 9 + ["Cottbus"] + ["Elbe-Elster"] * 3 + ["Berlin"] * 5 + [""]
    colours = palette.district_colours(values, known)
    assert colours["Cottbus"] == palette.COLOURS[0]  # first in the reference, though rare
    assert colours["Elbe-Elster"] == palette.COLOURS[1]  # absent districts take no colour
    assert colours["Bautzen"] == palette.COLOURS[2]
    assert colours["Berlin"] == palette.COLOURS[3]  # unknown district: after the known ones
    assert colours[""] == palette.REST_COLOUR


def test_map_styles_grey_categories_get_shapes():
    values = [f"K{k:02d}" for k in range(15) for _ in range(30 - k)] + [""]
    mapping, legend = palette.category_styles(values)
    for k in range(8):
        assert mapping[f"K{k:02d}"] == (palette.COLOURS[k], "dot")
    grey = [mapping[f"K{k:02d}"] for k in range(8, 8 + len(palette.REST_SHAPES))]
    assert grey == [(palette.REST_COLOUR, s) for s in palette.REST_SHAPES]
    assert "diamond" not in ACTOR_SHAPES  # networks are diamonds
    # the rest share the grey dot, named together in one legend entry
    assert mapping["K14"] == (palette.REST_COLOUR, "dot")
    labels = [entry[0] for entry in legend]
    assert labels[-2].startswith("übrige: K12, K13, K14") and labels[-1] == "ohne Angabe"
    styles = [(entry[1], entry[3]) for entry in legend[:-2]]
    assert len(styles) == len(set(styles))  # every named entry looks different
    assert sum(entry[2] for entry in legend) == len(values)


def test_map_colour_modes_use_the_palette():
    cats = ["Schule"] * 3 + ["Kammer"] * 2 + [""]
    dists = ["Görlitz", "Cottbus", "Cottbus", "Bautzen", "", "Görlitz"]
    modes = colourings(cats, dists, ["Görlitz", "Lausitz"], two_mode=True)
    assert modes["kategorie"].colours[:6] == [palette.COLOURS[0]] * 3 + [palette.COLOURS[1]] * 2 + [
        palette.REST_COLOUR
    ]
    district = modes["landkreis"].colours
    # fixed order Cottbus … Bautzen, Görlitz: Cottbus first colour, Bautzen, Görlitz next
    assert district[1] == palette.COLOURS[0]
    assert district[3] == palette.COLOURS[1] and district[0] == palette.COLOURS[2]
    assert district[4] == palette.REST_COLOUR
    assert district[6] == palette.COLOURS[2]  # a network of Görlitz in Görlitz' colour


# --------------------------------------------------------------------------------------------
# the same colour in a figure and in the map

#: (category, number of actors, level): eleven categories, so three are grey.
CATEGORIES = [
    ("Schule", 5, "Kommune"),
    ("Bildungsträger", 4, "Kreis"),
    ("Unternehmen", 4, "Kommune"),
    ("Verein/Verband", 3, "Region"),
    ("Kommune/Verwaltung", 3, "Kreis"),
    ("Kammer", 2, "Region"),
    ("Hochschule", 2, "Land"),
    ("Jobcenter", 2, "Kreis"),
    ("Stiftung", 1, "Bund"),
    ("Sozialpartner", 1, "Land"),
    ("Agentur für Arbeit", 1, "Region"),
    ("", 1, ""),
]


def _colourful_wave(root: Path) -> Path:
    """A tidy wave with the shipped reference data: 29 actors in eleven categories and all
    five levels, four networks."""
    rows, members = ["akteur,kategorie,plz,ort,ebene,veroeffentlichen"], ["akteur,netzwerk"]
    places = ["03044,Cottbus", "04916,Herzberg (Elster)", "02826,Görlitz", "01877,Bischofswerda"]
    k = 0
    for category, count, level in CATEGORIES:
        for _ in range(count):
            name = f"Einrichtung {k:02d}"
            rows.append(f"{name},{category},{places[k % 4]},{level},ja")
            networks = ["Netz A"] + ["Netz B"] * (k % 2) + ["Netz C"] * (k % 3 == 0)
            networks += ["Netz D"] * (k % 5 == 0)
            members += [f"{name},{n}" for n in networks]
            k += 1
    folder = root / "raw" / "bunt"
    folder.mkdir(parents=True)
    (folder / "akteure.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "netzwerke.csv").write_text(
        "netzwerk\nNetz A\nNetz B\nNetz C\nNetz D\n", encoding="utf-8"
    )
    (folder / "mitgliedschaften.csv").write_text("\n".join(members) + "\n", encoding="utf-8")
    clean_wave(root, "bunt")
    return root


@pytest.fixture(scope="module")
def bunt(tmp_path_factory):
    return load_context(_colourful_wave(tmp_path_factory.mktemp("bunt")), "bunt")


def _bar_colours(fig) -> dict[str, str]:
    """Actor name → colour of its bar (bars matched to their tick label by position)."""
    ax = fig.get_axes()[0]
    ticks = {
        round(t, 3): label.get_text() for t, label in zip(ax.get_yticks(), ax.get_yticklabels())
    }
    return {
        ticks[round(bar.get_y() + bar.get_height() / 2, 3)]: to_hex(bar.get_facecolor()).upper()
        for bar in ax.patches
    }


def test_a_category_has_the_same_colour_in_figure_and_map(bunt):
    """The figure shows twelve of the 29 actors (other frequencies than in the whole wave),
    still every bar has its category's colour from the map."""
    actors = bunt.actors
    fig = figures.fig_top_bar(bunt, "anzahl_netzwerke", n=12)
    bars = _bar_colours(fig)
    assert len(bars) == 12
    model = build_network(**bunt.map_arguments())
    nodes = [n for n in model.data["knoten"] if n.get("t") == "a"]
    map_colours = model.data["farben"]["kategorie"]["knoten"][: len(nodes)]
    by_name = {n["name"]: c.upper() for n, c in zip(nodes, map_colours)}
    assert bars == {name: by_name[name] for name in bars}
    assert {c.upper() for c in map_colours} <= {*palette.COLOURS, palette.REST_COLOUR}
    # the eight most frequent categories of the wave in colour, the others grey
    category = dict(zip(actors["akteur"], actors["kategorie"]))
    frequent = {c for c, _, _ in CATEGORIES[:8]}
    for name, colour in bars.items():
        assert (colour != palette.REST_COLOUR) == (category[name] in frequent), name
    expected = palette.category_colours(list(actors["kategorie"]))
    assert by_name == {a: expected[category[a]] for a in by_name}
    # the legend names the coloured categories shown and one grey entry for the rest
    legend = [t.get_text() for t in fig.get_axes()[0].get_legend().get_texts()]
    shown = {category[name] for name in bars}
    assert set(legend[:-1]) == shown & frequent
    assert legend[-1] in ("übrige", "übrige / ohne Angabe", "ohne Angabe")


def test_levels_in_their_natural_order(bunt):
    matrix = tables.mixing(bunt, "ebene")
    assert list(matrix.index) == ["Bund", "Land", "Region", "Kreis", "Kommune"]
    assert list(matrix.columns) == list(matrix.index)
    fig = figures.fig_mixing(bunt, "ebene")
    ax = fig.get_axes()[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(matrix.index)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(matrix.index)


def test_place_types_and_states_in_their_natural_order(bunt):
    table = tables.actors_by_state(bunt)
    assert list(table["Bundesland"]) == ["Brandenburg", "Sachsen"]
    assert list(table.columns) == ["Bundesland", "städtisch", "ländlich", "gesamt"]
    assert tables.in_natural_order(bunt, "raumtyp", ["", "ländlich", "städtisch"]) == [
        "städtisch",
        "ländlich",
        "",
    ]
    districts = tables.in_natural_order(
        bunt, "landkreis", ["Görlitz", "(unbekannt)", "Berlin", "Cottbus", "Bautzen"]
    )
    assert districts == ["Cottbus", "Bautzen", "Görlitz", "Berlin", "(unbekannt)"]


def test_category_table_and_figure_agree_on_counts(bunt):
    counts = tables.category_counts(bunt)
    assert isinstance(counts, pd.DataFrame)
    assert counts["Akteure"].sum() == len(bunt.actors)
