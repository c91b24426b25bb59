"""Back-test of the cooperation potential: whether a wave's high scores come true a wave later.

The design follows Liben-Nowell & Kleinberg (2007): take the network of wave :math:`t`, rank
every candidate by a score computed from wave :math:`t` alone, and check against wave
:math:`t + 1`:

* actor pairs – all pairs of actors present in both waves that share no network in
  :math:`t`; a pair is *realised* when the two share at least one network in :math:`t + 1`
  (the rule of :func:`bildungsnetz.analysis.compare.pair_baseline`, whose ``zufallsrate`` is
  the share of realised pairs among these candidates);
* actor → network – actors present in both waves × networks of wave :math:`t` the actor is
  not in; realised when the actor is a member in :math:`t + 1`
  (:func:`bildungsnetz.analysis.compare.membership_baseline`).

Scorers: the weighted cooperation-potential score of
:mod:`bildungsnetz.analysis.findings.potentials` (with any weights), each of its terms alone,
and the classic neighbourhood indices on the co-membership graph, resource allocation
(Zhou, Lü & Zhang 2009) and Adamic–Adar (Adamic & Adar 2003). Measures: precision@k (share
realised among the ``k`` best candidates, ties broken by candidate order, i.e. by ids), the
precision of the suggestion list itself (each actor's ``top_k`` best, as
:func:`~bildungsnetz.analysis.findings.actor_pair_potential` lists them), the AUC (Hanley &
McNeil 1982: probability that a realised candidate scores above an unrealised one, ties
counting one half), and the lift ``faktor = precision / random base rate``.

:func:`grid_search_weights` chooses weights on the simplex from this evidence; see
:data:`bildungsnetz.analysis.findings.potentials.POTENTIAL_WEIGHTS` for the choice made.

Numbers only; the comparison page words them (:mod:`bildungsnetz.report.comparison_findings`).

References
----------
.. [1] Liben-Nowell, D. & Kleinberg, J. (2007). The link-prediction problem for social
   networks. *JASIST* 58, 1019–1031.
.. [2] Zhou, T., Lü, L. & Zhang, Y.-C. (2009). Predicting missing links via local
   information. *Eur. Phys. J. B* 71, 623–630.
.. [3] Adamic, L. A. & Adar, E. (2003). Friends and neighbors on the Web. *Social Networks*
   25, 211–230.
.. [4] Hanley, J. A. & McNeil, B. J. (1982). The meaning and use of the area under a ROC
   curve. *Radiology* 143, 29–36.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from bildungsnetz.analysis.findings.actor_arrays import ActorArrays
from bildungsnetz.analysis.findings.potentials import DISTANCE_SCALE_KM, POTENTIAL_WEIGHTS
from bildungsnetz.analysis.graphs import REGION, node_value, two_mode_graph
from bildungsnetz.analysis.measures.similarity import haversine_km
from bildungsnetz.analysis.tables import read_processed

__all__ = [
    "TERMS",
    "KS",
    "SUGGESTIONS_PER_ACTOR",
    "BACKTEST_COLUMNS",
    "Candidates",
    "resource_allocation",
    "adamic_adar",
    "pair_candidates",
    "network_candidates",
    "precision_at_k",
    "auc",
    "per_actor_top",
    "evaluate",
    "pair_scorers",
    "network_scorers",
    "backtest_waves",
    "backtest",
    "backtest_series",
    "weight_grid",
    "grid_search_weights",
]

#: The terms of the cooperation-potential score, in the order of ``POTENTIAL_WEIGHTS``.
TERMS = ("themen", "zielgruppen", "naehe", "partner")
#: The cut-offs of precision@k.
KS = (10, 50, 100, 200)
#: Suggestions per actor in the suggestion list (as ``top_k`` of the potentials).
SUGGESTIONS_PER_ACTOR = {"akteur_akteur": 5, "akteur_netzwerk": 3}
#: Columns of :func:`backtest`.
BACKTEST_COLUMNS = [
    "von",
    "bis",
    "art",
    "verfahren",
    "kandidaten",
    "umgesetzt",
    "zufallsrate",
    *[f"praezision_{k}" for k in KS],
    *[f"faktor_{k}" for k in KS],
    "vorschlaege",
    "praezision_vorschlaege",
    "faktor_vorschlaege",
    "auc",
]


@dataclass
class Candidates:
    """The candidates of one back-test: who, their score terms, and what came true.

    Attributes
    ----------
    kind : str
        ``"akteur_akteur"`` or ``"akteur_netzwerk"``.
    id_a, id_b : numpy.ndarray of str
        The actor and the partner actor (``id_a < id_b``) or network, in id order.
    owner_a, owner_b : numpy.ndarray of int
        Positions of the actors a suggestion belongs to (for the per-actor suggestion list;
        ``owner_b`` is -1 for actor → network candidates).
    terms : dict of str to numpy.ndarray
        The score terms :data:`TERMS`, each in [0, 1].
    rural : numpy.ndarray of bool
        Whether a rural actor is involved (the potentials raise such scores).
    baselines : dict of str to numpy.ndarray
        Further scores to compare with (e.g. resource allocation).
    realised : numpy.ndarray of bool
        Whether the candidate came true in the later wave.
    """

    kind: str
    id_a: np.ndarray
    id_b: np.ndarray
    owner_a: np.ndarray
    owner_b: np.ndarray
    terms: dict[str, np.ndarray]
    rural: np.ndarray
    baselines: dict[str, np.ndarray]
    realised: np.ndarray

    @property
    def base_rate(self) -> float:
        """Share of realised candidates (NaN without candidates)."""
        return float(self.realised.mean()) if len(self.realised) else math.nan

    def score(self, weights: Mapping[str, float], rural_weight: float = 1.0) -> np.ndarray:
        """The weighted score of every candidate, as in the potentials."""
        s = sum(float(weights[t]) * self.terms[t] for t in TERMS)
        return np.where(self.rural, rural_weight, 1.0) * s


# --------------------------------------------------------------------------- indices


def _neighbour_index(A: np.ndarray, weight: np.ndarray) -> np.ndarray:
    r""":math:`\sum_{z \in \Gamma(i) \cap \Gamma(j)} w_z` for all pairs (0/1 adjacency)."""
    return (A * weight[None, :]) @ A


def resource_allocation(A: np.ndarray) -> np.ndarray:
    r"""Resource-allocation index of all pairs of a graph given by its 0/1 adjacency.

    .. math:: RA_{ij} = \sum_{z \in \Gamma(i) \cap \Gamma(j)} \frac{1}{|\Gamma(z)|}

    Each common neighbour passes a unit of resource shared equally among its neighbours
    (Zhou, Lü & Zhang 2009); the same as :func:`networkx.resource_allocation_index`.

    Parameters
    ----------
    A : numpy.ndarray
        Symmetric 0/1 adjacency without self-loops.

    Returns
    -------
    numpy.ndarray
        The index of every pair (the diagonal is not meaningful).

    Examples
    --------
    >>> A = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float)
    >>> float(resource_allocation(A)[0, 2])
    0.5
    """
    deg = A.sum(axis=1)
    with np.errstate(divide="ignore"):
        w = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0)
    return _neighbour_index(A, w)


def adamic_adar(A: np.ndarray) -> np.ndarray:
    r"""Adamic–Adar index :math:`\sum_{z \in \Gamma(i) \cap \Gamma(j)} 1/\ln|\Gamma(z)|`.

    A common neighbour has at least two neighbours, so the logarithm is positive
    (Adamic & Adar 2003; :func:`networkx.adamic_adar_index`).

    Examples
    --------
    >>> A = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float)
    >>> round(float(adamic_adar(A)[0, 2]), 4)
    1.4427
    """
    deg = A.sum(axis=1)
    w = np.where(deg >= 2, 1.0 / np.log(np.maximum(deg, 2)), 0.0)
    return _neighbour_index(A, w)


# --------------------------------------------------------------------------- candidates


def _memberships(members: pd.DataFrame) -> dict[str, set[str]]:
    pairs = members[["akteur_id", "netzwerk_id"]].astype(str).drop_duplicates()
    return pairs.groupby("akteur_id")["netzwerk_id"].apply(set).to_dict()


def _dense(x) -> np.ndarray:
    """A numpy array of a dense or sparse matrix."""
    return np.asarray(x.toarray() if hasattr(x, "toarray") else x, dtype=float)


def _incidence(data: ActorArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Memberships, co-membership adjacency (0/1, no diagonal), distances (inf: unknown)."""
    M = _dense(data.M)
    A = (M @ M.T > 0).astype(float)
    np.fill_diagonal(A, 0.0)
    d = haversine_km(data.lat[:, None], data.lon[:, None], data.lat[None, :], data.lon[None, :])
    return M, A, np.where(np.isnan(d), np.inf, d)


