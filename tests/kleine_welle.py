"""A tiny hand-made wave (processed tables + measures) for the map and report tests.

Two entries carry script injections: an actor named ``<img src=x onerror=window.__xss=1>`` and a
network named ``<script>window.__xss=2</script>``. One actor has no coordinates, one did not
consent to be named (shown as "Unternehmen 1"), one has a name that looks like an Excel formula.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

XSS_AKTEUR = "<img src=x onerror=window.__xss=1>"
XSS_NETZWERK = "<script>window.__xss=2</script>"
GEHEIMER_NAME = "Geheime Beispiel GmbH"


def tabellen() -> dict[str, pd.DataFrame]:
    akteure = pd.DataFrame(
        [
            # akteur_id, akteur, anzeigename, veroeffentlichen, kategorie, ebene, plz, ort,
            # landkreis,
            # bundesland, raumtyp, lat, lon
            (
                "A0000001",
                "IHK Cottbus",
                "IHK Cottbus",
                "ja",
                "Kammer",
                "Region",
                "03046",
                "Cottbus",
                "Cottbus",
                "Brandenburg",
                "städtisch",
                51.7563,
                14.3329,
            ),
            (
                "A0000002",
                XSS_AKTEUR,
                XSS_AKTEUR,
                "ja",
                "Bildungsträger",
                "Kommune",
                "02826",
                "Görlitz",
                "Görlitz",
                "Sachsen",
                "städtisch",
                51.1526,
                14.9872,
            ),
            (
                "A0000003",
                "Agentur für Arbeit Cottbus",
                "Agentur für Arbeit Cottbus",
                "ja",
                "Agentur für Arbeit",
                "Region",
                "03046",
                "Cottbus",
                "Cottbus",
                "Brandenburg",
                "städtisch",
                51.7563,
                14.3329,
            ),
            (
                "A0000004",
                "Oberschule Spremberg",
                "Oberschule Spremberg",
                "ja",
                "Schule",
                "Kommune",
                "",
                "",
                "Spree-Neiße",
                "Brandenburg",
                "",
                None,
                None,
            ),
            (
                "A0000005",
                GEHEIMER_NAME,
                "Unternehmen 1",
                "nein",
                "Unternehmen",
                "Kommune",
                "01968",
                "Senftenberg",
                "Oberspreewald-Lausitz",
                "Brandenburg",
                "städtisch",
                51.5252,
                14.0016,
            ),
            (
                "A0000006",
                "Landkreis Bautzen",
                "Landkreis Bautzen",
                "ja",
                "Landkreis",
                "Kreis",
                "02625",
                "Bautzen",
                "Bautzen",
                "Sachsen",
                "städtisch",
                51.1814,
                14.4238,
            ),
            (
                "A0000007",
                '=HYPERLINK("x")',
                '=HYPERLINK("x")',
                "ja",
                "Verein/Verband",
                "Kommune",
                "03130",
                "Spremberg",
                "Spree-Neiße",
                "Brandenburg",
                "städtisch",
                51.5716,
                14.3795,
            ),
        ],
        columns=[
            "akteur_id",
            "akteur",
            "anzeigename",
            "veroeffentlichen",
            "kategorie",
            "ebene",
            "plz",
            "ort",
            "landkreis",
            "bundesland",
            "raumtyp",
            "lat",
            "lon",
        ],
    )
    netzwerke = pd.DataFrame(
        [
            (
                "N0000001",
                "Kompetenzregion Lausitz – AG Berufsorientierung",
                "Arbeitsgruppe",
                "Lausitz",
                "",
                "Ausbildung;Berufsorientierung",
                "Jugendliche;Schulen",
                "A0000001",
            ),
            (
                "N0000002",
                XSS_NETZWERK,
                "Arbeitskreis",
                "Görlitz",
                "Sachsen",
                "Digitalisierung",
                "Unternehmen",
                "A0000002",
            ),
            (
                "N0000003",
                "NetzwerkZukunft Arbeitskreis Süd",
                "Arbeitskreis",
                "Spree-Neiße",
                "Brandenburg",
                "Berufsorientierung;Fachkräftegewinnung",
                "Jugendliche",
                "",
            ),
        ],
        columns=[
            "netzwerk_id",
            "netzwerk",
            "typ",
            "landkreis",
            "bundesland",
            "themen",
            "zielgruppen",
            "koordination_id",
        ],
    )
    mitgliedschaften = pd.DataFrame(
        [
            ("A0000001", "N0000001", "Leitung"),
            ("A0000002", "N0000001", "Mitglied"),
            ("A0000002", "N0000002", "Leitung"),
            ("A0000003", "N0000001", "Mitglied"),
            ("A0000003", "N0000003", "Mitglied"),
            ("A0000004", "N0000003", "Mitglied"),
            ("A0000005", "N0000002", "Mitglied"),
            ("A0000006", "N0000003", "Gastgeber"),
            ("A0000007", "N0000003", "Mitglied"),
        ],
        columns=["akteur_id", "netzwerk_id", "rolle"],
    )
    anzahl = mitgliedschaften.groupby("akteur_id").size()
    kennzahlen = pd.DataFrame(
        {
            "akteur_id": akteure["akteur_id"],
            "akteur": akteure["anzeigename"],
            "anzahl_netzwerke": akteure["akteur_id"].map(anzahl).fillna(0).astype(int),
        }
    )
    kennzahlen["degree"] = kennzahlen["anzahl_netzwerke"] / len(netzwerke)
    kennzahlen["betweenness"] = [0.30, 0.45, 0.25, 0.0, 0.0, 0.0, 0.0]
    kennzahlen["closeness"] = [0.55, 0.62, 0.58, 0.41, 0.38, 0.41, 0.41]
    kennzahlen["pagerank"] = [0.16, 0.19, 0.15, 0.08, 0.09, 0.10, 0.08]
    return {
        "akteure": akteure,
        "netzwerke": netzwerke,
        "mitgliedschaften": mitgliedschaften,
        "kennzahlen_akteure": kennzahlen,
    }


def schreibe(ordner: Path) -> Path:
    """Write the tables as ``processed/<wave>``-style CSV files into ``ordner``."""
    ordner.mkdir(parents=True, exist_ok=True)
    for name, df in tabellen().items():
        df.to_csv(ordner / f"{name}.csv", index=False, encoding="utf-8")
    return ordner
