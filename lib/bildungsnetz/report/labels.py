"""Labels of highlighted points in a figure that do not overlap (a simple repel).

:func:`place_labels` tries, for each label in turn, offsets on rings of growing radius around
its point and keeps the first one whose text box – measured with the renderer's text extents
– stays inside the axes and meets neither an already placed label nor an obstacle (the
highlighted markers, the legend). Labels set apart from their point get a thin leader line.
:func:`label_boxes` returns the text boxes of the placed labels, for tests.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

__all__ = ["LABEL_GID", "renderer_of", "place_labels", "label_boxes"]

#: ``gid`` of the annotations :func:`place_labels` adds.
LABEL_GID = "punktbeschriftung"

#: Directions tried on each ring (unit vectors; right first, as labels read left to right).
_DIRECTIONS = [
    (1, 0),
    (1, 1),
    (1, -1),
    (0, 1),
    (0, -1),
    (-1, 0),
    (-1, 1),
    (-1, -1),
    (1, 2),
    (1, -2),
    (-1, 2),
    (-1, -2),
]
#: Ring radii in points.
_RADII = (5, 12, 20, 30, 42, 56, 72)


def renderer_of(ax: Axes) -> RendererBase:
    """The renderer of the axes' figure (an Agg canvas is attached when it has none)."""
    fig = ax.get_figure(root=True)
    assert fig is not None
    get = getattr(fig.canvas, "get_renderer", None)
    return get() if get is not None else FigureCanvasAgg(fig).get_renderer()


def _text_box(text: Text, renderer: RendererBase) -> Bbox:
    """The window extent of the text alone (without a leader line)."""
    if isinstance(text, Annotation):
        text.update_positions(renderer)
    return Text.get_window_extent(text, renderer)


def _overlap(a: Bbox, b: Bbox) -> float:
    """Area of the intersection of two boxes (0 when they do not meet)."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return max(w, 0.0) * max(h, 0.0)


def _outside(box: Bbox, frame: Bbox) -> float:
    """How much of ``box`` lies outside ``frame`` (area)."""
    return box.width * box.height - _overlap(box, frame)


def place_labels(
    ax: Axes,
    xy: Sequence[tuple[float, float]],
    texts: Sequence[str],
    *,
    fontsize: float = 7,
    obstacles: Sequence[Bbox] = (),
    marker_pt: float = 4,
    gap_pt: float = 2.5,
) -> list[Annotation]:
    """Label the points ``xy`` (data coordinates) with ``texts`` so that no two labels meet.

    Call it when the figure's layout is final (after ``tight_layout``): positions are
    measured on screen. Labels are placed in the order given.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes holding the points.
    xy : sequence of (x, y)
        The labelled points, in data coordinates.
    texts : sequence of str
        One label per point.
    fontsize : float, optional
        Font size of the labels.
    obstacles : sequence of Bbox, optional
        Further boxes (display coordinates) no label may cover, e.g. the legend.
    marker_pt : float, optional
        Half the size of the box around each labelled point that labels keep clear of.
    gap_pt : float, optional
        Space kept between two labels.

    Returns
    -------
    list of matplotlib.text.Annotation
        The labels (``gid`` :data:`LABEL_GID`), in the order of ``texts``.
    """
    renderer = renderer_of(ax)
    fig = ax.get_figure(root=True)
    assert fig is not None
    px = fig.dpi / 72.0
    frame = ax.get_window_extent(renderer)
    points = ax.transData.transform(np.asarray(xy, dtype=float).reshape(-1, 2))
    blocked = [
        Bbox.from_extents(
            x - marker_pt * px, y - marker_pt * px, x + marker_pt * px, y + marker_pt * px
        )
        for x, y in points
        if np.isfinite(x) and np.isfinite(y)
    ]
    blocked += list(obstacles)
    gap = gap_pt * px
    placed: list[Bbox] = []
    labels: list[Annotation] = []
    for (x, y), text in zip(xy, texts):
        label = ax.annotate(
            text, (x, y), xytext=(0, 0), textcoords="offset points", fontsize=fontsize
        )
        label.set_gid(LABEL_GID)
        label.set_in_layout(False)
        best: tuple[float, tuple[float, float], str, str] | None = None
        for radius in _RADII:
            for dx, dy in _DIRECTIONS:
                norm = float(np.hypot(dx, dy))
                offset = (radius * dx / norm, radius * dy / norm)
                ha = "left" if dx > 0 else "right" if dx < 0 else "center"
                va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
                label.xyann = offset
                label.set_horizontalalignment(ha)
                label.set_verticalalignment(va)
                box = _text_box(label, renderer)
                padded = box.expanded(1.0, 1.0).padded(gap)
                cost = _outside(box, frame) * 10 + sum(_overlap(padded, b) for b in placed)
                cost += sum(_overlap(box, b) for b in blocked)
                if best is None or cost < best[0]:
                    best = (cost, offset, ha, va)
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        assert best is not None
        _, offset, ha, va = best
        label.remove()
        far = float(np.hypot(*offset)) > _RADII[0] + 0.5
        final = ax.annotate(
            text,
            (x, y),
            xytext=offset,
            textcoords="offset points",
            fontsize=fontsize,
            ha=ha,
            va=va,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            arrowprops=(
                {"arrowstyle": "-", "lw": 0.5, "color": "#555555", "shrinkA": 0, "shrinkB": 2}
                if far
                else None
            ),
        )
        final.set_gid(LABEL_GID)
        final.set_in_layout(False)
        placed.append(_text_box(final, renderer))
        labels.append(final)
    return labels


def label_boxes(ax: Axes) -> list[Bbox]:
    """The text boxes (display coordinates) of the labels :func:`place_labels` put on ``ax``."""
    renderer = renderer_of(ax)
    return [_text_box(t, renderer) for t in ax.texts if t.get_gid() == LABEL_GID]
