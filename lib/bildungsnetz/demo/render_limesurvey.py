"""The 2024 wave as LimeSurvey exports it: one row per response, question codes as columns.

Beside the export the office keeps ``zuordnung.csv`` (which question code fills which field)
and its network register ``netzwerke.csv``. The responses carry the mess of a real survey:
networks written in the free-text field instead of ticked (name variants, networks not in
the register, "keine"), duplicate submissions of one institution, a second person of an
institution writing its name without umlauts, incomplete responses, personal data (tokens,
IP addresses from the documentation ranges, contact persons).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from bildungsnetz.demo.cached import name_key, stable_id
from bildungsnetz.demo.messy import Rows, Variants, actor_row, plant_places
from bildungsnetz.demo.people import person, phone
from bildungsnetz.demo.render_tidy import network_row
from bildungsnetz.demo.response import silent
from bildungsnetz.demo.rng import Rng
from bildungsnetz.demo.world import REGION_WIDE, Actor, Network, World

SURVEY_START = dt.datetime(2024, 3, 18, 8, 0, 0)  # responses come in over six weeks
SYSTEM_COLUMNS = [
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "token",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
]
# question code -> field, for the questions about the institution and its contact person
ACTOR_QUESTIONS = [
    ("A1", "akteur"),
    ("A2", "kategorie"),
    ("A3", "ebene"),
    ("A4", "plz"),
    ("A5", "ort"),
    ("A6", "landkreis"),
    ("A7", "veroeffentlichen"),
    ("K1", "ansprechperson"),
    ("K2", "email"),
    ("K3", "telefon"),
]
# the multiple-choice questions about networks: one option per registered network
NETWORK_QUESTIONS = (("N1", "mitglied"), ("N2", "leitung"), ("N3", "gastgeber"))


@dataclass
class Response:
    """One response of the survey (a row of the export)."""

    actor: Actor
    values: dict  # the answers about the institution (tidy actor columns)
    nets: dict  # network idx -> role ticked
    free: list  # what is written in the free-text field N1[other]
    start: dt.datetime
    startdate: str
    submit: str  # "" for an incomplete response
    datestamp: str
    lastpage: str
    seed: str
    token: str
    ip: str
    refurl: str = ""
    comment: str = ""


@dataclass
class Survey:
    """The LimeSurvey wave: its rows (for the ground truth), the export and the mapping."""

    rows: Rows
    columns: list[str]
    table: list[dict]
    zuordnung: list[dict]


def limesurvey_rows(world: World, v: Variants, w: int = 0) -> Survey:
    """The LimeSurvey export of wave ``w``, its ``zuordnung.csv`` and the network register."""
    rng = world.rng
    rows = Rows()
    register = [n for n in world.networks if n.active(w) and not n.freetext_2024]
    register.sort(key=lambda n: (n.landkreis != REGION_WIDE, n.landkreis, n.name))
    for n in register:
        rows.netzwerke.append(network_row(world, v, rows, n, w))
    width = max(3, len(str(len(register))))
    sq = {n.idx: f"SQ{i:0{width}d}" for i, n in enumerate(register, start=1)}
    mapping = _mapping(rows, register, sq)
    columns = SYSTEM_COLUMNS + [m[0] for m in mapping] + ["B1"]
    freetext = _freetext_networks(world, w)
    responses = []
    quiet = silent(world, w)  # no response row: known only where others name them
    roles: dict[int, dict[int, str]] = {}  # actor idx -> {network idx: role}, register order
    for n in register:
        for aidx, role in n.members[w].items():
            if role:
                roles.setdefault(aidx, {})[n.idx] = role
    for a in [a for a in world.actors if a.active(w) and a.idx not in quiet]:
        nets = dict(roles.get(a.idx, {}))
        responses.append(_response(world, v, rows, a, w, nets, freetext.get(a.idx, [])))
    _names_instead_of_ticks(world, v, rows, responses)
    for _aidx, texts in sorted(freetext.items()):
        for t in texts:
            net = next(
                n for n in world.networks if n.freetext_2024 and name_key(n.name) == name_key(t)
            )
            rows.extra.setdefault("freitext", []).append(
                {
                    "text": t,
                    "kanonisch": net.name,
                    "id": stable_id("N", net.name),
                    "aufloesung": "neu (nur im Freitext genannt)",
                }
            )
    for resp in rng.sample(responses, max(1, round(0.05 * len(responses)))):
        resp.free.append(rng.choice(["keine", "-"]))
    extra = _duplicate_submissions(world, v, rows, responses, w)
    extra += _second_persons(world, v, rows, responses, w)
    extra += _incomplete_responses(world, v, rows, responses)
    plant_places(world, rows, [(r.actor, r.values) for r in responses], "antworten")
    responses.extend(extra)
    responses.sort(key=lambda r: (r.start, r.actor.idx))
    rows.akteure = [r.values for r in responses]
    table = [_export_record(rng, r, i, columns, sq) for i, r in enumerate(responses, start=1)]
    zuordnung = [{"code": c, "feld": f, "wert": label} for c, f, label in mapping]
    return Survey(rows, columns, table, zuordnung)


def _mapping(rows: Rows, register: list[Network], sq: dict) -> list[tuple[str, str, str]]:
    """The lines of ``zuordnung.csv``: (code, field, network name).

    Dashes in the names of known networks are spelt the other way (– / -) than in the
    register.
    """
    mapping = [(code, feld, "") for code, feld in ACTOR_QUESTIONS]
    labels = {}
    for n in register:
        label = n.name
        if n.known and ("–" in n.name or " - " in n.name):
            label = n.name.replace(" – ", " - ") if "–" in n.name else n.name.replace(" - ", " – ")
            rows.note("zuordnung", "netzwerk", label, n.name, "schluessel")
        labels[n.idx] = label
    for q, feld in NETWORK_QUESTIONS:
        for n in register:
            mapping.append((f"{q}[{sq[n.idx]}]", feld, labels[n.idx]))
        if q == "N1":
            mapping.append(("N1[other]", "netzwerk_sonstige", ""))
    return mapping


def _freetext_networks(world: World, w: int) -> dict[int, list[str]]:
    """Actor idx -> the networks outside the register it names in the free-text field."""
    freetext: dict[int, list[str]] = {}
    for n in world.networks:
        if n.active(w) and n.freetext_2024:
            for aidx in n.members[w]:
                freetext.setdefault(aidx, []).append(n.name)
    return freetext


def _format(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _seed(rng: Rng) -> str:
    return str(10**8 + rng.below(9 * 10**8))


def _ip(rng: Rng) -> str:
    """An address of the documentation ranges (RFC 5737)."""
    return f"{rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{1 + rng.below(254)}"


def _response(
    world: World, v: Variants, rows: Rows, a: Actor, w: int, nets: dict, free: list
) -> Response:
    """A complete response of actor ``a`` (an alias as its name now and then)."""
    rng = world.rng
    values = actor_row(v, a, w)
    alias = v.alias_variant("akteur", a.name)
    if alias and a.tag != "renamed" and rng.chance(0.15):
        values["akteur"] = alias
        rows.note("antworten", "akteur", alias, a.name, "alias")
    elif a.name_in(w) != a.name:
        rows.note("antworten", "akteur", a.name_in(w), a.name, "alias")
    day = rng.below(42)
    start = SURVEY_START + dt.timedelta(days=day, minutes=rng.below(10 * 60))
    submit = start + dt.timedelta(minutes=4 + rng.below(40), seconds=rng.below(60))
    comment = ""
    if rng.chance(0.08):
        comment = rng.choice(
            [
                f"Rückfragen gern an {a.person}, Tel. {a.phone}",
                "Wir sind auch in weiteren informellen Runden aktiv.",
                f"Bitte Kontakt über {a.email} aufnehmen.",
                "Die Liste der Netzwerke war sehr lang, evtl. unvollständig.",
            ]
        )
    return Response(
        actor=a,
        values=values,
        nets=dict(nets),
        free=list(free),
        start=start,
        startdate=_format(start),
        submit=_format(submit),
        datestamp=_format(submit),
        lastpage="3",
        seed=_seed(rng),
        token=rng.token(15),
        ip=_ip(rng),
        refurl="",
        comment=comment,
    )


def _copy_response(rng: Rng, resp: Response, days_before: int) -> Response:
    """Another submission of the same answers, started ``days_before`` days earlier."""
    start = resp.start - dt.timedelta(days=days_before, minutes=rng.below(300))
    submit = start + dt.timedelta(minutes=5 + rng.below(30), seconds=rng.below(60))
    return dataclasses.replace(
        resp,
        values=dict(resp.values),
        nets=dict(resp.nets),
        free=list(resp.free),
        start=start,
        startdate=_format(start),
        submit=_format(submit),
        datestamp=_format(submit),
        seed=_seed(rng),
        token=rng.token(15),
        ip=_ip(rng),
        comment="",
    )


def _make_incomplete(rng: Rng, resp: Response) -> None:
    """Not submitted: stopped on page 0 or 1, no networks, later fields mostly empty."""
    resp.submit = ""
    resp.lastpage = rng.choice(["1", "1", "0"])
    resp.nets = {}
    resp.free = []
    for f in ("ebene", "veroeffentlichen", "ansprechperson", "email", "telefon"):
        if rng.chance(0.6):
            resp.values[f] = ""


def _names_instead_of_ticks(
    world: World, v: Variants, rows: Rows, responses: list[Response]
) -> None:
    """Let ~6 % of the respondents write a network into the free text instead of ticking it.

    The network is one of their registered ones, written as an alias or a key variant.
    """
    rng = world.rng
    for resp in rng.sample(responses, max(1, round(0.06 * len(responses)))):
        mine = [i for i, role in resp.nets.items() if role == "Mitglied"]
        if not mine:
            continue
        n = world.networks[rng.choice(sorted(mine))]
        if "," in n.name:
            continue
        alias = [x for x in v.aliases_of("netzwerk", n.name) if "," not in x]
        text = rng.choice(alias) if alias and rng.chance(0.6) else v.key_variant(n.name, False)
        del resp.nets[n.idx]
        resp.free.append(text)
        rows.note(
            "antworten",
            "netzwerk",
            text,
            n.name,
            "alias" if alias and text in alias else "schluessel",
        )
        rows.extra.setdefault("freitext", []).append(
            {
                "text": text,
                "kanonisch": n.name,
                "id": stable_id("N", n.name),
                "aufloesung": "alias" if text in alias else "schluessel",
            }
        )


def _duplicate_submissions(
    world: World, v: Variants, rows: Rows, responses: list[Response], w: int
) -> list[Response]:
    """Earlier submissions of 3 × scale institutions that answered twice.

    The earlier response names only part of the networks (and, for two of three, the
    institution as a key or alias variant).
    """
    rng = world.rng
    extra = []
    dup_actors = rng.sample(
        [r for r in responses if r.nets and r.actor.tag != "outside"], 3 * world.scale
    )
    for k, resp in enumerate(dup_actors):
        a = resp.actor
        early = _copy_response(rng, resp, days_before=1 + rng.below(15))
        keep = sorted(resp.nets)
        fewer = max(0, len(keep) - 1 - rng.below(2))
        early.nets = {i: resp.nets[i] for i in rng.sample(keep, fewer)}
        early.free = []
        how = k % 3
        if how == 1:
            early.values["akteur"] = v.key_variant(a.name_in(w), False)
            rows.note("antworten", "akteur", early.values["akteur"], a.name, "schluessel")
        elif how == 2:
            alias = v.alias_variant("akteur", a.name)
            if alias:
                early.values["akteur"] = alias
                rows.note("antworten", "akteur", alias, a.name, "alias")
        early.values["telefon"] = phone(rng, a)
        extra.append(early)
        rows.extra.setdefault("doppelte_antworten", []).append(
            {
                "akteur": a.name,
                "akteur_id": stable_id("A", a.name),
                "frueher": early.values["akteur"],
                "gilt": "die neueste vollständige "
                "Antwort; die frühere nennt nur einen Teil der Netzwerke",
            }
        )
    return extra


def _second_persons(
    world: World, v: Variants, rows: Rows, responses: list[Response], w: int
) -> list[Response]:
    """Responses of a second person of scale × institutions.

    The name is written without umlauts: a near-duplicate for the fuzzy review.
    """
    rng = world.rng
    extra = []
    umlaut = [
        r
        for r in responses
        if not r.actor.tag and len(r.nets) >= 1 and v.fuzzy_variant(r.actor.name_in(w))
    ]
    for resp in rng.sample(umlaut, min(len(umlaut), world.scale)):
        a = resp.actor
        other = _copy_response(rng, resp, days_before=rng.below(10) - 5)
        variant = v.fuzzy_variant(a.name_in(w))
        other.values["akteur"] = variant
        name, email = person(rng, a.kategorie)
        other.values.update(ansprechperson=name, email=email, telefon=phone(rng, a))
        keep = sorted(resp.nets)
        other.nets = dict.fromkeys(rng.sample(keep, min(len(keep), 2)), "Mitglied")
        other.free = []
        extra.append(other)
        rows.unscharf.append(
            {
                "tabelle": "antworten",
                "variante": variant,
                "variante_id": stable_id("A", variant),
                "kanonisch": a.name,
                "id": stable_id("A", a.name),
                "mitgliedschaften_unter_variante": sorted(
                    world.networks[i].name for i in other.nets
                ),
            }
        )
        rows.note("antworten", "akteur", variant, a.name, "unscharf")
    return extra


def _incomplete_responses(
    world: World, v: Variants, rows: Rows, responses: list[Response]
) -> list[Response]:
    """Incomplete responses.

    Aborted first attempts of 2 × scale respondents, and 2 × scale actors who never
    finished (they take part only from 2025 on).
    """
    rng, s = world.rng, world.scale
    extra = []
    for resp in rng.sample(responses, 2 * s):
        early = _copy_response(rng, resp, days_before=2 + rng.below(10))
        _make_incomplete(rng, early)
        extra.append(early)
        rows.extra.setdefault("unvollstaendige_antworten", []).append(
            {"akteur": resp.actor.name, "lastpage": early.lastpage, "spaeter_vollstaendig": True}
        )
    later = [a for a in world.actors if a.first == 1 and not a.tag]
    for a in rng.sample(later, min(len(later), 2 * s)):
        resp = _response(world, v, rows, a, 1, {}, [])
        _make_incomplete(rng, resp)
        extra.append(resp)
        rows.extra.setdefault("unvollstaendige_antworten", []).append(
            {
                "akteur": a.name,
                "lastpage": resp.lastpage,
                "spaeter_vollstaendig": False,
                "hinweis": "nimmt erst ab 2025 teil",
            }
        )
    return extra


def _export_record(rng: Rng, r: Response, number: int, columns: list[str], sq: dict) -> dict:
    """The export row of a response.

    ``Y`` for ticked options (a higher role mostly ticks "member" too), free text
    separated by ``;`` or line breaks.
    """
    rec: dict[str, str] = {}  # columns left out are empty (one column per network option)
    rec.update(
        id=str(number),
        submitdate=r.submit,
        lastpage=r.lastpage,
        startlanguage="de",
        seed=r.seed,
        token=r.token,
        startdate=r.startdate,
        datestamp=r.datestamp,
        ipaddr=r.ip,
        refurl=r.refurl,
    )
    for code, feld in ACTOR_QUESTIONS:
        rec[code] = r.values.get(feld, "")
    for nidx, role in r.nets.items():
        if role == "Mitglied" or rng.chance(0.85):
            rec[f"N1[{sq[nidx]}]"] = "Y"
        if role == "Leitung":
            rec[f"N2[{sq[nidx]}]"] = "Y"
        elif role == "Gastgeber":
            rec[f"N3[{sq[nidx]}]"] = "Y"
    rec["N1[other]"] = rng.choice(["; ", "\n", ";"]).join(r.free)
    rec["B1"] = r.comment
    return rec
