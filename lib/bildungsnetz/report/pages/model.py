"""What the actor profiles and the district pages show, computed once for the whole wave.

:func:`pages_model` reads a :class:`~bildungsnetz.report.context.WaveContext` and returns the
content of every page as plain data (:class:`ActorPage`, :class:`DistrictPage`); the words
that need the data (rank lines, trend sentences, "nothing here" sentences) are written here,
the layout is the templates' job (:mod:`bildungsnetz.report.pages.render`).

Privacy: only the columns in :data:`ACTOR_COLUMNS` of ``akteure`` are read – the name shown
is always ``anzeigename`` (the pseudonym for actors without consent), never ``akteur``; postcode
and town only for actors with a profile (who consented). The processed tables hold no contact
person, e-mail, phone or token in the first place.

Speed: everything per actor comes from arrays and dictionaries built once – networks per
actor and members per network as lists (partners by shared networks: how often each actor
occurs among the members of its networks; no actors × networks matrix, which at 100× would be
hundreds of MB), the suggestions grouped by actor, earlier waves loaded once – so that a wave
of 3,000 actors takes seconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from bildungsnetz.config import ROLE_RANK
from bildungsnetz.ingest.reference import load_reference
from bildungsnetz.report.context import WaveContext
from bildungsnetz.report.gaps import topic_district_gap
from bildungsnetz.report.netmap.style import ranks as competition_ranks
from bildungsnetz.report.numbers import MEASURE_FORMATS, format_number
from bildungsnetz.report.pages.links import (
    DISTRICT_DIR,
    PROFILE_DIR,
    district_href,
    district_pages,
    has_profile,
    profile_href,
)
from bildungsnetz.report.ranks import RANKED_BY, rank_text
from bildungsnetz.report.response import source_of_facts
from bildungsnetz.report.sentences import area_phrase, list_de
from bildungsnetz.text import cell_text, german_number, parse_float

#: The only columns of ``akteure`` the pages read (no ``akteur``: the shown name is
#: ``anzeigename``; contact data is not in the processed tables at all).
ACTOR_COLUMNS = (
    "akteur_id",
    "anzeigename",
    "veroeffentlichen",
    "kategorie",
    "ebene",
    "plz",
    "ort",
    "landkreis",
    "bundesland",
    "raumtyp",
    "befragt",
)
#: The measures behind an actor's position, in this order: the words of the rank line and
#: the name put before the value ("Rang 12 von 322 nach Zahl der Netzwerke (7)", "Rang 8 von
#: 322 nach Einfluss über Partner (PageRank 0,0123)").
POSITION_MEASURES = {
    "anzahl_netzwerke": ("nach Zahl der Netzwerke", ""),
    "partner": ("nach Zahl der Partner", ""),
    "pagerank": ("nach Einfluss über Partner", "PageRank "),
    "betweenness": ("nach Vermittlerrolle", "Betweenness "),
}
#: The rank columns shown with their interval (rank_text), by measure of RANKED_BY.
RANK_COLUMNS = tuple(
    f"rang_{m}{s}" for m in ("pagerank", "betweenness", "degree") for s in ("", "_von", "_bis")
)
#: How many partners an actor page lists (the rest is counted), and draws in its picture.
MAX_PARTNERS = 15
MAX_PICTURE_PARTNERS = 40
MAX_PICTURE_NETWORKS = 16
#: Suggestions per actor page: new partners, networks.
MAX_PARTNER_SUGGESTIONS = 5
MAX_NETWORK_SUGGESTIONS = 3
#: District pages: other networks with members from the district, rural actors, new actors.
MAX_OTHER_NETWORKS = 10
MAX_RURAL = 5
MAX_NEW_NAMES = 12
RURAL = "ländlich"
URBAN = "städtisch"


@dataclass(frozen=True)
class Link:
    """A name on a page, with the link to its page when it has one."""

    text: str
    href: str | None = None


@dataclass
class NetworkEntry:
    """One network of an actor: name, the actor's role, area, topics, number of members."""

    number: int
    name: str
    role: str
    coordinates: bool
    area: str
    topics: str
    members: int


@dataclass
class HistoryRow:
    """One wave in an actor's development."""

    wave: str
    present: bool
    networks: int = 0
    rank_networks: str = ""
    rank_pagerank: str = ""
    joined: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    first: bool = False


@dataclass
class ActorPage:
    """Everything an actor profile shows."""

    akteur_id: str
    name: str
    facts: list[tuple[str, str]]
    district: Link | None
    networks: list[NetworkEntry]
    partners: list[tuple[Link, int]]
    n_partners: int
    summary: str
    position: list[str]
    notes: list[str]
    history: list[HistoryRow]
    trend: list[str]
    partner_suggestions: list[tuple[Link, str]]
    network_suggestions: list[tuple[str, str]]
    picture: dict


@dataclass
class DistrictPage:
    """Everything a district page shows."""

    name: str
    slug: str
    title_phrase: str
    facts: list[tuple[str, str]]
    summary: str
    actors: list[tuple[Link, str, int, str]]
    networks: list[tuple[str, str, int, int, str]]
    networks_sentence: str
    other_networks: list[tuple[str, str, int]]
    links: list[tuple[Link, str, int]]
    links_sentence: str
    white_spots: list[str]
    white_spots_sentence: str
    rural: list[tuple[Link, str, str]]
    rural_sentence: str
    duplicates: list[tuple[str, str, str, str]]
    duplicates_sentence: str
    change: list[tuple[str, str, str]]
    change_sentence: str
    new_actors: list[Link]
    n_new: int = 0


