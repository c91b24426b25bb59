"""The reference data the generator builds on: gazetteer, districts, vocabularies, aliases.

Read from the package's ``referenz/`` folder (or another folder with the same files); the
demo writes these files, unchanged or extended, to ``external/`` beside its waves.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bildungsnetz.demo.cached import name_key, normalize_name
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.text import split_list


def read_csv(path: Path) -> list[dict]:
    """The rows of a UTF-8 CSV file as dicts, every value in ``normalize_name`` form."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [{k: normalize_name(v) for k, v in row.items()} for row in csv.DictReader(handle)]


@dataclass
class Place:
    """One row of the gazetteer: a postcode and locality within a municipality."""

    plz: str
    ort: str
    gemeinde: str
    landkreis: str
    bundesland: str
    raumtyp: str
    einwohner: int


@dataclass
class Municipality:
    """A municipality (``gemeinde``) with its places; ``seat``: it is a district seat."""

    name: str
    landkreis: str
    bundesland: str
    raumtyp: str
    einwohner: int
    seat: bool
    places: list[Place]


class ReferenceData:
    """The reference files of one folder, with the look-ups the generator needs."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.gemeinden = read_csv(folder / "gemeinden.csv")
        self.landkreise = read_csv(folder / "landkreise.csv")
        self.vokabular = read_csv(folder / "vokabular.csv")
        self.alias_rows = read_csv(folder / "aliase.csv")
        self.districts = [r["landkreis"] for r in self.landkreise]
        self.state = {r["landkreis"]: r["bundesland"] for r in self.landkreise}
        self.seat = {r["landkreis"]: r["kreissitz"] for r in self.landkreise}
        self.kreis_label = {
            r["landkreis"]: (
                f"Stadt {r['landkreis']}"
                if "stadt" in r.get("art", "").casefold()
                else f"Landkreis {r['landkreis']}"
            )
            for r in self.landkreise
        }
        self.district_variants = {
            r["landkreis"]: split_list(r["varianten"]) for r in self.landkreise
        }
        self.munis = self._municipalities()
        self.plz_unique: dict[str, int] = {}  # postcode -> number of gazetteer rows
        for r in self.gemeinden:
            self.plz_unique[r["plz"]] = self.plz_unique.get(r["plz"], 0) + 1
        self.vocab: dict[str, list[str]] = {}
        self.vocab_variants: dict[tuple, list[str]] = {}
        self.shares: dict[str, float] = {}
        for r in self.vokabular:
            art = r["art"].casefold()
            self.vocab.setdefault(art, []).append(r["wert"])
            self.vocab_variants[(art, r["wert"])] = split_list(r["varianten"])
            if art == "kategorie" and r.get("anteil"):
                self.shares[r["wert"]] = float(r["anteil"])

    def _municipalities(self) -> list[Municipality]:
        munis: dict[tuple, Municipality] = {}
        seats = {name_key(s) for s in self.seat.values()}
        for r in self.gemeinden:
            gemeinde = r.get("gemeinde") or r["ort"]
            key = (r["landkreis"], gemeinde)
            if key not in munis:
                munis[key] = Municipality(
                    gemeinde,
                    r["landkreis"],
                    r["bundesland"],
                    r["raumtyp"],
                    int(float(r["einwohner"] or 0)),
                    name_key(gemeinde) in seats,
                    [],
                )
            munis[key].places.append(
                Place(
                    r["plz"],
                    r["ort"],
                    gemeinde,
                    r["landkreis"],
                    r["bundesland"],
                    r["raumtyp"],
                    int(float(r["einwohner"] or 0)),
                )
            )
        return list(munis.values())

    def muni(self, name: str) -> Municipality:
        """The municipality of this name (``Forst`` also finds ``Forst (Lausitz)``)."""
        key = name_key(name)
        for m in self.munis:
            if name_key(m.name) == key:
                return m
        for m in self.munis:
            if name_key(m.name).split("(")[0].strip() == key.split("(")[0].strip():
                return m
        raise BildungsnetzError(f"Demodaten: Gemeinde „{name}“ fehlt im Ortsverzeichnis.")

    def value(self, art: str, keyword: str) -> str:
        """The canonical vocabulary value matching a keyword (exact, prefix, then substring)."""
        values = self.vocab.get(art, [])
        kw = name_key(keyword)
        tests: tuple[Callable[[str], bool], ...] = (
            lambda k: k == kw,
            lambda k: k.startswith(kw),
            lambda k: kw in k,
        )
        for test in tests:
            hits = [v for v in values if test(name_key(v))]
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                break
        raise BildungsnetzError(
            f"Demodaten: Vokabular „{art}“ hat keinen eindeutigen Wert zu „{keyword}“."
        )
