"""The planted structures the analysis should find, and what keeps them unambiguous.

- duplicate structures: two network pairs of the same district (``dupA``/``dupB``) that
  share most members, topics and target groups;
- bridges: the actors tagged ``bridge`` sit in district networks of both states;
- hidden champions: few memberships, but exactly in the large region-wide networks;
- new connections between waves: pairs of actors that shared no network before, with
  common partners and topics, meet in a network of their district;
- no other pair of networks of the same district overlaps with Jaccard >= 0.4 (>= 0.25 if
  their topics are alike too): :func:`keep_distinct` thins accidental overlaps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bildungsnetz.demo.cached import normalize_name, stable_id
from bildungsnetz.demo.world import REGION_WIDE, WAVES, Actor, Network, World, jaccard

if TYPE_CHECKING:
    from bildungsnetz.demo.memberships import Affinity


def duplicates(world: World, affinity: Affinity, w: int) -> None:
    """Plant the duplicate structures of wave ``w``.

    Network B (same district) takes ~78 % of A's members plus a few of its own, so that
    the Jaccard index of the two is about 0.6–0.7.
    """
    rng = world.rng
    for a in world.networks:
        if a.special != "dupA" or not a.active(w):
            continue
        b = next(x for x in world.networks if x.special == "dupB" and x.landkreis == a.landkreis)
        ma = list(a.members[w])
        shared = rng.sample(ma, max(3, int(round(0.78 * len(ma)))))
        members = dict.fromkeys(shared, "Mitglied")
        own = max(1, int(round(0.18 * len(ma))))
        for i in affinity.draw(b, w, own, set(ma)):
            members[i] = "Mitglied"
        b.members[w] = members


def bridges(world: World, w: int) -> None:
    """Bridge actors: member of at least two district networks in each state."""
    rng = world.rng
    for a in world.actors:
        if a.tag != "bridge" or not a.active(w):
            continue
        for state in ("Brandenburg", "Sachsen"):
            nets = [
                n
                for n in world.networks
                if n.active(w)
                and not n.special
                and n.landkreis != REGION_WIDE
                and not n.town
                and world.ref.state.get(n.landkreis) == state
            ]
            have = [n for n in nets if a.idx in n.members[w]]
            if len(have) >= 2:
                continue
            cand = [n for n in nets if a.idx not in n.members[w]]
            weights = [1.0 + sum(1 for t in a.topics if t in n.topics) for n in cand]
            for n in rng.weighted_sample(cand, weights, 2 - len(have)):
                n.members[w][a.idx] = "Mitglied"


def champions(world: World, w: int) -> None:
    """Hidden champions: members of three of the large region-wide networks, and no other."""
    rng = world.rng
    champs = [a for a in world.actors if a.tag == "champion" and a.active(w)]
    big = world.central(w)
    for a in champs:
        for n in world.networks:
            n.members.get(w, {}).pop(a.idx, None)
        for n in rng.sample(big, 3):
            n.members[w][a.idx] = "Mitglied"


def keep_distinct(world: World, affinity: Affinity, w: int) -> None:
    """Thin out accidental duplicate structures.

    Two networks of the same area that are not a planted pair stay below member Jaccard
    0.4, and below 0.25 if their topics and target groups are alike too (mean Jaccard
    >= 0.5).
    """
    planted = {n.idx for n in world.networks if n.special in ("dupA", "dupB")}
    by_area: dict[str, list[Network]] = {}
    for n in world.networks:
        if n.active(w):
            by_area.setdefault(n.landkreis, []).append(n)
    protected = {a.idx for a in world.actors if a.tag in ("bridge", "champion")}
    for nets in by_area.values():
        for _ in range(6):
            changed = False
            for i in range(len(nets)):
                for j in range(i + 1, len(nets)):
                    x, y = nets[i], nets[j]
                    if x.idx in planted and y.idx in planted:
                        continue
                    mx, my = x.members[w], y.members[w]
                    limit = 0.25 if affinity.alike(x, y) else 0.4
                    if jaccard(mx, my) < limit:
                        continue
                    small = x if len(mx) <= len(my) else y
                    other = y if small is x else x
                    if small.idx in planted:
                        small, other = other, small
                    _thin(world, affinity, small, other, w, protected, limit - 0.03)
                    changed = True
            if not changed:
                break


def _thin(
    world: World,
    affinity: Affinity,
    small: Network,
    other: Network,
    w: int,
    protected: set,
    target: float,
) -> None:
    """Replace shared members of ``small`` until the overlap is below ``target``.

    Planted actors are never dropped.
    """
    ms, mo = small.members[w], other.members[w]
    guard = 0
    while jaccard(ms, mo) >= target and guard < 40:
        guard += 1
        shared = [i for i in ms if i in mo and i not in protected]
        if not shared:
            break
        drop = shared[world.rng.below(len(shared))]
        del ms[drop]
        repl = affinity.draw(small, w, 1, set(ms) | set(mo))
        if repl:
            ms[repl[0]] = "Mitglied"


# ---------------------------------------------------------------------------------------------
# new connections between waves
# ---------------------------------------------------------------------------------------------


def plant_new_connections(world: World, affinity: Affinity) -> list[dict]:
    """Plant new connections in waves 1 and 2; return their records (for the ground truth).

    ~6 × scale pairs of actors of the same district that shared no network in the wave
    before, but partners and at least two topics, meet in a network of one of them.
    """
    rng = world.rng
    planted: list[dict] = []
    by_area: dict[tuple, list[Network]] = {}
    for n in world.networks:
        for w in range(3):
            if n.active(w):
                by_area.setdefault((w, n.landkreis), []).append(n)
    for w in (1, 2):
        before = world.partners(w - 1)
        topics = world.topics_of(w - 1)
        now = world.partners(w)
        cand = [
            a for a in world.actors if a.active(w - 1) and a.active(w) and not a.tag and a.place
        ]
        rng.shuffle(cand)
        district: dict[str, list[Actor]] = {}  # the candidates of each district, in order
        for a in cand:
            district.setdefault(a.landkreis, []).append(a)
        chosen = 0
        used: set[int] = set()
        for a in cand:
            if chosen >= 6 * world.scale:
                break
            if a.idx in used:
                continue
            options = _new_partners(a, district[a.landkreis], used, before, now, topics)
            if not options:
                continue
            b = options[rng.below(len(options))]
            nets = [
                n
                for n in world.networks
                if n.active(w)
                and a.idx in n.members[w]
                and not n.special
                and n.landkreis != REGION_WIDE
                and _stays_distinct(affinity, by_area, n, b.idx, w)
            ]
            if not nets:
                continue
            n = nets[rng.below(len(nets))]
            n.members[w][b.idx] = "Mitglied"
            used.update((a.idx, b.idx))
            for i in n.members[w]:
                if i != b.idx:
                    now.setdefault(i, set()).add(b.idx)
                    now.setdefault(b.idx, set()).add(i)
            chosen += 1
            planted.append(_record(a, b, n, w, before, topics))
    return planted


def _new_partners(
    a: Actor, cand: list[Actor], used: set, before: dict, now: dict, topics: dict
) -> list[Actor]:
    """Actors ``a`` could newly meet.

    Same district, not partners before or now, a common partner and two common topics
    before.
    """
    options = []
    for b in cand:
        if b.idx <= a.idx or b.idx in used or b.landkreis != a.landkreis:
            continue
        if b.idx in before.get(a.idx, ()) or b.idx in now.get(a.idx, ()):
            continue
        common = before.get(a.idx, set()) & before.get(b.idx, set())
        shared = topics.get(a.idx, set()) & topics.get(b.idx, set())
        if len(common) >= 1 and len(shared) >= 2:
            options.append(b)
    return options


def _stays_distinct(affinity: Affinity, by_area: dict, n: Network, new_member: int, w: int) -> bool:
    """Adding a member keeps n clear of the duplicate-structure limits of keep_distinct()."""
    grown = set(n.members[w]) | {new_member}
    for m in by_area.get((w, n.landkreis), ()):
        if m.idx == n.idx:
            continue
        limit = 0.25 if affinity.alike(n, m) else 0.4
        if jaccard(grown, m.members[w]) >= limit - 0.02:
            return False
    return True


def _record(a: Actor, b: Actor, n: Network, w: int, before: dict, topics: dict) -> dict:
    first, second = sorted((a, b), key=lambda x: stable_id("A", x.name))
    common = sorted(before[a.idx] & before[b.idx])
    shared = sorted(topics[a.idx] & topics[b.idx])
    return {
        "von_welle": WAVES[w - 1],
        "welle": WAVES[w],
        "akteur_a": first.name,
        "akteur_a_id": stable_id("A", first.name),
        "akteur_b": second.name,
        "akteur_b_id": stable_id("A", second.name),
        "ueber_netzwerk": n.name,
        "netzwerk_id": stable_id("N", n.name),
        "landkreis": a.landkreis,
        "gemeinsame_partner_vorher": len(common),
        "gemeinsame_themen_vorher": [normalize_name(t) for t in shared],
    }
