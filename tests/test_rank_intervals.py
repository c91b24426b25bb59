"""Rank intervals (issue 14, item 1): known answers on small graphs, the columns of
``kennzahlen_akteure.csv`` on the demo, the report's „3 (2–6)“ and its stability sentences."""

from __future__ import annotations

import math
import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from bildungsnetz.analysis import measures as M
from bildungsnetz.analysis.measures.ranks import (
    MAX_RESAMPLES,
    MIN_RESAMPLES,
    competition_ranks,
    rank_intervals,
    resample_count,
    top_stability,
)
from bildungsnetz.analysis.tables import ACTOR_COLUMNS, actor_measures
from bildungsnetz.report import ranks as R

COLUMNS = [
    f"rang_{m}{s}" for m in ("pagerank", "betweenness", "degree") for s in ("", "_von", "_bis")
]


def _bipartite(edges, actors) -> nx.Graph:
    B = nx.Graph()
    B.add_nodes_from(actors, bipartite=0)
    B.add_nodes_from({n for _, n in edges}, bipartite=1)
    B.add_edges_from(edges)
    return B


def star(k: int = 6) -> tuple[nx.Graph, list[str]]:
    """Actor ``c`` in all k networks, actor ``a<i>`` only in network ``n<i>``."""
    edges = [("c", f"n{i}") for i in range(k)] + [(f"a{i}", f"n{i}") for i in range(k)]
    actors = ["c", *(f"a{i}" for i in range(k))]
    return _bipartite(edges, actors), actors


def ring(k: int = 8) -> tuple[nx.Graph, list[str]]:
    """A two-mode cycle: actor ``a<i>`` in networks ``n<i>`` and ``n<i+1>`` – all tied."""
    edges = [(f"a{i}", f"n{i}") for i in range(k)] + [
        (f"a{i}", f"n{(i + 1) % k}") for i in range(k)
    ]
    return _bipartite(edges, [f"a{i}" for i in range(k)]), [f"a{i}" for i in range(k)]


def chain_of_stars() -> tuple[nx.Graph, list[str]]:
    """A hub ``h`` in four networks of different sizes, with brokers between them."""
    rng = np.random.default_rng(3)
    edges, actors = [], ["h"]
    for j, size in enumerate((3, 5, 7, 9)):
        edges.append(("h", f"n{j}"))
        for i in range(size):
            a = f"m{j}_{i}"
            actors.append(a)
            edges.append((a, f"n{j}"))
            if rng.random() < 0.3:
                edges.append((a, f"n{(j + 1) % 4}"))
    return _bipartite(edges, actors), actors


# --------------------------------------------------------------------------- known answers


def test_competition_ranks_share_the_best_rank_and_ignore_solver_noise():
    ranks = competition_ranks([3.0, 5.0, 3.0 * (1 + 1e-12), 1.0, math.nan])
    assert ranks[:4].tolist() == [2.0, 1.0, 2.0, 4.0]
    assert math.isnan(ranks[4])
    assert competition_ranks([]).tolist() == []


@pytest.mark.parametrize("backend", ["igraph", "networkx"])
def test_star_centre_is_first_with_a_point_interval(backend):
    B, actors = star()
    iv = rank_intervals(B, actors, resamples=30, seed=7, backend=backend)
    for m in ("pagerank", "betweenness", "degree"):
        assert iv.loc["c", [f"rang_{m}", f"rang_{m}_von", f"rang_{m}_bis"]].tolist() == [1, 1, 1]
        # the leaves are tied on rank 2, whoever is missing
        assert set(iv.loc[actors[1:], f"rang_{m}"]) == {2}
        assert set(iv.loc[actors[1:], f"rang_{m}_bis"]) == {2}


@pytest.mark.parametrize("how", [{"drop": 0.0}, {"resamples": 0}])
def test_nothing_resampled_gives_point_intervals(how):
    B, actors = chain_of_stars()
    iv = rank_intervals(B, actors, seed=1, **how)
    for m in ("pagerank", "betweenness", "degree"):
        assert (iv[f"rang_{m}_von"] == iv[f"rang_{m}"]).all()
        assert (iv[f"rang_{m}_bis"] == iv[f"rang_{m}"]).all()


