"""Hidden champions: actors whose importance exceeds what their memberships predict."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from bildungsnetz.analysis.findings.evidence import EVIDENCE, ChampionEvidence
from bildungsnetz.analysis.measures.ranks import competition_ranks

__all__ = ["CHAMPION_COLUMNS", "MIN_EXCESS", "MIN_NAMING_RATIO", "hidden_champions"]

#: Columns of :func:`hidden_champions` (indexed by ``akteur_id``).
CHAMPION_COLUMNS = [
    "rang_pagerank",
    "rang_netzwerke",
    "pagerank_erwartet",
    "nennungen_gewichtet",
    "nennungen_erwartet",
    "hidden_champion",
    EVIDENCE,
]

#: Rule B's default margin: PageRank at least this share above its expectation.
MIN_EXCESS = 0.2
#: Rule A's default margin: (1 + weighted namings) at least this multiple of (1 + expected).
MIN_NAMING_RATIO = 2.0

#: Normal-consistency factor of the median absolute deviation.
_MAD_SCALE = 1.4826
#: Tuning constant of Huber's weights (95 % efficiency under normal errors).
_HUBER_C = 1.345


def _robust_scale(residuals: np.ndarray) -> float:
    """1.4826 × the median absolute deviation from the median (0 for no values)."""
    if residuals.size == 0:
        return 0.0
    return float(_MAD_SCALE * np.median(np.abs(residuals - np.median(residuals))))


def _huber_fit(X: np.ndarray, y: np.ndarray, max_iter: int = 100) -> tuple[np.ndarray, float]:
    """Huber M-regression of ``y`` on ``X`` (intercept added).

    Iteratively reweighted least squares; returns the fitted values and the robust scale of
    the residuals.
    """
    X1 = np.column_stack([np.ones(len(y)), X])
    beta = np.linalg.lstsq(X1, y, rcond=None)[0]
    for _ in range(max_iter):
        scale = _robust_scale(y - X1 @ beta)
        if scale <= 0:
            break
        u = np.abs(y - X1 @ beta) / (_HUBER_C * scale)
        root = np.sqrt(np.where(u <= 1, 1.0, 1.0 / np.maximum(u, 1e-300)))
        new = np.linalg.lstsq(X1 * root[:, None], y * root, rcond=None)[0]
        done = np.allclose(new, beta, rtol=0, atol=1e-10)
        beta = new
        if done:
            break
    fitted = X1 @ beta
    return fitted, _robust_scale(y - fitted)


def _z(residuals: np.ndarray, scale: float) -> np.ndarray:
    """Standardised residuals.

    With a zero scale every clearly positive residual is infinite (the other margins decide).
    """
    if scale > 0:
        return residuals / scale
    return np.where(residuals > 1e-9, np.inf, 0.0)


def _membership_counts(
    memberships: Mapping[Any, Collection[Hashable]], idx: list
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Per actor: number of networks, sum of their sizes, others holding all its networks."""
    n = len(idx)
    sets = {a: frozenset(memberships.get(a, ())) for a in idx}
    members: dict[Hashable, set] = {}
    for a in idx:
        for net in sets[a]:
            members.setdefault(net, set()).add(a)
    k = pd.Series([len(sets[a]) for a in idx], index=idx, dtype=float)
    m = pd.Series([sum(len(members[x]) for x in sets[a]) for a in idx], index=idx, dtype=float)
    shared = pd.Series(
        [
            len(set.intersection(*(members[x] for x in sets[a]))) - 1 if sets[a] else n - 1
            for a in idx
        ],
        index=idx,
    )
    return k, m, shared


def _rule_pagerank(
    idx: list,
    pr: pd.Series,
    k: pd.Series,
    m: pd.Series,
    shared: pd.Series,
    *,
    alpha: float,
    z_min: float,
    min_excess: float,
    pagerank_share: float,
    max_shared: int,
    enough: bool,
    hidden: pd.Series,
) -> tuple[pd.Series, pd.Series]:
    """Rule B: PageRank against the mean-field expectation of the degree-preserving null."""
    n = len(idx)
    weighted_degree = m - k
    q_pr = pr.rank(pct=True)
    total = float(pr.sum())
    tied = weighted_degree > 0
    expected_pr = pd.Series(total / n, index=idx)
    if tied.any() and total > 0:
        dangling = float(pr[~tied].sum()) / total
        expected_pr = total * (
            (1 - alpha) / n
            + alpha * dangling / n
            + alpha * (1 - dangling) * weighted_degree / float(weighted_degree.sum())
        )
    log_ratio = np.log(pr.clip(lower=1e-300) / expected_pr)
    z_pr = pd.Series(0.0, index=idx)
    z_pr[tied] = _z(log_ratio[tied].to_numpy(), _robust_scale(log_ratio[tied].to_numpy()))
    rule_b = (
        enough
        & tied
        & (log_ratio >= np.log1p(min_excess))
        & (z_pr >= z_min)
        & (q_pr > 1 - pagerank_share)
        & (shared <= max_shared)
        & hidden
    )
    return expected_pr, rule_b