@dataclass
class PagesModel:
    """The pages of one wave: actor profiles by id, district pages by district."""

    wave: str
    synthetic: bool
    actors: dict[str, ActorPage]
    districts: dict[str, DistrictPage]
    #: districts of the reference data: name → (bundesland, number of actors, number of
    #: networks with seat there) – for the overview, also those without a page
    reference: dict[str, tuple[str, int, int]]


# --------------------------------------------------------------------------------------------
# the wave, indexed once


def _text_column(frame: pd.DataFrame, column: str) -> list[str]:
    if column not in frame.columns:
        return [""] * len(frame)
    return [cell_text(v) for v in frame[column].tolist()]


def _split(value: object) -> list[str]:
    return [p.strip() for p in cell_text(value).split(";") if p.strip()]


def _count(value: float | int, singular: str, plural: str) -> str:
    """``1 Netzwerk`` / ``7 Netzwerke`` / ``1.234 Netzwerke``."""
    return f"{german_number(value, 0)} {singular if value == 1 else plural}"


@dataclass
class WaveIndex:
    """The wave's actors, networks and memberships as arrays and dictionaries."""

    ids: list[str]
    pos: dict[str, int]
    rows: list[dict]
    names: list[str]
    hrefs: list[str | None]
    net_ids: list[str]
    net_pos: dict[str, int]
    net_rows: list[dict]
    net_names: list[str]
    nets_of: list[list[int]]
    roles: dict[tuple[int, int], str]
    members_of: list[list[int]]
    values: dict[str, list[float | None]]
    ranks: dict[str, list[int | None]]
    measures: dict[str, list[str]]

    @cached_property
    def name_order(self) -> np.ndarray:
        """Each actor's place in the order by shown name (case-folded), then position."""
        order = sorted(range(len(self.names)), key=lambda j: (self.names[j].casefold(), j))
        out = np.empty(len(order), dtype=np.int64)
        out[order] = np.arange(len(order))
        return out

    @cached_property
    def net_name_of(self) -> dict[str, str]:
        """Network id -> shown name (built once, not per profile)."""
        return dict(zip(self.net_ids, self.net_names))

    def measure(self, column: str, k: int) -> str:
        """Actor ``k``'s text in a measure column, "" if the table has no such column."""
        values = self.measures.get(column)
        return values[k] if values is not None else ""

    def value(self, measure: str, k: int) -> float | None:
        """Actor ``k``'s number of a measure, None if the table has no such measure."""
        values = self.values.get(measure)
        return values[k] if values is not None else None


def _index_actors(ctx: WaveContext) -> tuple[list[dict], list[str], dict[str, int], list[str]]:
    """The actors' rows in id order, their ids, positions and shown names."""
    actors = ctx.akteure[[c for c in ACTOR_COLUMNS if c in ctx.akteure.columns]].copy()
    actors["akteur_id"] = actors["akteur_id"].map(cell_text)
    actors = actors[actors["akteur_id"] != ""].drop_duplicates("akteur_id")
    actors = actors.sort_values("akteur_id")
    rows = [{c: cell_text(row.get(c)) for c in ACTOR_COLUMNS} for row in actors.to_dict("records")]
    ids = [r["akteur_id"] for r in rows]
    pos = {aid: k for k, aid in enumerate(ids)}
    names = [r["anzeigename"] or f"Akteur {r['akteur_id']}" for r in rows]
    return rows, ids, pos, names


def _index_networks(ctx: WaveContext) -> tuple[list[dict], list[str], dict[str, int], list[str]]:
    """The networks' rows in id order, their ids, positions and shown names."""
    nets = ctx.netzwerke.copy()
    nets["netzwerk_id"] = nets["netzwerk_id"].map(cell_text)
    nets = nets[nets["netzwerk_id"] != ""].drop_duplicates("netzwerk_id").sort_values("netzwerk_id")
    net_rows = [{c: cell_text(v) for c, v in row.items()} for row in nets.to_dict("records")]
    net_ids = [r["netzwerk_id"] for r in net_rows]
    net_pos = {nid: k for k, nid in enumerate(net_ids)}
    net_names = [r.get("netzwerk") or f"Netzwerk {r['netzwerk_id']}" for r in net_rows]
    return net_rows, net_ids, net_pos, net_names


def _membership_roles(
    ms: pd.DataFrame, pos: dict[str, int], net_pos: dict[str, int]
) -> dict[tuple[int, int], str]:
    """The highest role of each (actor, network) pair of known actors and networks."""
    roles: dict[tuple[int, int], str] = {}
    role_column = _text_column(ms, "rolle")
    for aid, nid, role in zip(
        _text_column(ms, "akteur_id"), _text_column(ms, "netzwerk_id"), role_column
    ):
        if aid not in pos or nid not in net_pos:
            continue
        key = (pos[aid], net_pos[nid])
        if ROLE_RANK.get(role, 0) >= ROLE_RANK.get(roles.get(key, ""), 0):
            roles[key] = role or "Mitglied"
    return roles


def _incidence(
    roles: dict[tuple[int, int], str], n_actors: int, n_networks: int
) -> tuple[list[list[int]], list[list[int]]]:
    """Networks per actor and members per network (the incidence as lists: memory and time
    grow with the memberships, not with actors × networks)."""
    nets_of: list[list[int]] = [[] for _ in range(n_actors)]
    members_of: list[list[int]] = [[] for _ in range(n_networks)]
    for a, n in sorted(roles):
        nets_of[a].append(n)
        members_of[n].append(a)
    return nets_of, members_of


