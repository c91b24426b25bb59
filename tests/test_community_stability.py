"""Community stability: how often pairs of actors land in the same community over reruns.

* Known answers: two cliques joined by one tie are perfectly stable; a ring and an
  Erdős–Rényi graph (no planted structure) are clearly less stable.
* Independent implementations: the O(n) pair share against a brute-force count over all
  pairs, the adjusted Rand index against igraph's ``compare_communities``, one rerun's actor
  stability against a pair count of that rerun.
* Seeded (identical on rerun), the size rule of the number of reruns, tiny waves (two
  actors, no memberships) without errors, the columns of the analysis tables and the German
  words of the report (on a tiny wave; on the demo through the shared ``demo_reports``).
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from bildungsnetz.analysis import measures as M
from bildungsnetz.analysis.measures.communities import run_seeds
from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.report import narrative, tables
from bildungsnetz.report.context import load_context
from bildungsnetz.report.numbers import MEASURE_FORMATS
from bildungsnetz.report.sentences import figure_explanation
from conftest import MINI_EXTERNAL, write

BAD_TEXT = re.compile(r"\b(nan|NaN|inf|None)\b")


def two_cliques(k: int = 6) -> nx.Graph:
    """Two complete graphs of ``k`` nodes joined by a single tie."""
    G = nx.disjoint_union(nx.complete_graph(k), nx.complete_graph(k))
    G.add_edge(0, k)
    return G


# ------------------------------------------------------------------------- known answers


@pytest.mark.parametrize("backend", ["networkx", "igraph"])
def test_two_cliques_are_perfectly_stable(backend):
    G = two_cliques()
    st = M.community_stability(G, runs=10, backend=backend)
    assert st.runs == 10
    assert sorted(st.communities.values()) == [1.0, 1.0]
    assert set(st.actors.values()) == {1.0}
    assert st.pairs_kept == 1.0
    assert st.adjusted_rand == 1.0


@pytest.mark.parametrize(
    "G",
    [nx.cycle_graph(60), nx.gnp_random_graph(100, 0.08, seed=1)],
    ids=["ring", "erdos_renyi"],
)
def test_graphs_without_structure_are_clearly_less_stable(G):
    st = M.community_stability(G, runs=20)
    assert st.pairs_kept < 0.75
    assert st.adjusted_rand < 0.75
    assert min(st.communities.values()) < 0.75
    assert all(0.0 <= v <= 1.0 for v in st.actors.values())
    clear = M.community_stability(two_cliques(), runs=20)
    assert clear.pairs_kept - st.pairs_kept > 0.25


def test_community_stability_is_the_mean_of_its_actors():
    G = nx.gnp_random_graph(60, 0.1, seed=3)
    membership = M.louvain_communities(G)
    st = M.community_stability(G, membership, runs=8)
    for c, value in st.communities.items():
        members = [v for v in G if membership[v] == c]
        if len(members) >= 2:
            assert value == pytest.approx(np.mean([st.actors[v] for v in members]))


# ------------------------------------------------------------------------- independent counts


def _random_partitions(n: int, seed: int) -> tuple[dict, dict]:
    rng = np.random.default_rng(seed)
    ref = {f"v{i}": int(rng.integers(0, 6)) for i in range(n)}
    run = {f"v{i}": str(rng.integers(0, 4)) for i in range(n)}
    ref["alone"] = 99  # a community of one
    run["alone"] = "0"
    return ref, run


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pair_share_equals_a_brute_force_pair_count(seed):
    ref, run = _random_partitions(40, seed)
    share = M.pair_share(ref, run)
    for c in set(ref.values()):
        members = [v for v in ref if ref[v] == c]
        pairs = list(itertools.combinations(members, 2))
        if not pairs:
            assert math.isnan(share[c])
            continue
        together = sum(run[a] == run[b] for a, b in pairs)
        assert share[c] == pytest.approx(together / len(pairs))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_adjusted_rand_index_equals_igraphs(seed):
    ref, run = _random_partitions(50, seed)
    nodes = list(ref)
    a = [ref[v] for v in nodes]
    b = [int(run[v]) for v in nodes]
    expected = ig.compare_communities(a, b, method="adjusted_rand")
    assert M.adjusted_rand_index(ref, run) == pytest.approx(expected)


def test_adjusted_rand_index_by_hand():
    # pairs together in a: {1,2}, {3,4}; in b: {1,3}, {2,4}; none shared.
    # sum_a = sum_b = 2, E = 2 * 2 / 6 = 2/3, ARI = (0 - 2/3) / (2 - 2/3) = -1/2
    assert M.adjusted_rand_index({1: 0, 2: 0, 3: 1, 4: 1}, {1: 0, 2: 1, 3: 0, 4: 1}) == (
        pytest.approx(-0.5)
    )
    same = {1: "x", 2: "x", 3: "y"}
    assert M.adjusted_rand_index(same, {1: 5, 2: 5, 3: 7}) == 1.0
    assert M.adjusted_rand_index({1: 0, 2: 0}, {1: 3, 2: 3}) == 1.0  # one block: 0/0 → 1


def test_one_rerun_equals_a_pair_count_of_that_rerun():
    G = nx.gnp_random_graph(50, 0.12, seed=5)
    membership = M.louvain_communities(G, seed=11)
    rerun = M.louvain_communities(G, seed=run_seeds(11, 1)[0])
    st = M.community_stability(G, membership, runs=1, seed=11)
    for v in G:
        mates = [u for u in G if u != v and membership[u] == membership[v]]
        if mates:
            kept = sum(rerun[u] == rerun[v] for u in mates)
            assert st.actors[v] == pytest.approx(kept / len(mates))
        else:
            assert math.isnan(st.actors[v])
    assert st.adjusted_rand == pytest.approx(M.adjusted_rand_index(membership, rerun))


# ------------------------------------------------------------------------- seeds and size


def test_seeded_rerun_is_identical():
    G = nx.gnp_random_graph(80, 0.08, seed=2)
    a = M.community_stability(G, runs=10, seed=7)
    b = M.community_stability(G, runs=10, seed=7)
    assert a == b
    assert run_seeds(7, 10) == run_seeds(7, 10)
    assert run_seeds(7, 10) != run_seeds(8, 10)
    assert run_seeds(-7, 3) != run_seeds(7, 3)


def test_number_of_runs_follows_the_size_rule():
    assert M.stability_runs(0) == M.STABILITY_MAX_RUNS
    assert M.stability_runs(16_350) == M.STABILITY_MAX_RUNS  # the demo's co-membership graph
    assert M.stability_runs(200_000) == M.STABILITY_MIN_RUNS  # ten times the demo
    runs = [M.stability_runs(m) for m in (10, 10**4, 3 * 10**4, 10**5, 10**6, 10**8)]
    assert runs == sorted(runs, reverse=True)
    assert all(M.STABILITY_MIN_RUNS <= r <= M.STABILITY_MAX_RUNS for r in runs)
    G = nx.path_graph(4)
    assert M.community_stability(G).runs == M.stability_runs(3)


@pytest.mark.parametrize(
    "G",
    [nx.Graph(), nx.empty_graph(3), nx.Graph([(1, 2)])],
    ids=["empty", "no_edges", "one_edge"],
)
def test_tiny_graphs_do_not_raise(G):
    st = M.community_stability(G)
    if G.number_of_edges() == 0:
        assert st.runs == 0
        assert math.isnan(st.pairs_kept) and math.isnan(st.adjusted_rand)
        assert all(math.isnan(v) for v in st.actors.values())
    else:
        assert st.communities == {1: 1.0} and st.pairs_kept == 1.0 and st.adjusted_rand == 1.0


# ------------------------------------------------------------------------- wording


@pytest.mark.parametrize(
    ("share", "word"),
    [
        (1.0, "sehr stabil"),
        (0.85, "sehr stabil"),
        (0.8496, "sehr stabil"),  # shown as 85 %
        (0.844, "stabil"),
        (0.75, "stabil"),
        (0.7, "locker"),
        (0.6, "locker"),
        (0.59, "instabil"),
        (0.0, "instabil"),
        (math.nan, ""),
    ],
)
def test_stability_words(share, word):
    assert narrative.stability_word(share) == word


def test_stability_text_is_german():
    assert narrative.stability_text(0.96) == "sehr stabil: in 96 % der Läufe zusammen"
    assert narrative.stability_text(0.612) == "locker: in 61 % der Läufe zusammen"
    assert narrative.stability_text(math.nan) == "–"
    for key in ("gemeinschaften_stabilitaet", "gemeinschaften_ari", "gemeinschaften_laeufe"):
        assert figure_explanation(key), key
        assert key in MEASURE_FORMATS, key
    assert "stabilitaet" in MEASURE_FORMATS and "gemeinschaft_stabilitaet" in MEASURE_FORMATS


# ------------------------------------------------------------------------- tiny waves


def _tiny_wave(root: Path, akteure: str, netzwerke: str, mitglieder: str) -> Path:
    for name, text in MINI_EXTERNAL.items():
        write(root / "external" / name, text)
    folder = root / "raw" / "w"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "akteure.csv").write_text(akteure, encoding="utf-8")
    (folder / "netzwerke.csv").write_text(netzwerke, encoding="utf-8")
    (folder / "mitgliedschaften.csv").write_text(mitglieder, encoding="utf-8")
    clean_wave(root, "w")
    return root


def _figures(ctx) -> pd.Series:
    return ctx.results["kennzahlen_gesamt"].set_index("kennzahl")["wert"]


def test_two_actors_in_one_network_are_one_stable_community(tmp_path):
    data = _tiny_wave(tmp_path, "akteur\nA\nB\n", "netzwerk\nN1\n", "akteur,netzwerk\nA,N1\nB,N1\n")
    ctx = load_context(data, "w")
    gem = ctx.results["gemeinschaften"]
    assert gem["stabilitaet"].tolist() == [1.0]
    assert ctx.results["kennzahlen_akteure"]["gemeinschaft_stabilitaet"].tolist() == [1.0, 1.0]
    figures = _figures(ctx)
    assert float(figures["gemeinschaften_stabilitaet"]) == 1.0
    assert float(figures["gemeinschaften_ari"]) == 1.0
    assert int(figures["gemeinschaften_laeufe"]) == M.STABILITY_MAX_RUNS
    sentence = narrative.communities_sentence(ctx)
    assert "100 % der Akteurspaare einer Gemeinschaft zusammen" in sentence
    assert "Die Einteilung ist sehr stabil." in sentence
    table = tables.communities_table(ctx)
    assert table["Gemeinschaft (Stabilität)"].tolist() == [
        "1 (sehr stabil: in 100 % der Läufe zusammen)"
    ]
    assert len(table.columns) <= tables.MAX_COLUMNS


def test_wave_without_memberships_does_not_raise(tmp_path):
    data = _tiny_wave(tmp_path, "akteur\nA\nB\n", "netzwerk\nN1\nN2\n", "akteur,netzwerk\n")
    ctx = load_context(data, "w")
    figures = _figures(ctx)
    assert math.isnan(float(figures["gemeinschaften_stabilitaet"]))
    assert math.isnan(float(figures["gemeinschaften_ari"]))
    assert int(figures["gemeinschaften_laeufe"]) == 0
    assert ctx.results["kennzahlen_akteure"]["gemeinschaft_stabilitaet"].isna().all()
    assert ctx.results["gemeinschaften"]["stabilitaet"].isna().all()
    assert narrative.stability_sentence(ctx) == ""
    assert not BAD_TEXT.search(narrative.communities_sentence(ctx))


# ------------------------------------------------------------------------- the demo


@pytest.mark.slow
def test_demo_reports_describe_each_community_with_its_stability(demo_reports):
    waves = sorted(p.name for p in demo_reports.iterdir() if (p / "bericht.html").is_file())
    assert waves
    processed = demo_reports.parent / "data" / "processed"
    for wave in waves:
        gem = pd.read_csv(processed / wave / "gemeinschaften.csv")
        big = gem[gem["anzahl_akteure"] >= 2]
        assert big["stabilitaet"].between(0, 1).all()
        actors = pd.read_csv(processed / wave / "kennzahlen_akteure.csv")
        values = actors["gemeinschaft_stabilitaet"].dropna()
        assert len(values) and values.between(0, 1).all()
        soup = BeautifulSoup(
            (demo_reports / wave / "bericht.html").read_text("utf-8"), "html.parser"
        )
        text = soup.get_text(" ")
        assert "Akteurspaare einer Gemeinschaft zusammen: Die Einteilung ist" in text
        # one worded stability per community of at least two actors
        cells = re.findall(
            r"(?:sehr stabil|stabil|locker|instabil): in \d+ % der Läufe zusammen", text
        )
        assert len(cells) == len(big), wave
