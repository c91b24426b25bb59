"""Numbers behind the report's key findings that the analysis tables do not hold yet.

How urban the networks are (:func:`urban_shares`), where the rural cooperation potential lies
(:func:`rural_potential_by_district`). Numbers only; choosing and wording the findings is the
report's job (:mod:`bildungsnetz.report.keyfindings`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "URBAN",
    "RURAL",
    "UrbanShares",
    "urban_shares",
    "rural_potential_by_district",
]

#: The place types of the gazetteer (``raumtyp``).
URBAN = "städtisch"
RURAL = "ländlich"


def _truthy(series: pd.Series) -> pd.Series:
    """Booleans stored as text (``True``/``true``/``1``) → bool."""
    return series.astype(str).str.strip().str.lower().isin(["true", "1", "ja"])


@dataclass(frozen=True)
class UrbanShares:
    """Share of urban places among the population, the actors and the memberships.

    Attributes
    ----------
    population : float
        Share of the inhabitants of the gazetteer's municipalities that live in urban ones
        (NaN without population figures).
    actors : float
        Share of the actors with a known place type that sit in an urban place (NaN when no
        actor's place type is known).
    memberships : float
        Share of the memberships of actors with a known place type that are held by urban
        actors (NaN without such memberships).
    n_actors, n_memberships : int
        The actors and memberships with a known place type (the denominators).
    n_urban_actors, n_urban_memberships : int
        Those of them in (held by actors in) urban places (the numerators).
    """

    population: float
    actors: float
    memberships: float
    n_actors: int
    n_memberships: int
    n_urban_actors: int = 0
    n_urban_memberships: int = 0


def _share(part: float, whole: float) -> float:
    return float(part) / float(whole) if whole else math.nan


def urban_shares(
    actors: pd.DataFrame, memberships: pd.DataFrame, gazetteer: pd.DataFrame | None = None
) -> UrbanShares:
    """How urban the actors and their memberships are, against the population.

    Parameters
    ----------
    actors : pandas.DataFrame
        ``akteur_id`` and ``raumtyp`` (``städtisch``/``ländlich``/empty) of the wave's actors.
    memberships : pandas.DataFrame
        ``akteur_id`` (and ``netzwerk_id``: repeated pairs count once) of each membership.
    gazetteer : pandas.DataFrame, optional
        The gazetteer (``gemeinde``, ``landkreis``, ``einwohner``, ``raumtyp``; one row per
        postcode and town): every municipality counts once.

    Returns
    -------
    UrbanShares
        Only actors with a known place type count, in the actors' and in the memberships'
        share; a membership counts for the place type of its actor (the same rule as
        :func:`bildungsnetz.analysis.compare.urban_shares` applies this function to every wave
        of a series).

    Examples
    --------
    >>> a = pd.DataFrame({"akteur_id": ["A", "B", "C"],
    ...                   "raumtyp": ["städtisch", "ländlich", ""]})
    >>> m = pd.DataFrame({"akteur_id": ["A", "A", "A", "B", "C"]})
    >>> s = urban_shares(a, m)
    >>> s.actors, s.memberships, s.n_memberships
    (0.5, 0.75, 4)
    """
    types = actors["raumtyp"] if "raumtyp" in actors.columns else pd.Series("", index=actors.index)
    kind = dict(zip(actors["akteur_id"], types.fillna("").astype(str)))
    known = [k for k in kind.values() if k in (URBAN, RURAL)]
    if "netzwerk_id" in memberships.columns:
        memberships = memberships.drop_duplicates(["akteur_id", "netzwerk_id"])
    held = [kind.get(a, "") for a in memberships["akteur_id"]]
    held = [k for k in held if k in (URBAN, RURAL)]
    population = math.nan
    if gazetteer is not None and len(gazetteer) and "einwohner" in gazetteer.columns:
        places = gazetteer.drop_duplicates(["gemeinde", "landkreis"])
        inhabitants = pd.to_numeric(places["einwohner"], errors="coerce").fillna(0)
        population = _share(
            inhabitants[places["raumtyp"].astype(str) == URBAN].sum(), inhabitants.sum()
        )
    return UrbanShares(
        population=population,
        actors=_share(sum(k == URBAN for k in known), len(known)),
        memberships=_share(sum(k == URBAN for k in held), len(held)),
        n_actors=len(known),
        n_memberships=len(held),
        n_urban_actors=sum(k == URBAN for k in known),
        n_urban_memberships=sum(k == URBAN for k in held),
    )


def rural_potential_by_district(
    potentials: pd.DataFrame, actors: pd.DataFrame, n: int = 50
) -> pd.DataFrame:
    """Where the rural cooperation potential lies: suggestions with a rural actor per district.

    Parameters
    ----------
    potentials : pandas.DataFrame
        The cooperation potentials (``art``, ``id_a``, ``id_b``, strongest first).
    actors : pandas.DataFrame
        ``akteur_id``, ``landkreis``, ``raumtyp`` of the wave's actors.
    n : int
        Only the ``n`` strongest actor–actor suggestions count (``art == "akteur_akteur"``).

    Returns
    -------
    pandas.DataFrame
        ``landkreis`` and ``vorschlaege``: for each district, how many of these suggestions
        involve a rural actor of that district (a pair of two rural actors from two districts
        counts for both, a pair from one district once); most first, then by name. Rural
        actors without a district count under ``""``. Empty when no suggestion involves a
        rural actor.

    Examples
    --------
    >>> p = pd.DataFrame({"art": ["akteur_akteur"] * 2, "id_a": ["A", "B"], "id_b": ["B", "C"]})
    >>> a = pd.DataFrame({"akteur_id": ["A", "B", "C"], "landkreis": ["X", "Y", "X"],
    ...                   "raumtyp": ["ländlich", "ländlich", "städtisch"]})
    >>> rural_potential_by_district(p, a).to_dict("records")
    [{'landkreis': 'Y', 'vorschlaege': 2}, {'landkreis': 'X', 'vorschlaege': 1}]
    """
    pairs = potentials[potentials["art"] == "akteur_akteur"].head(n)
    rural = actors[actors["raumtyp"].fillna("").astype(str) == RURAL]
    district = dict(zip(rural["akteur_id"], rural["landkreis"].fillna("").astype(str)))
    counts: dict[str, int] = {}
    for a, b in zip(pairs["id_a"], pairs["id_b"]):
        for d in {district[x] for x in (a, b) if x in district}:
            counts[d] = counts.get(d, 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return pd.DataFrame(rows, columns=["landkreis", "vorschlaege"]).astype(
        {"landkreis": str, "vorschlaege": int}
    )