def _actor_values(
    ctx: WaveContext, ids: list[str], nets_of: list[list[int]]
) -> tuple[dict[str, list[float | None]], dict[str, list[str]]]:
    """The actors' measures (numbers and the hidden-champion texts) in the order of ``ids``."""
    kz = ctx.actors.copy()
    kz["akteur_id"] = kz["akteur_id"].map(cell_text)
    kz = kz.drop_duplicates("akteur_id").set_index("akteur_id").reindex(ids)
    values: dict[str, list[float | None]] = {}
    for m in [*POSITION_MEASURES, "participation_bundesland_netzwerke"]:
        if m in kz.columns:
            values[m] = [parse_float(v) for v in kz[m].tolist()]
    if "anzahl_netzwerke" in values:  # as on the map: missing counts from the memberships
        values["anzahl_netzwerke"] = [
            v if v is not None else float(len(nets_of[k]))
            for k, v in enumerate(values["anzahl_netzwerke"])
        ]
    texts = ("hidden_champion", "hidden_champion_grund", *RANK_COLUMNS)
    measures = {c: _text_column(kz, c) for c in texts if c in kz}
    return values, measures


def index_wave(ctx: WaveContext) -> WaveIndex:
    """Index the context's tables once (actors in id order, networks in id order)."""
    rows, ids, pos, names = _index_actors(ctx)
    net_rows, net_ids, net_pos, net_names = _index_networks(ctx)
    roles = _membership_roles(ctx.mitgliedschaften, pos, net_pos)
    nets_of, members_of = _incidence(roles, len(ids), len(net_ids))
    hrefs = [
        profile_href(r["akteur_id"], base="")
        if has_profile(r["akteur_id"], r["veroeffentlichen"], len(nets_of[k]))
        else None
        for k, r in enumerate(rows)
    ]
    values, measures = _actor_values(ctx, ids, nets_of)
    return WaveIndex(
        ids=ids,
        pos=pos,
        rows=rows,
        names=names,
        hrefs=hrefs,
        net_ids=net_ids,
        net_pos=net_pos,
        net_rows=net_rows,
        net_names=net_names,
        nets_of=nets_of,
        roles=roles,
        members_of=members_of,
        values=values,
        ranks={m: competition_ranks(v) for m, v in values.items() if m in POSITION_MEASURES},
        measures=measures,
    )


def _link(index: WaveIndex, k: int, base: str = "") -> Link:
    href = index.hrefs[k]
    return Link(index.names[k], None if href is None else base + href)


def _partners(index: WaveIndex, k: int) -> list[tuple[int, int]]:
    """Partners of actor ``k`` (index, shared networks), most shared first, then by name."""
    if not index.nets_of[k]:
        return []
    # shared networks per partner: how often each actor occurs among the members of k's networks
    members = np.concatenate(
        [np.asarray(index.members_of[n], dtype=np.int64) for n in index.nets_of[k]]
    )
    found, shared = np.unique(members, return_counts=True)
    keep = found != k
    found, shared = found[keep], shared[keep]
    order = np.lexsort((index.name_order[found], -shared))
    return list(zip(found[order].tolist(), shared[order].tolist()))


# --------------------------------------------------------------------------------------------
# suggestions, grouped by actor


@dataclass
class Suggestion:
    """One suggestion of ``potenziale`` as seen from one actor."""

    score: float
    kind: str
    other: str
    other_name: str
    text: str


def suggestions_by_actor(potentials: pd.DataFrame) -> dict[str, list[Suggestion]]:
    """Each actor's suggestions (both kinds; a pair counts for both actors), best first."""
    out: dict[str, list[Suggestion]] = defaultdict(list)
    if not isinstance(potentials, pd.DataFrame) or not len(potentials):
        return out
    columns = ("art", "id_a", "name_a", "id_b", "name_b", "score", "erklaerung")
    frame = potentials[[c for c in columns if c in potentials.columns]]
    for row in frame.to_dict("records"):
        kind = cell_text(row.get("art"))
        score = parse_float(row.get("score"))
        score = score if score is not None else 0.0
        a, b = cell_text(row.get("id_a")), cell_text(row.get("id_b"))
        text = cell_text(row.get("erklaerung"))
        out[a].append(Suggestion(score, kind, b, cell_text(row.get("name_b")), text))
        if kind == "akteur_akteur":
            out[b].append(Suggestion(score, kind, a, cell_text(row.get("name_a")), text))
    for items in out.values():
        items.sort(key=lambda s: (-s.score, s.kind, s.other))
    return out


# --------------------------------------------------------------------------------------------
# earlier waves


@dataclass
class WaveSnapshot:
    """What the development over waves needs of one wave."""

    wave: str
    nets: dict[str, frozenset]
    net_names: dict[str, str]
    rank_networks: dict[str, int]
    rank_pagerank: dict[str, int]
    n_actors: int


def _snapshot(wave: str, memberships, networks, measures) -> WaveSnapshot:
    nets: dict[str, set] = defaultdict(set)
    for aid, nid in zip(
        _text_column(memberships, "akteur_id"), _text_column(memberships, "netzwerk_id")
    ):
        nets[aid].add(nid)
    ids = _text_column(measures, "akteur_id")
    ranked = {}
    for m in ("anzahl_netzwerke", "pagerank"):
        values = [parse_float(v) for v in _text_column(measures, m)]
        ranked[m] = {aid: r for aid, r in zip(ids, competition_ranks(values)) if r is not None}
    return WaveSnapshot(
        wave=str(wave),
        nets={a: frozenset(s) for a, s in nets.items()},
        net_names=dict(
            zip(_text_column(networks, "netzwerk_id"), _text_column(networks, "netzwerk"))
        ),
        rank_networks=ranked["anzahl_netzwerke"],
        rank_pagerank=ranked["pagerank"],
        n_actors=len(set(ids)),
    )