def test_tied_actors_get_wide_intervals():
    """All actors of a ring are tied on rank 1; without some of them the symmetry breaks."""
    B, actors = ring(8)
    iv = rank_intervals(B, actors, resamples=40, seed=2)
    for m in ("pagerank", "betweenness"):
        assert set(iv[f"rang_{m}"]) == {1}
        assert (iv[f"rang_{m}_bis"] >= 5).all(), iv[f"rang_{m}_bis"].tolist()
    assert set(iv["rang_degree_bis"]) == {1}  # a degree rank never moves


def test_seeded_rerun_is_identical_and_another_seed_differs():
    B, actors = chain_of_stars()
    a = rank_intervals(B, actors, resamples=40, seed=5)
    b = rank_intervals(B, actors, resamples=40, seed=5)
    c = rank_intervals(B, actors, resamples=40, seed=6)
    pd.testing.assert_frame_equal(a, b)
    assert a.to_csv() == b.to_csv()
    assert not a.equals(c)


def test_backends_agree_and_observed_ranks_are_the_measures_ranks():
    B, actors = chain_of_stars()
    fast = rank_intervals(B, actors, resamples=25, seed=4, backend="igraph")
    slow = rank_intervals(B, actors, resamples=25, seed=4, backend="networkx")
    pd.testing.assert_frame_equal(fast, slow)
    betweenness = M.two_mode_betweenness(B, actors, backend="networkx")
    expected = competition_ranks([betweenness[a] for a in actors])
    assert fast["rang_betweenness"].tolist() == expected.astype(int).tolist()


def test_actor_table_ranks_agree_with_the_hidden_champion_rule():
    from bildungsnetz.analysis import findings as F

    B, actors = chain_of_stars()
    table = actor_measures(B, seed=1).set_index("akteur_id")
    P = nx.bipartite.weighted_projected_graph(B, actors)
    hc = F.hidden_champions({a: list(B[a]) for a in actors}, M.pagerank(P))
    assert table.loc[actors, "rang_pagerank"].tolist() == hc.loc[actors, "rang_pagerank"].tolist()
    assert (table["rang_degree"] == table["rang_netzwerke"]).all()


def test_intervals_contain_the_rank_and_stay_within_the_wave():
    B, actors = chain_of_stars()
    iv = rank_intervals(B, actors, resamples=40, seed=9)
    for m in ("pagerank", "betweenness", "degree"):
        assert (iv[f"rang_{m}_von"] <= iv[f"rang_{m}"]).all()
        assert (iv[f"rang_{m}"] <= iv[f"rang_{m}_bis"]).all()
        assert iv[f"rang_{m}_von"].min() >= 1 and iv[f"rang_{m}_bis"].max() <= len(actors)
    assert (iv["rang_betweenness_bis"] > iv["rang_betweenness"]).any()  # something moves


def test_matrix_free_pagerank_is_pagerank_of_the_kept_actors():
    B, actors = chain_of_stars()
    from bildungsnetz.analysis.measures.ranks import _incidence, _pagerank_kept

    ea, en, n_nets = _incidence(B, actors)
    keep = np.array([0, 2, 3, 5, 8, 9, 12, 13, 17, 20, 21])
    P = nx.bipartite.weighted_projected_graph(B, actors)  # a whole mode, then the kept
    want = M.pagerank(P.subgraph([actors[i] for i in keep]), backend="igraph")
    got = _pagerank_kept(ea, en, n_nets, keep, 0.85)
    assert got == pytest.approx([want[actors[i]] for i in keep], abs=1e-10)


