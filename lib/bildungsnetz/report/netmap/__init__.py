"""The interactive network map: one self-contained, offline, safe HTML page.

Three steps, one module each:

* :mod:`~bildungsnetz.report.netmap.model` – from the tables to nodes, edges, their
  attributes and the facts the page shows (:func:`build_network` → :class:`MapModel`);
  colours, shapes and sizes come from :mod:`~bildungsnetz.report.netmap.style`;
* :mod:`~bildungsnetz.report.netmap.layout` – the network and the geographic layout, computed
  in Python with a fixed seed (:func:`compute_layouts`);
* :mod:`~bildungsnetz.report.netmap.render` – the page: our template, inlined vis-network,
  Content-Security-Policy (:func:`build_map`, :func:`write_map`), and the sandboxed iframe
  for the report (:func:`map_fragment`).
"""

from bildungsnetz.report.netmap.layout import GeoLayout, compute_layouts, geo_layout, network_layout
from bildungsnetz.report.netmap.model import (
    COLOR_MODES,
    LAYOUTS,
    MEASURES,
    MODES,
    MapModel,
    build_network,
)
from bildungsnetz.report.netmap.render import (
    build_map,
    fragment_from_page,
    map_fragment,
    render_page,
    write_map,
)
from bildungsnetz.report.netmap.style import ACTOR_SHAPES, KNOWN_DISTRICTS, NETWORK_COLOUR

__all__ = [
    "ACTOR_SHAPES",
    "COLOR_MODES",
    "KNOWN_DISTRICTS",
    "LAYOUTS",
    "MEASURES",
    "MODES",
    "NETWORK_COLOUR",
    "GeoLayout",
    "MapModel",
    "build_map",
    "build_network",
    "compute_layouts",
    "fragment_from_page",
    "geo_layout",
    "map_fragment",
    "network_layout",
    "render_page",
    "write_map",
]
