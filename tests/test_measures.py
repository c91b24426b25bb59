"""Correctness of bildungsnetz.analysis.measures.

* 2-mode degree, closeness and betweenness against the values Borgatti & Everett (1997)
  published for the Davis Southern Women data;
* the B&E betweenness maximum against a brute-force search over all small bipartite graphs;
* 1-mode measures: igraph backend against the networkx backend (and networkx's own functions);
* E-I index, mixing matrix, participation coefficient, Blau index, centralisation: small
  cases computed by hand.
"""

from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import pytest

from bildungsnetz.analysis import measures as M
from bildungsnetz.analysis.measures.twomode import _bet_max

BACKENDS = ["networkx", "igraph"]

# Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data. Social Networks
# 19, 243–269: table of normalised 2-mode centralities of the 18 women and 14 events of the
# Davis, Gardner & Gardner (1941) data, two decimals. Transcribed from the networkx test suite,
# which reproduces the table: networkx/networkx,
# networkx/algorithms/bipartite/tests/test_centrality.py (test_davis_*_centrality).
# Columns: degree, closeness, betweenness.
DAVIS_BE1997 = {
    "Evelyn Jefferson": (0.57, 0.80, 0.10),
    "Laura Mandeville": (0.50, 0.73, 0.05),
    "Theresa Anderson": (0.57, 0.80, 0.09),
    "Brenda Rogers": (0.50, 0.73, 0.05),
    "Charlotte McDowd": (0.29, 0.60, 0.01),
    "Frances Anderson": (0.29, 0.67, 0.01),
    "Eleanor Nye": (0.29, 0.67, 0.01),
    "Pearl Oglethorpe": (0.21, 0.67, 0.01),
    "Ruth DeSand": (0.29, 0.71, 0.02),
    "Verne Sanderson": (0.29, 0.71, 0.02),
    "Myra Liddel": (0.29, 0.69, 0.02),
    "Katherina Rogers": (0.43, 0.73, 0.05),
    "Sylvia Avondale": (0.50, 0.77, 0.07),
    "Nora Fayette": (0.57, 0.80, 0.11),
    "Helen Lloyd": (0.36, 0.73, 0.04),
    "Dorothy Murchison": (0.14, 0.65, 0.00),
    "Olivia Carleton": (0.14, 0.59, 0.01),
    "Flora Price": (0.14, 0.59, 0.01),
    "E1": (0.17, 0.52, 0.00),
    "E2": (0.17, 0.52, 0.00),
    "E3": (0.33, 0.56, 0.02),
    "E4": (0.22, 0.54, 0.01),
    "E5": (0.44, 0.59, 0.04),
    "E6": (0.44, 0.69, 0.07),
    "E7": (0.56, 0.73, 0.13),
    "E8": (0.78, 0.85, 0.24),
    "E9": (0.67, 0.79, 0.23),
    "E10": (0.28, 0.55, 0.01),
    "E11": (0.22, 0.54, 0.02),
    "E12": (0.33, 0.56, 0.02),
    "E13": (0.17, 0.52, 0.00),
    "E14": (0.17, 0.52, 0.00),
}
# published values are rounded to two decimals: the exact value lies within half a unit
ROUNDING = 0.005 + 1e-9


@pytest.fixture(scope="module")
def davis():
    G = nx.davis_southern_women_graph()
    women = [n for n, d in G.nodes(data=True) if d["bipartite"] == 0]
    return G, women


def test_davis_has_expected_shape(davis):
    G, women = davis
    assert len(women) == 18 and len(G) - len(women) == 14 and G.number_of_edges() == 89
    assert set(DAVIS_BE1997) == set(G)


def test_two_mode_degree_matches_borgatti_everett(davis):
    G, women = davis
    deg = M.two_mode_degree(G, women)
    for node, (expected, _, _) in DAVIS_BE1997.items():
        assert deg[node] == pytest.approx(expected, abs=ROUNDING), node


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_mode_closeness_matches_borgatti_everett(davis, backend):
    G, women = davis
    clo = M.two_mode_closeness(G, women, backend=backend)
    for node, (_, expected, _) in DAVIS_BE1997.items():
        assert clo[node] == pytest.approx(expected, abs=ROUNDING), node


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_mode_betweenness_matches_borgatti_everett(davis, backend):
    G, women = davis
    bet = M.two_mode_betweenness(G, women, backend=backend)
    for node, (_, _, expected) in DAVIS_BE1997.items():
        assert bet[node] == pytest.approx(expected, abs=ROUNDING), node


