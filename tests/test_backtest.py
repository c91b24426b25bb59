"""Back-test of the cooperation potential (issue 14, item 6): known answers on tiny waves,
independent implementations, the weight grid, and the demo's tie formation."""

from __future__ import annotations

import itertools
import json
import math
import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from bildungsnetz.analysis import backtest as bt
from bildungsnetz.analysis import compare as C
from bildungsnetz.analysis.findings import actor_pair_potential
from bildungsnetz.analysis.findings.actor_arrays import ActorArrays
from bildungsnetz.analysis.graphs import WaveTables, two_mode_graph
from bildungsnetz.config import DEFAULT_RURAL_WEIGHT
from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.report import comparison_findings as CF
from conftest import MINI_EXTERNAL, write

BAD_TEXT = re.compile(r"\b(nan|NaN|inf|None)\b")


def _members(pairs: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(pairs, columns=["akteur_id", "netzwerk_id"]).assign(rolle="Mitglied")


def tiny_waves() -> tuple[WaveTables, pd.DataFrame, list[str]]:
    """Wave t: N1 = {A1, A2, A3}, N2 = {A3, A4}, N3 = {A5}; wave t+1: A4 joins N1.

    Candidates (no shared network in t): A1A4, A1A5, A2A4, A2A5, A3A5, A4A5; realised in
    t+1: A1A4 and A2A4 (through N1) → base rate 2/6.
    """
    ids = [f"A{i}" for i in range(1, 6)]
    akteure = pd.DataFrame(
        {
            "akteur_id": ids,
            "akteur": ids,
            "anzeigename": ids,
            "landkreis": ["Cottbus"] * 5,
            "raumtyp": ["städtisch"] * 5,
            "lat": ["51.75", "51.76", "51.77", "51.2", "51.1"],
            "lon": ["14.33", "14.34", "14.35", "14.9", "14.4"],
        }
    )
    netzwerke = pd.DataFrame(
        {
            "netzwerk_id": ["N1", "N2", "N3"],
            "netzwerk": ["Eins", "Zwei", "Drei"],
            "landkreis": ["Cottbus", "Cottbus", "Lausitz"],
            "themen": ["MINT", "MINT;Kultur", "Kultur"],
            "zielgruppen": ["Kinder", "Kinder", "Senioren"],
        }
    )
    before = _members([("A1", "N1"), ("A2", "N1"), ("A3", "N1"), ("A3", "N2"), ("A4", "N2")])
    after = _members(
        [("A1", "N1"), ("A2", "N1"), ("A3", "N1"), ("A4", "N1"), ("A4", "N2"), ("A5", "N3")]
    )
    before = pd.concat([before, _members([("A5", "N3")])], ignore_index=True)
    return WaveTables(akteure, netzwerke, before), after, ids


def tiny_candidates() -> bt.Candidates:
    tables, after, ids = tiny_waves()
    return bt.pair_candidates(ActorArrays(two_mode_graph(tables)), after, ids)


def test_candidates_and_base_rate_of_a_known_pair_of_waves():
    c = tiny_candidates()
    pairs = list(zip(c.id_a, c.id_b))
    assert pairs == [
        ("A1", "A4"),
        ("A1", "A5"),
        ("A2", "A4"),
        ("A2", "A5"),
        ("A3", "A5"),
        ("A4", "A5"),
    ]
    assert [p for p, r in zip(pairs, c.realised) if r] == [("A1", "A4"), ("A2", "A4")]
    assert c.base_rate == pytest.approx(2 / 6)
    # the same rate as the comparison page's exact random baseline
    tables, after, ids = tiny_waves()
    base = C.pair_baseline(tables.mitgliedschaften, after, ids, ids)
    assert base["zufallsrate"] == pytest.approx(c.base_rate)
    assert base["paare_ohne_netzwerk"] == len(pairs)


def test_precision_at_k_and_lift_by_hand():
    c = tiny_candidates()
    # resource allocation: A1A4 and A2A4 share A3, who has three partners → 1/3 each
    ra = c.baselines["ressourcen"]
    assert ra.tolist() == pytest.approx([1 / 3, 0, 1 / 3, 0, 0, 0])
    row = bt.evaluate(c, ra, ks=(1, 2, 3, 10))
    assert row["praezision_1"] == 1.0 and row["praezision_2"] == 1.0
    assert row["praezision_3"] == pytest.approx(2 / 3)
    assert row["praezision_10"] == pytest.approx(2 / 6)  # fewer candidates than k: all
    assert row["faktor_2"] == pytest.approx(3.0)
    assert row["auc"] == pytest.approx(1.0)
    # ties are broken by candidate order (ids): the first two of six equal scores
    assert bt.precision_at_k(np.zeros(6), c.realised, 2) == pytest.approx(1 / 2)
    assert math.isnan(bt.precision_at_k(np.zeros(0), np.zeros(0, dtype=bool), 5))


def test_auc_matches_pairwise_count():
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 4, 40).astype(float)
    realised = rng.random(40) < 0.3
    pos, neg = scores[realised], scores[~realised]
    wins = sum((p > q) + 0.5 * (p == q) for p, q in itertools.product(pos, neg))
    assert bt.auc(scores, realised) == pytest.approx(wins / (len(pos) * len(neg)))
    assert math.isnan(bt.auc(scores, np.zeros(40, dtype=bool)))


