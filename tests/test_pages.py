"""Actor profiles and district pages (``report.pages``): who gets a page, what it says, what it
never says.

* Fast: the rules (consent, slugs, districts with a page), the ego picture, the pages of the
  small hand-made wave of ``conftest`` (with contact columns in its raw data), of a wave with
  script injections in its names, of the partial waves of ``test_partial_waves`` and of the
  hand-made map tables of ``kleine_welle``; links from the map and from ``index.html``; stale
  pages disappear.
* Slow (``@pytest.mark.slow``): the demo waves 2025 and 2026 cleaned and analysed – a profile
  for exactly the consenting actors with memberships (counted independently from the
  processed tables), a page for exactly the districts with actors, no hidden name, no e-mail,
  no phone number of the raw data on any page, and the facts of the pages against the tables.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import kleine_welle as kw
from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.pipeline import analyse_step
from bildungsnetz.report.context import load_context
from bildungsnetz.report.htmlsafe import external_resources
from bildungsnetz.report.pages import (
    consents,
    district_links_fragment,
    district_pages,
    district_slug,
    has_profile,
)
from bildungsnetz.report.pages.model import ACTOR_COLUMNS
from bildungsnetz.report.pages.render import write_pages
from bildungsnetz.report.pages.svg import ego_svg
from conftest import DATA, MINI_EXTERNAL, write

#: What a reader must never see: undefined numbers, Python's None, tracebacks.
BAD_TEXT = re.compile(r"\b(nan|NaN|inf|Infinity|None|Traceback)\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
#: A phone number as the raw data writes them (+49 355 1234, 0355/019757, 03546 03466).
PHONE = re.compile(r"(\+49[\d /-]{6,}|\b0\d{2,5}[ /-]\d{3,})")


def _read(data: Path, wave: str, name: str) -> pd.DataFrame:
    return pd.read_csv(data / "processed" / wave / f"{name}.csv", dtype=str, keep_default_na=False)


def _visible(html_text: str) -> str:
    soup = BeautifulSoup(html_text, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


def _expected_profiles(data: Path, wave: str) -> set[str]:
    """Independently: consent "ja" and at least one membership with a known network."""
    actors = _read(data, wave, "akteure")
    members = _read(data, wave, "mitgliedschaften")
    networks = set(_read(data, wave, "netzwerke")["netzwerk_id"])
    with_network = set(members.loc[members["netzwerk_id"].isin(networks), "akteur_id"])
    return set(actors.loc[actors["veroeffentlichen"] == "ja", "akteur_id"]) & with_network


def _expected_districts(data: Path, wave: str) -> set[str]:
    reference = pd.read_csv(data / "external" / "landkreise.csv", dtype=str)
    present = set(_read(data, wave, "akteure")["landkreis"])
    return {d for d in reference["landkreis"] if d in present}


def _build(data: Path, wave: str, reports: Path):
    analyse_step(data, wave)
    ctx = load_context(data, wave)
    out = reports / wave
    out.mkdir(parents=True, exist_ok=True)
    return ctx, write_pages(ctx, out), out


def _pages(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): p.read_text(encoding="utf-8")
        for folder in ("akteure", "landkreise")
        for p in sorted((out / folder).glob("*.html"))
    }


def _check_page_is_safe(html_text: str) -> None:
    assert "<script" not in html_text.lower()
    assert external_resources(html_text) == []
    soup = BeautifulSoup(html_text, "html.parser")
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp is not None and "script-src 'none'" in csp["content"]
    assert "default-src 'none'" in csp["content"]
    assert soup.html["lang"] == "de"


# ============================================================================================
# the rules


def test_district_slug_is_ascii():
    assert district_slug("Spree-Neiße") == "spree-neisse"
    assert district_slug("Görlitz") == "goerlitz"
    assert district_slug("Oberspreewald-Lausitz") == "oberspreewald-lausitz"
    assert district_slug("  Dahme-Spreewald ") == "dahme-spreewald"
    assert district_slug("Ústí nad Labem") == "usti-nad-labem"
    assert district_slug("../../etc") == "etc"
    assert district_slug("Łódź") == "odz"  # non-decomposable letters are dropped
    assert district_slug("中文") == ""


def test_district_pages_only_for_districts_with_actors_in_reference_order():
    reference = ["Cottbus", "Elbe-Elster", "Görlitz", "Bautzen"]
    pages = district_pages(reference, ["Görlitz", "", "Cottbus", "Lausitz", "Nirgendwo"])
    assert pages == {"Cottbus": "cottbus", "Görlitz": "goerlitz"}
    # equal slugs are told apart, "index" (the overview) and names without ASCII get a number
    pages = district_pages(
        ["Görlitz", "Goerlitz", "Index", "中文"], ["Görlitz", "Goerlitz", "Index", "中文"]
    )
    assert pages == {
        "Görlitz": "goerlitz",
        "Goerlitz": "goerlitz-2",
        "Index": "index-2",
        "中文": "landkreis-4",
    }


@pytest.mark.parametrize(
    "aid, consent, networks, expected",
    [
        ("A1234abcd", "ja", 1, True),
        ("A1234abcd", "Ja", 3, True),
        ("A1234abcd", "nein", 3, False),
        ("A1234abcd", "", 3, False),  # no answer counts as no consent
        ("A1234abcd", None, 3, False),
        ("A1234abcd", "ja", 0, False),  # in no network: no page
        ("../A1", "ja", 2, False),  # an id that is no safe file name
        ("", "ja", 2, False),
    ],
)
def test_who_gets_a_profile(aid, consent, networks, expected):
    assert has_profile(aid, consent, networks) is expected
    assert consents(consent) is (str(consent).strip().casefold() == "ja")


def test_ego_picture_is_valid_svg_with_escaped_name():
    picture = {
        "name": kw.XSS_AKTEUR + " & Co",
        "netze": [(1, "Leitung"), (2, "Mitglied"), (3, "Gastgeber")],
        "partner": [
            {"named": True, "netze": [1]},
            {"named": False, "netze": [1, 2]},
            {"named": True, "netze": [3]},
        ],
    }
    svg = ego_svg(picture)
    root = ET.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == "Eigenes Netz von " + kw.XSS_AKTEUR + " & Co"
    assert len(root.findall(f".//{ns}rect")) == 3  # the networks
    assert len(root.findall(f".//{ns}circle")) == 4  # three partners and the actor
    assert len(root.findall(f".//{ns}line")) == 3 + 4  # own memberships + partners' shared
    assert "<img" not in svg and "onerror=" not in svg.replace("onerror=window", "")
    assert (
        ego_svg({"name": "Allein", "netze": [(1, "Mitglied")], "partner": []}).count("<rect") == 1
    )


# ============================================================================================
# a small wave with contact data in its raw files


@pytest.fixture
def mini_pages(mini_data, tmp_path):
    clean_wave(mini_data, "w1")
    ctx, result, out = _build(mini_data, "w1", tmp_path / "berichte")
    return mini_data, ctx, result, out


def test_profiles_exactly_for_consenting_actors_with_networks(mini_pages):
    data, _ctx, result, out = mini_pages
    expected = _expected_profiles(data, "w1")
    assert expected  # the check means something
    assert {p.stem for p in (out / "akteure").glob("*.html")} == expected
    assert result.actors == len(expected)
    names = dict(
        zip(_read(data, "w1", "akteure")["akteur_id"], _read(data, "w1", "akteure")["akteur"])
    )
    for aid in expected:
        page = (out / "akteure" / f"{aid}.html").read_text(encoding="utf-8")
        assert BeautifulSoup(page, "html.parser").h1.get_text() == names[aid]


def test_district_pages_exactly_for_districts_with_actors(mini_pages):
    data, _ctx, result, out = mini_pages
    expected = _expected_districts(data, "w1")
    assert {p.stem for p in (out / "landkreise").glob("*.html")} == {
        district_slug(d) for d in expected
    } | {"index"}
    assert result.districts == len(expected)
    overview = (out / "landkreise" / "index.html").read_text(encoding="utf-8")
    for district in expected:
        assert f'href="{district_slug(district)}.html"' in overview
    for aid in _expected_profiles(data, "w1"):
        assert f'href="../akteure/{aid}.html"' in overview


def test_no_contact_data_and_no_hidden_name_on_any_page(mini_pages):
    data, _ctx, _result, out = mini_pages
    raw = pd.read_csv(data / "raw" / "w1" / "akteure.csv", dtype=str, keep_default_na=False)
    contacts = [v for col in ("ansprechperson", "email", "telefon") for v in raw[col] if v.strip()]
    assert len(contacts) >= 6
    actors = _read(data, "w1", "akteure")
    hidden = list(actors.loc[actors["veroeffentlichen"] != "ja", "akteur"])
    assert hidden == ["Oberschule Herzberg"]
    pages = _pages(out)
    assert pages
    for name, html_text in pages.items():
        for value in contacts + hidden:
            assert value not in html_text, (name, value)
        assert not EMAIL.search(html_text), name
        assert not PHONE.search(_visible(html_text)), (name, PHONE.search(_visible(html_text)))
        assert not BAD_TEXT.search(_visible(html_text)), (
            name,
            BAD_TEXT.search(_visible(html_text)),
        )
        _check_page_is_safe(html_text)
    # the actor without consent appears under its pseudonym on its district's page
    pseudonym = actors.loc[actors["akteur"] == "Oberschule Herzberg", "anzeigename"].item()
    assert pseudonym in _visible(pages["landkreise/elbe-elster.html"])
    # the page model never reads the contact columns or the canonical name
    assert not {"akteur", "ansprechperson", "email", "telefon", "token"} & set(ACTOR_COLUMNS)


def test_contact_columns_in_the_context_never_reach_a_page(mini_pages, tmp_path):
    _data, ctx, _result, _out = mini_pages
    ctx.akteure = ctx.akteure.assign(
        email="geheim@example.org", telefon="+49 355 777777", ansprechperson="Frau Geheim"
    )
    out = tmp_path / "mit_kontakt"
    write_pages(ctx, out)
    for name, html_text in _pages(out).items():
        for value in ("geheim@example.org", "777777", "Frau Geheim"):
            assert value not in html_text, (name, value)


def test_district_without_rural_actors_and_without_earlier_wave_says_so(mini_pages):
    _data, _ctx, _result, out = mini_pages
    cottbus = _visible((out / "landkreise" / "cottbus.html").read_text(encoding="utf-8"))
    assert "In Cottbus sitzt in dieser Welle kein Akteur im ländlichen Raum." in cottbus
    assert (
        "Eine frühere vollständig ausgewertete Befragung gibt es nicht; die Veränderung zeigt "
        "sich ab der nächsten Welle." in cottbus
    )
    assert "Handlungsempfehlungen für Cottbus" in cottbus
    profile = next((out / "akteure").glob("*.html")).read_text(encoding="utf-8")
    assert "Frühere vollständig ausgewertete Befragungen gibt es nicht" in _visible(profile)


def test_a_second_wave_shows_the_development(mini_data, tmp_path):
    clean_wave(mini_data, "w1")
    analyse_step(mini_data, "w1")
    folder = mini_data / "raw" / "w2"
    shutil.copytree(mini_data / "raw" / "w1", folder)
    members = (folder / "mitgliedschaften.csv").read_text(encoding="utf-8")
    # the chamber leaves the region-wide network in w2
    members = members.replace(
        "industrie- und handelskammer cottbus,Digitalnetz Lausitz,Mitglied\n", ""
    )
    (folder / "mitgliedschaften.csv").write_text(members, encoding="utf-8")
    clean_wave(mini_data, "w2")
    _ctx, _result, out = _build(mini_data, "w2", tmp_path / "berichte")
    actors = _read(mini_data, "w2", "akteure")
    chamber = actors.loc[actors["akteur"] == "Industrie- und Handelskammer Cottbus", "akteur_id"]
    page = _visible((out / "akteure" / f"{chamber.item()}.html").read_text(encoding="utf-8"))
    assert "w2: nicht mehr dabei in Digitalnetz Lausitz." in page
    assert "Netzwerke: 2 (w1), 1 (w2)." in page
    cottbus = _visible((out / "landkreise" / "cottbus.html").read_text(encoding="utf-8"))
    assert "Veränderung seit der Befragung w1:" in cottbus


def test_names_with_markup_are_escaped(tmp_path):
    root = tmp_path / "daten"
    for name, text in MINI_EXTERNAL.items():
        write(root / "external" / name, text)
    write(
        root / "raw" / "w" / "akteure.csv",
        f'akteur,plz,veroeffentlichen\n"{kw.XSS_AKTEUR}",03044,ja\nSchule & Co,02826,ja\n',
    )
    write(root / "raw" / "w" / "netzwerke.csv", f'netzwerk\n"{kw.XSS_NETZWERK}"\n')
    write(
        root / "raw" / "w" / "mitgliedschaften.csv",
        f'akteur,netzwerk\n"{kw.XSS_AKTEUR}","{kw.XSS_NETZWERK}"\n'
        f'Schule & Co,"{kw.XSS_NETZWERK}"\n',
    )
    clean_wave(root, "w")
    _ctx, result, out = _build(root, "w", tmp_path / "berichte")
    assert result.actors == 2
    for name, html_text in _pages(out).items():
        _check_page_is_safe(html_text)
        soup = BeautifulSoup(html_text, "html.parser")
        assert not soup.find("img"), name
        assert "onerror" not in {a for tag in soup.find_all(True) for a in tag.attrs}
    profile = next(
        p for p in (out / "akteure").glob("*.html") if kw.XSS_AKTEUR in _visible(p.read_text())
    )
    text = _visible(profile.read_text(encoding="utf-8"))
    assert kw.XSS_NETZWERK in text and "Schule & Co" in text


def test_stale_pages_disappear_when_consent_is_withdrawn(mini_pages):
    data, ctx, _result, out = mini_pages
    before = {p.stem for p in (out / "akteure").glob("*.html")}
    aid = sorted(before)[0]
    row = ctx.akteure["akteur_id"] == aid
    ctx.akteure.loc[row, "veroeffentlichen"] = "nein"
    ctx.akteure.loc[row, "anzeigename"] = "Schule 99"
    write_pages(ctx, out)
    after = {p.stem for p in (out / "akteure").glob("*.html")}
    assert after == before - {aid}
    assert sorted(p.name for p in out.iterdir()) == ["akteure", "landkreise"]  # no leftovers


def test_district_list_for_the_report(mini_pages):
    data, ctx, _result, out = mini_pages
    fragment = str(district_links_fragment(ctx))
    links = re.findall(r'href="([^"]+)"', fragment)
    expected = _expected_districts(data, "w1")
    order = ("Cottbus", "Elbe-Elster", "Görlitz", "Bautzen")  # as in the reference data
    assert links[0] == "landkreise/index.html"
    assert links[1:] == [f"landkreise/{district_slug(d)}.html" for d in order if d in expected]
    for link in links:
        assert (out / link).is_file(), link


# ============================================================================================
# partial waves


@pytest.fixture(scope="module")
def partial(tmp_path_factory):
    from test_partial_waves import WAVES

    root = tmp_path_factory.mktemp("teilwellen")
    data, reports = root / "daten", root / "berichte"
    for name, text in MINI_EXTERNAL.items():
        write(data / "external" / name, text)
    built = {}
    for wave, files in WAVES.items():
        for name, text in files.items():
            (data / "raw" / wave).mkdir(parents=True, exist_ok=True)
            (data / "raw" / wave / name).write_text(text, encoding="utf-8")
        clean_wave(data, wave)
        built[wave] = _build(data, wave, reports)
    return data, built


@pytest.mark.parametrize("wave", ["pflicht", "zwei", "leer", "ohne"])
def test_partial_waves_build_their_pages(partial, wave):
    data, built = partial
    _ctx, result, out = built[wave]
    assert {p.stem for p in (out / "akteure").glob("*.html")} == _expected_profiles(data, wave)
    assert result.districts == len(_expected_districts(data, wave))
    for name, html_text in _pages(out).items():
        assert not BAD_TEXT.search(_visible(html_text)), (
            name,
            BAD_TEXT.search(_visible(html_text)),
        )
        _check_page_is_safe(html_text)
    overview = _visible((out / "landkreise" / "index.html").read_text(encoding="utf-8"))
    if wave in ("pflicht", "leer", "ohne"):
        assert "Profilseiten gibt es daher nicht." in overview
    if wave == "pflicht":  # no places at all
        assert "Landkreisseiten gibt es daher nicht." in overview


def test_wave_without_memberships_says_so_on_the_district_page(partial):
    _data, built = partial
    _ctx, _result, out = built["ohne"]
    text = _visible((out / "landkreise" / "cottbus.html").read_text(encoding="utf-8"))
    assert "Kein Netzwerk hat seinen Sitz in Cottbus." in text
    assert "Die Akteure des Landkreises teilen mit keinem Akteur" in text


# ============================================================================================
# links: map and index


def test_map_links_profiles_and_district_pages():
    from bildungsnetz.report.netmap import build_network

    t = kw.tabellen()
    model = build_network(
        t["akteure"], t["netzwerke"], t["mitgliedschaften"], t["kennzahlen_akteure"], title="K"
    )
    actors = {k["id"]: k for k in model.data["knoten"] if k["t"] == "a"}
    with_page = {aid for aid, k in actors.items() if "profil" in k}
    consent = dict(zip(t["akteure"]["akteur_id"], t["akteure"]["veroeffentlichen"]))
    in_network = set(t["mitgliedschaften"]["akteur_id"])
    assert with_page == {a for a in actors if consent[a] == "ja" and a in in_network}
    assert "A0000005" not in with_page  # no consent
    for aid in with_page:
        assert actors[aid]["profil"] == f"akteure/{aid}.html"
    assert model.data["landkreisseiten"] == {
        "Cottbus": "landkreise/cottbus.html",
        "Oberspreewald-Lausitz": "landkreise/oberspreewald-lausitz.html",
        "Spree-Neiße": "landkreise/spree-neisse.html",
        "Bautzen": "landkreise/bautzen.html",
        "Görlitz": "landkreise/goerlitz.html",
    }


def test_index_links_the_district_overview(tmp_path):
    from bildungsnetz.report.index import write_index

    (tmp_path / "r" / "w1" / "landkreise").mkdir(parents=True)
    (tmp_path / "r" / "w1" / "landkreise" / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "r" / "w2").mkdir(parents=True)
    page = write_index(tmp_path, tmp_path / "r", ["w1", "w2"]).read_text(encoding="utf-8")
    assert '<a href="w1/landkreise/index.html">Landkreise und Akteursprofile</a>' in page
    assert "w2/landkreise" not in page


# ============================================================================================
# the demo waves


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    data, reports = root / "daten", root / "berichte"
    (data / "raw").mkdir(parents=True)
    for wave in ("2025", "2026"):
        shutil.copytree(DATA / "raw" / wave, data / "raw" / wave)
    shutil.copy(DATA / "raw" / "ground_truth.json", data / "raw" / "ground_truth.json")
    shutil.copytree(DATA / "external", data / "external")
    built = {}
    for wave in ("2025", "2026"):
        clean_wave(data, wave)
        built[wave] = _build(data, wave, reports)
    return data, built


def _raw_contacts() -> list[str]:
    """Every contact value of the demo's raw 2025 workbook and 2026 CSV files."""
    from bildungsnetz.ingest.readers import read_csv_table, read_xlsx_tables

    tables, _ = read_xlsx_tables(
        DATA / "raw" / "2025" / "Netzwerkanalyse_2025.xlsx", sheets=("akteure",)
    )
    rows = [r for _, r in tables["akteure"].rows]
    rows += [r for _, r in read_csv_table(DATA / "raw" / "2026" / "akteure.csv").rows]
    values = {
        str(r.get(c, "")).strip() for r in rows for c in ("ansprechperson", "email", "telefon")
    }
    return sorted(v for v in values if v)