@pytest.mark.parametrize("n,m", [(2, 3), (3, 2), (3, 3), (4, 2), (2, 4), (4, 3), (3, 4)])
def test_betweenness_maximum_is_the_true_maximum(n, m):
    """B&E's b_max equals the largest raw betweenness any node of a mode of size n reaches,
    found by enumerating every bipartite graph with n + m labelled nodes."""
    top = [("a", i) for i in range(n)]
    bottom = [("b", j) for j in range(m)]
    pairs = list(itertools.product(top, bottom))
    best = 0.0
    for mask in range(1 << len(pairs)):
        G = nx.Graph()
        G.add_nodes_from(top + bottom)
        G.add_edges_from(p for k, p in enumerate(pairs) if mask >> k & 1)
        best = max(best, nx.betweenness_centrality(G, normalized=False)[top[0]])
    assert _bet_max(n, m) == pytest.approx(best)


@pytest.mark.parametrize("backend", BACKENDS)
def test_betweenness_is_one_for_the_extremal_graph(backend):
    # one network holding all actors, every other network with a single private actor
    G = nx.Graph()
    actors = [f"A{i}" for i in range(6)]
    G.add_edges_from(("N0", a) for a in actors)
    G.add_edges_from((f"N{i}", actors[i - 1]) for i in range(1, 4))
    bet = M.two_mode_betweenness(G, actors, backend=backend)
    assert bet["N0"] == pytest.approx(1.0)


def _random_bipartite(seed, n=25, m=12, p=0.2):
    rng = random.Random(seed)
    G = nx.Graph()
    top = [f"A{i:02d}" for i in range(n)]
    bottom = [f"N{j:02d}" for j in range(m)]
    G.add_nodes_from(top + bottom)
    for a in top:
        for b in bottom:
            if rng.random() < p:
                G.add_edge(a, b)
    return G, top


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("backend", BACKENDS)
def test_two_mode_measures_match_networkx_bipartite(seed, backend):
    """Against networkx.bipartite (an independent implementation of the same normalisation)
    on the largest component (networkx normalises closeness differently when disconnected)."""
    G, top = _random_bipartite(seed)
    H = G.subgraph(max(nx.connected_components(G), key=len)).copy()
    top_h = [a for a in top if a in H]
    clo = M.two_mode_closeness(H, top_h, backend=backend)
    bet = M.two_mode_betweenness(H, top_h, backend=backend)
    ref_clo = nx.bipartite.closeness_centrality(H, top_h)
    ref_bet = nx.bipartite.betweenness_centrality(H, top_h)
    for v in H:
        assert clo[v] == pytest.approx(ref_clo[v], abs=1e-12)
        assert bet[v] == pytest.approx(ref_bet[v], abs=1e-12)


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_mode_closeness_disconnected_by_hand(backend):
    # component 1: a1 - n1 - a2 ; component 2: a3 - n2 ; N = 5 nodes
    G = nx.Graph([("a1", "n1"), ("a2", "n1"), ("a3", "n2")])
    clo = M.two_mode_closeness(G, ["a1", "a2", "a3"], backend=backend)
    # a1: distances 1 + 2 = 3; B&E within component (m + 2(n-1)) / d = (1 + 2) / 3 = 1;
    # reach correction (|C| - 1)/(N - 1) = 2/4
    assert clo["a1"] == pytest.approx(0.5)
    assert clo["n1"] == pytest.approx((2 + 0) / 2 * 2 / 4)
    assert clo["a3"] == pytest.approx(1 * 1 / 4)
    G.add_node("a4")  # isolate
    assert M.two_mode_closeness(G, ["a1", "a2", "a3", "a4"], backend=backend)["a4"] == 0.0


