"""Two-mode closeness and betweenness of very large graphs from sampled sources (issue 16).

Above ``EXACT_MAX_NODES`` nodes the igraph backend estimates both measures from seeded
sources per component (Eppstein & Wang 2004; Brandes & Pich 2007). The threshold is lowered
here so that small graphs take the sampled path and can be compared with the exact values.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from bildungsnetz.analysis.measures import twomode
from bildungsnetz.analysis.measures.twomode import (
    path_sources,
    two_mode_betweenness,
    two_mode_closeness,
)


def _bipartite(seed: int, actors: int = 500, networks: int = 120, extra_parts: int = 3):
    """A random 2-mode graph: one big component and a few small ones."""
    rng = np.random.default_rng(seed)
    B = nx.Graph()
    acts = [f"a{i}" for i in range(actors)]
    for a in acts:
        for n in rng.choice(networks, size=1 + rng.poisson(1.5), replace=False):
            B.add_edge(a, f"n{n}")
    for p in range(extra_parts):  # small components: kept whole
        B.add_edges_from([(f"x{p}a", f"x{p}n"), (f"x{p}b", f"x{p}n")])
        acts += [f"x{p}a", f"x{p}b"]
    return B, acts


@pytest.mark.parametrize("measure", [two_mode_closeness, two_mode_betweenness])
def test_below_the_threshold_nothing_changes(measure, monkeypatch):
    B, acts = _bipartite(1)
    exact = measure(B, acts, backend="igraph")
    monkeypatch.setattr(twomode, "EXACT_MAX_NODES", 10)
    monkeypatch.setattr(twomode, "SAMPLED_SOURCES", 10 * B.number_of_nodes())  # all sources
    every = measure(B, acts, backend="igraph")
    assert every.keys() == exact.keys()
    assert max(abs(every[v] - exact[v]) for v in B) < 1e-12


@pytest.mark.parametrize("measure", [two_mode_closeness, two_mode_betweenness])
def test_sampled_estimate_is_close_to_the_exact_value(measure, monkeypatch):
    B, acts = _bipartite(2)
    exact = measure(B, acts, backend="igraph")
    monkeypatch.setattr(twomode, "EXACT_MAX_NODES", 10)
    monkeypatch.setattr(twomode, "SAMPLED_SOURCES", 150)  # about a quarter of the nodes
    first = measure(B, acts, backend="igraph")
    assert first == measure(B, acts, backend="igraph")  # seeded: identical on rerun
    nodes = sorted(B, key=str)
    x = np.array([exact[v] for v in nodes])
    y = np.array([first[v] for v in nodes])
    assert not np.allclose(x, y, rtol=1e-9, atol=0)  # the sampled path was taken
    assert np.corrcoef(x, y)[0, 1] > 0.95
    top = lambda d: set(sorted(d, key=lambda v: (-d[v], str(v)))[:10])  # noqa: E731
    assert len(top(exact) & top(first)) >= 7
    for p in range(3):  # small components are computed exactly
        assert first[f"x{p}n"] == pytest.approx(exact[f"x{p}n"])


def test_sources_cover_every_component_with_unbiased_factors():
    membership = [0] * 900 + [1] * 80 + [2] * 3
    groups = path_sources(membership, k=90)
    whole, *sampled = groups
    assert whole == ([980, 981, 982], 1.0)  # the component of 3 is kept whole
    sizes = {membership[s[0]]: (len(s), f) for s, f in sampled}
    assert sizes[0] == (83, 900 / 83)  # ceil(90 * 900 / 983) = 83 of 900
    assert sizes[1] == (50, 80 / 50)  # at least 50 per component
    for sources, _ in groups:
        assert sources == sorted(set(sources))
    assert path_sources([]) == []
