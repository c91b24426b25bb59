"""Non-response: which actors did not answer the survey in each wave (issue 14).

A real survey never reaches everyone. Per wave ~15 % of the actors do not answer
(:data:`NONRESPONSE_SHARE`); small and rural actors more often than large ones (weight
``1 / (1 + networks)``, rural ×:data:`RURAL_FACTOR`), and :data:`SILENT_HUBS` of the ten actors
with the most networks do not answer either, so that the ranking among respondents visibly
differs from the full one. Surveys of organisations find the same pattern: small and
peripheral organisations answer less often, which is why their ties are the ones most often
missing (Stork & Richards 1992; Kossinets 2006).

What non-response looks like in the raw files:

- tidy template (2025, 2026): the office's tables still list the actor and its memberships
  (reported by the coordinators and the register); the column ``befragt`` says ``nein``;
- LimeSurvey (2024): the actor has no response row. It appears only where others name it – as
  the coordinator of a network in the office's register (the cleaning adds it with
  ``befragt`` = ``nein`` and the role ``Leitung`` there); otherwise it is missing from the
  wave altogether, with all its memberships.

The planted structures stay intact: bridges, hidden champions, the renamed institution and
the actors of the planted new connections always answer, and in the LimeSurvey wave so do the
members of the planted duplicate pairs and of the networks named only in free text.

The draws come from a random stream of their own (seed + :data:`SEED_OFFSET`), so the world
(actors, networks, memberships, cooperations) is the same with or without non-response.
"""

from __future__ import annotations

from bildungsnetz.demo.rng import Rng
from bildungsnetz.demo.world import WAVES, World

#: Share of a wave's actors that do not answer.
NONRESPONSE_SHARE = 0.15
#: How much more often a rural actor does not answer.
RURAL_FACTOR = 1.8
#: How many of the ten actors with the most networks do not answer, per wave.
SILENT_HUBS = 2
#: Offset of the seed of the non-response draws (kept apart from the world's stream).
SEED_OFFSET = 14
#: Wave index of the LimeSurvey wave (non-respondents have no response row there).
LIMESURVEY_WAVE = 0


def plant_nonresponse(world: World) -> dict[int, list[int]]:
    """The actors (idx, sorted) that do not answer, per wave index."""
    rng = Rng(world.seed + SEED_OFFSET)
    out = {}
    for w in range(len(WAVES)):
        protected = _protected(world, w)
        counts = _network_counts(world, w)
        active = [a for a in world.actors if a.active(w)]
        target = round(NONRESPONSE_SHARE * len(active))
        hubs = [a for a in _top_ten(world, w) if a.idx not in _protected(world, w, hubs=True)]
        silent = rng.sample(hubs, min(SILENT_HUBS, len(hubs), target))
        chosen = {a.idx for a in silent}
        pool = [a for a in active if a.idx not in protected and a.idx not in chosen]
        weights = [_weight(a, counts.get(a.idx, 0)) for a in pool]
        chosen |= {a.idx for a in rng.weighted_sample(pool, weights, target - len(chosen))}
        out[w] = sorted(chosen)
    return out


def _top_ten(world: World, w: int) -> list:
    """The ten actors with the most networks in wave ``w`` (ties by index)."""
    counts = _network_counts(world, w)
    active = [a for a in world.actors if a.active(w)]
    return sorted(active, key=lambda a: (-counts.get(a.idx, 0), a.idx))[:10]


def _weight(actor, networks: int) -> float:
    rural = actor.place is not None and actor.place.raumtyp == "ländlich"
    return (RURAL_FACTOR if rural else 1.0) / (1 + networks)


def _network_counts(world: World, w: int) -> dict[int, int]:
    counts: dict[int, int] = {}
    for n in world.networks:
        if n.active(w):
            for i in n.members[w]:
                counts[i] = counts.get(i, 0) + 1
    return counts


def _protected(world: World, w: int, hubs: bool = False) -> set[int]:
    """Actors that always answer in wave ``w`` (see the module docstring).

    ``hubs``: the rule for the silent hubs, which may be members of a planted duplicate pair
    (the hubs are members of nearly every large network; a pair loses at most one shared
    member in the LimeSurvey wave, and none where the hub coordinates it).
    """
    keep = {a.idx for a in world.actors if a.tag in ("bridge", "champion", "renamed")}
    by_name = {a.name: a.idx for a in world.actors}
    for record in world.new_connections:
        for key in ("akteur_a", "akteur_b"):
            if record.get(key) in by_name:
                keep.add(by_name[record[key]])
    if w == LIMESURVEY_WAVE:
        for n in world.networks:
            planted_pair = n.special in ("dupA", "dupB") and not hubs
            if n.active(w) and (planted_pair or n.freetext_2024):
                keep.update(n.members[w])
    return keep


def silent(world: World, w: int) -> set[int]:
    """The actors (idx) that do not answer in wave ``w``."""
    return set(getattr(world, "nonresponse", {}).get(w, ()))


def named_in_register(world: World, w: int) -> set[int]:
    """Non-respondents of the LimeSurvey wave that the register names as coordinators.

    Only these appear in the cleaned wave (with ``befragt`` = ``nein``).
    """
    quiet = silent(world, w)
    return {
        n.koordination[w]
        for n in world.networks
        if n.active(w) and not n.freetext_2024 and n.koordination.get(w) in quiet
    }


def response_truth(world: World, w: int) -> dict:
    """The ground truth of wave ``w`` on non-response (``nicht_befragt`` of each wave).

    ``in_den_daten``: the non-respondents the cleaned wave holds – exactly its actors with
    ``befragt`` = ``nein``; ``ohne_nennung`` (LimeSurvey wave only): non-respondents nobody
    names, missing from the wave altogether; ``top10``: one of the ten actors with the most
    networks in the wave.
    """
    from bildungsnetz.demo.cached import stable_id

    quiet = sorted(silent(world, w))
    present = named_in_register(world, w) if w == LIMESURVEY_WAVE else set(quiet)
    top = {a.idx for a in _top_ten(world, w)}

    def entry(i: int) -> dict:
        a = world.actors[i]
        return {"akteur": a.name, "akteur_id": stable_id("A", a.name), "top10": i in top}

    active = sum(1 for a in world.actors if a.active(w))
    return {
        "regel": "~15 % je Welle antworten nicht (kleine und ländliche Akteure häufiger, "
        "zwei der zehn Akteure mit den meisten Netzwerken); Tabellen der Vorlage: "
        "befragt = nein, Mitgliedschaften bleiben; LimeSurvey: keine Antwortzeile, nur als "
        "Koordination im Netzwerkregister genannt (sonst fehlt der Akteur in der Welle).",
        "anteil": round(len(quiet) / active, 3) if active else 0.0,
        "in_den_daten": sorted((entry(i) for i in present), key=lambda e: e["akteur_id"]),
        "ohne_nennung": sorted(
            (entry(i) for i in quiet if i not in present), key=lambda e: e["akteur_id"]
        ),
    }
