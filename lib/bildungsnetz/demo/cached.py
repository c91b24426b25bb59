"""The text helpers of :mod:`bildungsnetz.text`, memoised for the generator.

They are pure functions of a string, and the generator asks for the same names again and
again; cached, they make the generator about twice as fast.
"""

from __future__ import annotations

import functools

from bildungsnetz import text

name_key = functools.lru_cache(maxsize=None)(text.name_key)
normalize_name = functools.lru_cache(maxsize=None)(text.normalize_name)
stable_id = functools.lru_cache(maxsize=None)(text.stable_id)