def test_two_mode_degree_by_hand():
    G = nx.Graph([("a1", "n1"), ("a1", "n2"), ("a2", "n1")])
    G.add_node("n3")
    deg = M.two_mode_degree(G, ["a1", "a2"])
    assert deg == {"a1": 2 / 3, "a2": 1 / 3, "n1": 1.0, "n2": 0.5, "n3": 0.0}


# --------------------------------------------------------------------------- 1-mode, two backends


def _weighted_graphs():
    graphs = []
    G = nx.les_miserables_graph()  # weighted, connected
    graphs.append(G)
    rng = random.Random(7)
    H = nx.gnp_random_graph(60, 0.08, seed=7)
    for u, v in H.edges():
        H[u][v]["weight"] = rng.randint(1, 4)
    H.add_node(999)  # an isolate
    graphs.append(H)
    B, top = _random_bipartite(11, n=40, m=15, p=0.12)
    graphs.append(nx.bipartite.weighted_projected_graph(B, top))
    return graphs


@pytest.mark.parametrize("k", range(3))
def test_pagerank_backends_agree(k):
    G = _weighted_graphs()[k]
    a = M.pagerank(G, backend="networkx")
    b = M.pagerank(G, backend="igraph")
    assert sum(b.values()) == pytest.approx(1.0)
    for v in G:
        assert a[v] == pytest.approx(b[v], rel=1e-6, abs=1e-9)


