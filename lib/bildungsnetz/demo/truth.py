"""The ground truth beside the demo waves (``raw/ground_truth.json``).

Per wave: the true actors, networks, memberships and cooperations (canonical names and
ids), the planted structures (duplicate pairs, bridges, hidden champions, new connections,
the rename), every planted name variant, near-duplicate and place error, and what a
cleaning must produce (:mod:`bildungsnetz.demo.expected`). Ids are
``stable_id("A"/"N", canonical name)``, as the cleaning gives them.
"""

from __future__ import annotations

import json

import numpy as np

from bildungsnetz.demo.actors import RENAMED_OLD
from bildungsnetz.demo.cached import normalize_name, stable_id
from bildungsnetz.demo.messy import Rows
from bildungsnetz.demo.names import fold
from bildungsnetz.demo.response import response_truth
from bildungsnetz.demo.world import WAVES, Actor, Network, World, jaccard

DESCRIPTION = (
    "Grundwahrheit der synthetischen Demodaten (bildungsnetz demo). Alle "
    "Institutionen, Personen und Zahlen sind erfunden bzw. zufällig "
    "zugeordnet; Namen realer Institutionen dienen nur der Anschaulichkeit."
)

#: the rules the ground truth follows (German, for the analysts reading the file)
RULES = {
    "kennungen": "akteur_id = stable_id('A', kanonischer Name), netzwerk_id = "
    "stable_id('N', …); kanonische Namen in normalize_name-Form, "
    "kanonisch = Schreibweise der Aliastabelle, sonst die der Vorlage.",
    "doppelstrukturen": "geplante Paare: gleicher Kreis, Jaccard der Mitglieder >= 0,5, "
    "gemeinsame Themen und Zielgruppen; alle anderen Paare im "
    "selben Kreis bleiben unter Jaccard 0,4, und unter 0,25, "
    "wenn auch ihre Themen und Zielgruppen ähnlich sind "
    "(mittlerer Jaccard >= 0,5).",
    "bruecken": "Akteur mit Mitgliedschaften in Netzwerken mit landkreis in "
    "Brandenburg UND in Sachsen (regionsweite Netzwerke 'Lausitz' zählen "
    "nicht); nur die geplanten Akteure erfüllen das.",
    "hidden_champions": "nur 3 Netzwerke, aber genau die drei großen regionsweiten "
    "(Kompetenzregion Lausitz, WRL-Werkstatt 1, NetzwerkZukunft) und ab 2025 von vielen, "
    "vor allem zentralen Akteuren als Kooperationspartner genannt (kooperationen: an). "
    "Erkennbar (erkennbar = true) nur in Wellen mit Kooperationsangaben (2025, 2026): als "
    "Partner viel häufiger und von zentraleren Akteuren genannt, als Zahl und Größe ihrer "
    "Netzwerke erwarten lassen (genannt_von = Zahl der Nennenden). 2024 gibt es keine "
    "Kooperationen; dort teilen sie nur die Mitgliedschaften in den Dachnetzwerken mit "
    "vielen anderen, ihr PageRank im Ko-Mitgliedschaftsnetz ist genau der, den Zahl und "
    "Größe dieser Netzwerke erwarten lassen – das macht sie nicht zu Hidden Champions, "
    "die Analyse soll sie 2024 nicht melden.",
    "veroeffentlichen": "Rohwerte ja/nein bzw. Ja/Nein (unvollständige Antworten "
    "2024 auch leer); ~8 % nein.",
    "leere_felder": "geplante Akteure (bruecken, hidden_champions, Umbenennung) und "
    "geplante Netzwerke behalten kategorie, ebene und landkreis in "
    "den Rohdaten; sonst sind optionale Felder manchmal leer "
    "(akteure.csv: kategorie ~5 %, ebene ~8 %, landkreis ~12 %, "
    "telefon ~12 %; netzwerke: typ ~5 %, landkreis nur bei "
    "Orts-Netzwerken ~8 %). Die Grundwahrheit nennt die wahren Werte.",
    "rollen": "Koordination eines Netzwerks ist Mitglied mit Rolle Leitung; in der "
    "LimeSurvey-Welle höchste angekreuzte Rolle (Leitung > Gastgeber > "
    "Mitglied).",
}


def aid(a: Actor) -> str:
    """The actor's id, as the cleaning gives it."""
    return stable_id("A", a.name)


def nid(n: Network) -> str:
    """The network's id, as the cleaning gives it."""
    return stable_id("N", n.name)