def _jaccard_matrix(X) -> np.ndarray:
    X = _dense(X)
    S = X @ X.T
    c = X.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.nan_to_num(S / (c[:, None] + c[None, :] - S))


def pair_candidates(
    data: ActorArrays,
    later_members: pd.DataFrame,
    later_actors: Iterable[str],
    *,
    distance_scale_km: float = DISTANCE_SCALE_KM,
) -> Candidates:
    r"""All actor pairs of wave :math:`t` without a shared network, scored and checked.

    Terms as in :func:`~bildungsnetz.analysis.findings.actor_pair_potential`: Jaccard of
    the topic and target-group sets, :math:`e^{-d/d_0}` (0 for an unknown place), and
    :math:`AA/(1+AA)` with the Adamic–Adar index on the co-membership graph. Baselines:
    resource allocation (``ressourcen``) and Adamic–Adar (``adamic_adar``).

    Parameters
    ----------
    data : ActorArrays
        The actors of wave :math:`t`.
    later_members : pandas.DataFrame
        ``mitgliedschaften`` of wave :math:`t + 1`.
    later_actors : iterable of str
        ``akteur_id`` of wave :math:`t + 1`.
    distance_scale_km : float, optional
        :math:`d_0` of the proximity term.
    """
    present = set(map(str, later_actors))
    keep = np.array([str(a) in present for a in data.actors], dtype=bool)
    _, A, dist = _incidence(data)
    ii, jj = np.triu_indices(len(data.actors), k=1)
    mask = keep[ii] & keep[jj] & (A[ii, jj] == 0)
    ii, jj = ii[mask], jj[mask]
    aa, ra = adamic_adar(A), resource_allocation(A)
    terms = {
        "themen": _jaccard_matrix(data.T)[ii, jj],
        "zielgruppen": _jaccard_matrix(data.Z)[ii, jj],
        "naehe": np.exp(-dist[ii, jj] / distance_scale_km),
        "partner": aa[ii, jj] / (1.0 + aa[ii, jj]),
    }
    later = _memberships(later_members)
    ids = np.array([str(a) for a in data.actors], dtype=object)
    realised = np.array(
        [bool(later.get(ids[i], set()) & later.get(ids[j], set())) for i, j in zip(ii, jj)],
        dtype=bool,
    )
    return Candidates(
        kind="akteur_akteur",
        id_a=ids[ii],
        id_b=ids[jj],
        owner_a=ii,
        owner_b=jj,
        terms=terms,
        rural=data.rural[ii] | data.rural[jj],
        baselines={"ressourcen": ra[ii, jj], "adamic_adar": aa[ii, jj]},
        realised=realised,
    )


