"""Duplicate structures ("Doppelstrukturen"): pairs of networks doing the same work."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx
import pandas as pd

from bildungsnetz.analysis.findings.evidence import EVIDENCE, DuplicateEvidence
from bildungsnetz.analysis.graphs import (
    REGION,
    actor_nodes,
    network_nodes,
    node_value,
    split_values,
)
from bildungsnetz.analysis.measures.similarity import jaccard

__all__ = ["DUPLICATE_COLUMNS", "DUPLICATE_SCORE_WEIGHTS", "duplicate_structures"]

#: Columns of ``doppelstrukturen.csv``; the analysis table has :data:`EVIDENCE` in place of
#: the German ``erklaerung`` written by the report.
DUPLICATE_COLUMNS = [
    "netzwerk_a_id",
    "netzwerk_a",
    "netzwerk_b_id",
    "netzwerk_b",
    "gebiet",
    "landkreis_a",
    "landkreis_b",
    "mitglieder_a",
    "mitglieder_b",
    "gemeinsame_mitglieder",
    "jaccard_mitglieder",
    "gemeinsame_mitglieder_namen",
    "gemeinsame_themen",
    "jaccard_themen",
    "gemeinsame_zielgruppen",
    "jaccard_zielgruppen",
    "score",
    "erklaerung",
]
#: Weights of the Jaccard similarities of members, topics and target groups in the score.
DUPLICATE_SCORE_WEIGHTS = {"mitglieder": 0.5, "themen": 0.25, "zielgruppen": 0.25}

_ANALYSIS_COLUMNS = [EVIDENCE if c == "erklaerung" else c for c in DUPLICATE_COLUMNS]


def _shared_area(lk_a: str, lk_b: str) -> str | None:
    """Common area of two networks: the district, ``REGION``, or None if none."""
    if not lk_a or not lk_b:
        return None
    if lk_a == lk_b:
        return lk_a
    if lk_a == REGION:
        return lk_b
    if lk_b == REGION:
        return lk_a
    return None


def _shared_member_counts(B: nx.Graph) -> Counter:
    """``(network, network)`` → number of shared members, for pairs sharing at least one.

    One pass over the actors' network lists: the cost grows with the number of
    co-memberships, not with the square of the number of networks.
    """
    shared: Counter = Counter()
    for a in actor_nodes(B):
        for x, y in combinations(sorted(B[a]), 2):
            shared[(x, y)] += 1
    return shared


def duplicate_structures(
    B: nx.Graph,
    *,
    min_jaccard: float = 0.5,
    min_shared_members: int = 2,
    min_shared_topics: int = 1,
    min_shared_targets: int = 1,
) -> pd.DataFrame:
    r"""Pairs of networks that look like duplicate structures ("Doppelstrukturen").

    A pair of networks :math:`(a, b)` is reported when **all** of these hold:

    1. strongly overlapping members: Jaccard similarity of the member sets
       :math:`J_M = |M_a \cap M_b| / |M_a \cup M_b| \ge` ``min_jaccard`` and at least
       ``min_shared_members`` shared members;
    2. overlapping topics and target groups: at least ``min_shared_topics`` shared topics and
       ``min_shared_targets`` shared target groups (networks without recorded topics or target
       groups can therefore not be flagged);
    3. same area: both work in the same district, or one of them is region-wide
       (``landkreis == "Lausitz"``); the area reported is that district (or "Lausitz" when
       both are region-wide).

    Rows are ranked by

    .. math:: \text{score} = 0.5\,J_M + 0.25\,J_T + 0.25\,J_Z

    (:math:`J_T`, :math:`J_Z` the Jaccard similarities of topics and target groups, weights
    :data:`DUPLICATE_SCORE_WEIGHTS`), then by ids.

    Rationale (an in-house heuristic): a duplicate structure is two bodies doing the same
    work, for the same people, in the same place, with the same members at the table – so
    all three conditions must hold. With the default :math:`J_M \ge 0.5` at least half of
    the combined membership sits in both networks; two shared members at least, so that one
    institution present everywhere (a chamber, the employment agency) cannot make a pair on
    its own. Overlapping members alone are not enough: a steering board and its working
    groups share members but not their topics. In the score the members weigh half, as the
    strongest sign of redundancy (the same people attend both meetings), content the other
    half. The pairs are suggestions for a conversation, not a verdict.

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph of :func:`bildungsnetz.analysis.graphs.two_mode_graph`.
    min_jaccard : float, optional
        Smallest Jaccard similarity of the member sets.
    min_shared_members : int, optional
        Smallest number of shared members.
    min_shared_topics, min_shared_targets : int, optional
        Smallest number of shared topics and target groups.

    Returns
    -------
    pandas.DataFrame
        One row per pair (``netzwerk_a_id < netzwerk_b_id``), the columns of
        :data:`DUPLICATE_COLUMNS` with :data:`EVIDENCE` (a :class:`DuplicateEvidence`) in
        place of ``erklaerung``; ``gemeinsame_mitglieder_namen``, ``gemeinsame_themen`` and
        ``gemeinsame_zielgruppen`` are ``"; "``-joined and sorted.

    Examples
    --------
    Two working groups in Görlitz with the same three members and the same topic:

    >>> B = nx.Graph()
    >>> for x in ("N1", "N2"):
    ...     B.add_node(x, bipartite=1, name=f"AG {x}", landkreis="Görlitz", themen="MINT",
    ...                zielgruppen="Schüler*innen")
    >>> for a in ("A1", "A2", "A3"):
    ...     B.add_node(a, bipartite=0, name=f"Schule {a}")
    ...     B.add_edges_from([(a, "N1"), (a, "N2")])
    >>> dup = duplicate_structures(B)
    >>> dup[["netzwerk_a", "netzwerk_b", "gebiet", "gemeinsame_mitglieder", "score"]]
      netzwerk_a netzwerk_b   gebiet  gemeinsame_mitglieder  score
    0     AG N1     AG N2  Görlitz                      3    1.0
    """
    nets = network_nodes(B)
    members = {n: set(B[n]) for n in nets}
    topics = {n: set(split_values(node_value(B, n, "themen"))) for n in nets}
    targets = {n: set(split_values(node_value(B, n, "zielgruppen"))) for n in nets}
    rows = []
    for (x, y), k in sorted(_shared_member_counts(B).items()):
        if k < min_shared_members:
            continue
        jm = k / len(members[x] | members[y])
        if jm < min_jaccard:
            continue
        st, sz = topics[x] & topics[y], targets[x] & targets[y]
        if len(st) < min_shared_topics or len(sz) < min_shared_targets:
            continue
        lk_x, lk_y = node_value(B, x, "landkreis"), node_value(B, y, "landkreis")
        area = _shared_area(lk_x, lk_y)
        if area is None:
            continue
        rows.append(_duplicate_row(B, x, y, members, topics, targets, area))
    df = pd.DataFrame(rows, columns=_ANALYSIS_COLUMNS)
    if len(df):
        df = df.sort_values(
            ["score", "netzwerk_a_id", "netzwerk_b_id"],
            ascending=[False, True, True],
            kind="mergesort",
        )
    return df.reset_index(drop=True)


def _duplicate_row(
    B: nx.Graph, x: str, y: str, members: dict, topics: dict, targets: dict, area: str
) -> dict:
    """The table row of the duplicate pair ``(x, y)`` working in ``area``."""
    W = DUPLICATE_SCORE_WEIGHTS
    shared = members[x] & members[y]
    jm = len(shared) / len(members[x] | members[y])
    jt, jz = jaccard(topics[x], topics[y]), jaccard(targets[x], targets[y])
    st, sz = tuple(sorted(topics[x] & topics[y])), tuple(sorted(targets[x] & targets[y]))
    lk_x, lk_y = node_value(B, x, "landkreis"), node_value(B, y, "landkreis")
    name_x, name_y = node_value(B, x, "name") or x, node_value(B, y, "name") or y
    common = sorted(node_value(B, a, "name") or str(a) for a in shared)
    evidence = DuplicateEvidence(
        name_a=name_x,
        name_b=name_y,
        district_a=lk_x,
        district_b=lk_y,
        area=area,
        members_a=len(members[x]),
        members_b=len(members[y]),
        shared_members=len(shared),
        jaccard_members=jm,
        shared_topics=st,
        shared_targets=sz,
    )
    return {
        "netzwerk_a_id": x,
        "netzwerk_a": name_x,
        "netzwerk_b_id": y,
        "netzwerk_b": name_y,
        "gebiet": area,
        "landkreis_a": lk_x,
        "landkreis_b": lk_y,
        "mitglieder_a": len(members[x]),
        "mitglieder_b": len(members[y]),
        "gemeinsame_mitglieder": len(shared),
        "jaccard_mitglieder": jm,
        "gemeinsame_mitglieder_namen": "; ".join(common),
        "gemeinsame_themen": "; ".join(st),
        "jaccard_themen": jt,
        "gemeinsame_zielgruppen": "; ".join(sz),
        "jaccard_zielgruppen": jz,
        "score": W["mitglieder"] * jm + W["themen"] * jt + W["zielgruppen"] * jz,
        EVIDENCE: evidence,
    }
