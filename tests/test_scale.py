"""Scale (issue 16): name pools of the demo up to 100×, the sparse candidate search of the
cooperation potential against the exhaustive one, and memory that does not grow with the
actors squared."""

from __future__ import annotations

import itertools
import math
import random
import tracemalloc

import networkx as nx
import pandas as pd
import pytest

from bildungsnetz.analysis.findings import potentials as pot
from bildungsnetz.analysis.findings.actor_arrays import ActorArrays
from bildungsnetz.analysis.graphs import actor_projection
from bildungsnetz.analysis.measures import burt_constraint

# --------------------------------------------------------------------------- demo names


def _world(scale: int = 100):
    from bildungsnetz.demo.refdata import ReferenceData
    from bildungsnetz.demo.world import World
    from bildungsnetz.ingest.reference import PACKAGE_REFERENCE

    return World(ReferenceData(PACKAGE_REFERENCE), scale, 7)


def test_name_pools_grow_beyond_their_templates():
    """A small pool (job centres: one template per town) gives as many unique names as a
    100× demo needs (2 % of 32,000 actors), writable in Windows-1252."""
    from bildungsnetz.demo.actors import invented_name
    from bildungsnetz.demo.cached import name_key

    world = _world()
    names = [invented_name(world, "Jobcenter")[0] for _ in range(640)]
    assert all(n.strip() for n in names)
    assert len({name_key(n) for n in names}) == len(names)
    for n in names:
        n.encode("cp1252")
    overflow = [n for n in names if any(x in n for x in ("Zweigstelle", "Außenstelle"))]
    assert overflow, "the pool never ran out: the test no longer reaches the overflow names"


def test_overflow_names_of_every_category():
    """Every category has overflow names; numbered from 2 on, municipalities as offices."""
    from bildungsnetz.demo.names import _TEMPLATES, Site, overflow_name
    from bildungsnetz.demo.rng import Rng

    site = Site("Cottbus", "Sielow", "Cottbus", "Brandenburg", "Stadt Cottbus", 98000, "städtisch")
    rng = Rng(3)
    for kategorie in _TEMPLATES:
        for number in (1, 2, 37):
            name, extra = overflow_name(rng, kategorie, site, number)
            assert name.strip() and isinstance(extra, dict)
            assert name.endswith(f" {number}") == (number >= 2), name
            name.encode("cp1252")
    for _ in range(30):
        name, _ = overflow_name(rng, "Kommune/Verwaltung", site, 1)
        assert not name.startswith(("Stadt ", "Gemeinde ", "Amt ")), name


# --------------------------------------------------------------------------- sparse = exhaustive


PLACES = [(51.7563, 14.3329), (51.6856, 13.2322), (51.634, 13.7069), (51.1526, 14.9872), None]
TOPICS = ["BO", "MINT", "Ausbildung", "Inklusion", "Kultur", "Digitalisierung"]
TARGETS = ["Kinder", "Jugendliche", "Eltern", "Fachkräfte"]


