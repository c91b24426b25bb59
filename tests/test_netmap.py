"""Unit tests for the network map page (no browser: see test_browser.py for that)."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

import kleine_welle as kw
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.report import netmap
from bildungsnetz.report.htmlsafe import external_resources, inline_scripts, script_hash
from bildungsnetz.report.numbers import german_measure


@pytest.fixture(scope="module")
def tabellen():
    return kw.tabellen()


@pytest.fixture(scope="module")
def seite(tabellen):
    t = tabellen
    return netmap.build_map(
        t["akteure"],
        t["netzwerke"],
        t["mitgliedschaften"],
        t["kennzahlen_akteure"],
        title="Karte <Test> & Co",
        synthetic=True,
        history={"A0000001": {"2024": 1, "2025": 2}},
    )


def _daten(page: str) -> dict:
    soup = BeautifulSoup(page, "html.parser")
    return json.loads(soup.find("script", id="bn-daten").string)


def test_page_is_self_contained(seite):
    assert external_resources(seite) == []
    soup = BeautifulSoup(seite, "html.parser")
    for tag in soup.find_all(["script", "link", "img", "iframe"]):
        for attr in ("src", "href"):
            assert not str(tag.get(attr, "")).startswith(("http:", "https:", "//"))
    assert soup.find("link") is None
    assert soup.html["lang"] == "de"


def test_csp_allows_exactly_the_inline_scripts(seite):
    soup = BeautifulSoup(seite, "html.parser")
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    policy = meta["content"]
    assert "default-src 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    codes = inline_scripts(seite)
    assert len(codes) == 2  # vis-network + our script
    for code in codes:
        assert script_hash(code) in policy


def test_survey_text_only_inside_escaped_json(seite):
    assert kw.XSS_AKTEUR not in seite
    assert kw.XSS_NETZWERK not in seite
    assert "<img" not in seite
    soup = BeautifulSoup(seite, "html.parser")
    block = soup.find("script", id="bn-daten")
    assert block["type"] == "application/json"
    assert "<" not in block.string and ">" not in block.string
    daten = _daten(seite)
    names = {k["name"] for k in daten["knoten"]}
    assert kw.XSS_AKTEUR in names and kw.XSS_NETZWERK in names
    # the title is escaped in <title> and <h1>
    assert soup.title.string == "Karte <Test> & Co"
    assert "<Test>" not in seite


def test_pseudonym_and_no_personal_data(seite):
    assert kw.GEHEIMER_NAME not in seite
    daten = _daten(seite)
    pseudo = [k for k in daten["knoten"] if k.get("pseudo")]
    assert [k["name"] for k in pseudo] == ["Unternehmen 1"]
    assert "ort" not in pseudo[0]  # place only at district level


def test_two_mode_nodes_edges_and_shapes(seite, tabellen):
    daten = _daten(seite)
    nodes = daten["vis"]["nodes"]
    assert len(nodes) == len(tabellen["akteure"]) + len(tabellen["netzwerke"])
    assert len(daten["vis"]["edges"]) == len(tabellen["mitgliedschaften"])
    shapes = {n["id"]: n["shape"] for n in nodes}
    assert shapes["N0000001"] == "diamond" and shapes["A0000001"] == "dot"
    assert daten["vis"]["options"]["physics"]["enabled"] is False
    assert daten["synthetisch"] is True
    assert daten["filter"]["thema"] == [
        "Ausbildung",
        "Berufsorientierung",
        "Digitalisierung",
        "Fachkräftegewinnung",
    ]


def test_layouts_reproducible_and_missing_coordinates_marked(tabellen):
    t = tabellen
    args = (t["akteure"], t["netzwerke"], t["mitgliedschaften"], t["kennzahlen_akteure"])
    first = netmap.build_map(*args, title="x", seed=7)
    second = netmap.build_map(*args, title="x", seed=7)
    assert first == second
    daten = _daten(first)
    index = {k["id"]: i for i, k in enumerate(daten["knoten"])}
    geo = daten["layouts"]["geo"]
    ohne = geo[index["A0000004"]]  # Oberschule Spremberg: no coordinates
    located = [geo[index[a]] for a in ("A0000001", "A0000002", "A0000003", "A0000006")]
    assert all(ohne[1] > p[1] for p in located)  # the row at the bottom (y grows downwards)
    assert daten["geo"]["ohne"]["anzahl"] == 1
    # north is up, east is right: Cottbus is north of Görlitz, Görlitz east of Cottbus
    cottbus, goerlitz = geo[index["A0000001"]], geo[index["A0000002"]]
    assert cottbus[1] < goerlitz[1] and goerlitz[0] > cottbus[0]


def test_actors_only_mode(tabellen):
    t = tabellen
    page = netmap.build_map(
        t["akteure"],
        t["netzwerke"],
        t["mitgliedschaften"],
        t["kennzahlen_akteure"],
        title="x",
        mode="akteure",
    )
    daten = _daten(page)
    assert all(n["shape"] == "dot" for n in daten["vis"]["nodes"])
    assert len(daten["vis"]["nodes"]) == len(t["akteure"])
    pairs = {tuple(sorted((e["from"], e["to"]))) for e in daten["vis"]["edges"]}
    assert ("A0000001", "A0000002") in pairs  # both in N0000001
    assert ("A0000001", "A0000004") not in pairs


def test_bad_arguments_give_german_errors(tabellen):
    t = tabellen
    args = (t["akteure"], t["netzwerke"], t["mitgliedschaften"], t["kennzahlen_akteure"])
    with pytest.raises(BildungsnetzError, match="Größe"):
        netmap.build_map(*args, title="x", size_by="gibtesnicht")
    with pytest.raises(BildungsnetzError, match="netzwerk_id"):
        netmap.build_map(
            t["akteure"],
            t["netzwerke"].drop(columns="netzwerk_id"),
            t["mitgliedschaften"],
            t["kennzahlen_akteure"],
            title="x",
        )


def test_fragment_is_escaped_iframe(tabellen):
    t = tabellen
    frag = netmap.map_fragment(
        t["akteure"],
        t["netzwerke"],
        t["mitgliedschaften"],
        t["kennzahlen_akteure"],
        title="K <1>",
        caption="Bild <b>",
        link="netzwerkkarte.html",
    )
    text = str(frag)
    assert text == frag._repr_html_()
    assert len(repr(frag)) < 100
    soup = BeautifulSoup(text, "html.parser")
    frame = soup.find("iframe")
    assert frame["sandbox"] == ["allow-scripts"]
    assert frame["srcdoc"].startswith("<!DOCTYPE html>")
    assert soup.find("figcaption").get_text().startswith("Bild <b>")
    assert soup.find("b") is None
    assert external_resources(text) == []


def test_german_measure():
    assert german_measure(0.001234567) == "0,001235"
    assert german_measure(12345.0) == "12.345"
    assert german_measure(12345.6) == "12.350"  # 4 significant digits
    assert german_measure(-0.5) == "-0,5"
    assert german_measure(None) == "–"


def test_large_graph_layout_all_components_finite():
    """Many components (giant + isolated nodes) are packed; no NaN, deterministic.

    Timing is measured by the benchmark (make bench), not asserted here.
    """
    import numpy as np

    rng = np.random.default_rng(3)
    n_a, n_n = 600, 200
    edges = sorted(
        {
            (int(a), n_a + int(rng.integers(n_n)))
            for a in range(n_a - 20)
            for _ in range(int(rng.integers(1, 4)))
        }
    )
    first = netmap.network_layout(n_a + n_n, edges, seed=1)
    second = netmap.network_layout(n_a + n_n, edges, seed=1)
    assert first.shape == (n_a + n_n, 2)
    assert np.isfinite(first).all()
    assert np.array_equal(first, second)
    # no two nodes on the same spot
    rounded = {(round(x, 1), round(y, 1)) for x, y in first}
    assert len(rounded) == n_a + n_n


def test_network_measures_and_coordinator_in_data(tabellen):
    import pandas as pd

    t = tabellen
    kzn = pd.DataFrame(
        {
            "netzwerk_id": ["N0000001", "N0000002", "N0000003"],
            "pagerank": [0.3, 0.1, 0.2],
            "blau_index": [0.66, 0.5, 0.72],
        }
    )
    page = netmap.build_map(
        t["akteure"],
        t["netzwerke"],
        t["mitgliedschaften"],
        t["kennzahlen_akteure"],
        title="x",
        kennzahlen_netzwerke=kzn,
    )
    daten = _daten(page)
    netz = {n["id"]: n for n in daten["netze"]}
    assert dict(netz["N0000001"]["werte"])["Vielfalt (Blau-Index)"] == "0,66"
    knoten = {k["id"]: i for i, k in enumerate(daten["knoten"])}
    assert daten["knoten"][netz["N0000001"]["koord"]]["id"] == "A0000001"
    sizes = daten["groessen"]["pagerank"]
    assert sizes[knoten["N0000001"]] > sizes[knoten["N0000003"]] > sizes[knoten["N0000002"]]


# --- labels and district seats (issue 11: the map on every screen) ---------------------------


def test_label_order_merges_actors_and_networks_by_relative_rank():
    from bildungsnetz.report.netmap.style import label_order

    # actors 0..3 by value (missing last), networks 4..5 by member count
    order = label_order([[0.5, None, 0.9, 0.1], [3.0, 10.0]])
    assert order == [2, 5, 0, 3, 4, 1]
    # ties keep the index order; one group alone is simply sorted
    assert label_order([[1.0, 2.0, 2.0, None]]) == [1, 2, 0, 3]
    assert label_order([[], []]) == []


def test_page_carries_label_order_and_no_vis_labels(seite):
    daten = _daten(seite)
    n_nodes = len(daten["vis"]["nodes"])
    assert all("label" not in node for node in daten["vis"]["nodes"])  # the page writes names
    assert set(daten["rang"]) == {m for m, _ in daten["masse"]}
    for measure, order in daten["rang"].items():
        assert sorted(order) == list(range(n_nodes))
        # larger actors come earlier (the label order follows the node size)
        sizes = daten["groessen"][measure]
        actors = [x for x in order if daten["knoten"][x]["t"] == "a"]
        assert [sizes[x] for x in actors] == sorted((sizes[x] for x in actors), reverse=True)
    settings = daten["beschriftung"]
    assert settings["start"] <= 25 and settings["wachstum"] > 2  # more than the area grows
    assert "schrift" not in daten and "label" not in daten


def test_geo_layout_marks_the_district_seats(tabellen):
    t = tabellen
    args = (t["akteure"], t["netzwerke"], t["mitgliedschaften"], t["kennzahlen_akteure"])
    daten = _daten(netmap.build_map(*args, title="x"))  # seats of the shipped reference data
    seats = {d: (x, y, seat) for d, x, y, seat in daten["geo"]["landkreise"]}
    assert set(seats) == set(netmap.KNOWN_DISTRICTS)
    assert seats["Dahme-Spreewald"][2] == "Lübben (Spreewald)"
    assert seats["Spree-Neiße"][2] == "Forst (Lausitz)"
    # north up, east right, and the seats in the same projection as the actors
    assert seats["Cottbus"][1] < seats["Bautzen"][1] and seats["Görlitz"][0] > seats["Bautzen"][0]
    assert seats["Elbe-Elster"][0] < seats["Cottbus"][0]
    index = {k["id"]: i for i, k in enumerate(daten["knoten"])}
    ihk = daten["layouts"]["geo"][index["A0000001"]]  # IHK Cottbus, 0,5 km from the seat
    goerlitz = daten["layouts"]["geo"][index["A0000002"]]
    span = abs(seats["Görlitz"][0] - seats["Elbe-Elster"][0])
    assert abs(ihk[0] - seats["Cottbus"][0]) < 0.05 * span
    assert abs(goerlitz[1] - seats["Görlitz"][1]) < 0.05 * span
    # the row without place lies below every seat
    assert daten["geo"]["ohne"]["y"] > max(y for _, y, _ in seats.values())


def test_geo_layout_with_own_or_incomplete_district_table(tabellen):
    import pandas as pd

    t = tabellen
    args = (t["akteure"], t["netzwerke"], t["mitgliedschaften"], t["kennzahlen_akteure"])
    own = pd.DataFrame(
        {
            "landkreis": ["Cottbus", "Görlitz", "Bautzen"],
            "kreissitz": ["Cottbus", "Görlitz", ""],
            "lat": ["51.7606", "51.1530", ""],  # Bautzen without coordinates
            "lon": ["14.3340", "14.9870", ""],
        }
    )
    daten = _daten(netmap.build_map(*args, title="x", landkreise=own))
    entries = {d: (x, y, seat) for d, x, y, seat in daten["geo"]["landkreise"]}
    assert entries["Cottbus"][2] == "Cottbus" and entries["Görlitz"][2] == "Görlitz"
    # districts of the data without a usable seat: the name at the median of their actors
    index = {k["id"]: i for i, k in enumerate(daten["knoten"])}
    bautzen = daten["layouts"]["geo"][index["A0000006"]]
    assert entries["Bautzen"] == (bautzen[0], bautzen[1], "")
    assert entries["Spree-Neiße"][2] == ""
    # a table without coordinates: no seats at all, the names still written
    daten = _daten(netmap.build_map(*args, title="x", landkreise=own[["landkreis"]]))
    assert daten["geo"]["landkreise"] and all(seat == "" for *_, seat in daten["geo"]["landkreise"])


def test_geo_layout_without_any_coordinates_shows_the_region():
    import numpy as np

    n = 4
    layout = netmap.geo_layout(
        lat=np.full(n, np.nan),
        lon=np.full(n, np.nan),
        is_network=np.array([False, False, False, True]),
        members=[[], [], [], [0, 1]],
        districts=["", "", "", ""],
        pseudonymous=np.zeros(n, dtype=bool),
        importance=np.ones(n),
        seats=[("Cottbus", 51.76, 14.33, "Cottbus"), ("Görlitz", 51.15, 14.99, "Görlitz")],
    )
    assert np.isfinite(layout.positions).all()
    (_, cx, cy, _), (_, gx, gy, _) = layout.districts
    assert cy < gy and gx > cx  # Cottbus north-west of Görlitz
    assert (layout.positions[:, 1] > max(cy, gy)).all()  # everything in the row below
    assert layout.missing_row["anzahl"] == 3 and layout.missing_row["anzahl_netzwerke"] == 1
