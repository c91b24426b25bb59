"""The map's level of detail (report/netmap/detail.py): a region is drawn whole, a large wave
draws its most important actors and networks, and every node stays in the page's data."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

import kleine_welle as kw
from bildungsnetz.report import netmap
from bildungsnetz.report.netmap import detail
from bildungsnetz.report.netmap.detail import detail_hint, detail_level, top_order
from bildungsnetz.report.netmap.layout import _median_nearest


def _daten(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="bn-daten">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def _args(t):
    return t["akteure"], t["netzwerke"], t["mitgliedschaften"], t["kennzahlen_akteure"]


def test_a_region_is_drawn_whole():
    n = detail.ALL_ACTORS
    d = detail_level([float(i) for i in range(n)], [1.0] * 5000)
    assert d.complete and d.hint == ""
    assert (d.actors_drawn, d.networks_drawn) == (n, 5000)


def test_small_map_unchanged_every_node_drawn():
    t = kw.tabellen()
    daten = _daten(netmap.build_map(*_args(t), title="x"))
    assert daten["detail"] is None
    assert len(daten["vis"]["nodes"]) == len(daten["knoten"]) == 7 + 3
    assert len(daten["vis"]["edges"]) == daten["anzahl"]["kanten"]


def test_top_order_highest_first_missing_last_ties_by_index():
    assert top_order([0.1, None, 0.5, 0.5, 0.0]).tolist() == [2, 3, 0, 4, 1]


def test_large_wave_draws_the_most_important():
    rng = np.random.default_rng(3)
    n_a, n_n = detail.ALL_ACTORS + 1, detail.TOP_NETWORKS + 250
    actors = rng.random(n_a).tolist()
    actors[7] = None
    networks = rng.random(n_n).tolist()
    d = detail_level(actors, networks)
    assert not d.complete
    assert (d.actors_drawn, d.networks_drawn) == (detail.TOP_ACTORS, detail.TOP_NETWORKS)
    assert len(d.drawn) == n_a + n_n
    drawn_actors = np.flatnonzero(d.drawn[:n_a])
    threshold = sorted((v for v in actors if v is not None), reverse=True)[detail.TOP_ACTORS - 1]
    assert all(actors[a] is not None and actors[a] >= threshold for a in drawn_actors)
    assert not d.drawn[7]
    drawn_nets = np.flatnonzero(d.drawn[n_a:])
    assert min(networks[j] for j in drawn_nets) >= max(
        networks[j] for j in range(n_n) if not d.drawn[n_a + j]
    )
    assert d.hint == (
        f"Gezeigt: die 500 wichtigsten von 2.001 Akteuren und 1.000 von "
        f"{n_n // 1000}.{n_n % 1000:03d} Netzwerken; die Suche findet alle."
    )


def test_all_networks_below_their_limit_and_actors_only_mode():
    d = detail_level([1.0] * 3000, [2.0] * 40)
    assert d.networks_drawn == 40 and d.drawn[-40:].all()
    assert d.hint.endswith("von 3.000 Akteuren und alle Netzwerke; die Suche findet alle.")
    only = detail_level([1.0] * 3000, [2.0] * 40, two_mode=False)
    assert len(only.drawn) == 3000 and only.actors_drawn == detail.TOP_ACTORS
    assert "Netzwerk" not in only.hint
    assert detail_hint(500, 29013, 9666, 9666, True) == (
        "Gezeigt: die 500 wichtigsten von 29.013 Akteuren und alle Netzwerke; "
        "die Suche findet alle."
    )


def test_map_draws_the_detail_and_keeps_every_node_in_its_data(monkeypatch):
    """With the limits lowered, the small wave behaves like a large one."""
    monkeypatch.setattr(detail, "ALL_ACTORS", 3)
    monkeypatch.setattr(detail, "TOP_ACTORS", 2)
    monkeypatch.setattr(detail, "TOP_NETWORKS", 2)
    t = kw.tabellen()
    daten = _daten(netmap.build_map(*_args(t), title="x", size_by="anzahl_netzwerke"))
    assert len(daten["knoten"]) == 10 and len(daten["layouts"]["netz"]) == 10
    drawn = daten["detail"]["gezeichnet"]
    assert len(drawn) == len(daten["vis"]["nodes"]) == 4
    ids = {n["id"] for n in daten["vis"]["nodes"]}
    assert ids == {daten["knoten"][x]["id"] for x in drawn}
    counts = t["kennzahlen_akteure"].set_index("akteur_id")["anzahl_netzwerke"]
    top_two = sorted(counts.index, key=lambda a: (-counts[a], a))[:2]
    assert {i for i in ids if i.startswith("A")} == set(top_two)
    assert all(e["from"] in ids and e["to"] in ids for e in daten["vis"]["edges"])
    assert daten["detail"]["hinweis"].startswith("Gezeigt: die 2 wichtigsten von 7 Akteuren")
    assert daten["detail"]["rollenbreite"]["Leitung"] > 1


def test_median_nearest_exact_below_the_sample_and_close_above():
    rng = np.random.default_rng(0)
    small = rng.normal(size=(300, 2))
    d2 = ((small[:, None, :] - small[None, :, :]) ** 2).sum(axis=2)
    np.fill_diagonal(d2, np.inf)
    assert _median_nearest(small) == pytest.approx(float(np.median(np.sqrt(d2.min(axis=1)))))
    big = rng.uniform(size=(6000, 2))
    # uniform points: the median nearest distance is about sqrt(ln 2 / (pi n))
    assert _median_nearest(big) == pytest.approx(np.sqrt(np.log(2) / (np.pi * 6000)), rel=0.1)


def test_subtitle_counts_in_german_format():
    model = netmap.build_network(*_args(kw.tabellen()), title="x")
    model.data["anzahl"]["akteure"] = 29013
    assert "29.013 Akteure" in netmap.render_page(model)
