"""Tests against chance: the hypergeometric test of duplicate structures (with
Benjamini–Hochberg q-values) and the permutation test of the E-I index (issue 14).

Checked against independent computations (brute-force enumeration of all member sets, a
q-value computed by hand), on planted structures with a known answer, on the demo waves, and
on tiny waves where the tests are undefined.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from itertools import combinations
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from bildungsnetz.analysis import measures as M
from bildungsnetz.analysis.findings.duplicates import (
    DUPLICATE_COLUMNS,
    benjamini_hochberg,
    duplicate_structures,
    overlap_p_values,
)
from bildungsnetz.analysis.tables import EI_COLUMNS, MIXING_ATTRIBUTES, summary_measures
from bildungsnetz.config import DEFAULT_SEED
from bildungsnetz.report.tables import _ei_test_text, _overlap_test_text, p_value_text

ROOT = Path(__file__).resolve().parents[1]


# ============================================================================================
# the hypergeometric tail and the q-values


@pytest.mark.parametrize(("population", "a", "b"), [(8, 3, 4), (7, 5, 4), (6, 6, 2), (5, 1, 1)])
def test_overlap_p_values_match_brute_force_enumeration(population, a, b):
    """Every b-subset of the actors, counted: the share overlapping the fixed a-set in at
    least k members is the p-value, for every possible k."""
    fixed = set(range(a))
    overlaps = [len(fixed & set(s)) for s in combinations(range(population), b)]
    ks = list(range(0, min(a, b) + 1))
    expected = [sum(o >= k for o in overlaps) / len(overlaps) for k in ks]
    got = overlap_p_values(ks, [a] * len(ks), [b] * len(ks), population)
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_overlap_p_values_tiny_tail_without_underflow_and_by_hand():
    # a full overlap of 3 and 3 among 6: 1 / C(6, 3) = 1/20 (by hand)
    assert overlap_p_values([3], [3], [3], 6)[0] == pytest.approx(0.05, rel=1e-12)
    # 200 shared members of 200 and 200 among 2000: 1 / C(2000, 200), far below 1e-300
    p = overlap_p_values([200, 199], [200, 200], [200, 200], 2000)
    assert p[0] == 0.0 or p[0] < 1e-250
    # a large population and a mid-tail value against math.comb
    n, a, b, k = 500, 40, 30, 8
    exact = sum(math.comb(a, i) * math.comb(n - a, b - i) for i in range(k, b + 1)) / math.comb(
        n, b
    )
    assert overlap_p_values([k], [a], [b], n)[0] == pytest.approx(exact, rel=1e-9)
    # overlap forced by the sizes (a + b > N) is no evidence; impossible inputs are NaN
    assert overlap_p_values([3], [4], [4], 5)[0] == 1.0
    assert np.isnan(overlap_p_values([5], [4], [4], 10)[0])
    assert len(overlap_p_values([], [], [], 10)) == 0


def test_overlap_p_values_in_chunks_equal_one_pass(monkeypatch):
    from bildungsnetz.analysis.findings import duplicates

    rng = np.random.default_rng(1)
    a = rng.integers(5, 60, 300)
    b = rng.integers(5, 60, 300)
    k = np.minimum(rng.integers(1, 20, 300), np.minimum(a, b))
    whole = overlap_p_values(k, a, b, 400)
    monkeypatch.setattr(duplicates, "_TERMS_PER_CHUNK", 50)
    assert np.array_equal(overlap_p_values(k, a, b, 400), whole)


def test_benjamini_hochberg_against_hand_example():
    # sorted: 0.005 (1) → 0.02, 0.03 (2) → 0.06, 0.04 (3) → 0.0533, 0.2 (4) → 0.2;
    # then the running minimum from the top: 0.02, 0.0533, 0.0533, 0.2
    q = benjamini_hochberg([0.005, 0.04, 0.03, 0.2])
    assert q == pytest.approx([0.02, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.2])
    # untested pairs with p = 1 count: m = 10
    assert benjamini_hochberg([0.001, 0.02], tests=10) == pytest.approx([0.01, 0.1])
    # NaN stays NaN and does not count; q never exceeds 1
    q = benjamini_hochberg([np.nan, 0.5, 0.9])
    assert np.isnan(q[0]) and q[1:] == pytest.approx([0.9, 0.9])
    assert benjamini_hochberg([0.9], tests=3)[0] == 1.0
    assert len(benjamini_hochberg([])) == 0


# ============================================================================================
# duplicate structures: rule AND test


def _wave_graph(networks: dict[str, list[str]], actors: int) -> nx.Graph:
    """A 2-mode graph: ``actors`` actors, the given networks (all in Görlitz, same topic and
    target group, so that only members and the test decide)."""
    B = nx.Graph()
    for j in range(actors):
        B.add_node(f"A{j:03d}", bipartite=0, name=f"Schule {j}")
    for x, members in networks.items():
        B.add_node(
            x, bipartite=1, name=f"AG {x}", landkreis="Görlitz", themen="MINT", zielgruppen="Kinder"
        )
        B.add_edges_from((a, x) for a in members)
    return B


def _random_networks(rng: random.Random, actors: list[str], sizes: list[int]) -> dict:
    return {f"R{i:02d}": rng.sample(actors, s) for i, s in enumerate(sizes)}


def test_planted_full_overlap_is_significant_random_pair_of_same_sizes_is_not():
    rng = random.Random(DEFAULT_SEED)
    actors = [f"A{j:03d}" for j in range(200)]
    nets = _random_networks(rng, actors, [12] * 18)
    planted = rng.sample(actors, 12)
    nets["P1"] = planted
    nets["P2"] = list(planted)  # full overlap
    B = _wave_graph(nets, 200)
    dup = duplicate_structures(B, min_jaccard=0.0, min_shared_members=1, max_q=1.0)
    row = dup.set_index(["netzwerk_a_id", "netzwerk_b_id"]).loc[("P1", "P2")]
    population = sum(1 for a in actors if B.degree(a) > 0)  # actors in some network
    assert 100 < population < 200
    assert row["p_wert"] * math.comb(population, 12) == pytest.approx(1.0, rel=1e-9)
    assert row["q_wert"] <= 0.05
    random_pairs = dup[dup["netzwerk_a_id"].str.startswith("R")]
    assert len(random_pairs) and (random_pairs["q_wert"] > 0.05).all()
    # with the default rule only the planted pair is reported
    flagged = duplicate_structures(B)
    assert list(zip(flagged["netzwerk_a_id"], flagged["netzwerk_b_id"])) == [("P1", "P2")]
    assert list(flagged.columns[-3:]) == ["p_wert", "q_wert", "belege"]


def test_large_networks_overlapping_by_chance_are_no_longer_flagged():
    """Two networks with 16 of 20 actors each overlap (Jaccard > 0,5) because of their size:
    the Jaccard rule alone flags them, the test does not."""
    rng = random.Random(3)
    actors = [f"A{j:03d}" for j in range(20)]
    B = _wave_graph({"X1": rng.sample(actors, 16), "X2": rng.sample(actors, 16)}, 20)
    without_test = duplicate_structures(B, max_q=1.0)
    assert len(without_test) == 1 and without_test.at[0, "jaccard_mitglieder"] >= 0.5
    assert without_test.at[0, "p_wert"] > 0.05
    assert len(duplicate_structures(B)) == 0


def test_pairs_tested_are_all_pairs_of_networks_with_members():
    """m = C(n, 2) over networks with at least one member: here 5 networks (one empty) give
    m = 6, so q = 6 p for the only pair sharing members; the population is the 12 actors in
    some network (of 30)."""
    actors = [f"A{j:03d}" for j in range(30)]
    nets = {"N1": actors[:4], "N2": actors[:4], "N3": actors[10:14], "N4": actors[20:24], "N5": []}
    dup = duplicate_structures(_wave_graph(nets, 30), max_q=1.0)
    assert len(dup) == 1
    assert dup.at[0, "p_wert"] * math.comb(12, 4) == pytest.approx(1.0, rel=1e-9)
    assert dup.at[0, "q_wert"] * math.comb(12, 4) == pytest.approx(6.0, rel=1e-9)


def test_duplicates_on_tiny_waves_do_not_crash():
    empty = duplicate_structures(nx.Graph())
    assert len(empty) == 0 and list(empty.columns[-3:]) == ["p_wert", "q_wert", "belege"]
    B = _wave_graph({"N1": ["A000", "A001"], "N2": ["A000", "A001"]}, 2)  # everyone in both
    dup = duplicate_structures(B, max_q=1.0)
    assert dup.at[0, "p_wert"] == 1.0  # two of two actors: the overlap is forced
    assert len(duplicate_structures(B)) == 0
    assert len(duplicate_structures(_wave_graph({"N1": [], "N2": []}, 2))) == 0


@pytest.fixture(scope="module")
def demo_results(tmp_path_factory):
    """The committed demo waves, cleaned and analysed (once for the module)."""
    truth_file = ROOT / "data" / "raw" / "ground_truth.json"
    if not truth_file.is_file():
        pytest.skip("no demo waves in data/raw")
    from bildungsnetz.analysis.tables import analyse_wave
    from bildungsnetz.ingest.clean import clean_wave

    data = tmp_path_factory.mktemp("demo")
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    if (ROOT / "data" / "external").is_dir():
        shutil.copytree(ROOT / "data" / "external", data / "external")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    results = {}
    for wave in truth["wellen"]:
        clean_wave(data, wave)
        results[wave] = analyse_wave(data, wave)
    return truth, results, data


@pytest.mark.slow
def test_demo_planted_duplicates_are_significant_and_figures_published(demo_results):
    truth, results, _ = demo_results
    for wave, facts in truth["wellen"].items():
        dup = results[wave]["doppelstrukturen"].set_index(["netzwerk_a_id", "netzwerk_b_id"])
        for d in facts["doppelstrukturen"]:
            key = tuple(sorted((d["netzwerk_a_id"], d["netzwerk_b_id"])))
            assert key in dup.index, wave
            assert dup.loc[key, "q_wert"] <= 0.05, wave
            assert 0 < dup.loc[key, "p_wert"] < 1e-6, wave  # significant digits kept
        figures = results[wave]["kennzahlen_gesamt"].set_index("kennzahl")["wert"]
        for attr in MIXING_ATTRIBUTES:
            for name in (f"ei_{attr}", f"ei_{attr}_erwartet", f"ei_{attr}_p_wert"):
                assert name in figures.index, (wave, name)
            p = figures[f"ei_{attr}_p_wert"]
            assert math.isnan(p) or 1 / 1000 <= p <= 1, (wave, attr)
        assert list(results[wave]["ei"].columns) == EI_COLUMNS


@pytest.mark.slow
def test_demo_published_files_hold_the_new_columns(demo_results):
    from bildungsnetz.pipeline import analyse_step

    truth, _, data = demo_results
    wave = sorted(truth["wellen"])[-1]
    analyse_step(data, wave)
    folder = data / "processed" / wave
    first = {
        n: (folder / n).read_bytes() for n in ("doppelstrukturen.csv", "kennzahlen_gesamt.csv")
    }
    analyse_step(data, wave)  # a rerun is byte-identical (seeded permutations)
    assert {n: (folder / n).read_bytes() for n in first} == first
    dup = pd.read_csv(folder / "doppelstrukturen.csv")
    assert list(dup.columns) == DUPLICATE_COLUMNS and (dup["q_wert"] <= 0.05).all()
    figures = pd.read_csv(folder / "kennzahlen_gesamt.csv").set_index("kennzahl")
    assert {"ei_landkreis_p_wert", "ei_landkreis_erwartet"} <= set(figures.index)
    assert figures.loc["ei_landkreis_p_wert", "erlaeuterung"].startswith("p-Wert des E-I-Index")


# ============================================================================================
# the E-I permutation test


def _grouped_graph(labels: dict, edges) -> nx.Graph:
    G = nx.Graph()
    G.add_nodes_from(labels)
    G.add_edges_from(edges)
    nx.set_node_attributes(G, labels, "grp")
    return G


def test_ei_test_separated_groups_small_p_random_labels_not():
    # four groups of six, ties only inside the groups (plus one bridge)
    G = nx.disjoint_union_all([nx.complete_graph(6) for _ in range(4)])
    G.add_edge(0, 6)
    separated = {v: f"g{v // 6}" for v in G}
    nx.set_node_attributes(G, separated, "grp")
    test = M.ei_permutation_test(G, "grp")
    assert test.ei == pytest.approx((1 - 60) / 61)
    # π = 4 · 6 · 5 / (24 · 23) → E[EI] = 1 − 2π (by hand)
    assert test.expected == pytest.approx(1 - 2 * 120 / 552)
    assert test.p_value == pytest.approx(1 / 1000) and test.permutations == 999


def test_ei_test_random_labels_are_rarely_significant():
    """Labels assigned at random to a random graph: the p-values spread over (0, 1], about
    one in twenty below 0,05 (at most 4 of 20 here; 5 or more would happen with probability
    0,3 % if the test is right)."""
    G = nx.gnm_random_graph(60, 240, seed=4)
    rng = random.Random(11)
    p_values = []
    for _ in range(20):
        nx.set_node_attributes(G, {v: rng.choice("abc") for v in G}, "grp")
        p_values.append(M.ei_permutation_test(G, "grp", permutations=199).p_value)
    assert sum(p < 0.05 for p in p_values) <= 4
    assert float(np.median(p_values)) > 0.2


def test_ei_test_more_ties_between_groups_than_expected():
    # a complete bipartite graph: every tie crosses the two groups
    G = nx.complete_bipartite_graph(6, 6)
    nx.set_node_attributes(G, {v: "x" if v < 6 else "y" for v in G}, "grp")
    test = M.ei_permutation_test(G, "grp")
    assert test.ei == 1.0 and test.expected < test.ei and test.p_value < 0.01


def test_ei_expected_matches_the_mean_of_the_permutations():
    G = nx.gnm_random_graph(40, 120, seed=5)
    nx.set_node_attributes(G, {v: "abc"[v % 3] if v % 7 else None for v in G}, "grp")
    test = M.ei_permutation_test(G, "grp", permutations=4000)
    # the exact expectation vs. a direct simulation with another generator
    rng = np.random.default_rng(99)
    known = [v for v in G if G.nodes[v]["grp"]]
    labels = np.array([G.nodes[v]["grp"] for v in known])
    edges = [(u, v) for u, v in G.edges if u in known and v in known]
    pos = {v: i for i, v in enumerate(known)}
    u = np.array([pos[a] for a, _ in edges])
    w = np.array([pos[b] for _, b in edges])
    sims = []
    for _ in range(4000):
        perm = rng.permutation(labels)
        inside = np.count_nonzero(perm[u] == perm[w])
        sims.append((len(edges) - 2 * inside) / len(edges))
    assert test.expected == pytest.approx(np.mean(sims), abs=0.01)
    assert test.ei == pytest.approx(M.ei_index(G, "grp"))


def test_ei_test_is_deterministic_and_seeded():
    G = nx.gnm_random_graph(60, 200, seed=2)
    nx.set_node_attributes(G, {v: "xyz"[v % 3] for v in G}, "grp")
    first, second = M.ei_permutation_test(G, "grp"), M.ei_permutation_test(G, "grp")
    assert first == second
    B = _wave_graph({"N1": ["A000", "A001", "A002"], "N2": ["A002", "A003"]}, 5)
    for j in range(5):
        B.nodes[f"A{j:03d}"]["landkreis"] = "Görlitz" if j < 2 else "Bautzen"
    one = summary_measures(B)["kennzahlen"]
    two = summary_measures(B)["kennzahlen"]
    pd.testing.assert_frame_equal(one, two)


def test_ei_test_undefined_cases_are_nan():
    # 2 actors, one tie: two groups give a defined index, but nothing to permute against
    two = M.ei_permutation_test(_grouped_graph({1: "x", 2: "y"}, [(1, 2)]), "grp")
    assert two.ei == 1.0 and two.expected == 1.0 and two.p_value == 1.0
    # one group only, no ties, no labels, an empty graph: NaN
    for G in (
        _grouped_graph({1: "x", 2: "x", 3: "x"}, [(1, 2), (2, 3)]),
        _grouped_graph({1: "x", 2: "y"}, []),
        _grouped_graph({1: None, 2: None}, [(1, 2)]),
        nx.Graph(),
    ):
        test = M.ei_permutation_test(G, "grp")
        assert math.isnan(test.ei) and math.isnan(test.expected) and math.isnan(test.p_value)


def test_summary_on_tiny_waves_has_nan_where_undefined():
    # two actors in one network, one group only; and a wave without memberships
    for networks, actors in (({"N1": ["A000", "A001"]}, 2), ({"N1": []}, 3)):
        B = _wave_graph(networks, actors)
        for a in range(actors):
            B.nodes[f"A{a:03d}"]["landkreis"] = "Görlitz"
        summary = summary_measures(B)
        figures = summary["kennzahlen"].set_index("kennzahl")["wert"]
        assert math.isnan(figures["ei_landkreis_p_wert"])
        assert math.isnan(figures["ei_landkreis_erwartet"])
        assert list(summary["ei"].columns) == EI_COLUMNS


# ============================================================================================
# the words


def test_report_texts_of_the_tests():
    assert p_value_text(0.0004) == "p < 0,001" and p_value_text(0.0123, "q") == "q = 0,012"
    assert p_value_text(float("nan")) == ""
    assert _overlap_test_text(8, 1e-9) == "8 – zufällig kaum erklärbar (q < 0,001)"
    assert _overlap_test_text(3, 0.3) == "3 – auch zufällig erklärbar (q = 0,300)"
    assert _ei_test_text(0.4, 0.1, 0.001) == (
        "mehr Verbindungen zwischen den Gruppen als bei zufälliger Verteilung erwartet (p = 0,001)"
    )
    assert _ei_test_text(-0.4, 0.1, 0.002).startswith("mehr Verbindungen innerhalb der Gruppen")
    assert _ei_test_text(0.1, 0.1, 0.5) == (
        "nicht anders als bei zufälliger Verteilung der Gruppen (p = 0,500)"
    )
    assert _ei_test_text(0.1, float("nan"), float("nan")) == ""


@pytest.mark.slow
def test_report_tables_show_the_tests_on_the_demo(demo_results):
    from bildungsnetz.report import tables
    from bildungsnetz.report.context import load_context

    truth, _, data = demo_results
    wave = sorted(truth["wellen"])[-1]
    ctx = load_context(data, wave)
    dup = tables.duplicates_table(ctx)
    assert len(dup.columns) <= tables.MAX_COLUMNS
    column = "Gemeinsame Mitglieder, gegen Zufall geprüft"
    assert all("zufällig kaum erklärbar (q < 0,001)" in t for t in dup[column])
    ei = tables.ei_table(ctx)
    assert len(ei.columns) <= tables.MAX_COLUMNS and "Erwartet bei Zufall" in ei.columns
    assert ei["Deutung"].str.contains("bei zufälliger Verteilung").any()


def test_tiny_p_values_keep_significant_digits_in_the_tables():
    from bildungsnetz.analysis.tables import _tidy

    frame = pd.DataFrame({"p_wert": [1.234567891e-14, np.nan, 0.5], "score": [1e-9, 0.1, 0.5]})
    tidy = _tidy(frame)
    assert tidy["p_wert"].iloc[0] == pytest.approx(1.23457e-14, rel=1e-12)
    assert np.isnan(tidy["p_wert"].iloc[1]) and tidy["score"].iloc[0] == 0.0


def _duplicates_ctx(found: int, by_chance: float | None):
    from types import SimpleNamespace

    figures = [] if by_chance is None else [("anzahl_doppelstrukturen_zufall", by_chance)]
    return SimpleNamespace(
        results={
            "doppelstrukturen": pd.DataFrame({"netzwerk_a_id": [f"N{i}" for i in range(found)]}),
            "kennzahlen_gesamt": pd.DataFrame(figures, columns=["kennzahl", "wert"]),
        }
    )


def test_duplicates_sentence_says_what_the_chance_test_kept_out():
    from bildungsnetz.report.narrative import duplicates_sentence

    text = duplicates_sentence(_duplicates_ctx(2, 3))
    assert text.startswith("2 Netzwerkpaare zeigen Anzeichen einer Doppelstruktur. 3 weitere")
    assert "auch zufällig zu erwarten wäre (q über 0,05); sie werden nicht genannt." in text
    one = duplicates_sentence(_duplicates_ctx(0, 1))
    assert one.startswith("Kein Netzwerkpaar zeigt")
    assert "Ein weiteres Paar ähnelt sich zwar" in one and "seine gemeinsamen" in one
    assert "es wird nicht genannt" in one
    none = duplicates_sentence(_duplicates_ctx(1, 0))
    assert none == (
        "Ein Netzwerkpaar zeigt Anzeichen einer Doppelstruktur. Die Prüfung gegen den Zufall "
        "(Grenze q ≤ 0,05) hat kein ähnliches Paar ausgeschlossen."
    )
    assert duplicates_sentence(_duplicates_ctx(0, 0)) == (
        "Kein Netzwerkpaar zeigt Anzeichen einer Doppelstruktur."
    )
    # an analysis without the count (older results): only the first sentence
    assert duplicates_sentence(_duplicates_ctx(1, None)) == (
        "Ein Netzwerkpaar zeigt Anzeichen einer Doppelstruktur."
    )


def test_similar_pairs_overlapping_by_chance_are_counted_in_the_analysis(tmp_path):
    """The two large networks of the test above pass the content rules but not the test:
    the analysis counts them as ``anzahl_doppelstrukturen_zufall``."""
    from bildungsnetz.analysis.tables import analyse_wave
    from bildungsnetz.ingest.clean import clean_wave
    from conftest import MINI_EXTERNAL, write

    rng = random.Random(3)
    actors = [f"Schule {j}" for j in range(20)]
    rows = ["akteur,netzwerk"]
    for net in ("AG Eins", "AG Zwei"):
        rows += [f"{a},{net}" for a in rng.sample(actors, 16)]
    for name, text in MINI_EXTERNAL.items():
        write(tmp_path / "external" / name, text)
    write(tmp_path / "raw" / "w" / "akteure.csv", "akteur\n" + "\n".join(actors) + "\n")
    write(
        tmp_path / "raw" / "w" / "netzwerke.csv",
        "netzwerk,landkreis,themen,zielgruppen\n"
        "AG Eins,Görlitz,MINT,Kinder\nAG Zwei,Görlitz,MINT,Kinder\n",
    )
    write(tmp_path / "raw" / "w" / "mitgliedschaften.csv", "\n".join(rows) + "\n")
    clean_wave(tmp_path, "w")
    result = analyse_wave(tmp_path, "w")
    figures = result["kennzahlen_gesamt"].set_index("kennzahl")["wert"]
    assert len(result["doppelstrukturen"]) == 0
    assert figures["anzahl_doppelstrukturen"] == 0
    assert figures["anzahl_doppelstrukturen_zufall"] == 1