def test_per_actor_top_is_the_union_of_each_actors_best():
    c = tiny_candidates()
    scores = np.array([0.9, 0.1, 0.8, 0.2, 0.3, 0.7])
    # best of A1: A1A4; A2: A2A4; A3: A3A5; A4: A1A4; A5: A4A5
    mask = bt.per_actor_top(c, scores, 1)
    assert [p for p, m in zip(zip(c.id_a, c.id_b), mask) if m] == [
        ("A1", "A4"),
        ("A2", "A4"),
        ("A3", "A5"),
        ("A4", "A5"),
    ]


def test_resource_allocation_and_adamic_adar_match_networkx():
    G = nx.gnp_random_graph(30, 0.2, seed=1)
    A = nx.to_numpy_array(G, nodelist=range(30))
    ra, aa = bt.resource_allocation(A), bt.adamic_adar(A)
    pairs = list(itertools.combinations(range(30), 2))
    for u, v, s in nx.resource_allocation_index(G, pairs):
        assert ra[u, v] == pytest.approx(s)
    for u, v, s in nx.adamic_adar_index(G, pairs):
        assert aa[u, v] == pytest.approx(s)


def test_pair_terms_match_the_potentials():
    """The back-test scores exactly what actor_pair_potential scores."""
    tables, after, ids = tiny_waves()
    B = two_mode_graph(tables)
    c = bt.pair_candidates(ActorArrays(B), after, ids)
    pot = actor_pair_potential(B, rural_weight=1.0, top_k=10)
    assert len(pot) >= 2
    index = {p: k for k, p in enumerate(zip(c.id_a, c.id_b))}
    for r in pot.itertuples():
        k = index[(r.id_a, r.id_b)]
        for term in bt.TERMS:
            assert c.terms[term][k] == pytest.approx(getattr(r, f"s_{term}"))
        assert c.score(bt.POTENTIAL_WEIGHTS)[k] == pytest.approx(r.score)


def test_network_candidates_by_hand():
    tables, after, ids = tiny_waves()
    B = two_mode_graph(tables)
    data = ActorArrays(B)
    c = bt.network_candidates(data, ["Cottbus", "Cottbus", "Lausitz"], after, ids)
    pairs = list(zip(c.id_a, c.id_b))
    assert len(pairs) == 5 * 3 - 6
    assert [p for p, r in zip(pairs, c.realised) if r] == [("A4", "N1")]
    k = pairs.index(("A4", "N1"))
    assert c.terms["partner"][k] == pytest.approx(0.5)  # A3 is in N1: k = 1
    assert c.terms["naehe"][k] == 1.0  # own district


def _synthetic(seed: int) -> bt.Candidates:
    rng = np.random.default_rng(seed)
    n = 400
    terms = {t: rng.random(n) for t in bt.TERMS}
    realised = rng.random(n) < 0.2 + 0.5 * terms["partner"] * terms["naehe"]
    zeros = np.zeros(n, dtype=int)
    return bt.Candidates(
        "akteur_akteur",
        zeros,
        zeros,
        np.arange(n),
        zeros,
        terms,
        np.zeros(n, dtype=bool),
        {},
        realised,
    )