def test_size_rule():
    assert resample_count(422, 1453) == MAX_RESAMPLES  # the Lausitz
    assert resample_count(4220, 14530) == MIN_RESAMPLES  # 10×
    assert resample_count(39_000, 170_000) == MIN_RESAMPLES  # 100×
    counts = [resample_count(n, 4 * n) for n in (100, 500, 1000, 2000, 5000)]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize(
    "edges, actors",
    [
        ([], ["a"]),
        ([], ["a", "b"]),  # two actors, no memberships
        ([("a", "n")], ["a", "b"]),
        ([("a", "n"), ("b", "n")], ["a", "b"]),
        ([], []),
    ],
)
def test_tiny_graphs_have_ranks_and_never_raise(edges, actors):
    B = _bipartite(edges, actors)
    iv = rank_intervals(B, actors, seed=1)
    assert list(iv.columns) == COLUMNS and len(iv) == len(actors)
    for m in ("pagerank", "betweenness", "degree"):
        assert (iv[f"rang_{m}_von"] == iv[f"rang_{m}"]).all()  # nothing to drop
    table = actor_measures(B, seed=1)
    assert [c for c in COLUMNS if c not in table.columns] == []


def test_top_stability_rule():
    def frame(rank, lo, hi):
        return pd.DataFrame({"rang_x": rank, "rang_x_von": lo, "rang_x_bis": hi})

    s = top_stability(frame([1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]), "x")
    assert s.fixed and s.secure == 3 and s.order_fixed == 4  # all four are no "top"
    s = top_stability(frame([1, 2, 3, 4, 5], [1, 1, 3, 3, 4], [2, 2, 4, 5, 5]), "x")
    assert (s.secure, s.order_fixed, s.first_upper) == (2, 0, 2)
    s = top_stability(frame([1, 2, 3], [1, 1, 1], [3, 3, 3]), "x")
    assert (s.secure, s.fixed) == (0, False)
    s = top_stability(frame([1, 2, 3, 4], [1, 1, 1, 2], [3, 3, 4, 4]), "x")
    assert s.secure == 0 and s.first_upper == 3
    assert top_stability(frame([1], [1], [1]), "x") is None
    assert top_stability(pd.DataFrame({"akteur": ["a"]}), "x") is None


# --------------------------------------------------------------------------- the words


class _Ctx:
    def __init__(self, actors: pd.DataFrame) -> None:
        self.actors = actors


def test_rank_text_and_stability_sentences():
    assert R.rank_text(3, 2, 6) == "3 (2–6)"
    assert R.rank_text(1234, 1200, 1301) == "1.234 (1.200–1.301)"
    assert R.rank_text(float("nan"), 1, 2) == "–"
    actors = pd.DataFrame(
        {
            "rang_pagerank": [1, 2, 3, 4, 5],
            "rang_pagerank_von": [1, 2, 3, 3, 4],
            "rang_pagerank_bis": [1, 2, 4, 5, 5],
            "rang_betweenness": [1, 2, 3, 4, 5],
            "rang_betweenness_von": [1, 1, 1, 2, 2],
            "rang_betweenness_bis": [3, 3, 4, 5, 5],
            "rang_degree": [1, 2, 2, 4, 5],
            "rang_degree_von": [1, 2, 2, 4, 5],
            "rang_degree_bis": [1, 2, 2, 4, 5],
        }
    )
    ctx = _Ctx(actors)
    text = R.stability_sentence(ctx, "pagerank")
    assert text.startswith("Die ersten zwei nach Einfluss über Partner (PageRank) sind sicher")
    assert "Auch ihre Reihenfolge steht fest." in text and "Ab Rang 3 überlappen" in text
    text = R.stability_sentence(ctx, "betweenness")
    assert text.startswith("Schon der erste Platz nach Vermittlerrolle (Betweenness) ist unsicher")
    assert "bis auf Rang 3" in text
    assert "hängt nicht davon ab" in R.stability_sentence(ctx, "anzahl_netzwerke")
    assert R.stability_sentence(_Ctx(pd.DataFrame({"akteur": []})), "pagerank") == ""
    assert R.first_place_clause(actors.iloc[0], "pagerank") == (
        " – ein sicherer erster Platz: Rang 1 (1–1)"
    )
    assert R.first_place_clause(actors.iloc[0], "betweenness") == (
        " – kein sicherer erster Platz: Rang 1 (1–3)"
    )
    assert R.first_place_clause({"akteur": "x"}, "pagerank") == ""
    assert "3 (2–6)" in R.INTERVAL_EXPLANATION and "9 von 10" in R.INTERVAL_EXPLANATION


# --------------------------------------------------------------------------- the demo


