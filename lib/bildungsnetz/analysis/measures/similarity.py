"""Similarity and distance of pairs: Jaccard similarity of sets, great-circle distance."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["EARTH_RADIUS_KM", "jaccard", "haversine_km", "haversine_km_scalar"]

#: Mean Earth radius (IUGG) in km.
EARTH_RADIUS_KM = 6371.0088


def jaccard(a: Iterable, b: Iterable) -> float:
    r"""Jaccard similarity of two sets.

    .. math:: J(A, B) = \frac{|A \cap B|}{|A \cup B|}

    Parameters
    ----------
    a, b : iterable
        The two sets (any iterables; duplicates are ignored).

    Returns
    -------
    float
        Similarity in [0, 1]; 0 when both are empty.

    References
    ----------
    .. [1] Jaccard, P. (1912). The distribution of the flora in the alpine zone.
       *New Phytologist* 11, 37–50.

    Examples
    --------
    >>> jaccard({"MINT", "Ausbildung"}, {"MINT", "Inklusion", "Kultur"})
    0.25
    >>> jaccard([], [])
    0.0
    """
    a, b = set(a), set(b)
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def haversine_km(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> np.ndarray:
    r"""Great-circle distance in km between points given in decimal degrees (WGS84).

    The haversine formula on a sphere of radius :data:`EARTH_RADIUS_KM`:

    .. math:: d = 2R \arcsin\sqrt{\sin^2\frac{\Delta\varphi}{2}
              + \cos\varphi_1\cos\varphi_2 \sin^2\frac{\Delta\lambda}{2}}

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : float or array_like
        Latitudes and longitudes in degrees; broadcast against each other.

    Returns
    -------
    numpy.ndarray or numpy.float64
        Distances in km; NaN where a coordinate is NaN.

    References
    ----------
    .. [1] Sinnott, R. W. (1984). Virtues of the haversine. *Sky and Telescope* 68(2), 159.

    Examples
    --------
    Cottbus – Görlitz:

    >>> round(float(haversine_km(51.7563, 14.3329, 51.1526, 14.9872)))
    81
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def haversine_km_scalar(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """:func:`haversine_km` for four scalars, in plain Python (much faster than numpy).

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : float
        Latitudes and longitudes in degrees.

    Returns
    -------
    float
        Distance in km; NaN when a coordinate is NaN.

    Examples
    --------
    >>> round(haversine_km_scalar(51.7563, 14.3329, 51.1526, 14.9872))
    81
    """
    lat1, lon1, lat2, lon2 = map(float, (lat1, lon1, lat2, lon2))
    if any(math.isnan(x) for x in (lat1, lon1, lat2, lon2)):
        return math.nan
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))
