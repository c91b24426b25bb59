"""The analysis of a cleaned wave, computed once per input and kept for the report.

``bildungsnetz run`` computes the analysis and writes its tables; the report notebook and the
report builder then need the same results (including matrices that are not written as CSV).
They are kept in ``processed/<wave>/.analyse-cache.pkl`` together with a hash of the processed
tables, the parameters and the library code.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from bildungsnetz.analysis.tables import analyse_wave
from bildungsnetz.config import DEFAULT_RURAL_WEIGHT, DEFAULT_SEED, code_files, processed_dir
from bildungsnetz.ingest.reference import load_reference
from bildungsnetz.safety import atomic_path

CACHE_FILE = ".analyse-cache.pkl"
CACHE_INPUTS = ("akteure.csv", "netzwerke.csv", "mitgliedschaften.csv", "kooperationen.csv")


def _cache_key(folder: Path, rural_weight: float, seed: int, districts: list[str]) -> str:
    digest = hashlib.sha256(repr((rural_weight, seed, districts)).encode())
    for name in CACHE_INPUTS:
        path = folder / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    for path in code_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()


def analysis_results(data_dir, wave, *, rural_weight: float = DEFAULT_RURAL_WEIGHT,
                     seed: int = DEFAULT_SEED,
                     districts: list[str] | None = None, write: bool = False) -> dict:
    """The analysis of a cleaned wave (see :func:`bildungsnetz.analysis.tables.analyse_wave`), computed once.

    The result is kept in ``processed/<wave>/.analyse-cache.pkl`` together with a hash of the
    processed tables, the parameters and the library code, so that the report notebook and
    the report builder reuse what ``bildungsnetz run`` computed instead of computing it again.
    The cache is derived data like everything under ``processed/``; a stale or unreadable
    cache is ignored.
    """
    folder = processed_dir(data_dir, wave)
    if districts is None:
        districts = list(load_reference(data_dir).landkreise["landkreis"])
    key = _cache_key(folder, rural_weight, seed, districts)
    cache = folder / CACHE_FILE
    if not write and cache.exists():
        try:
            with open(cache, "rb") as handle:
                stored_key, results = pickle.load(handle)
            if stored_key == key:
                return results
        except Exception:  # a broken cache is only a missed shortcut
            pass
    results = analyse_wave(data_dir, wave, rural_weight=rural_weight, seed=seed, write=write,
                           districts=districts)
    with atomic_path(cache) as tmp, open(tmp, "wb") as handle:
        pickle.dump((key, results), handle, protocol=pickle.HIGHEST_PROTOCOL)
    return results