def _rule_namings(
    idx: list,
    cooperations: Iterable[tuple[Any, Any]] | None,
    pr: pd.Series,
    k: pd.Series,
    m: pd.Series,
    *,
    z_min: float,
    min_naming_ratio: float,
    min_namers: int,
    enough: bool,
    hidden: pd.Series,
) -> tuple[dict[Hashable, set], pd.Series, pd.Series, pd.Series]:
    """Rule A: namings weighted by the namers' centrality against what memberships predict."""
    n = len(idx)
    known = set(idx)
    total = float(pr.sum())
    namers: dict[Hashable, set] = {a: set() for a in idx}
    expected_weight = pd.Series(np.nan, index=idx)
    rule_a = pd.Series(False, index=idx)
    if cooperations is None:
        return namers, pd.Series(np.nan, index=idx), expected_weight, rule_a
    for von, an in cooperations:
        if von != an and von in known and an in known:
            namers[an].add(von)
    relative = pr * n / total if total > 0 else pd.Series(1.0, index=idx)
    weight = pd.Series([float(sum(relative[j] for j in namers[a])) for a in idx], index=idx)
    if enough:
        X = np.column_stack([np.log1p(k.to_numpy()), np.log1p(m.to_numpy())])
        y = np.log1p(weight.to_numpy())
        fitted, scale = _huber_fit(X, y)
        expected_weight = pd.Series(np.expm1(fitted).clip(min=0), index=idx)
        z_naming = pd.Series(_z(y - fitted, scale), index=idx)
        rule_a = (
            pd.Series([len(namers[a]) >= min_namers for a in idx], index=idx)
            & (z_naming >= z_min)
            & (y - fitted >= np.log(min_naming_ratio))
            & hidden
        )
    return namers, weight, expected_weight, rule_a


def _evidence(
    idx: list,
    pr: pd.Series,
    k: pd.Series,
    m: pd.Series,
    shared: pd.Series,
    expected_pr: pd.Series,
    rule_a: pd.Series,
    rule_b: pd.Series,
    namers: dict[Hashable, set],
    weight: pd.Series,
    expected_weight: pd.Series,
    central: set,
) -> list[ChampionEvidence]:
    """The evidence behind each actor's flag, in the order of ``idx``."""
    return [
        ChampionEvidence(
            named_by_central=bool(rule_a[a]),
            pagerank_beyond=bool(rule_b[a]),
            networks=int(k[a]),
            network_members=int(m[a]),
            shared_position=int(shared[a]),
            pagerank=float(pr[a]),
            pagerank_expected=float(expected_pr[a]),
            namers=len(namers[a]),
            central_namers=len(namers[a] & central),
            naming_weight=float(weight[a]),
            naming_expected=float(expected_weight[a]),
        )
        for a in idx
    ]


