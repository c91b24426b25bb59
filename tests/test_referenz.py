"""Checks of the reference data shipped with the package (lib/bildungsnetz/ingest/referenz/)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import bildungsnetz
from bildungsnetz.text import name_key, split_list

REFERENZ = Path(bildungsnetz.__file__).resolve().parent / "ingest" / "referenz"

DISTRICTS = {
    "Cottbus": ("Brandenburg", "Cottbus"),
    "Dahme-Spreewald": ("Brandenburg", "Lübben (Spreewald)"),
    "Elbe-Elster": ("Brandenburg", "Herzberg (Elster)"),
    "Oberspreewald-Lausitz": ("Brandenburg", "Senftenberg"),
    "Spree-Neiße": ("Brandenburg", "Forst (Lausitz)"),
    "Bautzen": ("Sachsen", "Bautzen"),
    "Görlitz": ("Sachsen", "Görlitz"),
}
LAT_RANGE = (50.85, 52.45)
LON_RANGE = (13.1, 15.1)


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENZ / name, dtype=str, keep_default_na=False, encoding="utf-8")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def gemeinden() -> pd.DataFrame:
    return read("gemeinden.csv")


@pytest.fixture(scope="module")
def landkreise() -> pd.DataFrame:
    return read("landkreise.csv")


@pytest.fixture(scope="module")
def vokabular() -> pd.DataFrame:
    return read("vokabular.csv")


@pytest.fixture(scope="module")
def aliase() -> pd.DataFrame:
    return read("aliase.csv")


# --- file format --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, columns",
    [
        (
            "gemeinden.csv",
            [
                "plz",
                "ort",
                "gemeinde",
                "landkreis",
                "bundesland",
                "lat",
                "lon",
                "einwohner",
                "raumtyp",
            ],
        ),
        (
            "landkreise.csv",
            ["landkreis", "art", "bundesland", "kreissitz", "lat", "lon", "varianten"],
        ),
        ("vokabular.csv", ["art", "wert", "varianten", "anteil"]),
        ("aliase.csv", ["art", "variante", "kanonisch", "kommentar"]),
    ],
)
def test_required_columns_and_plain_utf8(name, columns):
    raw = (REFERENZ / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{name} hat ein BOM"
    assert b"\r" not in raw, f"{name} hat Windows-Zeilenenden"
    raw.decode("utf-8")
    frame = read(name)
    assert list(frame.columns) == columns
    assert len(frame) > 0


# --- landkreise ---------------------------------------------------------------------------


def test_seven_districts(landkreise):
    assert sorted(landkreise["landkreis"]) == sorted(DISTRICTS)
    for row in landkreise.itertuples():
        state, seat = DISTRICTS[row.landkreis]
        assert row.bundesland == state
        assert row.kreissitz == seat
        assert row.art == ("kreisfreie Stadt" if row.landkreis == "Cottbus" else "Landkreis")
        assert split_list(row.varianten), f"{row.landkreis} ohne Varianten"


def test_district_variants_are_unambiguous(landkreise):
    owner: dict[str, str] = {}
    for row in landkreise.itertuples():
        for variant in [row.landkreis, *split_list(row.varianten)]:
            key = name_key(variant)
            assert owner.setdefault(key, row.landkreis) == row.landkreis, variant
    assert name_key("Lausitz") not in owner  # the pseudo-district is not a real one


# --- gemeinden ----------------------------------------------------------------------------


def test_each_district_has_its_seat(gemeinden, landkreise):
    for row in landkreise.itertuples():
        rows = gemeinden[
            (gemeinden["landkreis"] == row.landkreis) & (gemeinden["gemeinde"] == row.kreissitz)
        ]
        assert len(rows) >= 1, f"Kreissitz {row.kreissitz} fehlt in gemeinden.csv"


def test_gazetteer_values(gemeinden):
    assert 120 <= len(gemeinden) <= 220
    assert set(gemeinden["landkreis"]) == set(DISTRICTS)
    for row in gemeinden.itertuples():
        assert row.bundesland == DISTRICTS[row.landkreis][0], row.ort
        assert row.ort and row.gemeinde
        assert int(row.einwohner) > 0
        assert row.raumtyp == ("städtisch" if int(row.einwohner) >= 15000 else "ländlich"), row.ort


def test_postcodes_are_five_digit_strings(gemeinden):
    assert gemeinden["plz"].str.fullmatch(r"\d{5}").all()
    # leading zeros survive a plain pandas read with dtype=str
    assert (gemeinden["plz"].str[0] == "0").any()
    assert set(gemeinden.loc[gemeinden["gemeinde"] == "Cottbus", "plz"]) >= {
        "03042",
        "03044",
        "03046",
        "03048",
        "03050",
        "03051",
        "03052",
        "03053",
        "03054",
        "03055",
    }
    assert set(gemeinden.loc[gemeinden["gemeinde"] == "Görlitz", "plz"]) >= {
        "02826",
        "02827",
        "02828",
    }


def test_no_duplicate_plz_ort(gemeinden):
    keys = gemeinden["plz"] + "|" + gemeinden["ort"].map(name_key)
    assert not keys.duplicated().any(), keys[keys.duplicated()].tolist()


def test_one_municipality_one_record(gemeinden):
    """All rows of a municipality agree on district, population and Raumtyp."""
    per = gemeinden.groupby("gemeinde")[["landkreis", "einwohner", "raumtyp"]].nunique()
    assert (per <= 1).all().all(), per[(per > 1).any(axis=1)]


def test_coordinates_in_bounding_box(gemeinden, landkreise):
    for frame in (gemeinden, landkreise):
        lat = frame["lat"].astype(float)
        lon = frame["lon"].astype(float)
        assert lat.between(*LAT_RANGE).all(), frame.loc[~lat.between(*LAT_RANGE)]
        assert lon.between(*LON_RANGE).all(), frame.loc[~lon.between(*LON_RANGE)]


def test_district_centroid_near_seat(gemeinden, landkreise):
    for row in landkreise.itertuples():
        rows = gemeinden[gemeinden["landkreis"] == row.landkreis]
        lat = rows["lat"].astype(float).mean()
        lon = rows["lon"].astype(float).mean()
        distance = km(lat, lon, float(row.lat), float(row.lon))
        assert distance < 40, f"{row.landkreis}: Schwerpunkt {distance:.0f} km vom Kreissitz"


def test_seat_coordinates_match_gazetteer(gemeinden, landkreise):
    for row in landkreise.itertuples():
        seat = gemeinden[gemeinden["gemeinde"] == row.kreissitz].iloc[0]
        assert km(float(seat.lat), float(seat.lon), float(row.lat), float(row.lon)) < 5


def test_both_raumtypen_present_per_state(gemeinden):
    counts = gemeinden.groupby(["bundesland", "raumtyp"]).size()
    for state in ("Brandenburg", "Sachsen"):
        assert counts.get((state, "städtisch"), 0) > 0
        assert counts.get((state, "ländlich"), 0) > 0


# --- vokabular ----------------------------------------------------------------------------


def test_vocabulary_kinds(vokabular):
    assert set(vokabular["art"]) == {"kategorie", "thema", "zielgruppe", "rolle", "ebene"}
    values = vokabular.groupby("art")["wert"].apply(list)
    assert len(values["thema"]) >= 18
    assert len(values["thema"]) == 18
    assert len(values["zielgruppe"]) == 16
    assert sorted(values["rolle"]) == ["Gastgeber", "Leitung", "Mitglied"]
    assert sorted(values["ebene"]) == ["Bund", "Kommune", "Kreis", "Land", "Region"]
    assert not vokabular.duplicated(["art", "wert"]).any()


def test_category_shares_sum_to_one(vokabular):
    kategorie = vokabular[vokabular["art"] == "kategorie"]
    shares = kategorie["anteil"].astype(float)
    assert (shares > 0).all()
    assert shares.sum() == pytest.approx(1.0, abs=1e-9)
    assert (vokabular.loc[vokabular["art"] != "kategorie", "anteil"] == "").all()
    # chambers, agencies, universities, ministries are few; schools, providers, companies many
    share = dict(zip(kategorie["wert"], shares))
    for small in ("Kammer", "Agentur für Arbeit", "Jobcenter", "Hochschule"):
        assert share[small] <= 0.05
    for big in ("Schule", "Bildungsträger", "Unternehmen"):
        assert share[big] >= 0.10


def test_vocabulary_variants_are_unambiguous(vokabular):
    for art, rows in vokabular.groupby("art"):
        owner: dict[str, str] = {}
        for row in rows.itertuples():
            for variant in [row.wert, *split_list(row.varianten)]:
                key = name_key(variant)
                assert owner.setdefault(key, row.wert) == row.wert, (art, variant)


# --- aliase -------------------------------------------------------------------------------


def test_alias_table(aliase):
    assert set(aliase["art"]) <= {"akteur", "netzwerk"}
    assert (aliase["kanonisch"].str.strip() != "").all()
    assert (aliase["variante"].str.strip() != "").all()
    keys = aliase["art"] + "|" + aliase["variante"].map(name_key)
    targets = aliase.assign(key=keys).groupby("key")["kanonisch"].nunique()
    assert (targets == 1).all(), targets[targets > 1]
    # a variant never equals its own canonical name
    assert not (aliase["variante"].map(name_key) == aliase["kanonisch"].map(name_key)).any()


def test_alias_table_sorted(aliase):
    order = list(zip(aliase["art"], aliase["kanonisch"], aliase["variante"]))
    assert order == sorted(order)
