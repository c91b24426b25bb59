"""Actor profiles and district pages in headless Chromium, offline, as a reader opens them.

The demo wave 2026 is cleaned and analysed, its pages and its map are written into a
temporary report folder. Every page must open without any network request, console error or
page error; the links between the pages must lead to files that exist; a profile of an
ordinary actor must print on at most two A4 pages; the map's details panel and its search
must link the actor's profile and district page – and, inside the report's sandboxed frame,
must not offer a link that cannot open.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest

from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.pipeline import analyse_step
from bildungsnetz.report.context import load_context
from bildungsnetz.report.netmap import fragment_from_page, write_map
from bildungsnetz.report.pages.render import write_pages
from conftest import DATA
from test_browser import OfflinePage, _wait_for_map, browser  # noqa: F401 - browser: fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WAVE = "2026"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("seiten")
    data, out = root / "daten", root / "berichte" / WAVE
    (data / "raw").mkdir(parents=True)
    shutil.copytree(DATA / "raw" / WAVE, data / "raw" / WAVE)
    shutil.copy(DATA / "raw" / "ground_truth.json", data / "raw" / "ground_truth.json")
    shutil.copytree(DATA / "external", data / "external")
    clean_wave(data, WAVE)
    analyse_step(data, WAVE, keep_for_report=True)
    ctx = load_context(data, WAVE)
    out.mkdir(parents=True)
    write_pages(ctx, out)
    write_map(out / "netzwerkkarte.html", **ctx.map_arguments(), seed=42)
    page = (out / "netzwerkkarte.html").read_text(encoding="utf-8")
    frame = fragment_from_page(page, title="Karte", link="netzwerkkarte.html")
    (out / "eingebettet.html").write_text(
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>E</title></head>'
        f"<body>{frame}</body></html>",
        encoding="utf-8",
    )
    measures = pd.read_csv(
        data / "processed" / WAVE / "kennzahlen_akteure.csv", dtype=str, keep_default_na=False
    )
    measures["n"] = pd.to_numeric(measures["anzahl_netzwerke"])
    with_page = measures[measures["akteur_id"].isin({p.stem for p in (out / "akteure").glob("*")})]
    return out, with_page.sort_values(["n", "akteur_id"])


def _local_targets(page) -> list[Path]:
    """The files the page's links lead to (only links into the pages and to the map)."""
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    targets = []
    for href in hrefs:
        url = urlparse(href)
        assert url.scheme == "file", href
        path = Path(unquote(url.path))
        if path.parent.name in ("akteure", "landkreise") or path.name == "netzwerkkarte.html":
            targets.append(path)
    return targets


def test_pages_open_offline_and_their_links_lead_to_pages(browser, built):  # noqa: F811
    out, actors = built
    sample = [out / "landkreise" / "index.html", *sorted((out / "landkreise").glob("*.html"))]
    ids = list(actors["akteur_id"])
    sample += [out / "akteure" / f"{aid}.html" for aid in (ids[0], ids[len(ids) // 2], ids[-1])]
    links = 0
    for path in sample:
        view = OfflinePage(browser, path)
        page = view.page
        assert page.evaluate("() => document.documentElement.lang") == "de"
        assert page.evaluate("() => document.scripts.length") == 0
        assert page.locator("h1").count() == 1
        assert "Synthetische Demodaten" in page.inner_text(".banner")
        for target in _local_targets(page):
            assert target.is_file(), (path.name, target)
            links += 1
        view.assert_clean()
        view.close()
    assert links > 300


def test_profile_of_an_ordinary_actor_prints_on_two_a4_pages(browser, built):  # noqa: F811
    from pypdf import PdfReader

    out, actors = built
    ordinary = actors[actors["n"] <= 10]
    picks = ordinary.iloc[[0, len(ordinary) // 2, -1]]["akteur_id"]
    for aid in picks:
        view = OfflinePage(browser, out / "akteure" / f"{aid}.html")
        pdf = view.page.pdf(format="A4")
        assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2, aid
        view.assert_clean()
        view.close()


def test_map_details_and_search_link_the_profile_and_the_district(browser, built):  # noqa: F811
    out, actors = built
    view = OfflinePage(browser, out / "netzwerkkarte.html")
    page = view.page
    _wait_for_map(page)
    # the actor in most networks (a large dot) that no other dot covers at its centre
    on_top = (
        "(id) => { const n = netzwerkkarte.network; n.focus(id, {scale: 4, animation: false});"
        " const p = n.canvasToDOM(n.getPosition(id)); return n.getNodeAt(p) === id ? p : null; }"
    )
    for aid in reversed(actors["akteur_id"].tolist()[-10:]):
        pos = page.evaluate(on_top, aid)
        if pos:
            break
    assert pos, "each of the ten largest dots is covered by another one"
    box = page.locator("#bn-netz").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    assert page.evaluate("() => netzwerkkarte.network.getSelectedNodes()") == [aid]
    profile = page.locator("#bn-info-inhalt .bn-seitenlinks a", has_text="Profil öffnen")
    assert profile.get_attribute("href") == f"akteure/{aid}.html"
    assert profile.get_attribute("target") == "_blank"
    district = page.locator("#bn-info-inhalt .bn-seitenlinks a", has_text="Mein Landkreis")
    assert (out / district.get_attribute("href")).is_file()
    with page.context.expect_page() as opened:
        profile.click()
    tab = opened.value
    tab.wait_for_load_state()
    name = page.inner_text("#bn-info-inhalt h3")
    assert tab.inner_text("h1") == name
    assert Path(unquote(urlparse(tab.url).path)) == out / "akteure" / f"{aid}.html"
    # the search result links the profile as well
    page.click("#bn-info-zu")
    page.fill("#bn-suche", name)
    page.press("#bn-suche", "Enter")
    found = page.locator("#bn-suche-status a", has_text="Profil öffnen")
    assert found.get_attribute("href") == f"akteure/{aid}.html"
    # an actor without a page gets no link
    pseudonymous = page.evaluate(
        "() => netzwerkkarte.daten.knoten.find(k => k.t === 'a' && k.pseudo).id"
    )
    page.evaluate(
        "(id) => netzwerkkarte.suche(netzwerkkarte.daten.knoten.find(k => k.id === id).name)",
        pseudonymous,
    )
    assert page.locator("#bn-info-inhalt a", has_text="Profil öffnen").count() == 0
    view.assert_clean()
    view.close()


def test_embedded_map_points_to_its_own_window_instead(browser, built):  # noqa: F811
    out, actors = built
    view = OfflinePage(browser, out / "eingebettet.html")
    frame = view.page.frames[1]
    _wait_for_map(frame)
    name = frame.evaluate(
        "(id) => netzwerkkarte.daten.knoten.find(k => k.id === id).name",
        actors.iloc[-1]["akteur_id"],
    )
    frame.evaluate("(n) => netzwerkkarte.suche(n)", name)
    assert frame.locator("#bn-info-inhalt a").count() == 0
    assert "im eigenen Fenster verlinkt" in frame.inner_text("#bn-info-inhalt")
    assert frame.locator("#bn-suche-status a").count() == 0
    view.assert_clean()
    view.close()
