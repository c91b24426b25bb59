"""The evidence behind each finding, as data: what the report's sentences are made of.

The analysis finds duplicate structures, cooperation potential and hidden champions; the
report explains each one in a German sentence (:mod:`bildungsnetz.report.sentences`). Between
the two, every finding carries an evidence record – names, shared topics, distances, flags –
in the column :data:`EVIDENCE` of its table. The record holds the values at full precision
(the published numbers are rounded), so that the words describe exactly what was found.

The column stands where the published table has its text column (:data:`TEXT_COLUMNS`): the
report replaces one by the other, so evidence never reaches a published file.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "EVIDENCE",
    "TEXT_COLUMNS",
    "DuplicateEvidence",
    "PairEvidence",
    "NetworkEvidence",
    "ChampionEvidence",
]

#: Column of the analysis tables holding one evidence record per row.
EVIDENCE = "belege"
#: Analysis table → the text column the report writes in place of :data:`EVIDENCE`.
TEXT_COLUMNS = {
    "kennzahlen_akteure": "hidden_champion_grund",
    "potenziale": "erklaerung",
    "doppelstrukturen": "erklaerung",
    "handlungsempfehlungen": "empfehlung",
}


@dataclass(frozen=True)
class DuplicateEvidence:
    """Why two networks look like a duplicate structure (see ``duplicate_structures``).

    Attributes
    ----------
    name_a, name_b : str
        Names of the two networks.
    district_a, district_b : str
        Their districts (``"Lausitz"`` for region-wide networks).
    area : str
        The area both work in: the common district, the district of the one that is not
        region-wide, or ``"Lausitz"`` when both are region-wide.
    members_a, members_b, shared_members : int
        Number of members of each and number of members they share.
    jaccard_members : float
        Jaccard similarity of the member sets.
    shared_topics, shared_targets : tuple of str
        Topics and target groups both work on, sorted.
    """

    name_a: str
    name_b: str
    district_a: str
    district_b: str
    area: str
    members_a: int
    members_b: int
    shared_members: int
    jaccard_members: float
    shared_topics: tuple[str, ...]
    shared_targets: tuple[str, ...]


@dataclass(frozen=True)
class PairEvidence:
    """Why two actors that do not work together yet would fit (``actor_pair_potential``).

    Attributes
    ----------
    shared_topics, shared_targets : tuple of str
        Topics and target groups both work on, sorted.
    district_a, district_b : str
        Districts of the two actors (``""`` when unknown).
    shared_partners : int
        Number of common partners in the co-membership graph.
    distance_km : float
        Distance between the two in km; NaN when a place is unknown.
    rural_actors : int
        How many of the two (0, 1 or 2) are in a rural municipality.
    """

    shared_topics: tuple[str, ...]
    shared_targets: tuple[str, ...]
    district_a: str
    district_b: str
    shared_partners: int
    distance_km: float
    rural_actors: int


@dataclass(frozen=True)
class NetworkEvidence:
    """Why a network would fit an actor that is not a member (``network_suggestions``).

    Attributes
    ----------
    actor_name : str
        Name of the actor.
    shared_topics, shared_targets : tuple of str
        Topics and target groups of the network the actor works on, sorted.
    network_district : str
        District of the network (``"Lausitz"`` when region-wide, ``""`` when unknown).
    partners_in_network : int
        Number of the actor's partners that already are members.
    distance_km : float
        Distance in km to the network's nearest member; NaN when unknown.
    same_area : bool
        Whether the network works in the actor's district or region-wide.
    actor_rural : bool
        Whether the actor is in a rural municipality.
    """

    actor_name: str
    shared_topics: tuple[str, ...]
    shared_targets: tuple[str, ...]
    network_district: str
    partners_in_network: int
    distance_km: float
    same_area: bool
    actor_rural: bool


@dataclass(frozen=True)
class ChampionEvidence:
    """Why an actor is (or is not) a hidden champion (``hidden_champions``).

    Attributes
    ----------
    named_by_central : bool
        Rule A: named as a cooperation partner – above all by central actors – far more
        than its memberships predict.
    pagerank_beyond : bool
        Rule B: PageRank clearly above what the number and size of its networks predict.
    networks : int
        Number of networks of the actor.
    network_members : int
        Sum of the sizes (members) of these networks.
    shared_position : int
        Number of other actors that are members of all of its networks (its co-membership
        position is theirs too).
    pagerank, pagerank_expected : float
        PageRank in the co-membership graph and what number and size of the networks
        predict.
    namers : int
        Number of actors naming it as a cooperation partner (0 without cooperations).
    central_namers : int
        How many of them are central (top share by PageRank).
    naming_weight, naming_expected : float
        Namings weighted by the namers' centrality (an average actor counts 1) and what the
        memberships predict; NaN without cooperations or when there are too few actors.
    """

    named_by_central: bool
    pagerank_beyond: bool
    networks: int
    network_members: int
    shared_position: int
    pagerank: float
    pagerank_expected: float
    namers: int
    central_namers: int
    naming_weight: float
    naming_expected: float