@pytest.mark.slow
@pytest.mark.parametrize("wave", ["2025", "2026"])
def test_demo_pages_exist_exactly_for_consenting_actors_and_districts(demo, wave):
    data, built = demo
    _ctx, result, out = built[wave]
    expected = _expected_profiles(data, wave)
    assert len(expected) > 200
    assert {p.stem for p in (out / "akteure").glob("*.html")} == expected
    districts = _expected_districts(data, wave)
    assert len(districts) == 7
    assert {p.stem for p in (out / "landkreise").glob("*.html")} == {
        district_slug(d) for d in districts
    } | {"index"}
    assert result.actors == len(expected) and result.districts == 7


@pytest.mark.slow
def test_demo_pages_show_no_hidden_name_no_email_no_phone(demo):
    data, built = demo
    contacts = _raw_contacts()
    assert len(contacts) > 500  # persons, e-mails and phones of the raw data
    for wave in ("2025", "2026"):
        _ctx, _result, out = built[wave]
        actors = _read(data, wave, "akteure")
        shown = set(actors["anzeigename"]) | set(_read(data, wave, "netzwerke")["netzwerk"])
        # a hidden name that is part of a name shown (or of a network's) cannot be checked
        hidden = [
            n
            for n in actors.loc[actors["veroeffentlichen"] != "ja", "akteur"]
            if not any(n in s for s in shown)
        ]
        assert len(hidden) >= 10
        everything = "\n".join(_pages(out).values())
        for name in hidden:
            assert name not in everything, (wave, name)
        for value in contacts:
            assert value not in everything, (wave, value)
        assert not EMAIL.search(everything)
        assert not PHONE.search(_visible(everything)), PHONE.search(_visible(everything))