def network_candidates(
    data: ActorArrays,
    net_districts: Sequence[str],
    later_members: pd.DataFrame,
    later_actors: Iterable[str],
    *,
    distance_scale_km: float = DISTANCE_SCALE_KM,
) -> Candidates:
    r"""All (actor, network) pairs of wave :math:`t` without membership, scored and checked.

    Terms as in :func:`~bildungsnetz.analysis.findings.network_suggestions`: share of the
    network's topics and target groups the actor works on; proximity 1 for a network of
    the actor's district or the whole region, else :math:`e^{-d/d_0}` to the nearest member;
    :math:`k/(1+k)` with :math:`k` the members already partners of the actor. Baseline:
    the network's size (``groesse``: large networks take more new members).

    Parameters
    ----------
    data : ActorArrays
        The actors and networks of wave :math:`t`.
    net_districts : sequence of str
        ``landkreis`` of each network of ``data.nets``.
    later_members, later_actors
        As in :func:`pair_candidates`.
    distance_scale_km : float, optional
        :math:`d_0` of the proximity term.
    """
    present = set(map(str, later_actors))
    keep = np.array([str(a) in present for a in data.actors], dtype=bool)
    M, A, dist = _incidence(data)
    T, Z, TN, ZN = (_dense(x) for x in (data.T, data.Z, data.TN, data.ZN))
    with np.errstate(divide="ignore", invalid="ignore"):
        sT = np.nan_to_num((T @ TN.T) / TN.sum(axis=1)[None, :])
        sZ = np.nan_to_num((Z @ ZN.T) / ZN.sum(axis=1)[None, :])
    K = A @ M
    near = np.full(M.shape, np.inf)
    for j in range(M.shape[1]):
        mem = np.flatnonzero(M[:, j])
        if len(mem):
            near[:, j] = dist[:, mem].min(axis=1)
    lk = np.array([str(x) for x in data.district], dtype=object)
    nl = np.array([str(x) for x in net_districts], dtype=object)
    same = ((lk[:, None] == nl[None, :]) & (lk[:, None] != "")) | (nl == REGION)[None, :]
    geo = np.where(same, 1.0, np.exp(-near / distance_scale_km))
    ii, jj = np.nonzero((M == 0) & keep[:, None])
    later = _memberships(later_members)
    ids = np.array([str(a) for a in data.actors], dtype=object)
    nets = np.array([str(x) for x in data.nets], dtype=object)
    realised = np.array([nets[j] in later.get(ids[i], set()) for i, j in zip(ii, jj)], dtype=bool)
    return Candidates(
        kind="akteur_netzwerk",
        id_a=ids[ii],
        id_b=nets[jj],
        owner_a=ii,
        owner_b=np.full(len(ii), -1),
        terms={
            "themen": sT[ii, jj],
            "zielgruppen": sZ[ii, jj],
            "naehe": geo[ii, jj],
            "partner": K[ii, jj] / (1.0 + K[ii, jj]),
        },
        rural=data.rural[ii],
        baselines={"groesse": M.sum(axis=0)[jj]},
        realised=realised,
    )


