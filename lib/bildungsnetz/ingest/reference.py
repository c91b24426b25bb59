"""Reference data: gazetteer, districts, vocabularies and the alias table.

Each file is read from ``DATA/external/`` when it is there (the office's hand-kept copy) and
from the copy shipped with the package (``lib/bildungsnetz/ingest/referenz/``) otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.text import name_key, normalize_name, parse_float, split_list

PACKAGE_REFERENCE = Path(__file__).resolve().parent / "referenz"
REFERENCE_FILES = ("gemeinden.csv", "landkreise.csv", "vokabular.csv", "aliase.csv")
#: optional, kept by analysts: pairs of names checked and found to be different institutions
DISTINCT_FILE = "keine_dubletten.csv"
REGION_WIDE = "Lausitz"
REGION_WIDE_VARIANTS = (
    "lausitz",
    "regionweit",
    "region",
    "gesamte lausitz",
    "überregional",
    "lausitzweit",
)

_REQUIRED = {
    "gemeinden.csv": ["plz", "ort", "landkreis", "bundesland", "lat", "lon", "raumtyp"],
    "landkreise.csv": ["landkreis", "bundesland", "varianten"],
    "vokabular.csv": ["art", "wert", "varianten"],
    "aliase.csv": ["art", "variante", "kanonisch"],
    "keine_dubletten.csv": ["art", "name_a", "name_b"],
}


def reference_path(data_dir: Path | None, name: str) -> Path:
    """Return where reference file ``name`` is read from (data dir first, package second)."""
    if data_dir is not None:
        candidate = Path(data_dir) / "external" / name
        if candidate.exists():
            return candidate
    return PACKAGE_REFERENCE / name


def _read(data_dir, name: str) -> pd.DataFrame:
    path = reference_path(data_dir, name)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise BildungsnetzError("Referenzdatei fehlt.", datei=path) from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise BildungsnetzError(f"Referenzdatei ist nicht lesbar ({exc}).", datei=path) from None
    frame.columns = [normalize_name(c).casefold() for c in frame.columns]
    for col in _REQUIRED[name]:
        if col not in frame.columns:
            raise BildungsnetzError(
                "Pflichtspalte fehlt in der Referenzdatei.", datei=path, spalte=col
            )
    return frame.map(normalize_name)


@dataclass
class Place:
    """A resolved place."""

    plz: str
    ort: str
    landkreis: str
    bundesland: str
    raumtyp: str
    lat: float | None
    lon: float | None


@dataclass
class Reference:
    """All reference data of one data directory, with look-up helpers."""

    gemeinden: pd.DataFrame
    landkreise: pd.DataFrame
    vokabular: pd.DataFrame
    aliase: pd.DataFrame
    sources: dict[str, Path] = field(default_factory=dict)
    keine_dubletten: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        """Build the look-up tables."""
        self._by_plz: dict[str, list[dict]] = {}
        self._by_ort: dict[str, list[dict]] = {}
        for rec in self.gemeinden.to_dict("records"):
            self._by_plz.setdefault(rec["plz"], []).append(rec)
            self._by_ort.setdefault(name_key(rec["ort"]), []).append(rec)
            if rec.get("gemeinde"):
                self._by_ort.setdefault(name_key(rec["gemeinde"]), []).append(rec)
        self._district: dict[str, str] = {}
        self._state_of_district: dict[str, str] = {}
        for rec in self.landkreise.to_dict("records"):
            canonical = rec["landkreis"]
            self._state_of_district[canonical] = rec["bundesland"]
            for variant in [canonical, *split_list(rec["varianten"])]:
                self._district[name_key(variant)] = canonical
        for variant in REGION_WIDE_VARIANTS:
            self._district.setdefault(variant, REGION_WIDE)
        self._vocab: dict[str, dict[str, str]] = {}
        self._vocab_values: dict[str, list[str]] = {}
        for rec in self.vokabular.to_dict("records"):
            art = rec["art"].casefold()
            table = self._vocab.setdefault(art, {})
            self._vocab_values.setdefault(art, []).append(rec["wert"])
            for variant in [rec["wert"], *split_list(rec["varianten"])]:
                table.setdefault(name_key(variant), rec["wert"])
        self._distinct: set[tuple[str, frozenset]] = set()
        if self.keine_dubletten is not None:
            for rec in self.keine_dubletten.to_dict("records"):
                self._distinct.add(
                    (
                        rec["art"].casefold(),
                        frozenset((name_key(rec["name_a"]), name_key(rec["name_b"]))),
                    )
                )
        self._alias: dict[str, dict[str, str]] = {"akteur": {}, "netzwerk": {}}
        for rec in self.aliase.to_dict("records"):
            art = rec["art"].casefold()
            if rec["variante"] and rec["kanonisch"]:
                self._alias.setdefault(art, {})[name_key(rec["variante"])] = rec["kanonisch"]

    # --- names -----------------------------------------------------------------------------
    def canonical_name(self, art: str, name: str) -> tuple[str, bool]:
        """Return (canonical name, True if the alias table was used) for an actor/network name.

        Aliases are followed transitively (old name -> newer name -> newest name).
        """
        name = normalize_name(name)
        table = self._alias.get(art, {})
        used = False
        seen = set()
        while name_key(name) in table and name_key(name) not in seen:
            seen.add(name_key(name))
            target = table[name_key(name)]
            if name_key(target) == name_key(name):
                break
            name, used = target, True
        return name, used

    def known_distinct(self, art: str, a: str, b: str) -> bool:
        """Whether an analyst has recorded ``a`` and ``b`` as different institutions.

        Such pairs (``external/keine_dubletten.csv``) are not proposed again.
        """
        return (art, frozenset((name_key(a), name_key(b)))) in self._distinct

    # --- vocabularies ----------------------------------------------------------------------
    def vocab(self, art: str, value: str) -> str | None:
        """Return the canonical vocabulary value for ``value`` (None if unknown)."""
        return self._vocab.get(art, {}).get(name_key(value))

    def vocab_values(self, art: str) -> list[str]:
        """Return the canonical values of one vocabulary, in file order."""
        return list(self._vocab_values.get(art, []))

    # --- places ----------------------------------------------------------------------------
    def district(self, value: str) -> str | None:
        """Return the canonical district (or ``Lausitz``) for a spelling, None if unknown."""
        key = name_key(value)
        if not key:
            return None
        if key in self._district:
            return self._district[key]
        for prefix in ("landkreis ", "lk ", "kreis ", "stadt ", "kreisfreie stadt "):
            if key.startswith(prefix) and key[len(prefix) :] in self._district:
                return self._district[key[len(prefix) :]]
        return None

    def state_of(self, district: str) -> str:
        """Return the federal state of a canonical district ("" for unknown/``Lausitz``)."""
        return self._state_of_district.get(district, "")

    def place(self, plz: str, ort: str) -> tuple[Place | None, str]:
        """Resolve a place: postcode first, then town name.

        Returns the place (or None) and how it was found: ``plz``, ``ort`` or ``""``.
        """
        plz = normalize_plz(plz)
        ort_key = name_key(ort)
        candidates = self._by_plz.get(plz, []) if plz else []
        if candidates:
            chosen = next((c for c in candidates if name_key(c["ort"]) == ort_key), candidates[0])
            return self._to_place(chosen), "plz"
        if ort_key:
            matches = self._by_ort.get(ort_key)
            if not matches:
                # "Forst (Lausitz)" ~ "Forst", "Lübben (Spreewald)" ~ "Lübben"
                stripped = ort_key.split("(")[0].strip()
                matches = [
                    r
                    for k, rs in self._by_ort.items()
                    if k.split("(")[0].strip() == stripped
                    for r in rs
                ]
            if matches:
                return self._to_place(matches[0]), "ort"
        return None, ""

    @staticmethod
    def _to_place(rec: dict) -> Place:
        return Place(
            plz=rec["plz"],
            ort=rec["ort"],
            landkreis=rec["landkreis"],
            bundesland=rec["bundesland"],
            raumtyp=rec["raumtyp"],
            lat=parse_float(rec["lat"]),
            lon=parse_float(rec["lon"]),
        )


def normalize_plz(value) -> str:
    """Return a 5-digit postcode string, restoring a leading zero that Excel dropped."""
    text = normalize_name(value).replace(" ", "")
    if text.endswith(".0"):
        text = text[:-2]
    if text.isdigit() and len(text) == 4:
        text = "0" + text
    return text


def load_reference(data_dir: Path | None = None) -> Reference:
    """Load all reference data for a data directory."""
    frames = {name: _read(data_dir, name) for name in REFERENCE_FILES}
    sources = {name: reference_path(data_dir, name) for name in REFERENCE_FILES}
    distinct = None
    if data_dir is not None and (Path(data_dir) / "external" / DISTINCT_FILE).exists():
        distinct = _read(data_dir, DISTINCT_FILE)
        sources[DISTINCT_FILE] = Path(data_dir) / "external" / DISTINCT_FILE
    return Reference(
        gemeinden=frames["gemeinden.csv"],
        landkreise=frames["landkreise.csv"],
        vokabular=frames["vokabular.csv"],
        aliase=frames["aliase.csv"],
        sources=sources,
        keine_dubletten=distinct,
    )
