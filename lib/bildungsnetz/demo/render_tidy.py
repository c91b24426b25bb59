"""The rows of a wave in the tidy template (2025 as XLSX, 2026 as CSV files).

Tables ``akteure``, ``netzwerke``, ``mitgliedschaften`` and ``kooperationen``, in random
order and with the mess of real data: exact duplicate rows, actors entered twice under a
name variant (key, alias, or – near-duplicates for the fuzzy review – umlauts spelt out),
a network listed twice, name variants in every reference, vocabulary variants.
"""

from __future__ import annotations

from bildungsnetz.demo.cached import name_key, stable_id
from bildungsnetz.demo.messy import Rows, Variants, actor_ref, actor_row, network_ref, plant_places
from bildungsnetz.demo.people import person
from bildungsnetz.demo.world import Actor, Network, World

TAB_A, TAB_N, TAB_M = "akteure", "netzwerke", "mitgliedschaften"


def tidy_rows(world: World, v: Variants, w: int, cp1252_actors: bool, nfd_networks: bool) -> Rows:
    """The rows of wave ``w`` in the tidy template.

    ``cp1252_actors``: the actor table is written in Windows-1252 (variants must fit);
    ``nfd_networks``: the network table is written in NFD (no NFD variants inside it).
    """
    rows = Rows()
    actors = [a for a in world.actors if a.active(w)]
    world.rng.shuffle(actors)
    fuzzy = _actor_rows(world, v, rows, actors, w, cp1252_actors)
    nets = [n for n in world.networks if n.active(w)]
    world.rng.shuffle(nets)
    _network_rows(world, v, rows, nets, w, nfd_networks)
    _membership_rows(world, v, rows, nets, fuzzy, w)
    _cooperation_rows(world, v, rows, w)
    return rows


def network_row(
    world: World, v: Variants, rows: Rows, n: Network, w: int, cp1252=False, nfd_ok=True
) -> dict:
    """A network's row of the register (tidy columns), as the office keeps it."""
    rng = v.rng
    sep = rng.choice([";", "; ", "; "])
    themen = sep.join(v.vocab_value("thema", t, 0.15) for t in n.topics)
    gruppen = sep.join(v.vocab_value("zielgruppe", g, 0.15) for g in n.groups)
    coord = world.actors[n.koordination[w]]
    return {
        "netzwerk": n.name,
        "typ": "" if rng.chance(0.05) else n.typ,
        "landkreis": v.district_value(
            n.landkreis, 0.25, 0.08 if n.town and not n.special else 0.0, cp1252
        ),
        "themen": themen,
        "zielgruppen": gruppen,
        "koordination": actor_ref(v, rows, "netzwerke", coord, w, 0.03, 0.1, nfd_ok),
    }


def first_pos(world: World, table: list, name: str, col: str = "akteur") -> int:
    """Index of the first row naming the same actor (or network) as ``name``."""
    art = col if col == "netzwerk" else "akteur"
    key = world.names.canonical(art, name)
    for i, r in enumerate(table):
        if name_key(world.names.canonical(art, r[col])) == name_key(key):
            return i
    return len(table) - 1


def _actor_rows(
    world: World, v: Variants, rows: Rows, actors: list[Actor], w: int, cp1252: bool
) -> list[tuple[Actor, str]]:
    """Write the actor rows; return the near-duplicates (actor, name spelt without umlauts).

    One row per actor (an alias as name now and then), planted place errors, then the
    duplicate rows, each somewhere after the actor's first row.
    """
    rng = world.rng
    primary = []
    for a in actors:
        row = actor_row(v, a, w, cp1252=cp1252)
        alias = v.alias_variant("akteur", a.name, cp1252)
        if alias and a.tag != "renamed" and rng.chance(0.15):
            row["akteur"] = alias
            rows.note(TAB_A, "akteur", alias, a.name, "alias")
        elif a.name_in(w) != a.name:
            rows.note(TAB_A, "akteur", a.name_in(w), a.name, "alias")
        rows.akteure.append(row)
        primary.append((a, row))
    plant_places(world, rows, primary, TAB_A)
    first_row = {a.idx: row for a, row in primary}
    dups, fuzzy = _duplicate_actor_rows(world, v, rows, actors, first_row, w, cp1252)
    # as first_pos(), with the keys of the rows computed once (a 100x wave has 30.000 rows)
    keys = [_actor_key(world, r["akteur"]) for r in rows.akteure]
    for row in dups:
        key = _actor_key(world, row["akteur"])
        try:
            after = keys.index(key) + 1
        except ValueError:
            after = len(keys)
        at = after + rng.below(len(rows.akteure) - after + 1)
        rows.akteure.insert(at, row)
        keys.insert(at, key)
    return fuzzy


def _actor_key(world: World, name: str) -> str:
    """The key :func:`first_pos` compares actor names by."""
    return name_key(world.names.canonical("akteur", name))


