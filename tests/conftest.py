"""Shared fixtures: small hand-made data directories whose right answers are known."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(textwrap.dedent(text).lstrip("\n").encode(encoding))
    return path


MINI_EXTERNAL = {
    "gemeinden.csv": """
        plz,ort,gemeinde,landkreis,bundesland,lat,lon,einwohner,raumtyp
        03044,Cottbus,Cottbus,Cottbus,Brandenburg,51.7563,14.3329,98000,städtisch
        03046,Cottbus,Cottbus,Cottbus,Brandenburg,51.7563,14.3329,98000,städtisch
        02826,Görlitz,Görlitz,Görlitz,Sachsen,51.1529,14.9877,56000,städtisch
        04916,Herzberg (Elster),Herzberg (Elster),Elbe-Elster,Brandenburg,51.6897,13.2333,9000,ländlich
        02625,Bautzen,Bautzen,Bautzen,Sachsen,51.1814,14.4242,38000,städtisch
        """,
    "landkreise.csv": """
        landkreis,art,bundesland,kreissitz,lat,lon,varianten
        Cottbus,kreisfreie Stadt,Brandenburg,Cottbus,51.7563,14.3329,Stadt Cottbus;CB
        Elbe-Elster,Landkreis,Brandenburg,Herzberg (Elster),51.6897,13.2333,EE;LK Elbe-Elster
        Görlitz,Landkreis,Sachsen,Görlitz,51.1529,14.9877,GR;Landkreis Görlitz
        Bautzen,Landkreis,Sachsen,Bautzen,51.1814,14.4242,BZ
        """,
    "vokabular.csv": """
        art,wert,varianten,anteil
        kategorie,Kammer,IHK;HWK,0.1
        kategorie,Schule,,0.5
        kategorie,Bildungsträger,Träger,0.4
        thema,Berufsorientierung,BO;Berufs-Orientierung,
        thema,Ausbildung,,
        thema,Digitalisierung,,
        zielgruppe,Schüler*innen,Schüler;SuS,
        zielgruppe,Auszubildende,Azubis,
        rolle,Mitglied,member,
        rolle,Gastgeber,Co-Organisator,
        rolle,Leitung,Koordination,
        ebene,Land,,
        ebene,Kreis,,
        ebene,Kommune,,
        """,
    "aliase.csv": """
        art,variante,kanonisch,kommentar
        akteur,IHK Cottbus,Industrie- und Handelskammer Cottbus,
        akteur,Alte Schule Görlitz,Neue Schule Görlitz,umbenannt
        netzwerk,AG BO,AG Berufsorientierung,
        """,
}

MINI_TIDY = {
    "akteure.csv": """
        akteur,kategorie,plz,ort,landkreis,ebene,veroeffentlichen,ansprechperson,email,telefon
        Industrie- und Handelskammer Cottbus,IHK,03046,Cottbus,,Land,ja,Dr. Anna Schulze,a.schulze@example.org,+49 355 1234
        IHK  cottbus,Kammer,,,,,,Bernd Meier,b.meier@example.org,+49 355 9999
        Oberschule Herzberg,Schule,4916,Herzberg,,Kommune,nein,Carla Roth,c.roth@example.org,
        Neue Schule Görlitz,Schule,02826,Görlitz,GR,Kommune,ja,,,
        Bildungswerk Bautzen,Träger,99999,Nirgendwo,BZ,Kreis,ja,,,
        ,Schule,03044,Cottbus,,,ja,,,
        Bildungswerk Bauzen,Träger,02625,Bautzen,,Kreis,ja,,,
        """,
    "netzwerke.csv": """
        netzwerk,typ,landkreis,themen,zielgruppen,koordination
        AG Berufsorientierung,AG,Elbe-Elster,BO;Ausbildung,Schüler;Azubis,IHK Cottbus
        Digitalnetz Lausitz,Netzwerk,Lausitz,Digitalisierung,Schüler*innen,
        """,
    "mitgliedschaften.csv": """
        akteur,netzwerk,rolle
        IHK Cottbus,AG BO,Leitung
        Oberschule Herzberg,AG Berufsorientierung,
        Oberschule Herzberg,AG Berufsorientierung,Gastgeber
        Neue Schule Görlitz,Digitalnetz Lausitz,Mitglied
        Bildungswerk Bautzen,Digitalnetz Lausitz,member
        industrie- und handelskammer cottbus,Digitalnetz Lausitz,Mitglied
        Bildungswerk Bauzen,Digitalnetz Lausitz,
        """,
}


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A data directory with a small reference set and one tidy CSV wave ``w1``."""
    for name, text in MINI_EXTERNAL.items():
        write(tmp_path / "external" / name, text)
    for name, text in MINI_TIDY.items():
        write(tmp_path / "raw" / "w1" / name, text)
    return tmp_path


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


@pytest.fixture(scope="session")
def demo_reports(tmp_path_factory) -> Path:
    """The reports folder of all demo waves, built once per test session with ``bildungsnetz
    run`` (the command a user runs). Shared by the browser tests: read it, never write into it.

    Under pytest-xdist the workers share one build: the first to take the lock builds it in
    the session's common temporary folder, the others wait and read it."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    root = shared / "demo_gesamt"
    with open(shared / "demo_gesamt.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "fertig").is_file():
            _build_demo_reports(root)
            (root / "fertig").write_text("", encoding="utf-8")
    return root / "reports"


def _build_demo_reports(root: Path) -> None:
    import shutil
    import subprocess
    import sys

    if root.exists():  # a build that failed in another worker
        shutil.rmtree(root)
    root.mkdir(parents=True)
    data, reports = root / "data", root / "reports"
    shutil.copytree(DATA / "raw", data / "raw")
    shutil.copytree(DATA / "external", data / "external")
    proc = subprocess.run(
        [sys.executable, "-m", "bildungsnetz.cli", "run", "--data", str(data)]
        + ["--reports", str(reports)],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
