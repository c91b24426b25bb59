"""The analysis of a cleaned wave, computed once per input and kept for the report.

``bildungsnetz run`` computes the analysis (and publishes its tables); the report notebook
and the report builder then need the same results (including matrices that are not written
as CSV). They are kept in ``processed/<wave>/.analyse-cache.pkl`` together with a hash of the
processed tables, the parameters and the library code.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

from bildungsnetz.analysis.tables import analyse_wave
from bildungsnetz.config import DEFAULT_RURAL_WEIGHT, DEFAULT_SEED, code_files, processed_dir
from bildungsnetz.ingest.reference import load_reference
from bildungsnetz.safety import atomic_path

__all__ = ["CACHE_FILE", "CACHE_INPUTS", "analysis_results"]

#: The cache file in ``processed/<wave>/``.
CACHE_FILE = ".analyse-cache.pkl"
#: The processed tables the analysis reads (their bytes are part of the cache key).
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


def analysis_results(
    data_dir: Path | str,
    wave: str,
    *,
    rural_weight: float = DEFAULT_RURAL_WEIGHT,
    seed: int = DEFAULT_SEED,
    districts: list[str] | None = None,
    refresh: bool = False,
) -> dict[str, Any]:
    """The analysis of a cleaned wave, computed once and kept for the report.

    The analysis is that of :func:`~bildungsnetz.analysis.tables.analyse_wave`. The result
    is kept in ``processed/<wave>/.analyse-cache.pkl`` together with a hash of the processed
    tables, the parameters and the library code, so that the report notebook and the report
    builder reuse what ``bildungsnetz run`` computed instead of computing it again. The
    cache is derived data like everything under ``processed/``; a stale or unreadable cache
    is ignored.

    Parameters
    ----------
    data_dir : path
        The data folder holding ``processed/``.
    wave : str
        Wave name.
    rural_weight : float, optional
        Factor of cooperation potential involving a rural actor.
    seed : int, optional
        Seed of the community detection.
    districts : list of str, optional
        Columns of the topics × districts table; by default the districts of the reference
        data.
    refresh : bool, optional
        Compute anew (and store) even when the cache is valid – the analysis step of
        ``bildungsnetz run`` does.

    Returns
    -------
    dict
        The analysis tables with evidence records (words:
        :func:`bildungsnetz.report.sentences.published_tables`).
    """
    folder = processed_dir(Path(data_dir), wave)
    if districts is None:
        districts = list(load_reference(Path(data_dir)).landkreise["landkreis"])
    key = _cache_key(folder, rural_weight, seed, districts)
    cache = folder / CACHE_FILE
    if not refresh and cache.exists():
        try:
            with open(cache, "rb") as handle:
                stored_key, results = pickle.load(handle)
            if stored_key == key:
                return dict(results)
        except Exception:  # a broken cache is only a missed shortcut
            pass
    results = analyse_wave(
        data_dir, wave, rural_weight=rural_weight, seed=seed, districts=districts
    )
    with atomic_path(cache) as tmp, open(tmp, "wb") as handle:
        pickle.dump((key, results), handle, protocol=pickle.HIGHEST_PROTOCOL)
    return results