def hidden_champions(
    memberships: Mapping[Any, Collection[Hashable]],
    pagerank_values: Mapping[Any, float],
    cooperations: Iterable[tuple[Any, Any]] | None = None,
    *,
    alpha: float = 0.85,
    z_min: float = 3.0,
    min_excess: float = MIN_EXCESS,
    min_naming_ratio: float = MIN_NAMING_RATIO,
    min_namers: int = 3,
    pagerank_share: float = 0.2,
    central_share: float = 0.1,
    visible_share: float = 0.1,
    max_shared: int = 1,
    min_actors: int = 10,
) -> pd.DataFrame:
    r"""Flag "hidden champions": actors more important than their memberships predict.

    What everybody sees of an actor is its memberships: in how many networks it sits and how
    large they are. A hidden champion matters *beyond* that. Two rules, each comparing an
    importance with what the memberships predict and asking for a clear margin:

    **Rule A – named by central actors** (only where cooperations were asked for). Each
    actor :math:`j` that names :math:`i` as a cooperation partner counts with its own
    centrality, its co-membership PageRank relative to the average actor,
    :math:`c_j = N\,PR_j / \sum_k PR_k` (an average actor counts 1, a hub several): the
    weight of the namings is :math:`s_i = \sum_{j \to i} c_j`. Being chosen by those who
    are chosen themselves is status in the sense of Bonacich (1987) – one step of the
    recursion that PageRank (Page et al. 1999) carries to the end; one step keeps the
    number a reader can check ("named by 20 actors, 9 of them among the most central"). A
    Huber M-regression (Huber 1964) of :math:`\log(1 + s_i)` on :math:`\log(1 + k_i)` and
    :math:`\log(1 + m_i)` over all actors, with :math:`k_i` the number of networks and
    :math:`m_i` the sum of their sizes, gives the weight the memberships predict,
    :math:`\hat s_i`. The actor is flagged when

    * it is named by at least ``min_namers`` actors,
    * its standardised residual :math:`(\log(1+s_i) - \log(1+\hat s_i)) / \hat\sigma` is
      at least ``z_min`` (:math:`\hat\sigma` = 1.4826 × median absolute deviation of the
      residuals; Rousseeuw & Leroy 1987 take 2.5 as the cut-off for outliers, 3 is
      stricter), and
    * :math:`(1 + s_i) / (1 + \hat s_i) \ge` ``min_naming_ratio``.

    **Rule B – PageRank beyond number and size of networks.** In the co-membership graph
    (weight = shared networks) the weighted degree of an actor is
    :math:`W_i = \sum_{n \ni i} (|n| - 1)`: number and size of its networks and nothing
    else. Undirected PageRank follows the weighted degree closely; in a null model that keeps
    every :math:`W_i` and ties actors at random (the degree-preserving configuration model)
    the mean-field expectation (Fortunato et al. 2008) is

    .. math:: \widehat{PR}_i = T \Big(\frac{1-\alpha}{N} + \frac{\alpha D}{N}
              + \alpha\,(1 - D)\,\frac{W_i}{\sum_k W_k}\Big),

    with :math:`T = \sum_k PR_k`, :math:`D` the share of PageRank on actors without any tie
    (spread evenly, as PageRank does) and :math:`\alpha` the damping factor. What lifts
    PageRank above it is *with whom* the actor shares its networks – partners that depend
    on it – not how many networks it has. (A null that only keeps the number of networks,
    rewiring the two-mode graph, would credit size as influence: on the demo it puts the
    members of the three largest networks at 1.7–2.1 times their expectation.) The actor
    is flagged when

    * :math:`PR_i / \widehat{PR}_i \ge 1 +` ``min_excess`` and the standardised
      :math:`\log(PR_i / \widehat{PR}_i)` (robust scale as above, over the actors with
      ties) is at least ``z_min``,
    * its PageRank is in the top ``pagerank_share`` (important, not merely better than
      predicted), and
    * its position is its own: at most ``max_shared`` other actors are members of *all*
      its networks. Members of the same big umbrella networks share one position and one
      PageRank; a membership set that is identical to, or a subset of, many others' is
      never a reason by itself.

    **Both rules** leave out the visible: actors in the top ``visible_share`` by number of
    networks are the hubs the report lists anyway. Percentiles are mid-ranks divided by the
    number of actors (ties share them). With fewer than ``min_actors`` actors nobody is
    flagged: there is too little to say what would be expected. The residual idea – a
    centrality is telling where it departs from what degree predicts – follows the
    observation that centralities are strongly correlated with degree (Valente et al. 2008)
    and the degree-adjusted closeness of Evans & Chen (2022).

    Parameters
    ----------
    memberships : mapping
        Actor → its networks (actors without networks may be missing).
    pagerank_values : mapping
        Actor → PageRank in the weighted co-membership graph (see
        :func:`bildungsnetz.analysis.measures.pagerank`); its keys are the actors.
    cooperations : iterable of (actor, actor), optional
        The named cooperations as (who names, who is named); None when the wave has no
        cooperation table (rule A is then not applied).
    alpha : float, optional
        Damping factor the PageRank was computed with.
    z_min, min_excess, min_naming_ratio, min_namers : optional
        The margins of the rules.
    pagerank_share, central_share, visible_share : float, optional
        Top shares: important by PageRank (rule B), central namers (evidence), visible by
        number of networks (both rules).
    max_shared : int, optional
        Rule B: at most this many other actors may hold all the actor's networks.
    min_actors : int, optional
        Fewer actors flag nobody.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor (``akteur_id``, sorted), columns :data:`CHAMPION_COLUMNS`:
        ``rang_pagerank`` and ``rang_netzwerke`` (1 = best, ties share the best rank),
        ``pagerank_erwartet`` (:math:`\widehat{PR}_i`), ``nennungen_gewichtet`` and
        ``nennungen_erwartet`` (:math:`s_i`, :math:`\hat s_i`; NaN without cooperations),
        ``hidden_champion`` (bool) and :data:`EVIDENCE` (a :class:`ChampionEvidence`).

    References
    ----------
    .. [1] Page, L., Brin, S., Motwani, R. & Winograd, T. (1999). The PageRank citation
       ranking: bringing order to the Web. Technical report 1999-66, Stanford InfoLab.
    .. [2] Bonacich, P. (1987). Power and centrality: a family of measures. *American
       Journal of Sociology* 92(5), 1170–1182.
    .. [3] Fortunato, S., Boguñá, M., Flammini, A. & Menczer, F. (2008). Approximating
       PageRank from in-degree. In *Algorithms and Models for the Web-Graph (WAW 2006)*,
       LNCS 4936, 59–71. Springer.
    .. [4] Huber, P. J. (1964). Robust estimation of a location parameter. *Annals of
       Mathematical Statistics* 35(1), 73–101.
    .. [5] Rousseeuw, P. J. & Leroy, A. M. (1987). *Robust Regression and Outlier
       Detection*. Wiley.
    .. [6] Valente, T. W., Coronges, K., Lakon, C. & Costenbader, E. (2008). How correlated
       are network centrality measures? *Connections* 28(1), 16–26.
    .. [7] Evans, T. S. & Chen, B. (2022). Linking the network centrality measures
       closeness and degree. *Communications Physics* 5, 172.

    Examples
    --------
    Twenty actors, each in two of ten networks of four; ``a00``–``a05`` are also in the
    umbrella network ``D``. Actors ``a10``–``a16`` name ``a00`` as a partner, and every
    actor names the next one:

    >>> from bildungsnetz.analysis.measures import pagerank
    >>> import networkx as nx
    >>> actors = [f"a{i:02d}" for i in range(20)]
    >>> nets = {a: {f"n{i // 4}", f"n{(i + 10) // 4 % 5 + 5}"} for i, a in enumerate(actors)}
    >>> for a in actors[:6]:
    ...     nets[a].add("D")
    >>> B = nx.Graph([(a, n) for a in actors for n in nets[a]])
    >>> P = nx.Graph()
    >>> P.add_nodes_from(actors)
    >>> for a in actors:
    ...     for b in actors:
    ...         if a < b and nets[a] & nets[b]:
    ...             P.add_edge(a, b, weight=len(nets[a] & nets[b]))
    >>> pr = pagerank(P, backend="networkx")
    >>> named = [(f"a{i}", "a00") for i in range(10, 17)]
    >>> named += [(a, actors[(i + 1) % 20]) for i, a in enumerate(actors)]
    >>> hc = hidden_champions(nets, pr, named)
    >>> hc.index[hc["hidden_champion"]].tolist()
    ['a00']
    >>> e = hc.loc["a00", "belege"]
    >>> e.named_by_central, e.pagerank_beyond, e.namers, e.networks, e.network_members
    (True, False, 8, 3, 14)

    Its PageRank is what its networks predict (it shares them with ``a01``), so without the
    cooperations nobody is flagged:

    >>> round(e.pagerank / e.pagerank_expected, 2)
    0.88
    >>> bool(hidden_champions(nets, pr)["hidden_champion"].any())
    False
    """
    idx = sorted(pagerank_values)
    n = len(idx)
    out = pd.DataFrame(index=pd.Index(idx, name="akteur_id"))
    if n == 0:
        for column in CHAMPION_COLUMNS:
            out[column] = []
        return out
    pr = pd.Series([float(pagerank_values[a]) for a in idx], index=idx)
    k, m, shared = _membership_counts(memberships, idx)
    enough = n >= min_actors
    q_pr = pr.rank(pct=True)
    hidden = k.rank(pct=True) <= 1 - visible_share
    expected_pr, rule_b = _rule_pagerank(
        idx,
        pr,
        k,
        m,
        shared,
        alpha=alpha,
        z_min=z_min,
        min_excess=min_excess,
        pagerank_share=pagerank_share,
        max_shared=max_shared,
        enough=enough,
        hidden=hidden,
    )
    namers, weight, expected_weight, rule_a = _rule_namings(
        idx,
        cooperations,
        pr,
        k,
        m,
        z_min=z_min,
        min_naming_ratio=min_naming_ratio,
        min_namers=min_namers,
        enough=enough,
        hidden=hidden,
    )
    central = set(q_pr.index[q_pr > 1 - central_share])

    # the tie rule of the rank intervals (values equal up to solver noise share a rank)
    out["rang_pagerank"] = competition_ranks(pr.to_numpy()).astype(int)
    out["rang_netzwerke"] = k.rank(ascending=False, method="min").astype(int)
    out["pagerank_erwartet"] = expected_pr
    out["nennungen_gewichtet"] = weight
    out["nennungen_erwartet"] = expected_weight
    out["hidden_champion"] = (rule_a | rule_b).astype(bool)
    out[EVIDENCE] = _evidence(
        idx, pr, k, m, shared, expected_pr, rule_a, rule_b, namers, weight, expected_weight, central
    )
    return out