def wave_snapshots(ctx: WaveContext) -> list[WaveSnapshot]:
    """This wave and the earlier ones the map's timeline uses (``ctx.extra["history"]``, from
    :func:`bildungsnetz.analysis.compare.history_for_wave`: earlier waves with complete
    results), oldest first."""
    from bildungsnetz.analysis.compare import load_wave

    history = ctx.extra.get("history") or {}
    waves = sorted({str(w) for h in history.values() for w in h} | {ctx.wave})
    snaps = []
    for wave in waves:
        if wave == ctx.wave:
            snaps.append(_snapshot(wave, ctx.mitgliedschaften, ctx.netzwerke, ctx.actors))
            continue
        tables = load_wave(
            ctx.data_dir, wave, names=("mitgliedschaften", "netzwerke", "kennzahlen_akteure")
        )
        snaps.append(
            _snapshot(
                wave,
                tables["mitgliedschaften"],
                tables["netzwerke"],
                tables["kennzahlen_akteure"],
            )
        )
    return snaps


def _rank_text(rank: int | None, total: int) -> str:
    return f"{german_number(rank, 0)} von {german_number(total, 0)}" if rank else "–"


def actor_history(
    aid: str, snaps: list[WaveSnapshot], names: Mapping[str, str]
) -> tuple[list[HistoryRow], list[str]]:
    """The actor's rows per wave and the sentences on its trend."""
    rows: list[HistoryRow] = []
    before: frozenset | None = None
    for i, snap in enumerate(snaps):
        present = aid in snap.rank_networks or aid in snap.nets
        if not present:
            rows.append(HistoryRow(snap.wave, False))
            continue
        now = snap.nets.get(aid, frozenset())

        def label(nid: str, upto: int = i) -> str:
            # the name in the newest wave so far that has it (looked up only for the few
            # networks joined or left: no merged dictionary per actor)
            older = (p.net_names.get(nid) for p in snaps[upto::-1])
            return names.get(nid) or next((name for name in older if name), nid)

        row = HistoryRow(
            snap.wave,
            True,
            networks=len(now),
            rank_networks=_rank_text(snap.rank_networks.get(aid), snap.n_actors),
            rank_pagerank=_rank_text(snap.rank_pagerank.get(aid), snap.n_actors),
            first=before is None,
        )
        if before is not None:
            row.joined = sorted((label(n) for n in now - before), key=str.casefold)
            row.left = sorted((label(n) for n in before - now), key=str.casefold)
        rows.append(row)
        before = now
    return rows, _trend(aid, snaps, rows)


def _trend(aid: str, snaps: list[WaveSnapshot], rows: list[HistoryRow]) -> list[str]:
    present = [s for s, r in zip(snaps, rows) if r.present]
    if len(snaps) == 1:
        return [
            "Frühere vollständig ausgewertete Befragungen gibt es nicht; die Entwicklung zeigt "
            "sich ab der nächsten Welle."
        ]
    if len(present) == 1:
        return [f"Zum ersten Mal dabei in der Befragung {present[0].wave}."]
    first, last = present[0], present[-1]
    out = []
    for ranks_of, words in (
        (lambda s: s.rank_networks, "nach Zahl der Netzwerke"),
        (lambda s: s.rank_pagerank, "nach Einfluss über Partner (PageRank)"),
    ):
        r0, r1 = ranks_of(first).get(aid), ranks_of(last).get(aid)
        if not r0 or not r1:
            continue
        if r1 < r0:
            verb = "aufgestiegen"
        elif r1 > r0:
            verb = "abgestiegen"
        else:
            out.append(f"Rang {words} {first.wave} wie {last.wave}: {german_number(r1, 0)}.")
            continue
        out.append(
            f"Rang {words} von {german_number(r0, 0)} ({first.wave}) auf "
            f"{german_number(r1, 0)} ({last.wave}) {verb}."
        )
    n0 = len(first.nets.get(aid, ()))
    n1 = len(last.nets.get(aid, ()))
    out.insert(
        0,
        f"Netzwerke: {german_number(n0, 0)} ({first.wave}), {german_number(n1, 0)} ({last.wave}).",
    )
    return out


# --------------------------------------------------------------------------------------------
# actor pages


def _truthy(value: str) -> bool:
    return value.casefold() in ("true", "1", "ja", "1.0")


def _rank_shown(index: WaveIndex, m: str, k: int, rank: int) -> str:
    """The rank of actor ``k`` by ``m``: with its interval (``"3 (2–6)"``, the analysis's
    ``rang_X`` columns, :mod:`bildungsnetz.report.ranks`) where the table has one; a point
    interval is left out."""
    ranked = RANKED_BY.get(m)
    column = f"rang_{ranked}"
    shown = index.measure(column, k) if ranked is not None else ""
    if not shown:
        return german_number(rank, 0)
    low = index.measure(f"{column}_von", k) or None
    high = index.measure(f"{column}_bis", k) or None
    if low is not None and low == high == shown:
        low = high = None  # a sure rank (always so by number of networks): no brackets
    return rank_text(shown, low, high)


