"""The report context: a cleaned and analysed wave, loaded once for all report views."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bildungsnetz.analysis.cache import analysis_results
from bildungsnetz.config import DEFAULT_RURAL_WEIGHT, DEFAULT_SEED
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.reference import load_reference
from bildungsnetz.report.sentences import published_tables


@dataclass
class WaveContext:
    """Everything a wave report shows, loaded once."""

    wave: str
    data_dir: Path
    akteure: pd.DataFrame
    netzwerke: pd.DataFrame
    mitgliedschaften: pd.DataFrame
    kooperationen: pd.DataFrame | None
    log: pd.DataFrame
    review: pd.DataFrame
    results: dict
    districts: list[str]
    synthetic: bool
    extra: dict = field(default_factory=dict)

    @property
    def actors(self) -> pd.DataFrame:
        """The actor measures (``kennzahlen_akteure``, publishable names)."""
        return self.results["kennzahlen_akteure"]

    @property
    def networks(self) -> pd.DataFrame:
        """The network measures (``kennzahlen_netzwerke``)."""
        return self.results["kennzahlen_netzwerke"]

    def map_arguments(self) -> dict:
        """The arguments of :func:`bildungsnetz.report.netmap.build_map` that come from the
        wave: its tables, the map's title, the demo-data flag, the timeline over waves and the
        districts of the reference data (their seats are marked on the geographic map)."""
        return {
            "akteure": self.akteure,
            "netzwerke": self.netzwerke,
            "mitgliedschaften": self.mitgliedschaften,
            "kennzahlen_akteure": self.actors,
            "title": f"Netzwerkkarte {self.wave}",
            "synthetic": self.synthetic,
            "kennzahlen_netzwerke": self.networks,
            "history": self.extra.get("history"),
            "landkreise": load_reference(self.data_dir).landkreise,
        }


LANGUAGES = ("de",)


def check_language(language: str) -> None:
    """The report text exists in German only; any other language is a clear error."""
    if str(language).casefold() not in LANGUAGES:
        raise BildungsnetzError(
            f"Berichtssprache „{language}“ ist nicht verfügbar; verfügbar: {', '.join(LANGUAGES)}."
        )


def is_synthetic(data_dir: Path, wave: str) -> bool:
    """True when the wave is one of the synthetic demo waves (listed in
    ``raw/ground_truth.json`` written by ``bildungsnetz demo``)."""
    path = Path(data_dir) / "raw" / "ground_truth.json"
    if not path.exists():
        return False
    try:
        truth = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(truth, dict) or not truth.get("synthetisch"):
        return False
    return str(wave) in truth.get("wellen", {})


def load_context(
    data_dir, wave, *, rural_weight: float = DEFAULT_RURAL_WEIGHT, seed: int = DEFAULT_SEED
) -> WaveContext:
    """Read a cleaned wave and its analysis (identical to the CSVs of ``analyse``)."""
    from bildungsnetz.analysis.compare import history_for_wave, load_wave

    data_dir = Path(data_dir)
    t = load_wave(
        data_dir,
        wave,
        names=("akteure", "netzwerke", "mitgliedschaften", "bereinigung", "dubletten_pruefen"),
        optional=("kooperationen",),
    )
    districts = list(load_reference(data_dir).landkreise["landkreis"])
    results = published_tables(
        analysis_results(data_dir, wave, rural_weight=rural_weight, seed=seed, districts=districts)
    )
    return WaveContext(
        str(wave),
        data_dir,
        t["akteure"],
        t["netzwerke"],
        t["mitgliedschaften"],
        t["kooperationen"],
        t["bereinigung"],
        t["dubletten_pruefen"],
        results,
        districts,
        is_synthetic(data_dir, wave),
        extra={"history": history_for_wave(data_dir, wave)},
    )