@pytest.mark.slow
def test_demo_profile_facts_match_the_tables(demo):
    data, built = demo
    ctx, _result, out = built["2026"]
    members = _read(data, "2026", "mitgliedschaften")
    networks = dict(zip(*_read(data, "2026", "netzwerke")[["netzwerk_id", "netzwerk"]].T.values))
    old = _read(data, "2025", "mitgliedschaften")
    old_names = dict(zip(*_read(data, "2025", "netzwerke")[["netzwerk_id", "netzwerk"]].T.values))
    measures = _read(data, "2026", "kennzahlen_akteure")
    counts = pd.to_numeric(measures["anzahl_netzwerke"])
    potentials = _read(data, "2026", "potenziale")
    checked_history = 0
    for aid in sorted(_expected_profiles(data, "2026"))[::7]:
        page = (out / "akteure" / f"{aid}.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(page, "html.parser")
        text = _visible(page)
        mine = set(members.loc[members["akteur_id"] == aid, "netzwerk_id"])
        rows = soup.find("h2", string="Netzwerke und Rollen").find_next("table").tbody("tr")
        listed = {r("td")[1].contents[0].strip() for r in rows}
        assert listed == {networks[n] for n in mine}, aid
        # rank by number of networks: 1 + number of actors with more networks
        n = int(counts[measures["akteur_id"] == aid].item())
        rank = 1 + int((counts > n).sum())
        assert f"Rang {rank} von {len(measures)} nach Zahl der Netzwerke ({n})" in text
        # the best suggestion of each kind with its reason
        own = potentials[(potentials["id_a"] == aid) | (potentials["id_b"] == aid)]
        for kind in ("akteur_akteur", "akteur_netzwerk"):
            best = own[own["art"] == kind]
            if len(best):
                top = best.assign(s=pd.to_numeric(best["score"])).sort_values("s").iloc[-1]
                assert " ".join(top["erklaerung"].split()) in text, (aid, kind)
        # development since 2025: networks joined and left
        before = set(old.loc[old["akteur_id"] == aid, "netzwerk_id"])
        if before and before != mine:
            line = soup.find("strong", string="2026:").parent.get_text(" ")
            for nid in sorted(mine - before)[:8]:
                assert networks[nid] in line, aid
            for nid in sorted(before - mine)[:8]:
                assert networks.get(nid, old_names.get(nid)) in line, aid
            checked_history += 1
    assert checked_history >= 5


@pytest.mark.slow
def test_demo_district_pages_list_their_actors(demo):
    data, built = demo
    _ctx, _result, out = built["2026"]
    actors = _read(data, "2026", "akteure")
    for district in _expected_districts(data, "2026"):
        page = (out / "landkreise" / f"{district_slug(district)}.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(page, "html.parser")
        assert soup.h1.get_text() == f"Mein Landkreis: {district}"
        table = soup.find("h2", string="Akteure").find_next("table")
        listed = sorted(r("td")[0].get_text() for r in table.tbody("tr"))
        assert listed == sorted(actors.loc[actors["landkreis"] == district, "anzeigename"])
        for link in table("a"):  # consenting actors link to their existing profile
            assert (out / "landkreise" / link["href"]).resolve().is_file()
        text = _visible(page)
        assert f"Handlungsempfehlungen für {district}" in text
        assert "Veränderung seit der Befragung 2025:" in text