def _position(index: WaveIndex, k: int) -> list[str]:
    """The rank lines: rank among all actors of the wave (competition ranks, as on the map)
    with the value behind it. A betweenness of 0 gets no rank (everybody without a bridging
    position would share it) but a plain sentence."""
    total = len(index.ids)
    lines = []
    for m, (words, prefix) in POSITION_MEASURES.items():
        if m not in index.ranks:
            continue
        rank, value = index.ranks[m][k], index.values[m][k]
        if rank is None or value is None:
            continue
        if m == "betweenness" and value == 0:
            lines.append(
                "Keine Vermittlerrolle (Betweenness 0): liegt auf keinem kürzesten Weg "
                "zwischen anderen Akteuren oder Netzwerken"
            )
            continue
        shown = format_number(value, MEASURE_FORMATS[m])
        lines.append(
            f"Rang {_rank_shown(index, m, k, rank)} von {german_number(total, 0)} {words} "
            f"({prefix}{shown})"
        )
    return lines


def _network_entries(index: WaveIndex, k: int) -> list[NetworkEntry]:
    entries = []
    order = sorted(
        index.nets_of[k],
        key=lambda n: (-ROLE_RANK.get(index.roles[(k, n)], 0), index.net_names[n].casefold()),
    )
    for number, n in enumerate(order, start=1):
        row = index.net_rows[n]
        entries.append(
            NetworkEntry(
                number=number,
                name=index.net_names[n],
                role=index.roles[(k, n)],
                coordinates=row.get("koordination_id") == index.ids[k],
                area=row.get("landkreis", ""),
                topics=", ".join(_split(row.get("themen"))),
                members=len(index.members_of[n]),
            )
        )
    return entries


def _picture(index: WaveIndex, k: int, networks: list[NetworkEntry], partners) -> dict:
    """The ego network: the actor's networks (numbered as in the list) and its partners with
    the most shared networks, each with the networks it shares (positions in the list)."""
    by_name = {e.name: e.number for e in networks}
    number_of = {n: by_name[index.net_names[n]] for n in index.nets_of[k]}
    mine = set(index.nets_of[k])
    drawn = list(networks[:MAX_PICTURE_NETWORKS])
    drawn_numbers = {e.number for e in drawn}
    people = []
    for j, _shared in partners[:MAX_PICTURE_PARTNERS]:
        shared = sorted(
            number_of[n] for n in index.nets_of[j] if n in mine and number_of[n] in drawn_numbers
        )
        if shared:
            people.append({"named": index.hrefs[j] is not None, "netze": shared})
    return {
        "name": index.names[k],
        "netze": [(e.number, e.role) for e in drawn],
        "partner": people,
        "weitere_netze": max(0, len(networks) - len(drawn)),
    }


def actor_page(
    index: WaveIndex,
    k: int,
    suggestions: Mapping[str, list[Suggestion]],
    snaps: list[WaveSnapshot],
    district_slugs: Mapping[str, str],
) -> ActorPage:
    """The profile of actor ``k`` (which has a profile, see :func:`links.has_profile`)."""
    row = index.rows[k]
    aid = row["akteur_id"]
    place = " ".join(p for p in (row["plz"], row["ort"]) if p)
    district = row["landkreis"]
    slug = district_slugs.get(district)
    facts = [
        ("Akteursart", row["kategorie"]),
        ("Ebene", row["ebene"]),
        ("Ort", place),
        ("Landkreis", district + (f" ({row['bundesland']})" if row["bundesland"] else "")),
        ("Raum", row["raumtyp"]),
        ("Angaben", source_of_facts(row["befragt"])),
    ]
    networks = _network_entries(index, k)
    partners = _partners(index, k)
    n_partners = len(partners)
    if not n_partners:
        rest = "; kein anderer Akteur ist dort Mitglied."
    elif len(networks) == 1:
        rest = f", zusammen mit {_count(n_partners, 'anderen Akteur', 'anderen Akteuren')}."
    else:
        others = _count(n_partners, "anderen Akteur", "anderen Akteuren")
        rest = f" und teilt mit {others} mindestens eines davon."
    summary = (
        f"{index.names[k]} wirkt in {_count(len(networks), 'Netzwerk', 'Netzwerken')} mit{rest}"
    )
    notes = []
    champion = index.measure("hidden_champion", k)
    if _truthy(champion):
        reason = index.measure("hidden_champion_grund", k)
        notes.append(
            "Hidden Champion (mehr Einfluss als Sichtbarkeit)" + (f": {reason}" if reason else ".")
        )
    bridge = index.value("participation_bundesland_netzwerke", k)
    if bridge is not None and bridge > 0:
        notes.append(
            "Brücke zwischen den Ländern: wirkt in Netzwerken mit Sitz in Brandenburg und in "
            "Netzwerken mit Sitz in Sachsen mit."
        )
    history, trend = actor_history(aid, snaps, index.net_name_of)
    own = suggestions.get(aid, [])
    partner_suggestions = []
    network_suggestions = []
    for s in own:
        if s.kind == "akteur_akteur" and len(partner_suggestions) < MAX_PARTNER_SUGGESTIONS:
            j = index.pos.get(s.other)
            partner = _link(index, j) if j is not None else Link(s.other_name)
            partner_suggestions.append((partner, s.text))
        elif s.kind == "akteur_netzwerk" and len(network_suggestions) < MAX_NETWORK_SUGGESTIONS:
            n = index.net_pos.get(s.other)
            network_suggestions.append(
                (index.net_names[n] if n is not None else s.other_name, s.text)
            )
    return ActorPage(
        akteur_id=aid,
        name=index.names[k],
        facts=[(label, value) for label, value in facts if value],
        district=Link(district, district_href(slug, base=f"../{DISTRICT_DIR}/")) if slug else None,
        networks=networks,
        partners=[(_link(index, j), shared) for j, shared in partners[:MAX_PARTNERS]],
        n_partners=n_partners,
        summary=summary,
        position=_position(index, k),
        notes=notes,
        history=history,
        trend=trend,
        partner_suggestions=partner_suggestions,
        network_suggestions=network_suggestions,
        picture=_picture(index, k, networks, partners),
    )