# --------------------------------------------------------------------------- measures


def _order(scores: np.ndarray) -> np.ndarray:
    """Candidates best first; ties in candidate order (by ids: deterministic)."""
    return np.lexsort((np.arange(len(scores)), -np.round(scores, 12)))


def precision_at_k(scores: np.ndarray, realised: np.ndarray, k: int) -> float:
    """Share of realised candidates among the ``k`` best (NaN without candidates).

    With fewer than ``k`` candidates, all of them count.

    Examples
    --------
    >>> precision_at_k(np.array([0.9, 0.1, 0.5]), np.array([True, False, False]), 2)
    0.5
    """
    if len(scores) == 0:
        return math.nan
    top = _order(scores)[:k]
    return float(realised[top].mean())


def auc(scores: np.ndarray, realised: np.ndarray) -> float:
    """Probability that a realised candidate scores above an unrealised one (ties: ½).

    The Mann–Whitney form of the area under the ROC curve (Hanley & McNeil 1982); NaN when
    one of the two groups is empty.

    Examples
    --------
    >>> auc(np.array([0.9, 0.1, 0.5]), np.array([True, False, False]))
    1.0
    """
    pos, n = int(realised.sum()), len(realised)
    if pos == 0 or pos == n:
        return math.nan
    ranks = pd.Series(np.round(scores, 12)).rank(method="average").to_numpy()
    return float((ranks[realised].sum() - pos * (pos + 1) / 2) / (pos * (n - pos)))


