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
    _name_champions(world, w, active, out)
    _draw_ties(world, w, active, out)
    return [(von, an, level) for (von, an), level in out.items()]


def _name_champions(world: World, w: int, active: list[Actor], out: dict) -> None:
    """Hidden champions are named as partner by many, above all by the hubs.

    Six namers come from the wave's central actors (top tenth by weighted degree in the
    co-membership graph, which PageRank follows), the others from everyone, weighted by
    activity² (the hubs again more often).
    """
    rng = world.rng
    degree = {a.idx: 0 for a in active}
    for n in world.networks:
        if n.active(w):
            for i in n.members[w]:
                if i in degree:
                    degree[i] += len(n.members[w]) - 1
    ranked = sorted(active, key=lambda a: (-degree[a.idx], a.idx))
    central = ranked[: max(1, len(ranked) // 10)]
    for c in [a for a in active if a.tag == "champion"]:
        top = [a for a in central if a.idx != c.idx and a.tag != "champion"]
        chosen = rng.sample(top, 6)
        pool = [a for a in active if a.idx != c.idx and a.tag != "champion" and a not in chosen]
        weights = [a.activity**2 + 0.05 for a in pool]
        chosen += rng.weighted_sample(pool, weights, 5 + rng.below(5))
        for a in chosen:
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