# --------------------------------------------------------------------------------------------
# district pages


def _share(part: float, whole: float) -> str:
    return format_number(100 * part / whole, MEASURE_FORMATS["anteil"]) if whole else "–"


def _links_section(ctx: WaveContext, district: str, states: Mapping[str, str], base: str):
    """Partnerships (actor pairs sharing a network) of the district's actors with each other
    district and per state, from the district mixing matrix."""
    matrix = ctx.results.get("mischung_landkreis")
    if not isinstance(matrix, pd.DataFrame) or district not in matrix.index:
        return [], (
            "Die Akteure des Landkreises teilen mit keinem Akteur mit bekanntem Landkreis ein "
            "Netzwerk."
        )
    row = pd.to_numeric(matrix.loc[district], errors="coerce").fillna(0)
    within = float(row.get(district, 0))
    others = [
        (d, float(v)) for d, v in row.items() if cell_text(d) and d != district and float(v) > 0
    ]
    total = within + sum(v for _, v in others)
    if total == 0:
        return [], (
            "Die Akteure des Landkreises teilen mit keinem Akteur mit bekanntem Landkreis ein "
            "Netzwerk."
        )
    order = {d: i for i, d in enumerate(ctx.districts)}
    others.sort(key=lambda p: (-p[1], order.get(p[0], len(order)), p[0]))
    own_state = states.get(district, "")
    by_state: dict[str, float] = defaultdict(float)
    for d, v in others:
        by_state[states.get(d, "") or "ohne Angabe"] += v
    rows = [(Link(district, None), states.get(district, ""), int(within))]
    rows += [(Link(d, base.get(d)), states.get(d, ""), int(v)) for d, v in others]
    parts = [f"{_share(within, total)} innerhalb des Landkreises"]
    for state in sorted(by_state, key=lambda s: (s != own_state, s)):
        where = (
            f"mit anderen Landkreisen in {state}"
            if state == own_state
            else f"mit Landkreisen in {state}"
            if state != "ohne Angabe"
            else "mit Landkreisen ohne Länderangabe"
        )
        parts.append(f"{_share(by_state[state], total)} {where}")
    sentence = (
        f"Von {_count(total, 'Partnerschaft', 'Partnerschaften')} der Akteure (Paare mit "
        f"gemeinsamem Netzwerk) bestehen {list_de(parts)}."
    )
    return rows, sentence


def _rural_section(index: WaveIndex, members: list[int], suggestions, district: str):
    rural = [k for k in members if index.rows[k]["raumtyp"] == RURAL]
    if not rural:
        if not any(index.rows[k]["raumtyp"] for k in members):
            return [], (
                f"Zu den Akteuren {area_phrase(district)} ist nicht bekannt, ob sie städtisch "
                "oder ländlich sitzen."
            )
        where = area_phrase(district)
        return (
            [],
            f"{where[:1].upper()}{where[1:]} sitzt in dieser Welle kein Akteur im ländlichen Raum.",
        )
    best = []
    for k in rural:
        own = suggestions.get(index.ids[k], [])
        if own:
            best.append((own[0].score, index.names[k].casefold(), k, own[0]))
    if not best:
        return [], (
            f"Für die {_count(len(rural), 'ländlichen Akteur', 'ländlichen Akteure')} "
            f"{area_phrase(district)} ergibt sich in dieser Welle kein Vorschlag."
        )
    best.sort(key=lambda b: (-b[0], b[1]))
    out = []
    for _score, _name, k, s in best[:MAX_RURAL]:
        if s.kind == "akteur_akteur":
            j = index.pos.get(s.other)
            what = "Partner: " + (index.names[j] if j is not None else s.other_name)
        else:
            n = index.net_pos.get(s.other)
            what = "Netzwerk: " + (index.net_names[n] if n is not None else s.other_name)
        out.append((_link(index, k, base=f"../{PROFILE_DIR}/"), what, s.text))
    sentence = (
        f"{_count(len(rural), 'Akteur', 'Akteure')} {area_phrase(district)} "
        f"{'sitzt' if len(rural) == 1 else 'sitzen'} im ländlichen Raum; die mit den "
        "stärksten Vorschlägen:"
    )
    return out, sentence


def _white_spots(ctx: WaveContext, district: str) -> tuple[list[str], str]:
    gap = topic_district_gap(ctx)
    if gap:
        return [], str(gap)
    matrix = ctx.results["themen_landkreise"]
    if district not in matrix.columns:
        return [], "Zu diesem Landkreis liegen keine Themen vor."
    column = pd.to_numeric(matrix[district], errors="coerce").fillna(0)
    missing = sorted((str(t) for t, v in column.items() if v == 0), key=str.casefold)
    if not missing:
        return [], (
            f"Zu jedem Thema wirkt mindestens ein Akteur {area_phrase(district)} in einem "
            "Netzwerk mit."
        )
    return missing, (
        f"Zu diesen Themen wirkt kein Akteur {area_phrase(district)} in einem Netzwerk mit:"
    )


