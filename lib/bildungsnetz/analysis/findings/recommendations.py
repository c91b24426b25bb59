"""Recommendations ("Handlungsempfehlungen"): concrete next steps derived from the findings.

Four rules turn the findings of a wave into steps, each rule one function whose docstring
states what it takes, its thresholds and why:

======================================  =================================================
:func:`merge_steps`                     duplicate network pairs to bring to one table
                                        (``art="doppelstruktur"``)
:func:`invite_steps`                    rural actors to invite into networks
                                        (``art="einladung"``)
:func:`missing_network_steps`           topics without a network in a district
                                        (``art="weisser_fleck"``)
:func:`bridge_steps`                    bridge actors to involve in cross-state work
                                        (``art="bruecke"``)
======================================  =================================================

:func:`recommendations` puts them into one table (``handlungsempfehlungen.csv``,
:data:`RECOMMENDATION_COLUMNS`): one row per step with its kind (``art``), its rank within the
kind (``rang``, 1 = most urgent) and the number behind that rank (``prioritaet``), the
districts it touches (``landkreise``, for the district pages), the actors and networks
involved (``akteur_ids``, ``netzwerk_ids``, ``"; "``-joined) and its evidence record (the
dataclasses below) in the column :data:`~bildungsnetz.analysis.findings.evidence.EVIDENCE`.
The report writes the German sentences (``empfehlung``) from the evidence
(:mod:`bildungsnetz.report.recommendations`). The rules are in-house heuristics; they
propose conversations, they decide nothing.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from bildungsnetz.analysis.findings.evidence import EVIDENCE
from bildungsnetz.analysis.graphs import (
    REGION,
    actor_nodes,
    network_nodes,
    node_value,
    split_values,
)

__all__ = [
    "RECOMMENDATION_KINDS",
    "RECOMMENDATION_COLUMNS",
    "INVITES_PER_ACTOR",
    "INVITES_PER_NETWORK",
    "NETWORKS_PER_BRIDGE",
    "Ref",
    "MergeEvidence",
    "InviteEvidence",
    "MissingNetworkEvidence",
    "BridgeEvidence",
    "merge_steps",
    "invite_steps",
    "missing_network_steps",
    "bridge_steps",
    "recommendations",
]

#: The kinds of step (``art``), in the order the report shows them.
RECOMMENDATION_KINDS = ("doppelstruktur", "einladung", "weisser_fleck", "bruecke")

#: Columns of ``handlungsempfehlungen.csv``; the analysis table has :data:`EVIDENCE` in place
#: of the German ``empfehlung`` written by the report.
RECOMMENDATION_COLUMNS = [
    "art",
    "rang",
    "prioritaet",
    "landkreise",
    "akteur_ids",
    "netzwerk_ids",
    "thema",
    "empfehlung",
]
_ANALYSIS_COLUMNS = [EVIDENCE if c == "empfehlung" else c for c in RECOMMENDATION_COLUMNS]

#: Invitations per rural actor (see :func:`invite_steps`).
INVITES_PER_ACTOR = 1
#: Invitations into one network (see :func:`invite_steps`).
INVITES_PER_NETWORK = 2
#: Networks of the other state suggested to each bridge actor (see :func:`bridge_steps`).
NETWORKS_PER_BRIDGE = 2


# --------------------------------------------------------------------------- evidence


@dataclass(frozen=True)
class Ref:
    """An actor or a network named in a step: its id and its publishable name."""

    id: str
    name: str


@dataclass(frozen=True)
class MergeEvidence:
    """Why two networks should meet at one table (``art="doppelstruktur"``).

    Attributes
    ----------
    network_a, network_b : Ref
        The two networks of the duplicate pair.
    district_a, district_b : str
        Their districts (``"Lausitz"`` for region-wide networks).
    area : str
        The area both work in (see ``duplicate_structures``).
    members_a, members_b : int
        Number of members of each.
    shared_members : tuple of Ref
        The members both share; those leading or hosting one of the two first, then by
        name.
    jaccard_members : float
        Jaccard similarity of the member sets.
    shared_topics, shared_targets : tuple of str
        Topics and target groups both work on, sorted.
    score : float
        The duplicate score (``doppelstrukturen.score``).
    """

    network_a: Ref
    network_b: Ref
    district_a: str
    district_b: str
    area: str
    members_a: int
    members_b: int
    shared_members: tuple[Ref, ...]
    jaccard_members: float
    shared_topics: tuple[str, ...]
    shared_targets: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class InviteEvidence:
    """Why a rural actor should be invited into a network (``art="einladung"``).

    Attributes
    ----------
    actor, network : Ref
        The rural actor and the network.
    actor_district, network_district : str
        Their districts (network: ``"Lausitz"`` when region-wide; ``""`` when unknown).
    shared_topics, shared_targets : tuple of str
        Topics and target groups of the network the actor works on, sorted.
    partners_in_network : int
        Number of the actor's partners that already are members.
    distance_km : float
        Distance to the network's nearest member; NaN when unknown.
    score : float
        The suggestion's score (``potenziale.score``).
    """

    actor: Ref
    network: Ref
    actor_district: str
    network_district: str
    shared_topics: tuple[str, ...]
    shared_targets: tuple[str, ...]
    partners_in_network: int
    distance_km: float
    score: float


@dataclass(frozen=True)
class MissingNetworkEvidence:
    """Why a district lacks a network on a topic (``art="weisser_fleck"``).

    Attributes
    ----------
    topic : str
        The topic.
    district : str
        The district without a network on it.
    actors_in_district : int
        Number of actors of the wave in the district.
    actors_on_topic : tuple of Ref
        Actors of the district working on the topic in networks elsewhere (those in most
        networks on the topic first, then by name).
    networks_elsewhere : tuple of Ref
        The networks on the topic (those with most members from the district first, then
        the larger ones, then by id).
    regional_networks : tuple of Ref
        Those of them working region-wide (``"Lausitz"``).
    districts_with_network : tuple of str
        Districts that have a network on the topic, sorted.
    """

    topic: str
    district: str
    actors_in_district: int
    actors_on_topic: tuple[Ref, ...]
    networks_elsewhere: tuple[Ref, ...]
    regional_networks: tuple[Ref, ...]
    districts_with_network: tuple[str, ...]


@dataclass(frozen=True)
class BridgeEvidence:
    """Why an actor should be involved in cross-state work (``art="bruecke"``).

    Attributes
    ----------
    actor : Ref
        The bridge actor.
    district, state : str
        Its district and state (``""`` when unknown).
    networks_by_state : tuple of (str, int)
        Its networks per state (the states of the networks' seats, sorted by name).
    participation : float
        Participation coefficient over the states of its networks.
    cross_state_topics : tuple of str
        Topics it works on in networks of every one of these states, sorted.
    target_state : str
        The state whose networks are suggested (the other state than its own).
    suggested_networks : tuple of Ref
        Networks of ``target_state`` it is not in that work on its topics, best first.
    """

    actor: Ref
    district: str
    state: str
    networks_by_state: tuple[tuple[str, int], ...]
    participation: float
    cross_state_topics: tuple[str, ...]
    target_state: str
    suggested_networks: tuple[Ref, ...]


# --------------------------------------------------------------------------- helpers


def _ref(B: nx.Graph, node: Hashable) -> Ref:
    return Ref(str(node), str(node_value(B, node, "name") or node))


def _districts(*values: str) -> str:
    """The districts a step touches, ``"; "``-joined, unique, in the given order."""
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return "; ".join(out)


def _ids(items: Iterable[Ref]) -> str:
    return "; ".join(dict.fromkeys(r.id for r in items))


def _frame(kind: str, rows: list[dict]) -> pd.DataFrame:
    """Rows (already in rank order) as a table of :data:`_ANALYSIS_COLUMNS` with ``rang``."""
    df = pd.DataFrame(rows, columns=[c for c in _ANALYSIS_COLUMNS if c not in ("art", "rang")])
    df.insert(0, "rang", range(1, len(df) + 1))
    df.insert(0, "art", kind)
    return df[_ANALYSIS_COLUMNS].reset_index(drop=True)


def _topics(B: nx.Graph, x: Hashable) -> tuple[str, ...]:
    return split_values(node_value(B, x, "themen"))


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


# --------------------------------------------------------------------------- rule 1


def merge_steps(B: nx.Graph, duplicates: pd.DataFrame) -> pd.DataFrame:
    """Duplicate network pairs to bring to one table (``art="doppelstruktur"``).

    Rule: every pair that :func:`~bildungsnetz.analysis.findings.duplicate_structures` flags
    becomes one step, strongest first (its ``score``, then the order of the duplicates
    table); ``prioritaet`` is that score. Evidence: shared members (those leading or
    hosting one of the two networks first – they can invite to the joint meeting), the
    members of each, shared topics and target groups, the common area. The step touches
    the districts of both networks (``"Lausitz"`` for a region-wide one).

    Rationale: the duplicate finding already demands overlapping members, content and area
    (its thresholds are stated there); no further threshold is added, because every
    flagged pair deserves a conversation – and only a conversation: whether two bodies
    merge, split their work or just coordinate is for their members to decide.

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph (for the shared members and their roles).
    duplicates : pandas.DataFrame
        The table of ``duplicate_structures(B)``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RECOMMENDATION_COLUMNS` with :data:`EVIDENCE` (a
        :class:`MergeEvidence`) in place of ``empfehlung``.

    Examples
    --------
    >>> from bildungsnetz.analysis.findings import duplicate_structures
    >>> B = nx.Graph()
    >>> for x in ("N1", "N2"):
    ...     B.add_node(x, bipartite=1, name=f"AG {x}", landkreis="Görlitz", themen="MINT",
    ...                zielgruppen="Schüler*innen")
    >>> for a in ("A1", "A2", "A3"):
    ...     B.add_node(a, bipartite=0, name=f"Schule {a}")
    ...     B.add_edges_from([(a, "N1"), (a, "N2")], rolle="Mitglied")
    >>> B.edges["A3", "N2"]["rolle"] = "Leitung"
    >>> steps = merge_steps(B, duplicate_structures(B, max_q=1.0))  # too few actors to test
    >>> steps[["art", "rang", "landkreise", "netzwerk_ids", "akteur_ids"]]
                  art  rang landkreise netzwerk_ids     akteur_ids
    0  doppelstruktur     1    Görlitz     N1; N2  A3; A1; A2
    >>> steps.loc[0, "belege"].shared_members[0].name
    'Schule A3'
    """
    rows: list[dict[str, Any]] = []
    for rec in duplicates.to_dict("records"):
        x, y = rec["netzwerk_a_id"], rec["netzwerk_b_id"]
        shared = set(B[x]) & set(B[y]) if x in B and y in B else set()

        def lead(a: Hashable, x: Hashable = x, y: Hashable = y) -> int:
            roles = {B.edges[a, n].get("rolle", "") for n in (x, y)}
            return 0 if roles & {"Leitung", "Gastgeber"} else 1

        members = tuple(
            _ref(B, a) for a in sorted(shared, key=lambda a: (lead(a), _ref(B, a).name, a))
        )
        evidence = MergeEvidence(
            network_a=Ref(str(x), str(rec["netzwerk_a"])),
            network_b=Ref(str(y), str(rec["netzwerk_b"])),
            district_a=_text(rec["landkreis_a"]),
            district_b=_text(rec["landkreis_b"]),
            area=_text(rec["gebiet"]),
            members_a=int(rec["mitglieder_a"]),
            members_b=int(rec["mitglieder_b"]),
            shared_members=members,
            jaccard_members=float(rec["jaccard_mitglieder"]),
            shared_topics=split_values(str(rec["gemeinsame_themen"]).replace("; ", ";")),
            shared_targets=split_values(str(rec["gemeinsame_zielgruppen"]).replace("; ", ";")),
            score=float(rec["score"]),
        )
        rows.append(
            {
                "prioritaet": evidence.score,
                "landkreise": _districts(evidence.district_a, evidence.district_b),
                "akteur_ids": _ids(members),
                "netzwerk_ids": _ids([evidence.network_a, evidence.network_b]),
                "thema": "",
                EVIDENCE: evidence,
            }
        )
    rows.sort(key=lambda r: -r["prioritaet"])  # stable: ties keep the duplicates' order
    return _frame("doppelstruktur", rows)


# --------------------------------------------------------------------------- rule 2


def _is_true(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().casefold() in ("true", "1", "ja", "wahr")
    return bool(value) and not (isinstance(value, float) and math.isnan(value))


def invite_steps(
    potentials: pd.DataFrame,
    *,
    per_actor: int = INVITES_PER_ACTOR,
    per_network: int = INVITES_PER_NETWORK,
) -> pd.DataFrame:
    """Rural actors to invite into networks (``art="einladung"``).

    Rule: from the network suggestions of the cooperation potential
    (``art="akteur_netzwerk"`` of
    :func:`~bildungsnetz.analysis.findings.cooperation_potential`: networks an actor is not
    in, sharing at least one topic and one target group with it) only those for a rural
    actor (``laendlich``) are taken, best score first (ties: actor id, network id), and
    accepted greedily while the actor has fewer than ``per_actor`` (default 1) and the
    network fewer than ``per_network`` (default 2) accepted invitations. ``prioritaet`` is
    the suggestion's score. The step touches the actor's district and the network's.

    Rationale: rural actors have fewer partners nearby and are a priority of structural
    policy in the region (they are already weighted up in the score). One invitation per
    actor makes a clear next step; at most two newcomers per network per wave keep the
    invitations spread over many networks – the large region-wide networks fit almost
    everyone and would otherwise take every invitation.

    Parameters
    ----------
    potentials : pandas.DataFrame
        The cooperation potential (columns ``art``, ``id_a``, ``name_a``, ``landkreis_a``,
        ``id_b``, ``name_b``, ``landkreis_b``, ``gemeinsame_themen``,
        ``gemeinsame_zielgruppen``, ``gemeinsame_partner``, ``distanz_km``, ``laendlich``,
        ``score``).
    per_actor, per_network : int, optional
        Invitations per actor and per network.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RECOMMENDATION_COLUMNS` with :data:`EVIDENCE` (an
        :class:`InviteEvidence`) in place of ``empfehlung``.

    Examples
    --------
    Three rural schools fit the same network; only two are invited into it, the third into
    its second-best network:

    >>> pot = pd.DataFrame({
    ...     "art": "akteur_netzwerk", "id_a": ["A1", "A2", "A3", "A3"],
    ...     "name_a": ["S1", "S2", "S3", "S3"], "landkreis_a": "Görlitz",
    ...     "id_b": ["N1", "N1", "N1", "N2"], "name_b": ["MINT", "MINT", "MINT", "Kultur"],
    ...     "landkreis_b": "Görlitz", "gemeinsame_themen": "MINT",
    ...     "gemeinsame_zielgruppen": "Kinder", "gemeinsame_partner": 0,
    ...     "distanz_km": 5.0, "laendlich": True, "score": [0.9, 0.8, 0.7, 0.6]})
    >>> invite_steps(pot)[["rang", "akteur_ids", "netzwerk_ids", "prioritaet"]]
       rang akteur_ids netzwerk_ids  prioritaet
    0     1         A1           N1         0.9
    1     2         A2           N1         0.8
    2     3         A3           N2         0.6
    """
    if len(potentials) == 0 or "art" not in potentials.columns:
        return _frame("einladung", [])
    sug = potentials[potentials["art"] == "akteur_netzwerk"]
    sug = sug[[_is_true(v) for v in sug["laendlich"]]]
    sug = sug.assign(_s=pd.to_numeric(sug["score"], errors="coerce").fillna(0.0))
    sug = sug.sort_values(["_s", "id_a", "id_b"], ascending=[False, True, True], kind="mergesort")
    per_a: Counter = Counter()
    per_n: Counter = Counter()
    rows = []
    for rec in sug.to_dict("records"):
        a, x = str(rec["id_a"]), str(rec["id_b"])
        if per_a[a] >= per_actor or per_n[x] >= per_network:
            continue
        per_a[a] += 1
        per_n[x] += 1
        partners = pd.to_numeric(rec.get("gemeinsame_partner"), errors="coerce")
        distance = pd.to_numeric(rec.get("distanz_km"), errors="coerce")
        evidence = InviteEvidence(
            actor=Ref(a, str(rec["name_a"])),
            network=Ref(x, str(rec["name_b"])),
            actor_district=_text(rec.get("landkreis_a")),
            network_district=_text(rec.get("landkreis_b")),
            shared_topics=split_values(_text(rec.get("gemeinsame_themen")).replace("; ", ";")),
            shared_targets=split_values(
                _text(rec.get("gemeinsame_zielgruppen")).replace("; ", ";")
            ),
            partners_in_network=0 if pd.isna(partners) else int(partners),
            distance_km=math.nan if pd.isna(distance) else float(distance),
            score=float(rec["_s"]),
        )
        rows.append(
            {
                "prioritaet": evidence.score,
                "landkreise": _districts(evidence.actor_district, evidence.network_district),
                "akteur_ids": a,
                "netzwerk_ids": x,
                "thema": "",
                EVIDENCE: evidence,
            }
        )
    return _frame("einladung", rows)


# --------------------------------------------------------------------------- rule 3


def missing_network_steps(B: nx.Graph, districts: Sequence[str] | None = None) -> pd.DataFrame:
    """Topics without a network in a district (``art="weisser_fleck"``).

    Rule: a topic :math:`t` lacks a network in district :math:`d` when networks based in
    at least one other district (``netzwerke.landkreis``) work on :math:`t` but none of the
    networks based in :math:`d` does. Region-wide networks ("Lausitz") are based in no
    district: a topic worked on only region-wide is no gap of any district, and where a
    gap has region-wide networks on the topic, they are named in the evidence, so that the
    report can ask whether the district needs a network of its own. Only districts with
    at least one actor in the wave are looked at (of others nothing is known). Evidence:
    the actors of :math:`d` working on :math:`t` in networks elsewhere (an actor works on
    the topics of its networks), the networks on :math:`t` and the districts having one.
    Ranked by the number of such actors (``prioritaet``: demand that has no local
    place), then by the number of networks on the topic, then topic and district – with
    one exception: a topic's second gap comes after the first gap of every other topic
    (and its third after every second), so that the first steps cover different topics.

    Rationale: the white spots of the report are topics nobody in a district works on; a
    next step needs more – a topic that other districts organise in networks of their own
    but this one does not (a topic organised only for the whole region is organised that
    way on purpose). Actors of the district who
    travel to networks elsewhere for it show a demand that a local network or a local
    working group could meet; where there are none, the step is weaker and ranks last.

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph.
    districts : sequence of str, optional
        The districts looked at (e.g. those of the reference data); by default the
        districts of the actors and networks of the wave.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RECOMMENDATION_COLUMNS` with :data:`EVIDENCE` (a
        :class:`MissingNetworkEvidence`) in place of ``empfehlung``; ``thema`` is the topic.

    Examples
    --------
    Görlitz has a MINT network, Bautzen has none, but a school of Bautzen travels to it:

    >>> B = nx.Graph()
    >>> B.add_node("N1", bipartite=1, name="MINT Görlitz", landkreis="Görlitz", themen="MINT")
    >>> B.add_node("A1", bipartite=0, name="Schule Bautzen", landkreis="Bautzen")
    >>> B.add_node("A2", bipartite=0, name="Schule Görlitz", landkreis="Görlitz")
    >>> B.add_edges_from([("A1", "N1"), ("A2", "N1")])
    >>> missing_network_steps(B)[["thema", "landkreise", "prioritaet", "akteur_ids"]]
      thema landkreise  prioritaet akteur_ids
    0  MINT    Bautzen           1         A1
    """
    nets = network_nodes(B)
    actors = actor_nodes(B)
    net_district = {x: _text(node_value(B, x, "landkreis")) for x in nets}
    actor_district = {a: _text(node_value(B, a, "landkreis")) for a in actors}
    by_topic: dict[str, list] = defaultdict(list)
    for x in nets:
        for t in _topics(B, x):
            by_topic[t].append(x)
    if districts is None:
        found = set(actor_district.values()) | set(net_district.values())
        districts = sorted(d for d in found if d and d != REGION)
    population = Counter(actor_district.values())
    rows = []
    for t in sorted(by_topic):
        local = {net_district[x] for x in by_topic[t]}
        having = tuple(sorted(d for d in local if d and d != REGION))
        if not having:
            continue
        for d in districts:
            if not d or d == REGION or d in local or population[d] == 0:
                continue
            rows.append(_missing_row(B, t, d, by_topic[t], actor_district, having, population[d]))
    rows.sort(key=lambda r: (-r["prioritaet"], -r["_n"], r["thema"], r["landkreise"]))
    seen: Counter = Counter()
    for r in rows:  # how many gaps of the same topic rank above this one
        r["_n"] = seen[r["thema"]]
        seen[r["thema"]] += 1
    rows.sort(key=lambda r: r["_n"])  # stable: within a round the order above
    for r in rows:
        del r["_n"]
    return _frame("weisser_fleck", rows)


def _missing_row(
    B: nx.Graph,
    topic: str,
    district: str,
    networks: list,
    actor_district: dict,
    having: tuple[str, ...],
    population: int,
) -> dict:
    """The step "``topic`` lacks a network in ``district``"."""
    count: Counter = Counter()  # actor of the district → its networks on the topic
    from_district: Counter = Counter()  # network → its members from the district
    for x in networks:
        for a in B[x]:
            if actor_district.get(a) == district:
                count[a] += 1
                from_district[x] += 1
    on_topic = tuple(
        _ref(B, a) for a in sorted(count, key=lambda a: (-count[a], _ref(B, a).name, a))
    )
    ordered = sorted(networks, key=lambda x: (-from_district[x], -B.degree(x), x))
    elsewhere = tuple(_ref(B, x) for x in ordered)
    regional = tuple(_ref(B, x) for x in ordered if _text(node_value(B, x, "landkreis")) == REGION)
    evidence = MissingNetworkEvidence(
        topic=topic,
        district=district,
        actors_in_district=population,
        actors_on_topic=on_topic,
        networks_elsewhere=elsewhere,
        regional_networks=regional,
        districts_with_network=having,
    )
    return {
        "prioritaet": len(on_topic),
        "_n": len(networks),
        "landkreise": district,
        "akteur_ids": _ids(on_topic),
        "netzwerk_ids": _ids(elsewhere),
        "thema": topic,
        EVIDENCE: evidence,
    }


# --------------------------------------------------------------------------- rule 4


def bridge_steps(
    B: nx.Graph,
    actors: pd.DataFrame | None = None,
    *,
    networks_per_bridge: int = NETWORKS_PER_BRIDGE,
) -> pd.DataFrame:
    r"""Bridge actors to involve in cross-state work (``art="bruecke"``).

    Rule: a bridge is an actor that is a member of networks based in two states (the
    ``bundesland`` of the networks: Brandenburg and Saxony; region-wide networks have none
    and do not count) – the bridges of the report's section „Gatekeeper und Brücken“.
    Ranked by the participation coefficient over the states of its networks,
    :math:`P = 1 - \sum_s (k_s/k)^2` (``prioritaet``; the more evenly its networks are
    spread over both states, the stronger the bridge), then by two-mode betweenness (from
    ``actors``, when given), then by id. For each bridge, up to ``networks_per_bridge``
    networks of the *other* state (the one that is not its own; without a known own state,
    the one with fewer of its networks) are suggested: networks it is not in that work on
    its cross-state topics (topics it works on in both states) – or, without such topics,
    on any of its topics – ranked by the number of its topics they share, then by its
    partners already inside, then by size, then by id. The step touches the actor's
    district and those of the suggested networks.

    Rationale: bridges already carry information between the two states; the cheapest way
    to more cross-state work is to widen what they already do – the topics they work on in
    both states, in networks of the state where they are less present, where partners of
    theirs can introduce them.

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph.
    actors : pandas.DataFrame, optional
        Actor measures (``akteur_id``, ``betweenness``) for the tie-break.
    networks_per_bridge : int, optional
        Networks suggested per bridge.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RECOMMENDATION_COLUMNS` with :data:`EVIDENCE` (a
        :class:`BridgeEvidence`) in place of ``empfehlung``.

    Examples
    --------
    A university of Cottbus in one network in each state; a Saxon MINT network would fit:

    >>> B = nx.Graph()
    >>> B.add_node("A1", bipartite=0, name="Hochschule", landkreis="Cottbus",
    ...            bundesland="Brandenburg")
    >>> for x, lk, land in (("N1", "Cottbus", "Brandenburg"), ("N2", "Görlitz", "Sachsen"),
    ...                     ("N3", "Bautzen", "Sachsen")):
    ...     B.add_node(x, bipartite=1, name=x, landkreis=lk, bundesland=land, themen="MINT")
    >>> B.add_edges_from([("A1", "N1"), ("A1", "N2")])
    >>> bridge_steps(B)[["akteur_ids", "netzwerk_ids", "landkreise", "prioritaet"]]
      akteur_ids netzwerk_ids        landkreise  prioritaet
    0         A1           N3  Cottbus; Bautzen         0.5
    """
    betweenness: dict = {}
    if actors is not None and {"akteur_id", "betweenness"} <= set(actors.columns):
        values = pd.to_numeric(actors["betweenness"], errors="coerce").fillna(0.0)
        betweenness = dict(zip(actors["akteur_id"], values))
    nets = network_nodes(B)
    state = {x: _text(node_value(B, x, "bundesland")) for x in nets}
    rows = []
    for a in actor_nodes(B):
        per_state: dict[str, list] = defaultdict(list)
        for x in sorted(B[a]):
            if state.get(x):
                per_state[state[x]].append(x)
        if len(per_state) < 2:
            continue
        rows.append(_bridge_row(B, a, per_state, nets, state, networks_per_bridge))
        rows[-1]["_b"] = float(betweenness.get(a, 0.0))
    rows.sort(key=lambda r: (-r["prioritaet"], -r["_b"], r["akteur_ids"]))
    for r in rows:
        del r["_b"]
    return _frame("bruecke", rows)


def _bridge_row(
    B: nx.Graph,
    a: Hashable,
    per_state: dict[str, list],
    nets: list,
    state: dict,
    limit: int,
) -> dict:
    """The step "involve bridge ``a`` in cross-state work"."""
    counts = {s: len(xs) for s, xs in per_state.items()}
    total = sum(counts.values())
    participation = 1.0 - sum((k / total) ** 2 for k in counts.values())
    own = _text(node_value(B, a, "bundesland"))
    others = [s for s in counts if s != own] if own in counts else list(counts)
    target = min(others, key=lambda s: (counts[s], s))
    topic_sets = [set().union(*(_topics(B, x) for x in xs)) for xs in per_state.values()]
    cross = set.intersection(*topic_sets)
    mine = set().union(*topic_sets, *(_topics(B, x) for x in B[a]))
    wanted = cross or mine
    partners = {p for x in B[a] for p in B[x]} - {a}
    candidates = []
    for x in nets:
        if state[x] != target or B.has_edge(a, x):
            continue
        shared = wanted & set(_topics(B, x))
        if not shared:
            continue
        inside = sum(1 for p in B[x] if p in partners)
        candidates.append((-len(set(_topics(B, x)) & mine), -inside, -B.degree(x), x))
    suggested = tuple(_ref(B, c[-1]) for c in sorted(candidates)[:limit])
    evidence = BridgeEvidence(
        actor=_ref(B, a),
        district=_text(node_value(B, a, "landkreis")),
        state=own,
        networks_by_state=tuple(sorted(counts.items())),
        participation=participation,
        cross_state_topics=tuple(sorted(cross)),
        target_state=target,
        suggested_networks=suggested,
    )
    return {
        "prioritaet": participation,
        "landkreise": _districts(
            evidence.district, *(_text(node_value(B, r.id, "landkreis")) for r in suggested)
        ),
        "akteur_ids": str(a),
        "netzwerk_ids": _ids(suggested),
        "thema": "",
        EVIDENCE: evidence,
    }


# --------------------------------------------------------------------------- all rules


def recommendations(
    B: nx.Graph,
    *,
    duplicates: pd.DataFrame,
    potentials: pd.DataFrame,
    actors: pd.DataFrame | None = None,
    districts: Sequence[str] | None = None,
) -> pd.DataFrame:
    """All steps of a wave in one table (``handlungsempfehlungen.csv``).

    The steps of :func:`merge_steps`, :func:`invite_steps`, :func:`missing_network_steps`
    and :func:`bridge_steps`, in the order of :data:`RECOMMENDATION_KINDS`, each kind
    ranked by its own rule (``rang``). Every step of every rule is kept; the report shows
    the first few of each kind.

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph.
    duplicates : pandas.DataFrame
        ``duplicate_structures(B)``.
    potentials : pandas.DataFrame
        ``cooperation_potential(B, ...)``.
    actors : pandas.DataFrame, optional
        Actor measures (for the ranking of the bridges).
    districts : sequence of str, optional
        Districts looked at for topics without a network.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RECOMMENDATION_COLUMNS` with :data:`EVIDENCE` in place of
        ``empfehlung``.

    Examples
    --------
    >>> B = nx.Graph()
    >>> B.add_node("A1", bipartite=0, name="Schule")
    >>> recommendations(B, duplicates=pd.DataFrame(), potentials=pd.DataFrame()).shape
    (0, 8)
    """
    parts = [
        merge_steps(B, duplicates) if len(duplicates) else _frame("doppelstruktur", []),
        invite_steps(potentials),
        missing_network_steps(B, districts),
        bridge_steps(B, actors),
    ]
    kept = [p for p in parts if len(p)]
    if not kept:
        return _frame("doppelstruktur", [])
    return pd.concat(kept, ignore_index=True)