def _demo_actors(reports) -> dict[str, pd.DataFrame]:
    processed = reports.parent / "data" / "processed"
    return {
        w.name: pd.read_csv(w / "kennzahlen_akteure.csv", dtype={"akteur_id": str})
        for w in sorted(processed.iterdir())
        if (w / "kennzahlen_akteure.csv").is_file()
    }


@pytest.mark.slow
def test_demo_columns_are_consistent(demo_reports):
    waves = _demo_actors(demo_reports)
    assert len(waves) >= 3
    for wave, table in waves.items():
        assert [c for c in COLUMNS if c not in table.columns] == [], wave
        assert [c for c in table.columns if c in COLUMNS] == [
            c for c in ACTOR_COLUMNS if c in COLUMNS
        ]
        for m in ("pagerank", "betweenness", "degree"):
            rank, lo, hi = (table[f"rang_{m}{s}"] for s in ("", "_von", "_bis"))
            assert rank.notna().all() and (lo <= rank).all() and (rank <= hi).all(), (wave, m)
            assert lo.min() >= 1 and hi.max() <= len(table)
        # the ranks follow the (rounded) values beside them
        for m in ("pagerank", "betweenness", "degree"):
            ordered = table.sort_values([m, f"rang_{m}"], ascending=[False, True])
            assert ordered[f"rang_{m}"].is_monotonic_increasing, (wave, m)
        assert (table["rang_degree"] == table["rang_netzwerke"]).all(), wave
        assert (table["rang_degree_von"] == table["rang_degree_bis"]).all(), wave
        # PageRank and betweenness do move when actors are missing
        assert (table["rang_betweenness_bis"] > table["rang_betweenness"]).any(), wave


@pytest.mark.slow
def test_report_shows_intervals_and_stability(demo_reports):
    for wave in ("2024", "2026"):
        soup = BeautifulSoup(
            (demo_reports / wave / "bericht.html").read_text(encoding="utf-8"), "html.parser"
        )
        text = soup.get_text(" ")
        assert R.INTERVAL_EXPLANATION in text
        headers = [th.get_text(strip=True) for th in soup.find_all("th")]
        assert headers.count(R.RANK_LABEL) >= 3, wave
        cells = [td.get_text(strip=True) for td in soup.find_all("td")]
        assert any(re.fullmatch(r"1 \(1–\d+\)", c) for c in cells), wave
        assert sum(bool(re.fullmatch(r"\d+ \(\d+–\d+\)", c)) for c in cells) >= 30
        for words in R.MEASURE_WORDS.values():
            assert re.search(
                rf"(Die ersten \w+|Der erste Platz|Schon der erste Platz|Die Reihenfolge) "
                rf"nach {re.escape(words)}",
                text,
            ), (wave, words)
        for table in soup.find_all("table"):
            first = table.find("tr")
            assert first is None or len(first.find_all(["th", "td"])) <= 7  # index + 6


@pytest.mark.parametrize("by", ["anzahl_netzwerke", "betweenness", "pagerank"])
def test_ranked_lists_show_rank_and_interval(mini_data, by):
    from bildungsnetz.ingest.clean import clean_wave
    from bildungsnetz.report import tables
    from bildungsnetz.report.context import load_context

    clean_wave(mini_data, "w1")
    ctx = load_context(mini_data, "w1")
    top = tables.top_actors(ctx, by, 10)
    assert isinstance(top, pd.DataFrame) and len(top.columns) <= tables.MAX_COLUMNS
    assert list(top.columns[1:3]) == [tables.MEASURE_LABELS[by], R.RANK_LABEL]
    for cell in top[R.RANK_LABEL]:
        assert re.fullmatch(r"\d+ \(\d+–\d+\)", cell), cell
    ranked = ctx.actors.set_index("akteur")
    column = "rang_degree" if by == "anzahl_netzwerke" else f"rang_{by}"
    for name, cell in zip(top["Akteur"], top[R.RANK_LABEL]):
        assert cell.startswith(f"{int(ranked.at[name, column])} ("), (name, cell)
    assert R.stability_sentence(ctx, by)  # a sentence for every ranking shown
    assert tables.top_actors(ctx, "closeness", 10).columns[0] == "Akteur"  # no ranks there