def test_grid_search_weights_sum_to_one_and_are_deterministic():
    cands = [_synthetic(1), _synthetic(2)]
    best, table = bt.grid_search_weights(cands, step=0.25, k=50)
    assert sum(best.values()) == pytest.approx(1.0)
    assert len(table) == len(bt.weight_grid(0.25)) == 35
    assert all(sum(w.values()) == pytest.approx(1.0) for w in bt.weight_grid(0.25))
    assert table["praezision"].is_monotonic_decreasing
    # partners and proximity carry the signal here, topics and target groups none
    assert best["partner"] + best["naehe"] >= 0.75
    again, table2 = bt.grid_search_weights(cands, step=0.25, k=50)
    assert again == best and table.equals(table2)


def test_default_weights_sum_to_one():
    for weights in (bt.POTENTIAL_WEIGHTS, bt.NETWORK_WEIGHTS):
        assert sum(weights.values()) == pytest.approx(1.0)
        assert set(weights) == set(bt.TERMS)


def test_each_kind_is_scored_with_its_own_default_weights():
    pair, net = _synthetic(1), _synthetic(2)
    net.kind = "akteur_netzwerk"
    assert np.array_equal(bt.pair_scorers(pair)["gewichtet"], pair.score(bt.POTENTIAL_WEIGHTS))
    assert np.array_equal(bt.pair_scorers(net)["gewichtet"], net.score(bt.NETWORK_WEIGHTS))
    assert not np.allclose(net.score(bt.NETWORK_WEIGHTS), net.score(bt.POTENTIAL_WEIGHTS))
    only = bt.backtest({("a", "b"): [pair, net]}, scorers=("gewichtet", "ressourcen"))
    assert set(only["verfahren"]) <= {"gewichtet", "ressourcen"} and len(only)
    full = bt.backtest({("a", "b"): [pair, net]})
    shared = full[full["verfahren"].isin(["gewichtet", "ressourcen"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(only.reset_index(drop=True), shared)


def _tiny_data(tmp_path, waves: dict[str, dict[str, str]]):
    for name, text in MINI_EXTERNAL.items():
        write(tmp_path / "external" / name, text)
    for wave, files in waves.items():
        for name, text in files.items():
            write(tmp_path / "raw" / wave / name, text)
        clean_wave(tmp_path, wave)
    return tmp_path


TINY_W1 = {
    "akteure.csv": "akteur,plz,ort\nSchule Ahorn,03044,Cottbus\nVerein Birke,02826,Görlitz\n",
    "netzwerke.csv": "netzwerk,themen\nNetz Eins,Ausbildung\nNetz Zwei,Ausbildung\n",
    "mitgliedschaften.csv": "akteur,netzwerk\nSchule Ahorn,Netz Eins\nVerein Birke,Netz Zwei\n",
}
TINY_W2 = {
    "akteure.csv": "akteur\nSchule Ahorn\nVerein Birke\n",
    "netzwerke.csv": "netzwerk\nNetz Eins\n",
    "mitgliedschaften.csv": "akteur,netzwerk\nSchule Ahorn,Netz Eins\nVerein Birke,Netz Eins\n",
}


def test_tiny_and_partial_waves_never_raise(tmp_path):
    waves = {
        "w1": TINY_W1,
        "w2": TINY_W2,
        "w3": {
            "akteure.csv": "akteur\nSchule Ahorn\nVerein Birke\n",
            "netzwerke.csv": "netzwerk\nNetz Eins\n",
            "mitgliedschaften.csv": "akteur,netzwerk\n",
        },
    }
    data = _tiny_data(tmp_path, waves)
    table = bt.backtest_series(data, [("w1", "w2"), ("w2", "w3")])
    first = table[(table["von"] == "w1") & (table["art"] == "akteur_akteur")]
    assert (first["kandidaten"] == 1).all() and (first["zufallsrate"] == 1.0).all()
    assert (table[table["von"] == "w2"]["kandidaten"] == 0).all()  # nobody unconnected
    shown = CF.backtest_display(table)  # newest pair: nothing to check → one sentence
    assert isinstance(shown, str) and shown.startswith("Ein Rückblicktest ist nicht möglich")
    assert CF.backtest_sentence(table) is None
    text = CF.backtest_sentence(table[table["von"] == "w1"])
    assert text and not BAD_TEXT.search(text)
    # one pair to check: no verdict on chance, in the singular
    assert "Nur 1 Akteurspaar ohne gemeinsames Netzwerk war in beiden Wellen" in text
    assert "zu wenige, um zu prüfen" in text and "-mal" not in text and "%" not in text
    # the page's table leaves such a kind out instead of a row of dashes and 0 %
    shown = CF.backtest_display(table[table["von"] == "w1"])
    assert isinstance(shown, str) and "zu wenige mögliche neue Verbindungen" in shown


def test_the_wave_report_words_the_back_test_from_the_previous_wave(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from bildungsnetz.report import narrative

    data = _tiny_data(tmp_path, {"w1": TINY_W1, "w2": TINY_W2})
    ctx = SimpleNamespace(data_dir=data, wave="w2")
    monkeypatch.setattr(narrative, "previous_complete_wave", lambda d, w: None)
    assert narrative.potentials_backtest_sentence(ctx) is None  # first wave
    monkeypatch.setattr(narrative, "previous_complete_wave", lambda d, w: "w1")
    text = narrative.potentials_backtest_sentence(ctx)
    assert text.startswith(
        "Wie treffsicher ist die Punktzahl? Rückblicktest w1 → w2 (Punktzahl ohne Vorrang "
        "ländlicher Akteure): Nur 1 Akteurspaar"
    )


# --------------------------------------------------------------------------- the demo


@pytest.fixture(scope="module")
def demo_backtest(tmp_path_factory):
    from bildungsnetz.demo import write_demo

    data = tmp_path_factory.mktemp("rueckblick") / "data"
    write_demo(data)
    for wave in ("2025", "2026"):
        clean_wave(data, wave)
    truth = json.loads((data / "raw" / "ground_truth.json").read_text(encoding="utf-8"))
    return data, bt.backtest_waves(data, "2025", "2026"), truth


@pytest.mark.slow
def test_demo_ties_follow_partners_and_the_score_beats_chance(demo_backtest):
    data, (pairs, nets), _ = demo_backtest
    table = bt.backtest({("2025", "2026"): (pairs, nets)})
    row = table.set_index(["art", "verfahren"])
    ours = row.loc[("akteur_akteur", "gewichtet")]
    # clearly better than random pairs (the former weights on the former demo: ~1.15)
    assert ours["faktor_200"] > 1.5 and ours["faktor_50"] > 1.5
    # the evidence behind the default weights: at the top as precise as resource allocation
    # (the former weights: 16 points less), and each actor's list better than chance
    ra = row.loc[("akteur_akteur", "ressourcen")]
    assert ours["praezision_200"] >= ra["praezision_200"] - 0.02
    assert ours["praezision_50"] >= ra["praezision_50"] - 0.02
    # the tie formation follows shared partners: the partner term alone beats topics alone
    assert (
        row.loc[("akteur_akteur", "partner"), "auc"] > row.loc[("akteur_akteur", "themen"), "auc"]
    )
    # the suggestion list as published (rural preference) still beats chance
    published = bt.evaluate(pairs, pairs.score(bt.POTENTIAL_WEIGHTS, DEFAULT_RURAL_WEIGHT))
    assert published["faktor_vorschlaege"] > 1.15
    assert row.loc[("akteur_netzwerk", "gewichtet"), "faktor_200"] > 3
    # deterministic
    again = bt.backtest({("2025", "2026"): bt.backtest_waves(data, "2025", "2026")})
    pd.testing.assert_frame_equal(table, again)


@pytest.mark.slow
def test_ground_truth_records_the_tie_formation(demo_backtest):
    from bildungsnetz.demo.memberships import TIE_FORMATION

    _, _, truth = demo_backtest
    tf = truth["tie_formation"]
    assert tf["parameter"] == TIE_FORMATION
    assert tf["parameter"]["partner_faktor"] > 0 and tf["parameter"]["naehe_faktor"] > 0
    assert any("Gulati" in q for q in tf["quellen"])


# --------------------------------------------------------------------------- large waves


def _rows(c: bt.Candidates) -> dict:
    """Candidate (a, b) → its terms, baselines and outcome."""
    values = [*c.terms.values(), *c.baselines.values()]
    return {
        (a, b): (*(round(float(v[k]), 12) for v in values), bool(c.realised[k]))
        for k, (a, b) in enumerate(zip(c.id_a, c.id_b))
    }


@pytest.mark.slow
def test_a_large_wave_scores_all_candidates_of_a_seeded_sample_of_actors(demo_backtest):
    """Above ``max_candidates`` the candidates are those of a sample of actors, each with
    exactly the values of the full back-test; the sample is seeded."""
    data, (pairs, nets), _ = demo_backtest
    full_pairs, full_nets = _rows(pairs), _rows(nets)
    assert pairs.sample == 0 and nets.sample == 0  # the Lausitz: everything
    small_p, small_n = bt.backtest_waves(data, "2025", "2026", max_candidates=3_000)
    kept = len({*pairs.id_a, *pairs.id_b})
    assert 0 < small_p.sample < kept and small_p.sample == 3_000 // kept
    n_nets = len(set(nets.id_b))
    assert 0 < small_n.sample == min(kept, 3_000 // n_nets)
    for small, full in ((small_p, full_pairs), (small_n, full_nets)):
        got = _rows(small)
        assert got and all(full[key] == value for key, value in got.items())
    # every candidate of a sampled actor is there, once
    ids = [str(a) for a in bt._wave_data(data, "2025")[0].actors]
    owners = {ids[i] for i in small_p.owner_a} | {ids[j] for j in small_p.owner_b if j >= 0}
    assert len(owners) == small_p.sample
    expected = {key for key in full_pairs if key[0] in owners or key[1] in owners}
    assert set(_rows(small_p)) == expected and len(small_p.id_a) == len(expected)
    # the measures run on a sample, and the sample is seeded
    table = bt.backtest({("2025", "2026"): (small_p, small_n)})
    assert (table["stichprobe"] > 0).all() and table["auc"].between(0, 1).all()
    sentence = CF.backtest_sentence(table)
    assert f"Zufallsstichprobe von {small_p.sample} Akteuren" in sentence
    assert "Zufallsstichprobe" not in CF.backtest_sentence(bt.backtest({("a", "b"): (pairs,)}))
    assert "Stichprobe (Akteure; 0 = alle)" in CF.backtest_workbook(table).columns
    again = bt.backtest_waves(data, "2025", "2026", max_candidates=3_000)
    assert list(again[0].id_a) == list(small_p.id_a)
    other = bt.backtest_waves(data, "2025", "2026", max_candidates=3_000, seed=1)
    assert set(zip(other[0].id_a, other[0].id_b)) != set(zip(small_p.id_a, small_p.id_b))


def test_a_tiny_random_rate_is_not_written_as_zero_percent():
    """A country-wide wave's random rate is a fraction of a percent: the sentence says
    „weniger als 1 %“, as the table says „< 1 %“, not „0 %“."""
    row = dict.fromkeys(bt.BACKTEST_COLUMNS, 0)
    row.update(
        von="2025",
        bis="2026",
        art="akteur_akteur",
        verfahren="gewichtet",
        kandidaten=10**6,
        praezision_200=0.24,
        zufallsrate=0.0035,
        faktor_200=0.24 / 0.0035,
        stichprobe=252,
    )
    text = CF.backtest_sentence(pd.DataFrame([row]))
    assert "(weniger als 1\u00a0%)" in text and "(0\u00a0%)" not in text
    assert "68,6-mal" in text and "Zufallsstichprobe von 252 Akteuren" in text


def test_the_comparison_page_names_the_sampling_threshold_of_the_code():
    """The page's method text states when the back-test samples; it must match the constant."""
    from bildungsnetz.config import notebook_path

    path = notebook_path("vergleich.ipynb")
    assert path is not None
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert f"mehr als {bt.MAX_CANDIDATES // 1_000_000} Millionen solcher Paare" in text
