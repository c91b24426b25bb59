"""The demo data set as files: :func:`build` in memory, :func:`write_demo` to a data folder.

Each wave is written in its own input form (see the package docstring); beside them go the
ground truth and the reference data. Same arguments → byte-identical files.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

from bildungsnetz.demo.cached import name_key
from bildungsnetz.demo.expected import expected_limesurvey, expected_tidy
from bildungsnetz.demo.generator import generate
from bildungsnetz.demo.messy import Variants
from bildungsnetz.demo.refdata import ReferenceData
from bildungsnetz.demo.render_limesurvey import limesurvey_rows
from bildungsnetz.demo.render_tidy import tidy_rows
from bildungsnetz.demo.tables import (
    AKTEURE_COLS,
    KOOP_COLS,
    MITGLIED_COLS,
    NETZWERKE_COLS,
    csv_text,
)
from bildungsnetz.demo.truth import dump_json, ground_truth, wave_truth
from bildungsnetz.demo.world import WAVES, World
from bildungsnetz.demo.xlsx import xlsx_bytes
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.reference import PACKAGE_REFERENCE

DEMO_SEED = 20251
SURVEY_ID = "482915"
LIMESURVEY_EXPORT = f"results-survey{SURVEY_ID}.csv"
XLSX_NAME = "Netzwerkanalyse_2025.xlsx"
#: the files of each wave, as ``write_demo`` writes them under ``raw/<wave>/``
RAW_FILES = {
    "2024": (LIMESURVEY_EXPORT, "netzwerke.csv", "zuordnung.csv"),
    "2025": (XLSX_NAME,),
    "2026": ("akteure.csv", "kooperationen.csv", "mitgliedschaften.csv", "netzwerke.csv"),
}
REFERENCE_COPIES = ("gemeinden.csv", "landkreise.csv", "vokabular.csv")
GROUND_TRUTH = "ground_truth.json"
XLSX_HINTS = (
    "Erhebung Netzwerkanalyse 2025 – Vorlage des Netzwerkbüros (synthetische Demodaten)",
    "Blatt akteure: eine Zeile je Institution; veroeffentlichen = ja/nein; befragt = ja "
    "(hat selbst geantwortet) oder nein (nur aus Angaben anderer bekannt)",
    "Blatt netzwerke: themen und zielgruppen mit ; trennen; landkreis oder Lausitz",
    "Blatt mitgliedschaften: rolle = Mitglied, Gastgeber oder Leitung",
    "Blatt kooperationen: intensitaet 1 (gelegentlich) bis 3 (eng)",
)


def build(scale: int = 1, seed: int = DEMO_SEED, referenz: Path | None = None) -> dict[str, bytes]:
    """Generate the demo data set in memory: {relative path under data_dir: file bytes}.

    ``referenz`` is a folder with the reference files (default: the package's copy).
    """
    if not isinstance(scale, int) or isinstance(scale, bool) or scale < 1:
        raise BildungsnetzError("Der Faktor --scale muss eine ganze Zahl ab 1 sein.")
    folder = Path(referenz) if referenz else PACKAGE_REFERENCE
    for name in REFERENCE_COPIES + ("aliase.csv",):
        if not (folder / name).is_file():
            raise BildungsnetzError("Referenzdatei für die Demodaten fehlt.", datei=folder / name)
    world = generate(ReferenceData(folder), scale, seed)
    variants = Variants(world)
    files: dict[str, bytes] = {}
    waves: dict[str, dict] = {}
    for wave, form in zip(WAVES, (_limesurvey_wave, _xlsx_wave, _csv_wave)):
        wave_files, waves[wave] = form(world, variants)
        files.update(wave_files)
    files["raw/" + GROUND_TRUTH] = (dump_json(ground_truth(world, waves)) + "\n").encode("utf-8")
    for name in REFERENCE_COPIES:
        files["external/" + name] = (folder / name).read_bytes()
    files["external/aliase.csv"] = _aliases_csv(folder / "aliase.csv", world.names.demo_aliases)
    return dict(sorted(files.items()))


def _limesurvey_wave(world: World, variants: Variants) -> tuple[dict[str, bytes], dict]:
    """2024: LimeSurvey export (UTF-8 with BOM, all quoted) + mapping + network register."""
    survey = limesurvey_rows(world, variants, 0)
    base = "raw/2024/"
    export = "\ufeff" + csv_text(survey.columns, survey.table, ",", "\r\n", csv.QUOTE_ALL)
    register = "\ufeff" + csv_text(NETZWERKE_COLS, survey.rows.netzwerke, ";", "\r\n")
    files = {
        base + LIMESURVEY_EXPORT: export.encode("utf-8"),
        base + "zuordnung.csv": csv_text(["code", "feld", "wert"], survey.zuordnung).encode(
            "utf-8"
        ),
        base + "netzwerke.csv": register.encode("utf-8"),
    }
    expected = expected_limesurvey(world, survey.table, survey.zuordnung, survey.rows.netzwerke)
    truth = wave_truth(
        world,
        0,
        survey.rows,
        "limesurvey (Export mit zuordnung.csv und Netzwerkregister)",
        [base + f for f in RAW_FILES["2024"]],
        expected,
    )
    return files, truth


def _xlsx_wave(world: World, variants: Variants) -> tuple[dict[str, bytes], dict]:
    """2025: one XLSX workbook of the tidy template, with a sheet of hints."""
    rows = tidy_rows(world, variants, 1, cp1252_actors=False, nfd_networks=False)
    for r in rows.akteure:
        if r["plz"].isdigit() and r["plz"].startswith("0") and world.rng.chance(0.1):
            r["plz"] = int(r["plz"])  # Excel dropped the leading zero
    book = xlsx_bytes(
        [
            ("Hinweise", ["Hinweise"], [{"Hinweise": t} for t in XLSX_HINTS]),
            ("akteure", AKTEURE_COLS, rows.akteure),
            ("netzwerke", NETZWERKE_COLS, rows.netzwerke),
            ("mitgliedschaften", MITGLIED_COLS, rows.mitgliedschaften),
            ("kooperationen", KOOP_COLS, rows.kooperationen),
        ],
        title="Netzwerkanalyse 2025",
    )
    truth = wave_truth(
        world,
        1,
        rows,
        "xlsx (Vorlage, eine Arbeitsmappe)",
        ["raw/2025/" + XLSX_NAME],
        expected_tidy(world, rows),
    )
    return {"raw/2025/" + XLSX_NAME: book}, truth


def _csv_wave(world: World, variants: Variants) -> tuple[dict[str, bytes], dict]:
    """2026: CSV files of the tidy template, each as a different program writes it."""
    rows = tidy_rows(world, variants, 2, cp1252_actors=True, nfd_networks=True)
    base = "raw/2026/"
    networks = unicodedata.normalize("NFD", csv_text(NETZWERKE_COLS, rows.netzwerke))
    files = {
        base + "akteure.csv": csv_text(AKTEURE_COLS, rows.akteure, ";", "\r\n").encode("cp1252"),
        base + "netzwerke.csv": ("\ufeff" + networks).encode("utf-8"),
        base + "mitgliedschaften.csv": csv_text(MITGLIED_COLS, rows.mitgliedschaften).encode(
            "utf-8"
        ),
        base + "kooperationen.csv": csv_text(KOOP_COLS, rows.kooperationen).encode("utf-8"),
    }
    truth = wave_truth(
        world,
        2,
        rows,
        "csv (Vorlage: akteure.csv Windows-1252 mit ;, "
        "netzwerke.csv UTF-8 mit BOM und NFD, übrige UTF-8)",
        [base + f for f in RAW_FILES["2026"]],
        expected_tidy(world, rows),
    )
    return files, truth


def _aliases_csv(package_file: Path, demo: list[dict]) -> bytes:
    """The package's alias table plus the demo's own lines, sorted."""
    with open(package_file, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or ["art", "variante", "kanonisch", "kommentar"])
        rows = [dict(r) for r in reader]
    seen = {(r["art"].casefold(), name_key(r["variante"])) for r in rows}
    for r in demo:
        if (r["art"], name_key(r["variante"])) not in seen:
            rows.append({c: r.get(c, "") for c in columns})
            seen.add((r["art"], name_key(r["variante"])))
    rows.sort(key=lambda r: (r["art"], r["kanonisch"], r["variante"]))
    return csv_text(columns, rows).encode("utf-8")


def write_demo(data_dir: Path, scale: int = 1, seed: int = DEMO_SEED) -> list[Path]:
    """Write the synthetic demo waves 2024–2026, their ground truth and the reference data.

    ``data_dir`` is the folder holding ``raw/`` and ``external/``. Existing demo files are
    overwritten; a wave folder that holds other files is refused (it may be real data).
    Returns the written files, sorted. Same arguments → byte-identical files.
    """
    data_dir = Path(data_dir)
    for wave, names in RAW_FILES.items():
        folder = data_dir / "raw" / wave
        if folder.is_dir():
            foreign = sorted(
                p.name
                for p in folder.iterdir()
                if p.name not in names and not p.name.startswith(".")
            )
            if foreign:
                raise BildungsnetzError(
                    f"Der Ordner enthält Dateien, die nicht zu den Demodaten gehören "
                    f"({', '.join(foreign)}); die Demodaten werden dort nicht geschrieben. "
                    "Bitte einen anderen Datenordner (--data) wählen.",
                    datei=folder,
                )
    files = build(scale=scale, seed=seed)
    written = []
    for rel, data in files.items():
        path = data_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    return sorted(written)
