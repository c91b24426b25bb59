"""The two layouts of the map, computed in Python with a fixed seed.

The map opens with physics off, so the positions computed here are the ones the reader sees,
and two runs with the same seed give identical positions:

* ``"netz"`` (:func:`network_layout`): Fruchterman–Reingold (python-igraph, seeded) per
  connected component, the largest component centred, the others packed in rows below it;
* ``"geo"`` (:func:`geo_layout`): latitude/longitude projected to x/y (equirectangular around
  the median latitude); actors at the same place are spread on a small sunflower spiral;
  networks sit at the centroid of their members; actors without coordinates stand in a marked
  row at the bottom; actors shown under a pseudonym are placed at the centre of their
  district, not at their address. The seats of the districts (``landkreise.csv`` of the
  reference data: ``kreissitz``, ``lat``, ``lon``) are projected with the actors and are part
  of the extent, so the view always shows the whole region; a district of the data without a
  known seat gets its name at the median of its actors instead.

Coordinates are vis-network canvas units (y grows downwards).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Target distance scale between neighbouring nodes (canvas units).
SPACING = 42.0


# --------------------------------------------------------------------------------------------
# network layout


def _fr_component(n: int, edges: list[tuple[int, int]], seed: int) -> np.ndarray:
    """Seeded Fruchterman–Reingold layout of one connected component (igraph, C speed)."""
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    import igraph as ig

    graph = ig.Graph(n=n, edges=edges)
    # start spread like igraph's own random start (side ~ sqrt(n)): with the grid variant
    # a too small start square puts every node in one grid cell, which is O(n²) per step
    half = math.sqrt(n) / 2
    start = np.random.default_rng(seed).uniform(-half, half, size=(n, 2))
    ig.set_random_number_generator(random.Random(seed))
    try:
        layout = graph.layout_fruchterman_reingold(
            seed=start.tolist(), niter=500, grid="nogrid" if n <= 600 else "grid"
        )
    finally:
        ig.set_random_number_generator(random)
    return np.asarray(layout.coords, dtype=float)


#: Above this many points the median nearest-neighbour distance is estimated from an evenly
#: spaced sample of this many points (each against all points): exact on the Lausitz (at 1×
#: every component is smaller), linear instead of quadratic at 100×.
NEAREST_SAMPLE = 2000


def _median_nearest(coords: np.ndarray) -> float:
    """Median distance from each point to its nearest other point (chunked, no scipy).

    With more than :data:`NEAREST_SAMPLE` points, the median over an evenly spaced,
    deterministic sample of them (each still compared with every point).
    """
    n = len(coords)
    sample = np.arange(n)
    if n > NEAREST_SAMPLE:
        sample = np.unique(np.linspace(0, n - 1, NEAREST_SAMPLE).round().astype(int))
    xs, ys = coords[:, 0], coords[:, 1]
    nearest = np.empty(len(sample))
    for start in range(0, len(sample), 256):
        rows = sample[start : start + 256]
        d2 = (xs[rows, None] - xs[None, :]) ** 2 + (ys[rows, None] - ys[None, :]) ** 2
        d2[np.arange(len(rows)), rows] = np.inf
        nearest[start : start + 256] = np.sqrt(d2.min(axis=1))
    return float(np.median(nearest))


def _components(
    n: int, edges: list[tuple[int, int]]
) -> list[tuple[list[int], list[tuple[int, int]]]]:
    """Connected components as (members, edges in local numbering), largest first."""
    import igraph as ig

    membership = ig.Graph(n=n, edges=edges).connected_components().membership
    comp_edges: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b in edges:
        if a != b:
            comp_edges[membership[a]].append((a, b))
    comp_members: dict[int, list[int]] = defaultdict(list)
    for v, c in enumerate(membership):
        comp_members[c].append(v)
    ordered = sorted(comp_members.items(), key=lambda cm: (-len(cm[1]), cm[1][0]))
    result = []
    for comp, members in ordered:
        local_index = {v: i for i, v in enumerate(members)}
        local_edges = sorted(
            {
                (min(local_index[a], local_index[b]), max(local_index[a], local_index[b]))
                for a, b in comp_edges[comp]
            }
        )
        result.append((members, local_edges))
    return result


def _layout_component(n: int, edges: list[tuple[int, int]], seed: int) -> np.ndarray:
    """One component, centred and scaled so that a typical node has its nearest neighbour
    about 0.8 spacings away (one or two nodes: one spacing)."""
    coords = _fr_component(n, edges, seed)
    coords = coords - coords.mean(axis=0)
    if n <= 2:
        scale = SPACING
    else:
        scale = 0.8 * SPACING / max(_median_nearest(coords), 1e-9)
    return coords * scale


def _pack(n: int, boxes: list[tuple[list[int], np.ndarray]]) -> np.ndarray:
    """The first (largest) component centred at the origin, the others in rows underneath."""
    positions = np.zeros((n, 2))
    if not boxes:  # an empty wave: nothing to place
        return positions
    main_members, main_coords = boxes[0]
    positions[main_members] = main_coords
    lo = main_coords.min(axis=0)
    hi = main_coords.max(axis=0)
    row_width = max(hi[0] - lo[0], 20 * SPACING)
    cursor_x, cursor_y = lo[0], hi[1] + 2 * SPACING
    row_height = 0.0
    for members, coords in boxes[1:]:
        c_lo = coords.min(axis=0)
        c_hi = coords.max(axis=0)
        width = c_hi[0] - c_lo[0] + SPACING
        height = c_hi[1] - c_lo[1] + SPACING
        if cursor_x + width > lo[0] + row_width and cursor_x > lo[0]:
            cursor_x = lo[0]
            cursor_y += row_height
            row_height = 0.0
        positions[members] = coords - c_lo + np.array([cursor_x, cursor_y])
        cursor_x += width
        row_height = max(row_height, height)
    return positions


def network_layout(n: int, edges: list[tuple[int, int]], seed: int) -> np.ndarray:
    """Positions ``(n, 2)`` for nodes ``0 … n-1``: each connected component laid out alone
    (seed ``seed + its number``), then packed below the largest one."""
    boxes = [
        (members, _layout_component(len(members), local_edges, seed + number))
        for number, (members, local_edges) in enumerate(_components(n, edges))
    ]
    return _pack(n, boxes)


# --------------------------------------------------------------------------------------------
# geographic layout


@dataclass
class GeoLayout:
    """The geographic layout: positions, district names and seats, the row without place."""

    positions: np.ndarray
    #: ``(district, x, y, seat)``: where the district's name is written; ``seat`` is the name of
    #: the district seat standing at ``(x, y)``, "" when the district has no known seat and its
    #: name stands at the median of its actors
    districts: list[tuple[str, float, float, str]]
    #: the marked row at the bottom: counts, position and width
    missing_row: dict[str, Any]


@dataclass
class Projection:
    """Equirectangular projection around a reference latitude onto a square of ``width``."""

    lat0: float
    centre: tuple[float, float]
    scale: float

    @classmethod
    def fit(cls, lat: np.ndarray, lon: np.ndarray, width: float) -> Projection:
        """The projection that puts the extent of the (finite) points on ``width``."""
        if len(lat) == 0:
            return cls(0.0, (0.0, 0.0), 1.0)
        lat0 = float(np.median(lat))
        x = lon * math.cos(math.radians(lat0))
        y = -lat
        span = max(float(x.max() - x.min()), float(y.max() - y.min()), 1e-6)
        centre = (float(x.max() + x.min()) / 2, float(y.max() + y.min()) / 2)
        return cls(lat0, centre, width / span)

    def __call__(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Canvas positions ``(len, 2)`` of the points (y grows downwards)."""
        kx = math.cos(math.radians(self.lat0))
        return np.column_stack(
            [
                (np.asarray(lon, dtype=float) * kx - self.centre[0]) * self.scale,
                (-np.asarray(lat, dtype=float) - self.centre[1]) * self.scale,
            ]
        )


