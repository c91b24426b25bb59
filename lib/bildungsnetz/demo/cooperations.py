"""Cooperation ties (waves 2025 and 2026): who names whom as a partner, and how closely.

About 1.5 ties per actor, intensity 1 (occasional) to 3 (close); ~70 % of the ties of the
wave before persist. Most ties follow shared networks, some stay within the district. The
hidden champions are named by many actors, above all by the hubs.
"""

from __future__ import annotations

from bildungsnetz.demo.world import Actor, World


def add_cooperations(world: World) -> None:
    """The cooperation ties of waves 1 and 2 (``world.coops``)."""
    previous = None
    for w in (1, 2):
        world.coops[w] = cooperations(world, w, previous)
        previous = world.coops[w]


def cooperations(world: World, w: int, previous: list | None) -> list[tuple[int, int, int]]:
    """The ties (von idx, an idx, intensity) of wave ``w``."""
    rng = world.rng
    out: dict[tuple, int] = {}
    if previous:
        for von, an, level in previous:
            if world.actors[von].active(w) and world.actors[an].active(w) and rng.chance(0.7):
                out[(von, an)] = level
    active = [a for a in world.actors if a.active(w)]
    _name_champions(world, active, out)
    _draw_ties(world, w, active, out)
    return [(von, an, level) for (von, an), level in out.items()]


def _name_champions(world: World, active: list[Actor], out: dict) -> None:
    """Hidden champions are named as partner by many, above all by the hubs."""
    rng = world.rng
    for c in [a for a in active if a.tag == "champion"]:
        pool = [a for a in active if a.idx != c.idx and a.tag != "champion"]
        weights = [a.activity**2 + 0.05 for a in pool]
        for a in rng.weighted_sample(pool, weights, 11 + rng.below(5)):
            out[(a.idx, c.idx)] = rng.weighted([2, 3], [0.5, 0.5])


def _draw_ties(world: World, w: int, active: list[Actor], out: dict) -> None:
    """Ties up to 1.5 per actor: mostly to a co-member, else to an actor of the district."""
    rng = world.rng
    partners = world.partners(w)
    by_district: dict[str, list[Actor]] = {}
    for a in active:
        by_district.setdefault(a.landkreis, []).append(a)
    target = round(1.5 * len(active))
    order = list(active)
    rng.shuffle(order)
    pos = 0
    guard = 0
    while len(out) < target and guard < 20 * target:
        guard += 1
        a = order[pos % len(order)]
        pos += 1
        if rng.chance(0.35):
            continue
        if rng.chance(0.78) and partners.get(a.idx):
            cand = sorted(partners[a.idx])
            b = world.actors[rng.weighted(cand, [world.actors[i].activity + 0.3 for i in cand])]
        else:
            pool = by_district.get(a.landkreis) or active
            b = rng.choice(pool)
        if b.idx == a.idx or (a.idx, b.idx) in out:
            continue
        out[(a.idx, b.idx)] = rng.weighted([1, 2, 3], [0.45, 0.35, 0.2])