def random_wave(n_actors: int, n_nets: int, seed: int) -> tuple[nx.Graph, nx.DiGraph]:
    """A 2-mode graph with topics, places, rural actors and a few cooperations."""
    rnd = random.Random(seed)
    B = nx.Graph()
    districts = ["Cottbus", "Görlitz", "Lausitz", "Elbe-Elster"]
    for j in range(n_nets):
        B.add_node(
            f"N{j:04d}",
            bipartite=1,
            name=f"Netz {j}",
            landkreis=rnd.choice(districts),
            themen=";".join(rnd.sample(TOPICS, rnd.randint(1, 3))),
            zielgruppen=";".join(rnd.sample(TARGETS, rnd.randint(1, 2))),
        )
    for i in range(n_actors):
        place = rnd.choice(PLACES)
        a = f"A{i:05d}"
        B.add_node(
            a,
            bipartite=0,
            name=f"Akteur {i}",
            landkreis=rnd.choice(districts[:2] + districts[3:]),
            raumtyp=rnd.choice(["ländlich", "städtisch"]),
            lat="" if place is None else place[0],
            lon="" if place is None else place[1],
        )
        for j in rnd.sample(range(n_nets), rnd.randint(1, 3)):
            B.add_edge(a, f"N{j:04d}")
    for a in (v for v, d in B.nodes(data=True) if d["bipartite"] == 0):
        nets = list(B[a])
        B.nodes[a]["themen"] = ";".join(
            sorted({t for x in nets for t in B.nodes[x]["themen"].split(";")})
        )
        B.nodes[a]["zielgruppen"] = ";".join(
            sorted({t for x in nets for t in B.nodes[x]["zielgruppen"].split(";")})
        )
    C = nx.DiGraph()
    actors = [f"A{i:05d}" for i in range(n_actors)]
    for _ in range(n_actors // 4):
        C.add_edge(rnd.choice(actors), rnd.choice(actors))
    return B, C


def assert_same(sparse: pd.DataFrame, exhaustive: pd.DataFrame) -> None:
    """Same rows, ranks, ids and scores (evidence compared as text: NaN distances)."""
    assert len(sparse) == len(exhaustive)
    cols = [c for c in sparse.columns if c != "belege"]
    pd.testing.assert_frame_equal(sparse[cols], exhaustive[cols])
    assert [repr(x) for x in sparse["belege"]] == [repr(x) for x in exhaustive["belege"]]


@pytest.mark.parametrize("seed", [1, 2])
def test_sparse_search_equals_exhaustive_on_random_waves(seed):
    B, C = random_wave(200, 30, seed)
    P = actor_projection(B)
    data = ActorArrays(B, P)
    for kwargs in ({}, {"top_k": 2, "block_size": 7}, {"min_shared_topics": 2}):
        got = pot.actor_pair_potential(B, P, cooperation=C, _data=data, **kwargs)
        want = pot.actor_pair_potential(
            B, P, cooperation=C, _data=data, method="exhaustive", **kwargs
        )
        assert len(got) > 0
        assert_same(got, want)
    got = pot.network_suggestions(B, P, _data=data)
    assert len(got) > 0
    assert_same(got, pot.network_suggestions(B, P, _data=data, method="exhaustive"))


def test_sparse_search_without_any_known_place():
    B, C = random_wave(60, 10, 4)
    for v in B:
        B.nodes[v].pop("lat", None), B.nodes[v].pop("lon", None)
    for kind in (pot.actor_pair_potential, pot.network_suggestions):
        got = kind(B)
        assert len(got) > 0 and got["distanz_km"].isna().all()
        assert_same(got, kind(B, method="exhaustive"))


def test_unknown_method_and_sparse_without_content_rule_are_refused():
    B, _ = random_wave(20, 5, 3)
    with pytest.raises(ValueError, match="method"):
        pot.actor_pair_potential(B, method="dense")
    with pytest.raises(ValueError, match="method"):
        pot.network_suggestions(B, method="dense")
    with pytest.raises(ValueError, match="sparse"):
        pot.actor_pair_potential(B, min_shared_topics=0)
    assert len(pot.actor_pair_potential(B, min_shared_topics=0, method="exhaustive")) > 0


@pytest.mark.slow
def test_sparse_search_equals_exhaustive_on_the_demo_waves(demo_reports):
    """The top suggestions (pairs and networks, with their scores) of every demo wave."""
    from bildungsnetz.analysis.graphs import build_graphs
    from bildungsnetz.analysis.tables import read_processed

    data_dir = demo_reports.parent / "data"
    waves = sorted(p.name for p in (data_dir / "processed").iterdir() if p.is_dir())
    assert len(waves) >= 3
    for wave in waves:
        g = build_graphs(read_processed(data_dir, wave))
        B, P, C = g["zweimodal"], g["akteure"], g["kooperationen"]
        sparse = pot.cooperation_potential(B, P, cooperation=C)
        exhaustive = pot.cooperation_potential(B, P, cooperation=C, method="exhaustive")
        assert (sparse["art"] == "akteur_akteur").sum() > 100
        assert_same(sparse, exhaustive)


# --------------------------------------------------------------------------- memory shape


def sparse_content_wave(n_actors: int) -> nx.Graph:
    """``n_actors`` actors in networks of ten; only 60 actors (six networks) have content,
    so there are few candidate pairs while ``n × n`` floats would take gigabytes."""
    B = nx.Graph()
    n_nets = n_actors // 10
    for j in range(n_nets):
        content = j < 6
        B.add_node(
            f"N{j:05d}",
            bipartite=1,
            name=f"Netz {j}",
            landkreis="Cottbus",
            themen="MINT" if content else "",
            zielgruppen="Kinder" if content else "",
        )
    for i in range(n_actors):
        place = PLACES[i % 4]
        j = i // 10
        B.add_node(
            f"A{i:06d}",
            bipartite=0,
            name=f"Akteur {i}",
            landkreis="Cottbus",
            raumtyp="ländlich" if i % 3 else "städtisch",
            lat=place[0],
            lon=place[1],
            themen="MINT" if j < 6 else "",
            zielgruppen="Kinder" if j < 6 else "",
        )
        B.add_edge(f"A{i:06d}", f"N{j:05d}")
        B.add_edge(f"A{i:06d}", f"N{(j + 1) % n_nets:05d}")
    return B


@pytest.mark.slow
def test_candidate_search_never_allocates_actors_squared():
    """17,000 actors: one n × n float matrix would take 2.3 GB; the sparse searches (and
    the actor arrays) stay far below a ninth of that, measured with tracemalloc (numpy and
    scipy register their buffers with it), not with a clock."""
    n = 17_000
    B = sparse_content_wave(n)
    P = nx.Graph()  # the co-membership graph, built directly (actor_projection is slower)
    for x in (v for v, d in B.nodes(data=True) if d["bipartite"] == 1):
        P.add_edges_from(itertools.combinations(sorted(B[x]), 2))
    square = n * n * 8
    assert square > 2 * 1024**3
    tracemalloc.start()
    try:
        data = ActorArrays(B, P)
        pairs = pot.actor_pair_potential(B, P, _data=data)
        nets = pot.network_suggestions(B, P, _data=data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < square / 9, f"peak {peak / 1e6:.0f} MB"
    content = {f"A{i:06d}" for i in range(60)}
    assert len(pairs) > 0 and set(pairs["id_a"]) <= content and set(pairs["id_b"]) <= content
    assert len(nets) > 0 and set(nets["id_a"]) <= content


def test_constraint_is_sparse_and_matches_the_other_backends():
    """Burt's constraint of the default backend equals igraph's and the pure-Python
    definition (1e-9) on a random co-membership graph, and stays below n² memory."""
    B, _ = random_wave(120, 30, 5)
    P = actor_projection(B)
    auto = burt_constraint(P, "weight")
    for backend in ("igraph", "networkx"):
        other = burt_constraint(P, "weight", backend=backend)
        for v in P:
            assert math.isnan(auto[v]) == math.isnan(other[v])
            if not math.isnan(auto[v]):
                assert abs(auto[v] - other[v]) < 1e-9, (backend, v)
    ring = nx.cycle_graph(20_000)
    tracemalloc.start()
    try:
        c = burt_constraint(ring, None)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert all(abs(x - 0.5) < 1e-12 for x in c.values())
    assert peak < 20_000**2 * 8 / 50


# --------------------------------------------------------------------------- cleaning


def test_fuzzy_review_in_blocks_gives_the_same_proposals(mini_data, tmp_path, monkeypatch):
    """The actor-name review compares blocks of rows (memory linear in the actors); a block
    of two rows proposes the same pairs, in the same order, as one block of all."""
    import shutil

    from bildungsnetz.ingest import review
    from bildungsnetz.ingest.clean import clean_wave

    other = tmp_path / "copy"
    shutil.copytree(mini_data, other)
    whole = clean_wave(mini_data, "w1").review
    monkeypatch.setattr(review, "REVIEW_BLOCK", 2)
    blocks = clean_wave(other, "w1").review
    assert len(whole) > 0
    pd.testing.assert_frame_equal(whole.reset_index(drop=True), blocks.reset_index(drop=True))


@pytest.mark.parametrize("seed", range(5))
def test_top_k_of_a_block_equals_the_top_k_of_each_row(seed):
    """The partition shortcut of the network suggestions picks exactly the rows' ``k`` best
    valid scores, ties broken by the smaller index (scores with many ties)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 4, size=(40, 25)).astype(float) / 3
    valid = rng.random((40, 25)) < 0.6
    valid[0] = False  # a row without candidates
    for k in (0, 1, 3, 25, 30):
        expected = [pot._top_k(scores[r], valid[r], k) if k else [] for r in range(40)]
        assert pot._top_k_rows(scores, valid, k) == expected