def per_actor_top(cands: Candidates, scores: np.ndarray, top_k: int) -> np.ndarray:
    """Mask of the suggestion list: the union of each actor's ``top_k`` best candidates.

    An actor pair belongs to both of its actors; ties in candidate order.
    """
    both = cands.owner_b >= 0
    owner = np.concatenate([cands.owner_a, cands.owner_b[both]])
    cand = np.concatenate([np.arange(len(scores)), np.flatnonzero(both)])
    order = np.lexsort((cand, -np.round(scores[cand], 12), owner))
    owner, cand = owner[order], cand[order]
    start = np.r_[0, np.flatnonzero(np.diff(owner)) + 1]
    pos = np.arange(len(owner)) - np.repeat(start, np.diff(np.r_[start, len(owner)]))
    mask = np.zeros(len(scores), dtype=bool)
    mask[cand[pos < top_k]] = True
    return mask


def evaluate(
    cands: Candidates, scores: np.ndarray, ks: Sequence[int] = KS, top_k: int | None = None
) -> dict[str, float | int]:
    """Precision@k, lift, suggestion-list precision and AUC of one scorer."""
    rate = cands.base_rate
    top_k = SUGGESTIONS_PER_ACTOR[cands.kind] if top_k is None else top_k

    def lift(p: float) -> float:
        return p / rate if rate > 0 and math.isfinite(p) else math.nan

    out: dict[str, float | int] = {}
    for k in ks:
        out[f"praezision_{k}"] = precision_at_k(scores, cands.realised, k)
        out[f"faktor_{k}"] = lift(float(out[f"praezision_{k}"]))
    listed = per_actor_top(cands, scores, top_k) if len(scores) else np.zeros(0, dtype=bool)
    p_list = float(cands.realised[listed].mean()) if listed.any() else math.nan
    out["vorschlaege"] = int(listed.sum())
    out["praezision_vorschlaege"] = p_list
    out["faktor_vorschlaege"] = lift(p_list)
    out["auc"] = auc(scores, cands.realised)
    return out


# --------------------------------------------------------------------------- waves


def pair_scorers(
    cands: Candidates,
    weights: Mapping[str, float] | None = None,
    rural_weight: float = 1.0,
) -> dict[str, np.ndarray]:
    """The scorers compared: weighted score, single terms, and the candidates' baselines."""
    W = {**POTENTIAL_WEIGHTS, **(weights or {})}
    out = {"gewichtet": cands.score(W, rural_weight)}
    for t in ("themen", "naehe", "partner"):
        out[t] = cands.terms[t]
    out.update(cands.baselines)
    return out


network_scorers = pair_scorers


def _wave_data(data_dir: Path, wave: str) -> tuple[ActorArrays, list[str], pd.DataFrame]:
    tables = read_processed(data_dir, wave)
    B = two_mode_graph(tables)
    data = ActorArrays(B)
    return data, [node_value(B, x, "landkreis") for x in data.nets], tables.akteure


def backtest_waves(
    data_dir: Path | str, before: str, after: str, *, distance_scale_km: float = DISTANCE_SCALE_KM
) -> tuple[Candidates, Candidates]:
    """The actor-pair and actor → network candidates of ``before``, checked in ``after``."""
    data, net_lk, _ = _wave_data(Path(data_dir), before)
    later = read_processed(Path(data_dir), after)
    later_ids = later.akteure["akteur_id"].astype(str)
    pairs = pair_candidates(
        data, later.mitgliedschaften, later_ids, distance_scale_km=distance_scale_km
    )
    nets = network_candidates(
        data, net_lk, later.mitgliedschaften, later_ids, distance_scale_km=distance_scale_km
    )
    return pairs, nets


