"""The demo's random numbers: one seeded stream, drawn only through ``Random.random()``.

``random.Random.random()`` is the one primitive whose output Python guarantees to stay the
same across versions for a given seed; ``choice``, ``shuffle``, ``sample`` and ``gauss`` of
the standard library are not. Every draw of the generator goes through :class:`Rng`, whose
methods are built on ``random()`` alone, so a seed gives the same demo data on every Python.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence

import numpy as np

#: Below this many numbers :meth:`Rng.randoms` calls ``random()`` one by one.
BULK_MIN = 64
#: Relative margin within which :meth:`Rng.weighted_sample_fast` recomputes a key exactly.
KEY_MARGIN = 1e-9


class Rng:
    """Seeded random draws built only on ``random()`` (stable across Python versions)."""

    def __init__(self, seed: int):
        self._r = random.Random(seed)

    def random(self) -> float:
        """A float in [0, 1)."""
        return self._r.random()

    def below(self, n: int) -> int:
        """An integer in [0, n)."""
        return min(int(self.random() * n), n - 1)

    def randint(self, a: int, b: int) -> int:
        """An integer in [a, b]."""
        return a + self.below(b - a + 1)

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        return self.random() < p

    def choice(self, seq: Sequence):
        """One element of a non-empty sequence, uniformly."""
        return seq[self.below(len(seq))]

    def shuffle(self, items: list) -> None:
        """Shuffle a list in place (Fisher–Yates)."""
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]

    def sample(self, seq, k: int) -> list:
        """``k`` distinct elements (fewer if ``seq`` is shorter), in draw order."""
        pool = list(seq)
        k = min(k, len(pool))
        for i in range(k):
            j = i + self.below(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]

    def randoms(self, n: int) -> np.ndarray:
        """``n`` floats in [0, 1): exactly the next ``n`` values of :meth:`random`.

        Drawn in bulk: the state of CPython's Mersenne Twister moves into numpy's MT19937,
        whose doubles are built the same way (two 32-bit outputs, 53 bits), and back.
        """
        if n < BULK_MIN:
            return np.array([self._r.random() for _ in range(n)], dtype=float)
        version, internal, gauss = self._r.getstate()
        bits = np.random.MT19937(0)
        bits.state = {
            "bit_generator": "MT19937",
            "state": {"key": np.array(internal[:-1], dtype=np.uint32), "pos": internal[-1]},
        }
        out = np.random.Generator(bits).random(n)
        after = bits.state["state"]
        self._r.setstate((version, (*(int(x) for x in after["key"]), int(after["pos"])), gauss))
        return out

    def weighted(self, items: Sequence, weights: Sequence[float]):
        """One item, drawn proportional to its weight."""
        total = sum(weights)
        x = self.random() * total
        acc = 0.0
        for item, w in zip(items, weights):
            acc += w
            if x < acc:
                return item
        return items[-1]

    def weighted_sample(self, items: Sequence, weights: Sequence[float], k: int) -> list:
        """``k`` distinct items, drawn without replacement proportional to weight.

        Efraimidis–Spirakis; items with weight 0 are never drawn.
        """
        keyed = []
        for pos, (item, w) in enumerate(zip(items, weights)):
            if w > 0:
                keyed.append((-math.log(1.0 - self.random()) / w, pos, item))
        keyed.sort()
        return [item for _, _, item in keyed[:k]]

    def weighted_sample_fast(
        self, items: Sequence, approx: np.ndarray, exact: Callable[[int], float], k: int
    ) -> list:
        """:meth:`weighted_sample` with the same draws and result, for long lists.

        ``approx`` holds the weights as a numpy array, within :data:`KEY_MARGIN` (relative)
        of ``exact(pos)``, the weight of ``items[pos]``, and zero exactly where it is. The
        random numbers come in bulk (:meth:`randoms`); the keys near the ``k``-th smallest
        are recomputed from ``exact`` as :meth:`weighted_sample` computes them, so the
        result is the same, bit for bit.
        """
        pos = np.flatnonzero(approx > 0)
        r = self.randoms(len(pos))
        if k <= 0 or not len(pos):
            return []
        if k < len(pos):
            keys = -np.log1p(-r) / approx[pos]
            kth = np.partition(keys, k - 1)[k - 1]
            near = keys <= kth * (1.0 + KEY_MARGIN) + 1e-300
            pos, r = pos[near], r[near]
        keyed = []
        for p, x in zip(pos.tolist(), r.tolist()):
            w = exact(p)
            if not w > 0:
                raise AssertionError("approximate and exact weights disagree")  # pragma: no cover
            keyed.append((-math.log(1.0 - x) / w, p))
        keyed.sort()
        return [items[p] for _, p in keyed[:k]]

    def weighted_fast(self, items: Sequence, weights: np.ndarray):
        """:meth:`weighted` for a numpy array of weights (the same draw and result)."""
        acc = np.cumsum(weights)  # sequential sums, as the loop of :meth:`weighted`
        x = self.random() * float(acc[-1])
        hit = int(np.searchsorted(acc, x, side="right"))
        return items[min(hit, len(items) - 1)]

    def gauss(self, mu: float, sigma: float) -> float:
        """A normal deviate (Box–Muller)."""
        u1 = 1.0 - self.random()
        u2 = self.random()
        return mu + sigma * math.sqrt(-2.0 * math.log(u1)) * math.cos(2 * math.pi * u2)

    def token(
        self, n: int, alphabet: str = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    ) -> str:
        """A random string of ``n`` characters of ``alphabet`` (a survey access token)."""
        return "".join(alphabet[self.below(len(alphabet))] for _ in range(n))