def ground_truth(world: World, waves: dict[str, dict]) -> dict:
    """The whole document: description, rules, the rename, the demo's aliases, the waves."""
    renamed = next(a for a in world.actors if a.tag == "renamed")
    return {
        "beschreibung": DESCRIPTION,
        "synthetisch": True,
        "seed": world.seed,
        "scale": world.scale,
        "regeln": RULES,
        "umbenennung": {
            "alt": RENAMED_OLD,
            "neu": renamed.name,
            "akteur_id": aid(renamed),
            "zwischen": ["2025", "2026"],
            "alias": {"art": "akteur", "variante": RENAMED_OLD, "kanonisch": renamed.name},
        },
        "aliase_demo": [
            dict(r)
            for r in sorted(
                world.names.demo_aliases, key=lambda r: (r["art"], r["kanonisch"], r["variante"])
            )
        ],
        "tie_formation": tie_formation(),
        "wellen": waves,
    }


def tie_formation() -> dict:
    """How new memberships form from the second wave on (:data:`TIE_FORMATION`)."""
    from bildungsnetz.demo.memberships import TIE_FORMATION

    return {
        "beschreibung": "Ab der zweiten Welle treten Akteure Netzwerken bevorzugt bei, in "
        "denen schon ihre Partner sind (triadische Schließung), die nahe sind und deren "
        "Themen sie teilen. Gewicht eines Kandidaten = Aktivität × Kreispassung × "
        "(1 + themen_faktor · gemeinsame Themen + zielgruppen_faktor · gemeinsame "
        "Zielgruppen) × (1 + partner_faktor · min(k, partner_max)) × (1 + naehe_faktor · "
        "exp(−d / naehe_km)); k = Mitglieder, die schon Partner sind (gemeinsames Netzwerk "
        "in der Welle davor), d = km zum nächsten Mitglied. Neue Netzwerke wachsen so von "
        "ihrer Koordination aus.",
        "quellen": [
            "Gulati & Gargiulo (1999), Where do interorganizational networks come from? "
            "American Journal of Sociology 104, 1439–1493",
            "Kossinets & Watts (2006), Empirical analysis of an evolving social network. "
            "Science 311, 88–90",
        ],
        "parameter": dict(TIE_FORMATION),
    }


def wave_truth(world: World, w: int, rows: Rows, form: str, files: list, expected: dict) -> dict:
    """The ground truth of wave ``w``; ``rows`` are the raw rows written for it."""
    actors = sorted([a for a in world.actors if a.active(w)], key=aid)
    nets = sorted([n for n in world.networks if n.active(w)], key=nid)
    mitglied = sorted(
        [aid(world.actors[i]), nid(n), role] for n in nets for i, role in n.members[w].items()
    )
    out = {
        "form": form,
        "dateien": files,
        "anzahl": {
            "akteure": len(actors),
            "netzwerke": len(nets),
            "mitgliedschaften": len(mitglied),
            "kooperationen": len(world.coops[w]) if w in world.coops else None,
        },
        "erwartet_nach_bereinigung": expected,
        "doppelstrukturen": duplicates(world, w),
        "max_jaccard_nicht_geplanter_paare": max_other_jaccard(world, w),
        "bruecken": bridges(world, w),
        "hidden_champions": champions(world, w),
    }
    if w > 0:
        links = new_links(world, w)
        out["neue_verbindungen"] = {
            "definition": f"Paare von Akteuren, die in {WAVES[w - 1]} und {WAVES[w]} "
            f"dabei sind, {WAVES[w - 1]} kein Netzwerk teilten und "
            f"{WAVES[w]} mindestens eines teilen.",
            "anzahl_gesamt": len(links),
            "geplant": [p for p in world.new_connections if p["welle"] == WAVES[w]],
            "alle": links,
        }
    out["nicht_veroeffentlichen"] = sorted(a.name for a in actors if not a.consent)
    out["nicht_befragt"] = response_truth(world, w)
    out["aehnliche_namen_verschiedener_akteure"] = similar_names(actors)
    out["namensvarianten"] = rows.varianten
    out["unscharfe_dubletten"] = rows.unscharf
    out["orte"] = rows.orte
    for key in ("doppelte_antworten", "unvollstaendige_antworten", "freitext"):
        if key in rows.extra:
            out["freitext_netzwerke" if key == "freitext" else key] = rows.extra[key]
    out["akteure"] = _actor_table(world, actors, nets, w)
    out["netzwerke"] = _network_table(world, nets, w)
    out["mitgliedschaften"] = mitglied
    if w in world.coops:
        out["kooperationen"] = sorted(
            [aid(world.actors[v]), aid(world.actors[a]), lvl] for v, a, lvl in world.coops[w]
        )
    return out


def _actor_table(world: World, actors: list[Actor], nets: list[Network], w: int) -> list:
    count: dict[int, int] = {}
    for n in nets:
        for i in n.members[w]:
            count[i] = count.get(i, 0) + 1
    table = []
    for a in actors:
        p = a.place
        table.append(
            {
                "akteur_id": aid(a),
                "akteur": a.name,
                "kategorie": a.kategorie,
                "ebene": a.ebene,
                "plz": p.plz if p else a.plz_out,
                "ort": p.ort if p else a.ort_out,
                "landkreis": a.landkreis,
                "bundesland": a.bundesland,
                "raumtyp": p.raumtyp if p else "",
                "veroeffentlichen": "ja" if a.consent else "nein",
                "anzahl_netzwerke": count.get(a.idx, 0),
            }
        )
    return table


