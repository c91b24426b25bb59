"""Hidden champions: actors whose influence exceeds their visibility."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from bildungsnetz.analysis.findings.evidence import EVIDENCE, ChampionEvidence
from bildungsnetz.analysis.graphs import is_missing

__all__ = ["hidden_champions"]


def hidden_champions(
    pagerank_values: Mapping[str, float],
    n_networks: Mapping[str, int],
    category: Mapping[str, object],
    *,
    top_share: float = 0.2,
    min_gap: float = 0.25,
    small_category_share: float = 0.05,
    strong_share: float = 0.25,
) -> pd.DataFrame:
    r"""Flag "hidden champions": actors whose influence exceeds their visibility.

    Percentiles :math:`q` are mid-ranks in ascending order divided by the number of actors
    (``pandas.Series.rank(pct=True)``, ties get the average), so 1 is the top.

    Rule 1 – hidden influence: the actor's PageRank percentile is in the top ``top_share``
    (:math:`q_{PR} \ge 1 - \text{top\_share}`) *and* exceeds its percentile by number of
    networks by at least ``min_gap`` (:math:`q_{PR} - q_{Netzwerke} \ge \text{min\_gap}`):
    ranked much better by PageRank than by how many networks it is in.

    Rule 2 – strong actor of a small category: the actor's category holds at most
    ``small_category_share`` of all actors (a niche such as a university or a chamber), the
    actor has the highest PageRank in its category, it is in the top ``strong_share`` by
    PageRank overall (:math:`q_{PR} \ge 1 - \text{strong\_share}`), and it is not already
    among the most visible actors by number of networks
    (:math:`q_{Netzwerke} < 1 - \text{top\_share}`).

    Rationale (an in-house heuristic): the number of networks is what everybody sees – an
    actor's visibility; PageRank on the co-membership graph is its reach through well-tied
    partners. Rule 1 finds actors with few memberships that nevertheless sit at the heart
    of the network: partners worth knowing that a count of memberships overlooks.
    Percentiles rather than raw values make the rule independent of the wave's size, and
    the gap of a quarter of the ranking keeps out actors that are merely a little better
    placed than their count suggests. Rule 2 finds the leading actor of a rare kind (the
    one university, a chamber): influential for its kind, but easily lost among the many
    schools and providers. The defaults flag a few percent of the actors; raise ``min_gap``
    or lower the shares for a stricter list.

    Parameters
    ----------
    pagerank_values : mapping
        Actor → PageRank (see :func:`bildungsnetz.analysis.measures.pagerank`); its keys
        are the actors.
    n_networks : mapping
        Actor → number of networks (0 when absent).
    category : mapping
        Actor → category (missing values form no category).
    top_share, min_gap, small_category_share, strong_share : float, optional
        The thresholds of the rules.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor (``akteur_id``, sorted) with ``rang_pagerank`` and
        ``rang_netzwerke`` (1 = best, ties share the best rank), ``hidden_champion`` (bool)
        and :data:`EVIDENCE` (a :class:`ChampionEvidence`: which rules hold, the ranks, the
        category and its size).

    Examples
    --------
    Twenty schools whose PageRank follows their number of networks, and one university
    (``a7``); ``a0`` is in a single network but has the largest PageRank:

    >>> actors = [f"a{i}" for i in range(21)]
    >>> pr = {a: 0.01 + i / 1000 for i, a in enumerate(actors)}
    >>> nets = {a: i for i, a in enumerate(actors)}
    >>> pr["a0"], nets["a0"], pr["a7"] = 0.5, 1, 0.05
    >>> cat = {a: "Hochschule" if a == "a7" else "Schule" for a in actors}
    >>> hc = hidden_champions(pr, nets, cat)
    >>> hc[hc["hidden_champion"]][["rang_pagerank", "rang_netzwerke"]]
               rang_pagerank  rang_netzwerke
    akteur_id
    a0                     1              20
    a7                     2              14
    >>> hc.loc["a0", "belege"].small_category_leader, hc.loc["a7", "belege"].small_category_leader
    (False, True)
    """
    idx = sorted(pagerank_values)
    pr = pd.Series([pagerank_values[v] for v in idx], index=idx, dtype=float)
    nw = pd.Series([n_networks.get(v, 0) for v in idx], index=idx, dtype=float)
    cat = pd.Series(
        ["" if is_missing(category.get(v)) else str(category.get(v)) for v in idx],
        index=idx,
        dtype=object,
    )
    n = len(idx)
    out = pd.DataFrame(index=pd.Index(idx, name="akteur_id"))
    if n == 0:
        for column in ("rang_pagerank", "rang_netzwerke", "hidden_champion", EVIDENCE):
            out[column] = []
        return out
    out["rang_pagerank"] = pr.rank(ascending=False, method="min").astype(int)
    out["rang_netzwerke"] = nw.rank(ascending=False, method="min").astype(int)
    q_pr = pr.rank(pct=True)
    q_nw = nw.rank(pct=True)
    rule1 = (q_pr >= 1 - top_share) & (q_pr - q_nw >= min_gap)
    cat_size = cat.map(cat.value_counts())
    small = (cat != "") & (cat_size <= small_category_share * n)
    best_in_cat = pr.groupby(cat).transform("max") == pr
    rule2 = small & best_in_cat & (q_pr >= 1 - strong_share) & (q_nw < 1 - top_share)
    out["hidden_champion"] = (rule1 | rule2).astype(bool)
    out[EVIDENCE] = [
        ChampionEvidence(
            hidden_influence=bool(rule1[v]),
            small_category_leader=bool(rule2[v]),
            rank_pagerank=int(out.at[v, "rang_pagerank"]),
            rank_networks=int(out.at[v, "rang_netzwerke"]),
            networks=int(nw[v]),
            category=cat[v],
            category_size=int(cat_size[v]),
        )
        for v in idx
    ]
    return out