def _duplicates(ctx: WaveContext, district: str):
    frame = ctx.results.get("doppelstrukturen")
    if not isinstance(frame, pd.DataFrame) or not len(frame):
        return [], "In dieser Welle fallen keine Doppelstrukturen auf."
    rows = []
    for r in frame.to_dict("records"):
        seats = {
            cell_text(r.get("landkreis_a")),
            cell_text(r.get("landkreis_b")),
            cell_text(r.get("gebiet")),
        }
        if district in seats:
            rows.append(
                (
                    cell_text(r.get("netzwerk_a")),
                    cell_text(r.get("netzwerk_b")),
                    cell_text(r.get("gebiet")),
                    cell_text(r.get("erklaerung")),
                )
            )
    if not rows:
        return [], f"Kein Paar möglicher Doppelstrukturen hat seinen Sitz {area_phrase(district)}."
    return rows, (
        f"{_count(len(rows), 'Paar', 'Paare')} von Netzwerken mit Sitz {area_phrase(district)} "
        f"{'sieht' if len(rows) == 1 else 'sehen'} nach Doppelstruktur aus:"
    )


@dataclass
class PreviousWave:
    """What the change since the last wave needs of the previous complete wave."""

    wave: str
    district_of: dict[str, str]
    memberships: dict[str, int]
    network_seats: dict[str, str]


def previous_wave(ctx: WaveContext) -> PreviousWave | None:
    """The wave this report compares itself with
    (:func:`bildungsnetz.analysis.compare.previous_complete_wave`), or None."""
    from bildungsnetz.analysis.compare import load_wave, previous_complete_wave

    wave = previous_complete_wave(ctx.data_dir, ctx.wave)
    if wave is None:
        return None
    t = load_wave(ctx.data_dir, wave, names=("akteure", "netzwerke", "mitgliedschaften"))
    ms = t["mitgliedschaften"].drop_duplicates(["akteur_id", "netzwerk_id"])
    return PreviousWave(
        wave=wave,
        district_of=dict(
            zip(_text_column(t["akteure"], "akteur_id"), _text_column(t["akteure"], "landkreis"))
        ),
        memberships=ms.groupby("akteur_id").size().to_dict(),
        network_seats=dict(
            zip(
                _text_column(t["netzwerke"], "netzwerk_id"),
                _text_column(t["netzwerke"], "landkreis"),
            )
        ),
    )


def _change(index: WaveIndex, members: list[int], district: str, prev: PreviousWave | None):
    if prev is None:
        return (
            [],
            (
                "Eine frühere vollständig ausgewertete Befragung gibt es nicht; die Veränderung "
                "zeigt sich ab der nächsten Welle."
            ),
            [],
        )
    now = {index.ids[k] for k in members}
    then = {a for a, d in prev.district_of.items() if d == district}
    seats_now = {
        index.net_ids[n] for n, r in enumerate(index.net_rows) if r.get("landkreis") == district
    }
    seats_then = {n for n, d in prev.network_seats.items() if d == district}
    memberships_now = sum(len(index.nets_of[k]) for k in members)
    memberships_then = sum(prev.memberships.get(a, 0) for a in then)
    rows = [
        ("Akteure", german_number(len(then), 0), german_number(len(now), 0)),
        (
            "davon neu / nicht mehr dabei",
            "",
            f"{german_number(len(now - then), 0)} / {german_number(len(then - now), 0)}",
        ),
        (
            "Mitgliedschaften dieser Akteure",
            german_number(memberships_then, 0),
            german_number(memberships_now, 0),
        ),
        (
            "Netzwerke mit Sitz im Landkreis",
            german_number(len(seats_then), 0),
            german_number(len(seats_now), 0),
        ),
    ]
    new = sorted((index.pos[a] for a in now - then), key=lambda k: index.names[k].casefold())
    sentence = f"Veränderung seit der Befragung {prev.wave}:"
    return rows, sentence, [_link(index, k, base=f"../{PROFILE_DIR}/") for k in new]


def _seat_networks(
    index: WaveIndex, seats: list[int], members: list[int]
) -> list[tuple[str, str, int, int, str]]:
    """The networks seated in the district: name, type, members, local members, topics."""
    member_set = set(members)
    networks = []
    for n in sorted(
        seats, key=lambda n: (-len(index.members_of[n]), index.net_names[n].casefold())
    ):
        local = sum(a in member_set for a in index.members_of[n])
        networks.append(
            (
                index.net_names[n],
                index.net_rows[n].get("typ", ""),
                len(index.members_of[n]),
                local,
                ", ".join(_split(index.net_rows[n].get("themen"))),
            )
        )
    return networks


def _networks_elsewhere(
    index: WaveIndex, members: list[int], seats: list[int]
) -> list[tuple[int, int]]:
    """Networks seated elsewhere with the district's members in them, most members first."""
    local_counts: dict[int, int] = defaultdict(int)
    for k in members:
        for n in index.nets_of[k]:
            if n not in seats:
                local_counts[n] += 1
    return sorted(local_counts.items(), key=lambda p: (-p[1], index.net_names[p[0]].casefold()))


def _networks_sentence(phrase: str, n_seats: int, n_other: int) -> str:
    """The sentence above the district's networks (seated here, and elsewhere)."""
    if not n_seats:
        networks_sentence = f"Kein Netzwerk hat seinen Sitz {phrase}."
    elif n_seats == 1:
        networks_sentence = f"1 Netzwerk hat seinen Sitz {phrase}."
    else:
        networks_sentence = f"{german_number(n_seats, 0)} Netzwerke haben ihren Sitz {phrase}."
    if n_other:
        elsewhere = _count(n_other, "Netzwerk", "Netzwerken")
        shown = min(n_other, MAX_OTHER_NETWORKS)
        networks_sentence += (
            f" Akteure des Landkreises wirken außerdem in {elsewhere} mit Sitz anderswo mit"
            + (f"; die {shown} mit den meisten von ihnen:" if n_other > 1 else ":")
        )
    return networks_sentence


