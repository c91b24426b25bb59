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
from scipy import sparse

from bildungsnetz.analysis.findings.actor_arrays import ActorArrays
from bildungsnetz.analysis.findings.potentials import (
    DISTANCE_SCALE_KM,
    NETWORK_WEIGHTS,
    PARTNER_HALF,
    POTENTIAL_WEIGHTS,
)
from bildungsnetz.analysis.graphs import REGION, node_value, two_mode_graph
from bildungsnetz.analysis.measures.similarity import haversine_km
from bildungsnetz.analysis.tables import read_processed

__all__ = [
    "TERMS",
    "KS",
    "SUGGESTIONS_PER_ACTOR",
    "BACKTEST_COLUMNS",
    "MAX_CANDIDATES",
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
#: Most candidates of one kind a back-test scores in full (6 · 10⁶: all actor pairs up to
#: ~3.500 actors, i.e. 10× the Lausitz); above, those of a seeded sample of actors.
MAX_CANDIDATES = 6_000_000
#: Cells of one dense block of rows while scoring (bounds the memory, ~32 MB per array).
BLOCK_CELLS = 4_000_000
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
    "stichprobe",
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
    sample : int
        Number of actors whose candidates were scored when they are a random sample
        (a large wave), 0 when all candidates were scored.
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
    sample: int = 0

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


def _later_incidence(
    data: ActorArrays, later_members: pd.DataFrame, nets: Sequence[str] | None = None
) -> sparse.csr_array:
    """0/1 memberships of wave :math:`t + 1`, rows the actors of ``data`` (wave :math:`t`).

    Columns are the networks of wave :math:`t + 1` or, with ``nets``, exactly those
    networks (memberships in other networks are dropped).
    """
    pos = {str(a): i for i, a in enumerate(data.actors)}
    pairs = later_members[["akteur_id", "netzwerk_id"]].astype(str).drop_duplicates()
    rows = pairs["akteur_id"].map(pos)
    if nets is None:
        columns = {n: j for j, n in enumerate(sorted(set(pairs["netzwerk_id"])))}
    else:
        columns = {str(n): j for j, n in enumerate(nets)}
    cols = pairs["netzwerk_id"].map(columns)
    ok = rows.notna() & cols.notna()
    shape = (len(data.actors), max(len(columns), 1))
    return sparse.csr_array(
        (
            np.ones(int(ok.sum())),
            (rows[ok].to_numpy(dtype=np.int64), cols[ok].to_numpy(dtype=np.int64)),
        ),
        shape=shape,
    )


def _present(data: ActorArrays, later_actors: Iterable[str]) -> np.ndarray:
    """Positions of the actors of ``data`` also present in the later wave (ascending)."""
    present = set(map(str, later_actors))
    return np.flatnonzero(np.array([str(a) in present for a in data.actors], dtype=bool))


def _owners(
    kept: np.ndarray, total: int, per_owner: int, max_candidates: int, seed: int
) -> np.ndarray:
    """The actors whose candidates are scored (ascending).

    All ``kept`` actors when the ``total`` candidates number at most ``max_candidates``,
    else a seeded random sample of about ``max_candidates / per_owner`` of them.
    """
    if total <= max_candidates or len(kept) == 0:
        return kept
    size = max(1, min(len(kept), max_candidates // max(per_owner, 1)))
    rng = np.random.default_rng(seed)
    return np.sort(rng.permutation(kept)[:size])


def _joined(parts: dict[str, list[np.ndarray]]) -> dict[str, np.ndarray]:
    """Each column's blocks joined into one array, freeing the blocks as it goes.

    A large wave's candidates are then held once, not twice.
    """
    got = {}
    for key in list(parts):
        blocks = parts.pop(key)
        got[key] = np.concatenate(blocks) if blocks else np.zeros(0)
        blocks.clear()
    return got


def _blocks(rows: np.ndarray, width: int) -> Iterable[np.ndarray]:
    """``rows`` in consecutive blocks of at most ``BLOCK_CELLS / width`` rows."""
    step = max(1, BLOCK_CELLS // max(width, 1))
    for start in range(0, len(rows), step):
        yield rows[start : start + step]


def _row_jaccard(X: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Jaccard similarity of the 0/1 rows ``rows`` of ``X`` with every row of ``X``."""
    S = X[rows] @ X.T
    c = X.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.nan_to_num(S / (c[rows][:, None] + c[None, :] - S))


def _km_rows(data: ActorArrays, rows: np.ndarray) -> np.ndarray:
    """Km from the actors ``rows`` to every actor (inf where a place is unknown)."""
    d = haversine_km(
        data.lat[rows][:, None], data.lon[rows][:, None], data.lat[None, :], data.lon[None, :]
    )
    return np.where(np.isnan(d), np.inf, d)


def _neighbour_rows(data: ActorArrays, rows: np.ndarray, weight: np.ndarray) -> np.ndarray:
    r""":math:`\sum_{z \in \Gamma(i) \cap \Gamma(j)} w_z` for ``i`` in ``rows``, all ``j``."""
    return ((data.A[rows] * weight[None, :]) @ data.A).toarray()


def pair_candidates(
    data: ActorArrays,
    later_members: pd.DataFrame,
    later_actors: Iterable[str],
    *,
    distance_scale_km: float = DISTANCE_SCALE_KM,
    max_candidates: int = MAX_CANDIDATES,
    seed: int = 0,
) -> Candidates:
    r"""The actor pairs of wave :math:`t` without a shared network, scored and checked.

    Terms as in :func:`~bildungsnetz.analysis.findings.actor_pair_potential`: Jaccard of
    the topic and target-group sets, :math:`e^{-d/d_0}` (0 for an unknown place), and
    :math:`RA/(RA + h)` with the resource-allocation index on the co-membership graph
    (:data:`~bildungsnetz.analysis.findings.potentials.PARTNER_HALF`). Baselines: resource
    allocation itself (``ressourcen``; the partner term alone ranks the same) and
    Adamic–Adar (``adamic_adar``).

    All pairs of actors present in both waves when they number at most
    ``max_candidates``; above (a country-wide wave has ~5 · 10⁸ pairs), the pairs of a
    seeded random sample of about ``max_candidates / n`` actors with every other actor
    (``Candidates.sample``). Precision@k then refers to the best ``k`` pairs of the sample
    and the suggestion list to the sampled actors; base rate and AUC are unbiased
    estimates for all pairs. Scored in blocks of rows: memory grows with the candidates,
    not with the actors squared.

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
    max_candidates : int, optional
        Most pairs scored before sampling actors (:data:`MAX_CANDIDATES`).
    seed : int, optional
        Seed of the sample.
    """
    n = len(data.actors)
    kept = _present(data, later_actors)
    owners = _owners(kept, len(kept) * (len(kept) - 1) // 2, len(kept), max_candidates, seed)
    sampled = len(owners) < len(kept)
    keep = np.zeros(n, dtype=bool)
    keep[kept] = True
    owner = np.zeros(n, dtype=bool)
    owner[owners] = True
    L = _later_incidence(data, later_members)
    cols = np.arange(n)
    parts: dict[str, list[np.ndarray]] = {
        k: [] for k in ("i", "j", "themen", "zielgruppen", "naehe", "aa", "ra", "real")
    }
    for rows in _blocks(owners, n):
        # each pair once: j > i, or any j outside the sample when i was sampled
        later_j = cols[None, :] > rows[:, None]
        if sampled:
            later_j |= ~owner[None, :]
        mask = later_j & keep[None, :] & (data.A[rows].toarray() == 0)
        mask[np.arange(len(rows)), rows] = False
        bi, jj = np.nonzero(mask)
        aa = _neighbour_rows(data, rows, data.aa_w)
        parts["i"].append(rows[bi])
        parts["j"].append(jj)
        parts["themen"].append(_row_jaccard(data.T, rows)[bi, jj])
        parts["zielgruppen"].append(_row_jaccard(data.Z, rows)[bi, jj])
        parts["naehe"].append(np.exp(-_km_rows(data, rows)[bi, jj] / distance_scale_km))
        parts["aa"].append(aa[bi, jj])
        parts["ra"].append(_neighbour_rows(data, rows, data.ra_w)[bi, jj])
        parts["real"].append((L[rows] @ L.T).toarray()[bi, jj] > 0)
    got = _joined(parts)
    ii, jj = got["i"].astype(np.int64, copy=False), got["j"].astype(np.int64, copy=False)
    ids = np.array([str(a) for a in data.actors], dtype=object)
    aa, ra = got["aa"], got["ra"]
    return Candidates(
        kind="akteur_akteur",
        id_a=ids[np.minimum(ii, jj)],
        id_b=ids[np.maximum(ii, jj)],
        owner_a=ii,
        owner_b=np.where(owner[jj], jj, -1) if sampled else jj,
        terms={
            "themen": got["themen"],
            "zielgruppen": got["zielgruppen"],
            "naehe": got["naehe"],
            "partner": ra / (ra + PARTNER_HALF),
        },
        rural=data.rural[ii] | data.rural[jj],
        baselines={"ressourcen": ra, "adamic_adar": aa},
        realised=got["real"].astype(bool),
        sample=len(owners) if sampled else 0,
    )


def network_candidates(
    data: ActorArrays,
    net_districts: Sequence[str],
    later_members: pd.DataFrame,
    later_actors: Iterable[str],
    *,
    distance_scale_km: float = DISTANCE_SCALE_KM,
    max_candidates: int = MAX_CANDIDATES,
    seed: int = 0,
) -> Candidates:
    r"""The (actor, network) pairs of wave :math:`t` without membership, scored and checked.

    Terms as in :func:`~bildungsnetz.analysis.findings.network_suggestions`: share of the
    network's topics and target groups the actor works on; proximity 1 for a network of
    the actor's district or the whole region, else :math:`e^{-d/d_0}` to the nearest member;
    :math:`k/(1+k)` with :math:`k` the members already partners of the actor. Baseline:
    the network's size (``groesse``: large networks take more new members). Above
    ``max_candidates`` candidates, those of a seeded sample of actors, as in
    :func:`pair_candidates`.

    Parameters
    ----------
    data : ActorArrays
        The actors and networks of wave :math:`t`.
    net_districts : sequence of str
        ``landkreis`` of each network of ``data.nets``.
    later_members, later_actors
        As in :func:`pair_candidates`.
    distance_scale_km, max_candidates, seed : optional
        As in :func:`pair_candidates`.
    """
    n, m = len(data.actors), len(data.nets)
    kept = _present(data, later_actors)
    owners = _owners(kept, len(kept) * m, m, max_candidates, seed)
    sampled = len(owners) < len(kept)
    TN, ZN = data.TN, data.ZN
    tn, zn = TN.sum(axis=1), ZN.sum(axis=1)
    size = np.asarray(data.Ms.sum(axis=0)).ravel()
    lk = np.array([str(x) for x in data.district], dtype=object)
    nl = np.array([str(x) for x in net_districts], dtype=object)
    region = nl == REGION
    L = _later_incidence(data, later_members, [str(x) for x in data.nets])
    Mc = data.Ms.tocsc()
    members = [Mc.indices[Mc.indptr[j] : Mc.indptr[j + 1]] for j in range(m)]
    parts: dict[str, list[np.ndarray]] = {
        k: [] for k in ("i", "j", "themen", "zielgruppen", "naehe", "partner", "real")
    }
    for rows in _blocks(owners, max(n, m)):
        M = data.Ms[rows].toarray()
        with np.errstate(divide="ignore", invalid="ignore"):
            sT = np.nan_to_num((data.T[rows] @ TN.T) / tn[None, :])
            sZ = np.nan_to_num((data.Z[rows] @ ZN.T) / zn[None, :])
        K = ((data.A[rows]) @ data.Ms).toarray()
        dist = _km_rows(data, rows)
        near = np.full(M.shape, np.inf)
        for j, mem in enumerate(members):
            if len(mem):
                near[:, j] = dist[:, mem].min(axis=1)
        same = ((lk[rows][:, None] == nl[None, :]) & (lk[rows][:, None] != "")) | region[None, :]
        geo = np.where(same, 1.0, np.exp(-near / distance_scale_km))
        bi, jj = np.nonzero(M == 0)
        parts["i"].append(rows[bi])
        parts["j"].append(jj)
        parts["themen"].append(sT[bi, jj])
        parts["zielgruppen"].append(sZ[bi, jj])
        parts["naehe"].append(geo[bi, jj])
        parts["partner"].append(K[bi, jj] / (1.0 + K[bi, jj]))
        parts["real"].append(L[rows].toarray()[bi, jj] > 0)
    got = _joined(parts)
    ii, jj = got["i"].astype(np.int64, copy=False), got["j"].astype(np.int64, copy=False)
    ids = np.array([str(a) for a in data.actors], dtype=object)
    nets = np.array([str(x) for x in data.nets], dtype=object)
    return Candidates(
        kind="akteur_netzwerk",
        id_a=ids[ii],
        id_b=nets[jj],
        owner_a=ii,
        owner_b=np.full(len(ii), -1),
        terms={t: got[t] for t in TERMS},
        rural=data.rural[ii],
        baselines={"groesse": size[jj].astype(float)},
        realised=got["real"].astype(bool),
        sample=len(owners) if sampled else 0,
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
    """The scorers compared: weighted score, single terms, and the candidates' baselines.

    The weighted score uses the default weights of the candidates' kind
    (:data:`POTENTIAL_WEIGHTS` for actor pairs, :data:`NETWORK_WEIGHTS` for actor →
    network), overridden by ``weights``.
    """
    default = NETWORK_WEIGHTS if cands.kind == "akteur_netzwerk" else POTENTIAL_WEIGHTS
    W = {**default, **(weights or {})}
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
    data_dir: Path | str,
    before: str,
    after: str,
    *,
    distance_scale_km: float = DISTANCE_SCALE_KM,
    max_candidates: int = MAX_CANDIDATES,
    seed: int = 0,
    networks: bool = True,
) -> tuple[Candidates, ...]:
    """The actor-pair and actor → network candidates of ``before``, checked in ``after``.

    Options as in :func:`pair_candidates`; ``networks=False`` gives the actor pairs alone
    (a one-tuple: what the wave report's sentence needs, at half the work).
    """
    data, net_lk, _ = _wave_data(Path(data_dir), before)
    later = read_processed(Path(data_dir), after)
    later_ids = later.akteure["akteur_id"].astype(str)
    pairs = pair_candidates(
        data,
        later.mitgliedschaften,
        later_ids,
        distance_scale_km=distance_scale_km,
        max_candidates=max_candidates,
        seed=seed,
    )
    if not networks:
        return (pairs,)
    nets = network_candidates(
        data,
        net_lk,
        later.mitgliedschaften,
        later_ids,
        distance_scale_km=distance_scale_km,
        max_candidates=max_candidates,
        seed=seed,
    )
    return pairs, nets


def backtest(
    candidates: Mapping[tuple[str, str], Sequence[Candidates]],
    weights: Mapping[str, float] | None = None,
    *,
    rural_weight: float = 1.0,
    scorers: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The back-test table: one row per wave pair, kind and scorer (:data:`BACKTEST_COLUMNS`).

    Parameters
    ----------
    candidates : mapping
        ``(von, bis)`` → the :class:`Candidates` of that pair of waves
        (:func:`backtest_waves`).
    weights : mapping, optional
        Weights of the weighted score (default by kind: :data:`POTENTIAL_WEIGHTS`,
        :data:`NETWORK_WEIGHTS`).
    rural_weight : float, optional
        Factor for candidates with a rural actor (1: the plain prediction).
    scorers : sequence of str, optional
        Only these scorers (names of :func:`pair_scorers`, e.g. ``("gewichtet",
        "ressourcen")``); default all.
    """
    rows = []
    for (before, after), sets in candidates.items():
        for cands in sets:
            for name, scores in pair_scorers(cands, weights, rural_weight).items():
                if scorers is not None and name not in scorers:
                    continue
                rows.append(
                    {
                        "von": before,
                        "bis": after,
                        "art": cands.kind,
                        "verfahren": name,
                        "kandidaten": len(cands.realised),
                        "umgesetzt": int(cands.realised.sum()),
                        "zufallsrate": cands.base_rate,
                        "stichprobe": cands.sample,
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