def _network_table(world: World, nets: list[Network], w: int) -> list:
    """The networks' true data (those named only in the 2024 free text have no profile)."""
    table = []
    for n in nets:
        hidden = n.freetext_2024 and w == 0
        coord = n.koordination.get(w)
        table.append(
            {
                "netzwerk_id": nid(n),
                "netzwerk": n.name,
                "typ": "" if hidden else n.typ,
                "landkreis": "" if hidden else n.landkreis,
                "bundesland": "" if hidden else world.ref.state.get(n.landkreis, ""),
                "themen": [] if hidden else sorted(normalize_name(t) for t in n.topics),
                "zielgruppen": [] if hidden else sorted(normalize_name(g) for g in n.groups),
                "koordination_id": aid(world.actors[coord]) if coord is not None else "",
                "anzahl_mitglieder": len(n.members[w]),
            }
        )
    return table


# -- planted structures, as found in the world -----------------------------------------------


#: Cells of one block of name comparisons in :func:`similar_names`.
SIMILAR_BLOCK_CELLS = 1 << 24


def similar_names(actors: list[Actor]) -> list:
    """Pairs of different actors that a fuzzy review would propose as duplicates.

    Ratio >= 90 on the folded names: expected false alarms, not to be merged.
    """
    from rapidfuzz import fuzz, process

    names = sorted(a.name for a in actors)
    folded = [fold(n) for n in names]
    if len(names) < 2:
        return []
    out = []
    step = max(1, SIMILAR_BLOCK_CELLS // len(folded))  # rows per block: memory stays flat
    for start in range(0, len(folded), step):
        scores = process.cdist(
            folded[start : start + step],
            folded,
            scorer=fuzz.ratio,
            score_cutoff=90,
            workers=1,
            dtype="uint8",
        )
        rows, cols = scores.nonzero()
        out += [
            [names[start + i], names[j], int(scores[i, j])]
            for i, j in zip(rows.tolist(), cols.tolist())
            if start + i < j
        ]
    return sorted(out)


def duplicates(world: World, w: int) -> list:
    """The planted duplicate network pairs of wave ``w``, with their overlap."""
    out = []
    for a in world.networks:
        if a.special != "dupA" or not a.active(w):
            continue
        b = next(x for x in world.networks if x.special == "dupB" and x.landkreis == a.landkreis)
        ma, mb = a.members[w], b.members[w]
        shared = [i for i in ma if i in mb]
        area = [x for x in world.networks if x.active(w) and x.landkreis == a.landkreis]
        others = [
            value for pair, value in area_overlaps(area, w).items() if set(pair) != {a.idx, b.idx}
        ]
        out.append(
            {
                "netzwerk_a": a.name,
                "netzwerk_a_id": nid(a),
                "netzwerk_b": b.name,
                "netzwerk_b_id": nid(b),
                "landkreis": a.landkreis,
                "jaccard": round(jaccard(ma, mb), 3),
                "gemeinsame_mitglieder": len(shared),
                "mitglieder_a": len(ma),
                "mitglieder_b": len(mb),
                "gemeinsame_themen": sorted(normalize_name(t) for t in a.topics if t in b.topics),
                "gemeinsame_zielgruppen": sorted(
                    normalize_name(g) for g in a.groups if g in b.groups
                ),
                "max_jaccard_anderer_paare_im_kreis": round(max(others, default=0.0), 3),
            }
        )
    return out


def area_overlaps(nets: list, w: int) -> dict[tuple[int, int], float]:
    """Member Jaccard of every pair ``(x.idx, y.idx)`` of ``nets`` that shares a member in
    wave ``w`` (the others have 0), from one sparse product instead of all pairs of sets.

    The same numbers as :func:`~bildungsnetz.demo.world.jaccard` (the same integer counts,
    one division).
    """
    from scipy import sparse

    rows = [k for k, n in enumerate(nets) for _ in n.members[w]]
    cols = [i for n in nets for i in n.members[w]]
    if not rows:
        return {}
    M = sparse.csr_array((np.ones(len(rows)), (rows, cols)), shape=(len(nets), max(cols) + 1))
    shared = sparse.triu(M @ M.T, k=1).tocoo()
    size = [len(n.members[w]) for n in nets]
    return {
        (nets[i].idx, nets[j].idx): int(c) / (size[i] + size[j] - int(c))
        for i, j, c in zip(shared.row.tolist(), shared.col.tolist(), shared.data.tolist())
    }


def max_other_jaccard(world: World, w: int) -> float:
    """Largest member overlap of two networks of one area that are no planted pair.

    The generator keeps it below 0.4.
    """
    by_area: dict[str, list] = {}
    for n in world.networks:
        if n.active(w):
            by_area.setdefault(n.landkreis, []).append(n)
    best = 0.0
    special = {n.idx: n.special for n in world.networks}
    for nets in by_area.values():
        for (x, y), value in area_overlaps(nets, w).items():
            if {special[x], special[y]} != {"dupA", "dupB"}:
                best = max(best, value)
    return round(best, 3)


def bridges(world: World, w: int) -> list:
    """Actors in district networks of both states in wave ``w`` (only the planted ones)."""
    by_actor: dict[int, dict] = {}
    for n in world.networks:
        if n.active(w) and n.landkreis in world.ref.state and not (n.freetext_2024 and w == 0):
            for i in n.members[w]:
                by_actor.setdefault(i, {"Brandenburg": [], "Sachsen": []})[
                    world.ref.state[n.landkreis]
                ].append(n.name)
    out = []
    for a in world.actors:
        if not a.active(w) or a.idx not in by_actor:
            continue
        nets = {k: sorted(v) for k, v in by_actor[a.idx].items()}
        if nets["Brandenburg"] and nets["Sachsen"]:
            out.append(
                {
                    "akteur": a.name,
                    "akteur_id": aid(a),
                    "kategorie": a.kategorie,
                    "sitz": a.bundesland,
                    "geplant": a.tag == "bridge",
                    "netzwerke_brandenburg": nets["Brandenburg"],
                    "netzwerke_sachsen": nets["Sachsen"],
                }
            )
    return sorted(out, key=lambda x: x["akteur_id"])


def champions(world: World, w: int) -> list:
    """The hidden champions of wave ``w``: their networks, number of partners and namers,
    and whether the wave lets them be recognised (only with cooperations; see ``RULES``)."""
    out = []
    partners = world.partners(w)
    for a in world.actors:
        if a.tag != "champion" or not a.active(w):
            continue
        nets = [n for n in world.networks if n.active(w) and a.idx in n.members[w]]
        out.append(
            {
                "akteur": a.name,
                "akteur_id": aid(a),
                "kategorie": a.kategorie,
                "anzahl_netzwerke": len(nets),
                "netzwerke": sorted(n.name for n in nets),
                "netzwerk_groessen": sorted((len(n.members[w]) for n in nets), reverse=True),
                "partner": len(partners.get(a.idx, ())),
                "genannt_von": (
                    len({von for von, an, _ in world.coops[w] if an == a.idx})
                    if w in world.coops
                    else None
                ),
                "erkennbar": w in world.coops,
            }
        )
    return sorted(out, key=lambda x: x["akteur_id"])


def new_links(world: World, w: int) -> list:
    """All pairs [akteur_id, akteur_id] (sorted) that newly share a network in wave ``w``.

    Both actors are present in waves ``w - 1`` and ``w`` and shared no network before.
    """
    before, now = world.partners(w - 1), world.partners(w)
    both = {a.idx for a in world.actors if a.active(w - 1) and a.active(w)}
    pairs = []
    for i in sorted(both):
        for j in now.get(i, ()):
            if j > i and j in both and j not in before.get(i, ()):
                pairs.append(sorted((aid(world.actors[i]), aid(world.actors[j]))))
    return sorted(pairs)


# -- serialisation -----------------------------------------------------------------------------


def dump_json(obj, indent: int = 0) -> str:
    """JSON with one line per table row (readable diffs, small file)."""
    pad = " " * indent
    inner = " " * (indent + 2)

    def flat(x) -> bool:
        if isinstance(x, (str, int, float, bool)) or x is None:
            return True
        if isinstance(x, list):
            return all(isinstance(i, (str, int, float, bool)) or i is None for i in x)
        if isinstance(x, dict):
            return all(flat(v) and not isinstance(v, dict) for v in x.values())
        return False

    def one(x) -> str:
        return json.dumps(x, ensure_ascii=False, separators=(", ", ": "))

    if isinstance(obj, dict):
        if not obj:
            return "{}"
        parts = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {dump_json(v, indent + 2)}"
            for k, v in obj.items()
        ]
        return "{\n" + ",\n".join(parts) + "\n" + pad + "}"
    if isinstance(obj, list):
        if not obj:
            return "[]"
        if (
            all(isinstance(i, (str, int, float, bool)) or i is None for i in obj)
            and len(one(obj)) <= 90
        ):
            return one(obj)
        parts = [inner + (one(i) if flat(i) else dump_json(i, indent + 2)) for i in obj]
        return "[\n" + ",\n".join(parts) + "\n" + pad + "]"
    return one(obj)