def _project(
    lat: np.ndarray,
    lon: np.ndarray,
    located: np.ndarray,
    width: float,
    seats: list[tuple[str, float, float, str]],
) -> tuple[np.ndarray, np.ndarray]:
    """Project the ``located`` nodes and the district seats ``(district, lat, lon, seat)``
    together (the extent covers both); NaN for nodes that are not located. Returns the node
    positions and the seat positions."""
    seat_lat = np.array([s[1] for s in seats], dtype=float)
    seat_lon = np.array([s[2] for s in seats], dtype=float)
    projection = Projection.fit(
        np.concatenate([lat[located], seat_lat]), np.concatenate([lon[located], seat_lon]), width
    )
    pos = np.full((len(lat), 2), np.nan)
    if located.any():
        pos[located] = projection(lat[located], lon[located])
    return pos, projection(seat_lat, seat_lon).reshape(-1, 2)


def _place_by_district_and_members(
    pos: np.ndarray,
    located: np.ndarray,
    is_network: np.ndarray,
    members: list[list[int]],
    districts: list[str],
    pseudonymous: np.ndarray,
) -> dict[str, list[int]]:
    """Pseudonymous actors to their district's anchor (median of its located actors),
    networks to the centroid of their located members (in place). Returns the located
    actors per district."""
    by_district: dict[str, list[int]] = defaultdict(list)
    for i in range(len(pos)):
        if located[i] and districts[i]:
            by_district[districts[i]].append(i)
    anchors = {d: tuple(np.median(pos[idx], axis=0)) for d, idx in by_district.items()}
    for i in range(len(pos)):
        if not is_network[i] and pseudonymous[i]:
            anchor = anchors.get(districts[i])
            pos[i] = anchor if anchor is not None else (np.nan, np.nan)
    placed = ~is_network & np.isfinite(pos[:, 0])
    for i in np.flatnonzero(is_network):
        idx = [m for m in members[i] if placed[m]]
        if idx:
            pos[i] = pos[idx].mean(axis=0)
    return by_district