def _duplicate_actor_rows(
    world: World,
    v: Variants,
    rows: Rows,
    actors: list[Actor],
    first_row: dict,
    w: int,
    cp1252: bool,
) -> tuple[list, list]:
    """Rows for actors entered twice, and the near-duplicates among them.

    3 × scale exact copies, 3 × scale key variants (by a colleague, other contact),
    2 × scale alias names, 2 × scale near-duplicates.
    """
    rng, s = world.rng, world.scale
    dups = []
    pool = [a for a in actors if a.tag != "outside"]
    for a in rng.sample(pool, 3 * s):  # exact duplicate rows
        dups.append(dict(first_row[a.idx]))
    for a in rng.sample(pool, 3 * s):  # case/whitespace variants
        row = actor_row(v, a, w, cp1252=cp1252)
        row["akteur"] = v.key_variant(a.name_in(w), nfd=not cp1252)
        rows.note(TAB_A, "akteur", row["akteur"], a.name, "schluessel")
        row["ansprechperson"], row["email"] = person(rng, a.kategorie)  # entered by a colleague
        row["telefon"] = ""
        dups.append(row)
    with_alias = [
        a for a in actors if a.tag != "renamed" and v.alias_variant("akteur", a.name, cp1252)
    ]
    for a in rng.sample(with_alias, min(len(with_alias), 2 * s)):
        row = actor_row(v, a, w, cp1252=cp1252)
        row["akteur"] = v.alias_variant("akteur", a.name, cp1252)
        rows.note(TAB_A, "akteur", row["akteur"], a.name, "alias")
        dups.append(row)
    fuzzy = []
    umlaut = [a for a in actors if not a.tag and v.fuzzy_variant(a.name_in(w))]
    for a in rng.sample(umlaut, min(len(umlaut), 2 * s)):
        variant = v.fuzzy_variant(a.name_in(w))
        row = actor_row(v, a, w, cp1252=cp1252)
        row["akteur"] = variant
        row["befragt"] = ""  # entered by someone else: unknown whether it answered
        dups.append(row)
        fuzzy.append((a, variant))
    return dups, fuzzy


def _network_rows(
    world: World, v: Variants, rows: Rows, nets: list[Network], w: int, nfd_networks: bool
) -> None:
    """One row per network, and one invented network listed twice (key variant, no topics)."""
    rng = world.rng
    for n in nets:
        rows.netzwerke.append(
            network_row(world, v, rows, n, w, cp1252=False, nfd_ok=not nfd_networks)
        )
    dup_net = rng.choice([n for n in nets if not n.known])
    row = dict(next(r for r in rows.netzwerke if r["netzwerk"] == dup_net.name))
    row["netzwerk"] = v.key_variant(dup_net.name)
    row["themen"] = ""
    rows.note(TAB_N, "netzwerk", row["netzwerk"], dup_net.name, "schluessel")
    rows.netzwerke.insert(
        first_pos(world, rows.netzwerke, dup_net.name, "netzwerk") + 1 + rng.below(3), row
    )


def _membership_rows(
    world: World,
    v: Variants,
    rows: Rows,
    nets: list[Network],
    fuzzy: list[tuple[Actor, str]],
    w: int,
) -> None:
    """Write the membership rows, shuffled.

    One row per membership (~1 % twice), plus memberships under the near-duplicate names.
    """
    rng = world.rng
    mrows = []
    for n in sorted(nets, key=lambda x: x.idx):
        for aidx, role in sorted(n.members[w].items()):
            a = world.actors[aidx]
            mrows.append(
                {
                    "akteur": actor_ref(v, rows, TAB_M, a, w),
                    "netzwerk": network_ref(v, rows, TAB_M, n),
                    "rolle": v.vocab_value("rolle", role, 0.06),
                }
            )
    for row in rng.sample(mrows, max(1, round(0.01 * len(mrows)))):
        mrows.append(dict(row))
    for a, variant in fuzzy:
        mine = [n for n in nets if a.idx in n.members[w]]
        for n in rng.sample(mine, min(len(mine), 1 + rng.below(2))):
            mrows.append({"akteur": variant, "netzwerk": n.name, "rolle": "Mitglied"})
        rows.unscharf.append(
            {
                "tabelle": TAB_A,
                "variante": variant,
                "variante_id": stable_id("A", variant),
                "kanonisch": a.name,
                "id": stable_id("A", a.name),
                "mitgliedschaften_unter_variante": [
                    r["netzwerk"] for r in mrows if r["akteur"] == variant
                ],
            }
        )
        rows.note(TAB_A, "akteur", variant, a.name, "unscharf")
    rng.shuffle(mrows)
    rows.mitgliedschaften = mrows


def _cooperation_rows(world: World, v: Variants, rows: Rows, w: int) -> None:
    """One row per cooperation tie (~1 % twice), shuffled."""
    rng = world.rng
    for von, an, level in world.coops[w]:
        rows.kooperationen.append(
            {
                "von": actor_ref(v, rows, "kooperationen", world.actors[von], w, 0.02, 0.02),
                "an": actor_ref(v, rows, "kooperationen", world.actors[an], w, 0.02, 0.02),
                "intensitaet": level,
            }
        )
    for row in rng.sample(rows.kooperationen, max(1, round(0.01 * len(rows.kooperationen)))):
        rows.kooperationen.append(dict(row))
    rng.shuffle(rows.kooperationen)