def backtest(
    candidates: Mapping[tuple[str, str], Sequence[Candidates]],
    weights: Mapping[str, float] | None = None,
    *,
    rural_weight: float = 1.0,
) -> pd.DataFrame:
    """The back-test table: one row per wave pair, kind and scorer (:data:`BACKTEST_COLUMNS`).

    Parameters
    ----------
    candidates : mapping
        ``(von, bis)`` → the :class:`Candidates` of that pair of waves
        (:func:`backtest_waves`).
    weights : mapping, optional
        Weights of the weighted score (default :data:`POTENTIAL_WEIGHTS`).
    rural_weight : float, optional
        Factor for candidates with a rural actor (1: the plain prediction).
    """
    rows = []
    for (before, after), sets in candidates.items():
        for cands in sets:
            for name, scores in pair_scorers(cands, weights, rural_weight).items():
                rows.append(
                    {
                        "von": before,
                        "bis": after,
                        "art": cands.kind,
                        "verfahren": name,
                        "kandidaten": len(cands.realised),
                        "umgesetzt": int(cands.realised.sum()),
                        "zufallsrate": cands.base_rate,
                        **evaluate(cands, scores),
                    }
                )
    return pd.DataFrame(rows, columns=BACKTEST_COLUMNS)


def backtest_series(
    data_dir: Path | str,
    pairs: Sequence[tuple[str, str]],
    weights: Mapping[str, float] | None = None,
    *,
    rural_weight: float = 1.0,
) -> pd.DataFrame:
    """:func:`backtest` over consecutive waves (e.g. ``WaveSeries.pairs()``) of a data folder.

    Examples
    --------
    >>> backtest_series(".", []).shape[0]
    0
    """
    candidates = {(a, b): backtest_waves(data_dir, a, b) for a, b in pairs}
    return backtest(candidates, weights, rural_weight=rural_weight)


# --------------------------------------------------------------------------- weights


def weight_grid(step: float = 0.1) -> list[dict[str, float]]:
    """All weight vectors over :data:`TERMS` on the simplex with the given step.

    Examples
    --------
    >>> len(weight_grid(0.5))
    10
    """
    n = int(round(1.0 / step))
    out = []
    for combo in itertools.product(range(n + 1), repeat=len(TERMS) - 1):
        if sum(combo) <= n:
            parts = (*combo, n - sum(combo))
            out.append({t: round(p / n, 6) for t, p in zip(TERMS, parts)})
    return out


def grid_search_weights(
    candidates: Sequence[Candidates], *, step: float = 0.1, k: int = 100
) -> tuple[dict[str, float], pd.DataFrame]:
    """Weights that maximise the mean precision@k over back-tests (the plain prediction).

    Every vector of :func:`weight_grid` is scored on every candidate set; the objective is
    the mean precision@``k``, ties broken by the mean AUC, then by the grid order
    (deterministic).

    Returns
    -------
    tuple
        The best weights and the table of all vectors (weights, ``praezision``, ``auc``),
        best first.
    """
    rows = []
    for pos, W in enumerate(weight_grid(step)):
        p = [precision_at_k(c.score(W), c.realised, k) for c in candidates]
        a = [auc(c.score(W), c.realised) for c in candidates]
        rows.append(
            {**W, "praezision": float(np.nanmean(p)), "auc": float(np.nanmean(a)), "_": pos}
        )
    table = pd.DataFrame(rows).sort_values(
        ["praezision", "auc", "_"], ascending=[False, False, True], kind="mergesort"
    )
    best = {t: float(table.iloc[0][t]) for t in TERMS}
    return best, table.drop(columns="_").reset_index(drop=True)