def _sunflower(count: int, step: float) -> np.ndarray:
    golden = math.pi * (3 - math.sqrt(5))
    i = np.arange(count)
    radius = step * np.sqrt(i)
    return np.column_stack([radius * np.cos(i * golden), radius * np.sin(i * golden)])


def _spread_shared_spots(pos: np.ndarray, is_network: np.ndarray, importance: np.ndarray) -> None:
    """Spread nodes that share a spot (same municipality) on a sunflower spiral, the most
    important actor in the middle (in place)."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    cell = SPACING * 0.5
    for i in np.flatnonzero(np.isfinite(pos[:, 0])):
        groups[(int(round(pos[i, 0] / cell)), int(round(pos[i, 1] / cell)))].append(int(i))
    for idx in groups.values():
        if len(idx) < 2:
            continue
        idx.sort(key=lambda i: (bool(is_network[i]), -importance[i], i))
        centre = pos[idx].mean(axis=0)
        pos[idx] = centre + _sunflower(len(idx), SPACING * 0.42)


def _row_without_place(
    pos: np.ndarray,
    is_network: np.ndarray,
    importance: np.ndarray,
    width: float,
    landmarks: np.ndarray,
) -> dict[str, Any]:
    """Put the nodes without position in row(s) below the map and its ``landmarks`` (the
    district seats) (in place); return the row's counts, position and width."""
    missing = np.flatnonzero(~np.isfinite(pos[:, 0]))
    finite = np.isfinite(pos[:, 0])
    drawn = np.concatenate([pos[finite], landmarks.reshape(-1, 2)])
    if len(drawn):
        lo = drawn.min(axis=0)
        hi = drawn.max(axis=0)
    else:
        lo, hi = np.array([-width / 2, 0.0]), np.array([width / 2, 0.0])
    row_top = hi[1] + 3 * SPACING
    step = SPACING * 0.8
    per_row = max(int((hi[0] - lo[0]) // step) + 1, 10)
    order = sorted(missing.tolist(), key=lambda i: (bool(is_network[i]), -importance[i], i))
    for k, i in enumerate(order):
        pos[i] = (lo[0] + (k % per_row) * step, row_top + (k // per_row) * step)
    missing_actors = int(sum(1 for i in order if not is_network[i]))
    return {
        "anzahl": missing_actors,
        "anzahl_netzwerke": len(order) - missing_actors,
        "x": float(lo[0]),
        "y": float(row_top - 1.2 * SPACING),
        "breite": float(hi[0] - lo[0]),
    }


def geo_layout(
    lat: np.ndarray,
    lon: np.ndarray,
    is_network: np.ndarray,
    members: list[list[int]],
    districts: list[str],
    pseudonymous: np.ndarray,
    importance: np.ndarray,
    seats: list[tuple[str, float, float, str]] | None = None,
) -> GeoLayout:
    """Geographic positions (see the module docstring).

    All arrays have one entry per node; ``members[i]`` lists the actor indices of network
    ``i`` (empty for actors); ``importance`` orders nodes that share a spot; ``seats`` are the
    district seats ``(district, lat, lon, seat name)`` (those without finite coordinates are
    ignored).
    """
    n = len(lat)
    width = max(SPACING * math.sqrt(n) * 1.3, 900.0)
    located = ~is_network & np.isfinite(lat) & np.isfinite(lon)
    known = [s for s in seats or [] if math.isfinite(s[1]) and math.isfinite(s[2])]
    pos, seat_xy = _project(lat, lon, located, width, known)
    by_district = _place_by_district_and_members(
        pos, located, is_network, members, districts, pseudonymous
    )
    _spread_shared_spots(pos, is_network, importance)
    missing_row = _row_without_place(pos, is_network, importance, width, seat_xy)
    labels = [
        (district, float(xy[0]), float(xy[1]), seat)
        for (district, _, _, seat), xy in zip(known, seat_xy)
    ]
    with_seat = {d for d, *_ in known}
    for d, idx in sorted(by_district.items()):
        if d not in with_seat:
            xs, ys = pos[idx, 0], pos[idx, 1]
            labels.append((d, float(np.median(xs)), float(np.median(ys)), ""))
    return GeoLayout(pos, labels, missing_row)


def compute_layouts(n: int, edges: list[tuple[int, int]], *, seed: int = 42, **geo) -> dict:
    """Both layouts: ``{"netz": array (n, 2), "geo": GeoLayout}``.

    ``edges`` are index pairs; the geographic layout is computed only when its keyword
    arguments (see :func:`geo_layout`) are given.
    """
    result = {"netz": network_layout(n, edges, seed)}
    if geo:
        result["geo"] = geo_layout(**geo)
    return result
