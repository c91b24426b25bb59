"""Generate the synthetic world: the steps, in the fixed order of their random draws.

Every step draws from the one ``world.rng``; changing the order of the steps (or of the
draws within one) changes every demo file. ``tests/test_demo.py`` checks that the committed
demo data are exactly what this order gives.
"""

from __future__ import annotations

from bildungsnetz.demo.actors import add_invented_actors, add_real_institutions
from bildungsnetz.demo.cooperations import add_cooperations
from bildungsnetz.demo.memberships import assign_memberships
from bildungsnetz.demo.networks import add_invented_networks, add_known_networks
from bildungsnetz.demo.planted import plant_new_connections
from bildungsnetz.demo.refdata import ReferenceData
from bildungsnetz.demo.response import plant_nonresponse
from bildungsnetz.demo.world import World


def generate(ref: ReferenceData, scale: int, seed: int) -> World:
    """The world of all three waves.

    Actors, networks, memberships and roles, the planted structures and new connections,
    and the cooperation ties; then who does not answer the survey (``demo.response``).
    """
    world = World(ref, scale, seed)
    add_real_institutions(world)
    add_invented_actors(world)
    add_known_networks(world)
    add_invented_networks(world)
    affinity = assign_memberships(world)
    world.new_connections = plant_new_connections(world, affinity)
    add_cooperations(world)
    world.nonresponse = plant_nonresponse(world)  # own random stream: the world is unchanged
    return world
