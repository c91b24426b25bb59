"""The synthetic demo waves (docs/product.md, "Demo data"): reproducible, realistic, never fatal.

The committed tree under ``data/`` (raw waves, ground truth, external reference data) must be
exactly what ``write_demo(Path("data"))`` writes. After a change to the generator or to
``lib/bildungsnetz/ingest/referenz/*.csv``, regenerate it with ``bildungsnetz demo`` and commit.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bildungsnetz import demo
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.reference import PACKAGE_REFERENCE
from bildungsnetz.text import name_key

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "data"
WAVES = ("2024", "2025", "2026")
BIG_CITIES = ("Cottbus", "Görlitz", "Bautzen")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    written = demo.write_demo(data_dir)
    assert written == sorted(written)
    assert all(p.is_file() for p in written)
    return data_dir


@pytest.fixture(scope="module")
def truth(generated) -> dict:
    return json.loads((generated / "raw" / "ground_truth.json").read_text(encoding="utf-8"))


def _written_files(data_dir: Path) -> list[str]:
    files = [f"raw/{wave}/{name}" for wave, names in demo.RAW_FILES.items() for name in names]
    files += ["raw/ground_truth.json"]
    files += [
        f"external/{n}" for n in ("aliase.csv", "gemeinden.csv", "landkreise.csv", "vokabular.csv")
    ]
    return sorted(files)


# --- reproducibility -------------------------------------------------------------------------


def test_committed_demo_tree_is_byte_identical(generated):
    stale = []
    for rel in _written_files(generated):
        committed = COMMITTED / rel
        if not committed.is_file() or committed.read_bytes() != (generated / rel).read_bytes():
            stale.append(rel)
    assert not stale, (
        "data/ is not what write_demo writes (regenerate with "
        f"`bildungsnetz demo` and commit): {stale}"
    )
    for wave in WAVES:
        present = sorted(p.name for p in (COMMITTED / "raw" / wave).iterdir() if p.is_file())
        assert present == sorted(demo.RAW_FILES[wave]), f"extra files in data/raw/{wave}"


def test_same_call_gives_identical_bytes(generated):
    again = demo.build()
    assert sorted(again) == _written_files(generated)
    for rel, data in again.items():
        assert data == (generated / rel).read_bytes(), rel


def test_reference_data_copied_and_aliases_extended(generated, truth):
    package = PACKAGE_REFERENCE
    for name in ("gemeinden.csv", "landkreise.csv", "vokabular.csv"):
        assert (generated / "external" / name).read_bytes() == (package / name).read_bytes()
    with open(generated / "external" / "aliase.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(package / "aliase.csv", encoding="utf-8", newline="") as f:
        package_rows = list(csv.DictReader(f))
    keys = [(r["art"], r["kanonisch"], r["variante"]) for r in rows]
    assert keys == sorted(keys)
    for row in package_rows:
        assert row in rows
    renamed = truth["umbenennung"]
    assert {
        "art": "akteur",
        "variante": renamed["alt"],
        "kanonisch": renamed["neu"],
    }.items() <= next(r for r in rows if r["variante"] == renamed["alt"]).items()
    variants = [(r["art"], name_key(r["variante"])) for r in rows]
    assert len(variants) == len(set(variants)), "a variant points to two canonical names"


def test_xlsx_has_no_timestamps_of_today(generated):
    path = generated / "raw" / "2025" / demo.XLSX_NAME
    with zipfile.ZipFile(path) as book:
        assert {i.date_time for i in book.infolist()} == {demo.ZIP_TIME}
        core = book.read("docProps/core.xml").decode("utf-8")
    assert "2025-01-01T00:00:00Z" in core
    assert not re.search(r"20(2[6-9]|[3-9]\d)-\d\d-\d\dT", core)
    from openpyxl import load_workbook

    book = load_workbook(path)  # a valid workbook for openpyxl and Excel
    assert book.properties.created.year == 2025 and book["akteure"]["A1"].font.b


# --- realism ----------------------------------------------------------------------------------


def test_counts_and_vocabularies(truth):
    expected_actors = {"2024": (165, 195), "2025": (230, 270), "2026": (295, 345)}
    expected_networks = {"2024": (55, 65), "2025": (75, 85), "2026": (95, 105)}
    for wave in WAVES:
        w = truth["wellen"][wave]
        lo, hi = expected_actors[wave]
        assert lo <= len(w["akteure"]) <= hi
        lo, hi = expected_networks[wave]
        assert lo <= len(w["netzwerke"]) <= hi
        topics = {t for n in w["netzwerke"] for t in n["themen"]}
        groups = {g for n in w["netzwerke"] for g in n["zielgruppen"]}
        assert len(topics) == 18 and len(groups) == 16
        for n in w["netzwerke"]:
            if n["themen"]:  # free-text networks of 2024 have none
                assert 1 <= len(n["themen"]) <= 4 and 1 <= len(n["zielgruppen"]) <= 4
                assert n["koordination_id"]
    a24, a26 = (len(truth["wellen"][w]["akteure"]) for w in ("2024", "2026"))
    ids24 = {a["akteur_id"] for a in truth["wellen"]["2024"]["akteure"]}
    ids25 = {a["akteur_id"] for a in truth["wellen"]["2025"]["akteure"]}
    assert a26 > a24 and 0.85 <= len(ids24 & ids25) / len(ids24) < 1.0  # most stay, some leave


def test_categories_follow_vocabulary_shares(truth, generated):
    with open(generated / "external" / "vokabular.csv", encoding="utf-8") as f:
        shares = {
            r["wert"]: float(r["anteil"]) for r in csv.DictReader(f) if r["art"] == "kategorie"
        }
    for wave in ("2025", "2026"):
        actors = truth["wellen"][wave]["akteure"]
        counts = Counter(a["kategorie"] for a in actors)
        for category, share in shares.items():
            assert abs(counts[category] / len(actors) - share) <= 0.025, (wave, category)


def test_more_activity_in_cities(truth):
    for wave in WAVES:
        actors = truth["wellen"][wave]["akteure"]
        urban = [a for a in actors if a["raumtyp"] == "städtisch"]
        rural = [a for a in actors if a["raumtyp"] == "ländlich"]
        assert len(urban) / len(actors) > len(rural) / len(actors)
        assert sum(a["anzahl_netzwerke"] for a in urban) / len(urban) > sum(
            a["anzahl_netzwerke"] for a in rural
        ) / len(rural)
        towns = Counter(a["ort"] for a in actors)
        assert all(towns[t] >= 0.05 * len(actors) for t in BIG_CITIES), towns


def test_hubs_sizes_roles_and_consent(truth):
    for wave in WAVES:
        w = truth["wellen"][wave]
        top = sorted(w["akteure"], key=lambda a: -a["anzahl_netzwerke"])[:12]
        cats = Counter(a["kategorie"] for a in top)
        assert cats["Kammer"] >= 2 and cats["Agentur für Arbeit"] >= 1 and cats["Hochschule"] >= 1
        sizes = sorted((n["anzahl_mitglieder"] for n in w["netzwerke"]), reverse=True)
        assert sizes[1] >= 40  # a few large region-wide networks
        assert sum(5 <= s <= 15 for s in sizes) >= 0.6 * len(sizes)  # many small ones
        roles = Counter(r for _, _, r in w["mitgliedschaften"])
        assert set(roles) == {"Mitglied", "Gastgeber", "Leitung"}
        leads = {(a, n) for a, n, r in w["mitgliedschaften"] if r == "Leitung"}
        for n in w["netzwerke"]:
            if n["koordination_id"]:
                assert (n["koordination_id"], n["netzwerk_id"]) in leads
        no = sum(a["veroeffentlichen"] == "nein" for a in w["akteure"])
        assert 0.04 <= no / len(w["akteure"]) <= 0.12
        if wave != "2024":
            assert 1.3 <= len(w["kooperationen"]) / len(w["akteure"]) <= 1.7
            assert {lvl for _, _, lvl in w["kooperationen"]} == {1, 2, 3}


def test_bridges_between_saxony_and_brandenburg(truth, generated):
    with open(generated / "external" / "landkreise.csv", encoding="utf-8") as f:
        state = {r["landkreis"]: r["bundesland"] for r in csv.DictReader(f)}
    for wave in WAVES:
        w = truth["wellen"][wave]
        net_state = {n["netzwerk_id"]: state.get(n["landkreis"]) for n in w["netzwerke"]}
        states: dict[str, set] = {}
        for a, n, _ in w["mitgliedschaften"]:
            if net_state[n]:
                states.setdefault(a, set()).add(net_state[n])
        bridges = {a for a, s in states.items() if s == {"Brandenburg", "Sachsen"}}
        assert len(bridges) >= 3
        assert bridges == {b["akteur_id"] for b in w["bruecken"]}
        assert all(b["geplant"] for b in w["bruecken"]) and 3 <= len(w["bruecken"]) <= 5


def test_planted_structures(truth):
    for wave in WAVES:
        w = truth["wellen"][wave]
        members: dict[str, set] = {}
        for a, n, _ in w["mitgliedschaften"]:
            members.setdefault(n, set()).add(a)
        nets = {n["netzwerk_id"]: n for n in w["netzwerke"]}
        assert len(w["doppelstrukturen"]) == 2
        for pair in w["doppelstrukturen"]:
            a, b = members[pair["netzwerk_a_id"]], members[pair["netzwerk_b_id"]]
            assert len(a & b) / len(a | b) >= 0.5
            na, nb = nets[pair["netzwerk_a_id"]], nets[pair["netzwerk_b_id"]]
            assert na["landkreis"] == nb["landkreis"]
            assert set(na["themen"]) & set(nb["themen"])
            assert set(na["zielgruppen"]) & set(nb["zielgruppen"])
        assert w["max_jaccard_nicht_geplanter_paare"] < 0.4
        champions = w["hidden_champions"]
        assert 3 <= len(champions) <= 5
        median = sorted(a["anzahl_netzwerke"] for a in w["akteure"])[len(w["akteure"]) // 2]
        for c in champions:
            assert 2 <= c["anzahl_netzwerke"] <= 3 and c["anzahl_netzwerke"] <= median + 1
            assert min(c["netzwerk_groessen"]) >= 35
        if wave != "2024":
            champion_ids = {c["akteur_id"] for c in champions}
            named = Counter(b for _, b, _ in w["kooperationen"])
            top = {a for a, _ in named.most_common(15)}
            assert champion_ids <= top
            planted = w["neue_verbindungen"]["geplant"]
            every = {tuple(p) for p in w["neue_verbindungen"]["alle"]}
            assert planted and len(every) == w["neue_verbindungen"]["anzahl_gesamt"]
            assert {tuple(sorted((p["akteur_a_id"], p["akteur_b_id"]))) for p in planted} <= every
            before = truth["wellen"][str(int(wave) - 1)]
            old_partners: dict[str, set] = {}
            for a, n, _ in before["mitgliedschaften"]:
                old_partners.setdefault(n, set()).add(a)
            for p in planted:
                assert not any(
                    p["akteur_a_id"] in m and p["akteur_b_id"] in m for m in old_partners.values()
                )
                assert {p["akteur_a_id"], p["akteur_b_id"]} <= members[p["netzwerk_id"]]


def test_rename_keeps_the_id(truth, generated):
    renamed = truth["umbenennung"]
    for wave in WAVES:
        ids = {a["akteur_id"] for a in truth["wellen"][wave]["akteure"]}
        assert renamed["akteur_id"] in ids
    book = generated / "raw" / "2025" / demo.XLSX_NAME
    from openpyxl import load_workbook

    sheet = load_workbook(book, read_only=True)["akteure"]
    names_2025 = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert renamed["alt"] in names_2025 and renamed["neu"] not in names_2025
    text = (generated / "raw" / "2026" / "akteure.csv").read_bytes().decode("cp1252")
    names_2026 = {row["akteur"] for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert renamed["neu"] in names_2026 and renamed["alt"] not in names_2026


# --- input forms and messiness -------------------------------------------------------------------


def _limesurvey_rows(generated) -> list[dict]:
    raw = (generated / "raw" / "2024" / demo.LIMESURVEY_EXPORT).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_limesurvey_wave_form(generated, truth):
    rows = _limesurvey_rows(generated)
    header = list(rows[0])
    assert header[:10] == [
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "token",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
    ]
    assert any(re.fullmatch(r"N1\[SQ\d{3}\]", c) for c in header) and "N1[other]" in header
    with open(generated / "raw" / "2024" / "zuordnung.csv", encoding="utf-8") as f:
        mapping = list(csv.DictReader(f))
    assert set(mapping[0]) == {"code", "feld", "wert"}
    assert {m["code"] for m in mapping} <= set(header)
    assert {m["feld"] for m in mapping} >= {
        "akteur",
        "mitglied",
        "leitung",
        "gastgeber",
        "netzwerk_sonstige",
        "email",
    }
    incomplete = [r for r in rows if not r["submitdate"]]
    assert incomplete and all(r["lastpage"] in ("0", "1") for r in incomplete)
    complete = [r for r in rows if r["submitdate"]]
    names = Counter(name_key(r["A1"]) for r in complete)
    assert any(c > 1 for c in names.values())  # duplicate submission
    assert len(truth["wellen"]["2024"]["doppelte_antworten"]) >= 3
    assert any(r["N1[other]"] for r in rows)
    resolved = Counter(
        f["aufloesung"].split()[0] for f in truth["wellen"]["2024"]["freitext_netzwerke"]
    )
    assert resolved["neu"] and (resolved["alias"] or resolved["schluessel"])
    assert (generated / "raw" / "2024" / "netzwerke.csv").is_file()


def test_tidy_wave_forms_and_encodings(generated):
    from openpyxl import load_workbook

    book = load_workbook(generated / "raw" / "2025" / demo.XLSX_NAME, read_only=True)
    assert {"akteure", "netzwerke", "mitgliedschaften", "kooperationen"} <= set(book.sheetnames)
    folder = generated / "raw" / "2026"
    akteure = (folder / "akteure.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        akteure.decode("utf-8")
    text = akteure.decode("cp1252")
    assert text.split("\r\n", 1)[0].count(";") == 10 and "\r\n" in text
    netzwerke = (folder / "netzwerke.csv").read_bytes()
    assert netzwerke.startswith(b"\xef\xbb\xbf")
    decoded = netzwerke.decode("utf-8-sig")
    assert "\u0308" in decoded and decoded == unicodedata.normalize("NFD", decoded)
    plain = (folder / "mitgliedschaften.csv").read_bytes()
    assert not plain.startswith(b"\xef\xbb\xbf")
    plain.decode("utf-8")


def test_planted_messiness_is_recorded(truth):
    for wave in WAVES:
        w = truth["wellen"][wave]
        how = Counter(v["aufloesung"] for v in w["namensvarianten"])
        assert how["schluessel"] and how["alias"], wave
        assert w["unscharfe_dubletten"], wave
        faults = Counter(o["fehler"] for o in w["orte"])
        assert faults["plz_99999"] and faults["ort_falsch"] and faults["plz_ausserhalb"], wave
        expected = w["erwartet_nach_bereinigung"]
        # non-respondents of the survey export that nobody names are not in that wave
        absent = len(w["nicht_befragt"]["ohne_nennung"])
        assert expected["akteure"] == len(w["akteure"]) - absent + len(w["unscharfe_dubletten"])


def _xlsx_text(path: Path, sheet: str) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    rows = book[sheet].iter_rows(values_only=True)
    return "\n".join(";".join("" if v is None else str(v) for v in row) for row in rows)


def test_personal_data_present_in_raw(generated):
    rows = _limesurvey_rows(generated)
    assert all(r["token"] and r["ipaddr"] for r in rows)
    emails = re.compile(r"[\w.-]+@([\w.-]+)")
    texts = {
        "2024": (generated / "raw" / "2024" / demo.LIMESURVEY_EXPORT).read_text("utf-8-sig"),
        "2025": _xlsx_text(generated / "raw" / "2025" / demo.XLSX_NAME, "akteure"),
        "2026": (generated / "raw" / "2026" / "akteure.csv").read_bytes().decode("cp1252"),
    }
    for wave, text in texts.items():
        domains = set(emails.findall(text))
        assert domains and domains <= {"example.org", "example.com"}, (wave, domains)
        assert re.search(r"(\+49 \d{2,5}|0\d{2,5}[ /-])\d{4,}", text), wave
        assert re.search(r"(Dr\. )?[A-ZÄÖÜ][a-zäöüé]+ [A-ZÄÖÜ][a-zäöüß]+", text)


def test_demo_waves_clean_without_error(generated, truth):
    """The mess is the kind the cleaning resolves or logs: nothing aborts, and the cleaning
    gives the counts the ground truth predicts."""
    from bildungsnetz.ingest.clean import clean_wave

    for wave in WAVES:
        result = clean_wave(generated, wave, write=False)
        expected = truth["wellen"][wave]["erwartet_nach_bereinigung"]
        assert len(result.akteure) == expected["akteure"]
        assert len(result.netzwerke) == expected["netzwerke"]
        assert len(result.mitgliedschaften) == expected["mitgliedschaften"]
        if expected["kooperationen"] is not None:
            assert len(result.kooperationen) == expected["kooperationen"]


# --- scale and safety ---------------------------------------------------------------------------


def test_scale_three_gives_three_times_the_rows(truth):
    big = json.loads(demo.build(scale=3)["raw/ground_truth.json"])
    for wave in WAVES:
        small, large = truth["wellen"][wave]["anzahl"], big["wellen"][wave]["anzahl"]
        for key in ("akteure", "netzwerke"):
            assert large[key] == 3 * small[key]
        assert 2.4 <= large["mitgliedschaften"] / small["mitgliedschaften"] <= 3.6


def test_refuses_folder_with_other_files(tmp_path):
    (tmp_path / "raw" / "2025").mkdir(parents=True)
    (tmp_path / "raw" / "2025" / "akteure.csv").write_text("akteur\nEchte Daten\n")
    with pytest.raises(BildungsnetzError):
        demo.write_demo(tmp_path)
    assert (tmp_path / "raw" / "2025" / "akteure.csv").read_text() == "akteur\nEchte Daten\n"


def test_rejects_bad_scale(tmp_path):
    with pytest.raises(BildungsnetzError):
        demo.write_demo(tmp_path, scale=0)


# --------------------------------------------------------------------------- fast draws


def test_bulk_random_numbers_are_the_stream_of_random():
    """``Rng.randoms`` continues the stream of ``Rng.random`` exactly, in bulk and one by
    one, and leaves the generator where the single draws would have."""
    from bildungsnetz.demo.rng import BULK_MIN, Rng

    one, bulk = Rng(7), Rng(7)
    for n in (3, BULK_MIN, 1000, 0, 5):
        assert bulk.randoms(n).tolist() == [one.random() for _ in range(n)]
    assert bulk.random() == one.random()


@given(
    weights=st.lists(
        st.one_of(st.just(0.0), st.floats(1e-6, 1e3, allow_nan=False)), min_size=0, max_size=80
    ),
    k=st.integers(0, 90),
    seed=st.integers(0, 2**32 - 1),
)
@settings(max_examples=150, deadline=None)
def test_fast_weighted_draws_equal_the_plain_ones(weights, k, seed):
    """The same items in the same order, and the same stream afterwards, even when the
    approximate weights are off in the last digits."""
    from bildungsnetz.demo.rng import Rng

    items = list(range(len(weights)))
    plain, fast = Rng(seed), Rng(seed)
    expected = plain.weighted_sample(items, weights, k)
    approx = np.array(weights) * (1 + 1e-13 * np.cos(np.arange(len(weights))))
    assert fast.weighted_sample_fast(items, approx, lambda p: weights[p], k) == expected
    assert fast.random() == plain.random()
    if weights and sum(weights) > 0:
        assert fast.weighted_fast(items, np.array(weights)) == plain.weighted(items, weights)


def test_pool_weights_are_the_single_weights_bit_for_bit():
    """``Affinity.weights`` gives exactly :meth:`Affinity.weight` for every network's
    candidates, ``join_weights`` the join weights to 1e-12."""
    from bildungsnetz.demo.dataset import DEMO_SEED
    from bildungsnetz.demo.generator import generate
    from bildungsnetz.demo.memberships import Affinity
    from bildungsnetz.demo.refdata import ReferenceData

    world = generate(ReferenceData(PACKAGE_REFERENCE), 1, DEMO_SEED)
    affinity = Affinity(world)
    affinity.partners_before = world.partners(1)
    for n in world.networks:
        if not n.active(2):
            continue
        pool = affinity.candidates(2, n.landkreis)
        assert affinity.weights(pool, n).tolist() == [affinity.weight(a, n) for a in pool]
        members = set(n.members[2])
        approx = affinity.join_weights(pool, n, members)
        exact = np.array([affinity.join_weight(a, n, members) for a in pool])
        assert (
            np.allclose(approx, exact, rtol=1e-12, atol=0) and ((approx > 0) == (exact > 0)).all()
        )