def test_pagerank_directed_backends_agree():
    D = nx.gnp_random_graph(50, 0.06, seed=3, directed=True)
    for u, v in D.edges():
        D[u][v]["weight"] = 1 + (u + v) % 3
    a = M.pagerank(D, backend="networkx")
    b = M.pagerank(D, backend="igraph")
    for v in D:
        assert a[v] == pytest.approx(b[v], rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("k", range(3))
def test_eigenvector_backends_agree(k):
    G = _weighted_graphs()[k]
    a = M.eigenvector_centrality(G, backend="networkx")
    b = M.eigenvector_centrality(G, backend="igraph")
    assert max(b.values()) == pytest.approx(1.0)
    for v in G:
        assert a[v] == pytest.approx(b[v], abs=1e-6)


def test_eigenvector_outside_largest_component_is_zero():
    G = nx.complete_graph(5)
    G.add_edge(10, 11)
    for backend in BACKENDS:
        ev = M.eigenvector_centrality(G, weight=None, backend=backend)
        assert ev[10] == ev[11] == 0.0
        assert all(ev[v] == pytest.approx(1.0) for v in range(5))


@pytest.mark.parametrize("k", range(3))
def test_constraint_three_implementations_agree(k):
    G = _weighted_graphs()[k]
    ref = nx.constraint(G, weight="weight")  # networkx's own implementation
    for backend in ("networkx", "igraph", "auto"):
        c = M.burt_constraint(G, backend=backend)
        for v in G:
            if G.degree(v) == 0:
                assert math.isnan(c[v])
            else:
                assert c[v] == pytest.approx(ref[v], rel=1e-9), (backend, v)


def test_constraint_by_hand():
    # star: the centre's contacts are unconnected → c = 4 · (1/4)² = 0.25; a leaf has one
    # contact → c = 1
    S = nx.star_graph(4)
    for backend in ("networkx", "igraph", "auto"):
        c = M.burt_constraint(S, weight=None, backend=backend)
        assert c[0] == pytest.approx(0.25)
        assert c[1] == pytest.approx(1.0)


@pytest.mark.parametrize("backend", BACKENDS)
def test_betweenness_backends_agree_on_random_bipartite(backend):
    G, top = _random_bipartite(5, n=60, m=20, p=0.08)
    a = M.two_mode_betweenness(G, top, backend="networkx")
    b = M.two_mode_betweenness(G, top, backend=backend)
    ca = M.two_mode_closeness(G, top, backend="networkx")
    cb = M.two_mode_closeness(G, top, backend=backend)
    for v in G:
        assert a[v] == pytest.approx(b[v], abs=1e-12)
        assert ca[v] == pytest.approx(cb[v], abs=1e-12)


def test_resolve_backend():
    assert M.resolve_backend("auto") == "igraph"
    assert M.resolve_backend("networkx") == "networkx"
    with pytest.raises(ValueError):
        M.resolve_backend("graph-tool")


# --------------------------------------------------------------------------- communities


def _two_cliques():
    G = nx.Graph()
    G.add_edges_from(itertools.combinations(range(6), 2), weight=1)
    G.add_edges_from(itertools.combinations(range(6, 12), 2), weight=1)
    G.add_edge(5, 6, weight=1)
    return G


@pytest.mark.parametrize("backend", BACKENDS)
def test_louvain_finds_planted_communities(backend):
    G = _two_cliques()
    part = M.louvain_communities(G, seed=1, backend=backend)
    assert {part[v] for v in range(6)} == {1}
    assert {part[v] for v in range(6, 12)} == {2}  # equal size: smallest id first
    # modularity by hand: m = 31, each community has internal weight 15 and degree sum 31
    expected = 2 * (15 / 31 - (31 / 62) ** 2)
    assert M.modularity(G, part) == pytest.approx(expected)


@pytest.mark.parametrize("backend", BACKENDS)
def test_louvain_is_reproducible(backend):
    G = nx.les_miserables_graph()
    a = M.louvain_communities(G, seed=3, backend=backend)
    b = M.louvain_communities(G, seed=3, backend=backend)
    assert a == b
    sizes = {}
    for c in a.values():
        sizes[c] = sizes.get(c, 0) + 1
    assert [sizes[c] for c in sorted(sizes)] == sorted(sizes.values(), reverse=True)


def test_louvain_backends_reach_similar_modularity():
    G = nx.les_miserables_graph()
    qa = M.modularity(G, M.louvain_communities(G, seed=1, backend="networkx"))
    qb = M.modularity(G, M.louvain_communities(G, seed=1, backend="igraph"))
    assert qa > 0.5 and qb > 0.5
    assert qa == pytest.approx(qb, abs=0.03)


def test_modularity_matches_igraph():
    import igraph as ig

    G = nx.les_miserables_graph()
    part = M.louvain_communities(G, seed=2)
    nodes = sorted(G)
    g = ig.Graph(n=len(nodes), edges=[(nodes.index(u), nodes.index(v)) for u, v in G.edges()])
    w = [d["weight"] for _, _, d in G.edges(data=True)]
    assert M.modularity(G, part) == pytest.approx(g.modularity([part[v] for v in nodes], weights=w))


# --------------------------------------------------------------------------- hand-computed cases


def _attributed_graph():
    # a, b in X; c, d in Y; e has no group
    G = nx.Graph([("a", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("e", "a")])
    for v, g in {"a": "X", "b": "X", "c": "Y", "d": "Y", "e": ""}.items():
        G.nodes[v]["grp"] = g
    return G


def test_ei_index_by_hand():
    G = _attributed_graph()
    # classified ties: a-b (I), a-c (E), b-c (E), c-d (I); e-a ignored → (2 - 2) / 4
    assert M.ei_index(G, "grp") == pytest.approx(0.0)
    G.remove_edge("c", "d")
    assert M.ei_index(G, "grp") == pytest.approx((2 - 1) / 3)
    G.add_edge("a", "b", weight=5)
    assert M.ei_index(G, "grp", weight="weight") == pytest.approx((2 - 5) / 7)


def test_ei_index_extremes():
    G = nx.complete_bipartite_graph(3, 3)
    for v in G:
        G.nodes[v]["grp"] = "L" if v < 3 else "R"
    assert M.ei_index(G, "grp") == 1.0
    assert math.isnan(M.ei_index(nx.empty_graph(3), "grp"))


def test_ei_index_groups_by_hand():
    G = _attributed_graph()
    groups = M.ei_index_groups(G, "grp")
    assert list(groups.index) == ["X", "Y"]
    # X: internal a-b (1), external a-c, b-c (2) → (2 - 1) / 3; Y: internal c-d, external 2
    assert groups.loc["X", "intern"] == 1 and groups.loc["X", "extern"] == 2
    assert groups.loc["X", "ei_index"] == pytest.approx(1 / 3)
    assert groups.loc["Y", "ei_index"] == pytest.approx(1 / 3)


def test_mixing_matrix_by_hand_and_against_networkx():
    G = _attributed_graph()
    mat = M.mixing_matrix(G, "grp")
    assert mat.loc["X", "X"] == 1 and mat.loc["Y", "Y"] == 1
    assert mat.loc["X", "Y"] == 2 and mat.loc["Y", "X"] == 2
    # networkx counts each tie in both directions (the diagonal twice)
    H = G.subgraph(["a", "b", "c", "d"])
    ref = nx.attribute_mixing_matrix(H, "grp", mapping={"X": 0, "Y": 1}, normalized=False)
    for i, a in enumerate(["X", "Y"]):
        for j, b in enumerate(["X", "Y"]):
            assert ref[i, j] == mat.loc[a, b] * (2 if a == b else 1)


def test_participation_coefficient_by_hand():
    G = nx.Graph([(0, 1), (0, 2), (0, 3), (0, 4)])
    for v, g in {0: "A", 1: "A", 2: "A", 3: "B", 4: None}.items():
        G.nodes[v]["lk"] = g
    p = M.participation_coefficient(G, "lk")
    # node 0: two links to A, one to B, one unclassified → 1 - (2/3)² - (1/3)² = 4/9
    assert p[0] == pytest.approx(4 / 9)
    assert p[1] == 0.0 and p[3] == 0.0  # single group
    G.add_node(9)
    assert M.participation_coefficient(G, "lk")[9] == 0.0  # isolate
    G[0][1]["weight"] = 3
    pw = M.participation_coefficient(G, "lk", weight="weight")
    # weights: A = 3 + 1 = 4, B = 1 → 1 - (4/5)² - (1/5)² = 8/25
    assert pw[0] == pytest.approx(8 / 25)
    assert M.participation_coefficient(G, "lk", nodes=[0]) == {0: pytest.approx(4 / 9)}


def test_blau_index_by_hand():
    assert M.blau_index(["a", "a", "b", "c"]) == pytest.approx(1 - (0.25 + 0.0625 + 0.0625))
    assert M.blau_index(["a", "a"]) == 0.0
    assert M.blau_index([]) == 0.0
    assert M.blau_index(["a", "b", "", None]) == pytest.approx(0.5)  # missing ignored


def test_blau_diversity_per_network():
    B = nx.Graph([("a1", "N1"), ("a2", "N1"), ("a3", "N1"), ("a1", "N2")])
    for a, k in {"a1": "Schule", "a2": "Schule", "a3": "Kammer"}.items():
        B.nodes[a]["kategorie"] = k
    div = M.blau_diversity(B, ["N1", "N2"])
    assert div["N1"] == pytest.approx(1 - (2 / 3) ** 2 - (1 / 3) ** 2)
    assert div["N2"] == 0.0


def test_density_and_centralization_by_hand():
    assert M.degree_centralization(nx.star_graph(5)) == pytest.approx(1.0)
    assert M.degree_centralization(nx.complete_graph(5)) == 0.0
    # path of 4: degrees 1, 2, 2, 1 → (1 + 0 + 0 + 1) / (3 · 2)
    assert M.degree_centralization(nx.path_graph(4)) == pytest.approx(1 / 3)
    assert M.density(nx.path_graph(4)) == pytest.approx(3 / 6)
    B = nx.Graph([("a1", "n1"), ("a2", "n1"), ("a2", "n2")])
    B.add_node("a3")
    assert M.two_mode_density(B, ["a1", "a2", "a3"]) == pytest.approx(3 / 6)


def test_component_membership_numbering():
    G = nx.Graph([("x", "y"), ("a", "b"), ("b", "c")])
    G.add_node("z")
    comp = M.component_membership(G)
    assert comp["a"] == comp["c"] == 1
    assert comp["x"] == 2 and comp["z"] == 3


def test_distinct_partners():
    G = nx.Graph([(1, 2), (1, 3)])
    G[1][2]["weight"] = 5
    assert M.distinct_partners(G) == {1: 2, 2: 1, 3: 1}