def _district_summary(index: WaveIndex, members: list[int], phrase: str) -> str:
    """The summary line: actors by area type, profiles and memberships."""
    n_rural = sum(index.rows[k]["raumtyp"] == RURAL for k in members)
    n_urban = sum(index.rows[k]["raumtyp"] == URBAN for k in members)
    n_named = sum(index.hrefs[k] is not None for k in members)
    return (
        f"{_count(len(members), 'Akteur', 'Akteure')} {phrase} "
        f"({german_number(n_urban, 0)} städtisch, {german_number(n_rural, 0)} ländlich"
        + (
            f", {german_number(len(members) - n_urban - n_rural, 0)} ohne Angabe"
            if len(members) - n_urban - n_rural
            else ""
        )
        + f"), davon {german_number(n_named, 0)} mit eigener Profilseite; "
        + _count(sum(len(index.nets_of[k]) for k in members), "Mitgliedschaft", "Mitgliedschaften")
        + " in Netzwerken."
    )


def district_page(
    ctx: WaveContext,
    index: WaveIndex,
    district: str,
    slug: str,
    states: Mapping[str, str],
    kinds: Mapping[str, str],
    suggestions,
    prev: PreviousWave | None,
    district_links: Mapping[str, str],
) -> DistrictPage:
    """The page of one district (which has at least one actor)."""
    members = [k for k, r in enumerate(index.rows) if r["landkreis"] == district]
    members.sort(key=lambda k: (-len(index.nets_of[k]), index.names[k].casefold()))
    seats = [n for n, r in enumerate(index.net_rows) if r.get("landkreis") == district]
    networks = _seat_networks(index, seats, members)
    other = _networks_elsewhere(index, members, seats)
    other_networks = [
        (index.net_names[n], index.net_rows[n].get("landkreis", ""), c)
        for n, c in other[:MAX_OTHER_NETWORKS]
    ]
    phrase = area_phrase(district)
    networks_sentence = _networks_sentence(phrase, len(seats), len(other))
    links_base = {d: district_href(s, base="") for d, s in district_links.items()}
    links, links_sentence = _links_section(ctx, district, states, links_base)
    white, white_sentence = _white_spots(ctx, district)
    rural, rural_sentence = _rural_section(index, members, suggestions, district)
    duplicates, duplicates_sentence = _duplicates(ctx, district)
    change, change_sentence, new_actors = _change(index, members, district, prev)
    summary = _district_summary(index, members, phrase)
    facts = [("Art", kinds.get(district, "")), ("Land", states.get(district, ""))]
    return DistrictPage(
        name=district,
        slug=slug,
        title_phrase=phrase,
        facts=[(a, b) for a, b in facts if b],
        summary=summary,
        actors=[
            (
                _link(index, k, base=f"../{PROFILE_DIR}/"),
                index.rows[k]["kategorie"],
                len(index.nets_of[k]),
                index.rows[k]["raumtyp"],
            )
            for k in members
        ],
        networks=networks,
        networks_sentence=networks_sentence,
        other_networks=other_networks,
        links=links,
        links_sentence=links_sentence,
        white_spots=white,
        white_spots_sentence=white_sentence,
        rural=rural,
        rural_sentence=rural_sentence,
        duplicates=duplicates,
        duplicates_sentence=duplicates_sentence,
        change=change,
        change_sentence=change_sentence,
        new_actors=new_actors[:MAX_NEW_NAMES],
        n_new=len(new_actors),
    )


# --------------------------------------------------------------------------------------------
# the whole wave


def pages_model(ctx: WaveContext, *, actors: Iterable[str] | None = None) -> PagesModel:
    """The content of every actor profile and district page of the wave.

    ``actors`` limits the profiles to these ids (tests); by default every actor with a profile
    (:func:`bildungsnetz.report.pages.links.has_profile`).
    """
    index = index_wave(ctx)
    reference = load_reference(ctx.data_dir).landkreise
    ref_names = _text_column(reference, "landkreis")
    states = dict(zip(ref_names, _text_column(reference, "bundesland")))
    kinds = dict(zip(ref_names, _text_column(reference, "art")))
    slugs = district_pages(ref_names, (r["landkreis"] for r in index.rows))
    suggestions = suggestions_by_actor(ctx.results.get("potenziale"))
    snaps = wave_snapshots(ctx)
    wanted = None if actors is None else set(actors)
    pages = {}
    for k, aid in enumerate(index.ids):
        if index.hrefs[k] is None or (wanted is not None and aid not in wanted):
            continue
        pages[aid] = actor_page(index, k, suggestions, snaps, slugs)
    prev = previous_wave(ctx) if slugs else None
    districts = {
        d: district_page(ctx, index, d, slug, states, kinds, suggestions, prev, slugs)
        for d, slug in slugs.items()
    }
    counts: dict[str, int] = defaultdict(int)
    for r in index.rows:
        counts[r["landkreis"]] += 1
    seats: dict[str, int] = defaultdict(int)
    for r in index.net_rows:
        seats[r.get("landkreis", "")] += 1
    overview = {d: (states.get(d, ""), counts.get(d, 0), seats.get(d, 0)) for d in ref_names if d}
    return PagesModel(ctx.wave, bool(ctx.synthetic), pages, districts, overview)
