"""Network measures, one algorithm per function (networkx style).

Every function takes a networkx graph (see :mod:`bildungsnetz.analysis.graphs`) and returns a
plain ``dict`` keyed by node, a float, or a small DataFrame; the docstrings state the
definition and its published source. The measures come in families:

=====================================  ==================================================
:mod:`~.measures.twomode`              Borgatti & Everett two-mode degree, closeness,
                                       betweenness and density
:mod:`~.measures.centrality`           PageRank, eigenvector centrality, partners
:mod:`~.measures.brokerage`            Burt's constraint, participation coefficient
:mod:`~.measures.groups`               Blau index, mixing matrices, E-I index
:mod:`~.measures.cohesion`             density, degree centralisation, components
:mod:`~.measures.communities`          Louvain communities, modularity, their stability
:mod:`~.measures.similarity`           Jaccard similarity, haversine distance
:mod:`~.measures.ranks`                ranks with intervals from case-dropping resamples
:mod:`~.measures.backend`              backends and the conversion cache
=====================================  ==================================================

Heavy measures (shortest-path based betweenness and closeness, PageRank, eigenvector
centrality, Burt's constraint, Louvain) take ``backend="auto"|"igraph"|"networkx"``:
``"networkx"`` is the pure-Python reference implementation, ``"igraph"`` runs the same
definition in python-igraph's C core (tests check that both give the same numbers).
``"auto"`` uses igraph whenever it is installed – it is a declared dependency and its results
are what the pipeline publishes – and falls back to networkx otherwise; the one exception is
Burt's constraint, where ``"auto"`` uses a vectorised numpy form (faster than both on dense
co-membership graphs). Louvain is a heuristic: the two backends are separate implementations
and can return different, equally good partitions; each is reproducible for a given seed.

Analyses that run many measures on the same graphs can wrap them in
:func:`conversion_cache` so that each graph is converted to igraph / numpy only once.

Examples
--------
>>> import networkx as nx
>>> from bildungsnetz.analysis import measures as M
>>> B = nx.Graph([("a1", "n1"), ("a2", "n1"), ("a2", "n2")])
>>> M.two_mode_degree(B, ["a1", "a2"])["a2"]
1.0
"""

from bildungsnetz.analysis.measures.backend import BACKENDS, conversion_cache, resolve_backend
from bildungsnetz.analysis.measures.brokerage import burt_constraint, participation_coefficient
from bildungsnetz.analysis.measures.centrality import (
    distinct_partners,
    eigenvector_centrality,
    pagerank,
)
from bildungsnetz.analysis.measures.cohesion import (
    component_membership,
    degree_centralization,
    density,
)
from bildungsnetz.analysis.measures.communities import (
    STABILITY_MAX_RUNS,
    STABILITY_MIN_RUNS,
    CommunityStability,
    adjusted_rand_index,
    community_stability,
    louvain_communities,
    modularity,
    pair_share,
    stability_runs,
)
from bildungsnetz.analysis.measures.groups import (
    EI_PERMUTATIONS,
    EITest,
    blau_diversity,
    blau_index,
    ei_groups_from_mixing,
    ei_index,
    ei_index_from_mixing,
    ei_index_groups,
    ei_permutation_test,
    mixing_matrix,
)
from bildungsnetz.analysis.measures.ranks import (
    RANK_MEASURES,
    TopStability,
    competition_ranks,
    rank_intervals,
    resample_count,
    top_stability,
)
from bildungsnetz.analysis.measures.similarity import haversine_km, haversine_km_scalar, jaccard
from bildungsnetz.analysis.measures.twomode import (
    two_mode_betweenness,
    two_mode_closeness,
    two_mode_degree,
    two_mode_density,
)

__all__ = [
    # backends
    "BACKENDS",
    "resolve_backend",
    "conversion_cache",
    # two-mode
    "two_mode_degree",
    "two_mode_closeness",
    "two_mode_betweenness",
    "two_mode_density",
    # one-mode centrality
    "pagerank",
    "eigenvector_centrality",
    "distinct_partners",
    # brokerage
    "participation_coefficient",
    "burt_constraint",
    # groups
    "blau_index",
    "blau_diversity",
    "mixing_matrix",
    "ei_index",
    "ei_index_groups",
    "ei_index_from_mixing",
    "ei_groups_from_mixing",
    "ei_permutation_test",
    "EITest",
    "EI_PERMUTATIONS",
    # whole network
    "density",
    "degree_centralization",
    "component_membership",
    # communities
    "louvain_communities",
    "modularity",
    "community_stability",
    "CommunityStability",
    "STABILITY_MIN_RUNS",
    "STABILITY_MAX_RUNS",
    "stability_runs",
    "pair_share",
    "adjusted_rand_index",
    # rank intervals
    "RANK_MEASURES",
    "competition_ranks",
    "rank_intervals",
    "resample_count",
    "TopStability",
    "top_stability",
    # similarity and distance
    "jaccard",
    "haversine_km",
    "haversine_km_scalar",
]
