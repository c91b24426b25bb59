"""The map on every screen, in headless Chromium: labels, empty filters, phones, district seats.

* Labels: at the start view only a few names are written (the most important nodes), none
  overlapping and each really painted; zooming in writes more.
* A filter combination that leaves nothing says so on the map, with a button to reset.
* On a phone (390 × 844) the map fills the first screen, the controls fold into a panel behind
  "Filter & Suche", and the details of a tapped node never overlap the hover tooltip.
* The geographic view marks the district seats and writes the district names.

Checked on the demo wave 2026 (cleaned and analysed in a copy), on the tiny hand-made wave
of ``kleine_welle`` and on a partial wave (two actors, no memberships, no categories).
Fixtures ``browser``/``OfflinePage`` come from ``test_browser``.
"""

from __future__ import annotations

import shutil

import pytest

import kleine_welle as kw
from test_browser import OfflinePage, _wait_for_map, browser  # noqa: F401 - browser: fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = (390, 844)
DESKTOP = (1366, 800)
EMPTY_MESSAGE = "Keine Akteure oder Netzwerke passen zu diesen Filtern."
DISTRICTS = [
    "Cottbus",
    "Dahme-Spreewald",
    "Elbe-Elster",
    "Oberspreewald-Lausitz",
    "Spree-Neiße",
    "Bautzen",
    "Görlitz",
]


@pytest.fixture(scope="module")
def demo_map(tmp_path_factory):
    """The map of the demo wave 2026, built as the report builder builds it."""
    from bildungsnetz.ingest.clean import clean_wave
    from bildungsnetz.pipeline import analyse_step
    from bildungsnetz.report.context import load_context
    from bildungsnetz.report.netmap import write_map
    from conftest import DATA

    root = tmp_path_factory.mktemp("demo2026")
    shutil.copytree(DATA / "raw" / "2026", root / "raw" / "2026")
    shutil.copy(DATA / "raw" / "ground_truth.json", root / "raw")  # the demo-data flag
    shutil.copytree(DATA / "external", root / "external")
    clean_wave(root, "2026")
    analyse_step(root, "2026", keep_for_report=True)
    ctx = load_context(root, "2026")
    return write_map(root / "netzwerkkarte.html", **ctx.map_arguments())


@pytest.fixture(scope="module")
def tiny_map(tmp_path_factory):
    from bildungsnetz.report import netmap

    t = kw.tabellen()
    return netmap.write_map(
        tmp_path_factory.mktemp("kleine_karte") / "netzwerkkarte.html",
        t["akteure"],
        t["netzwerke"],
        t["mitgliedschaften"],
        t["kennzahlen_akteure"],
        title="Kleine Karte",
        synthetic=True,
    )


@pytest.fixture(scope="module")
def partial_map(tmp_path_factory):
    """A partial wave: two actors, two networks, no memberships, no categories, no topics."""
    import pandas as pd

    from bildungsnetz.report import netmap

    akteure = pd.DataFrame(
        {
            "akteur_id": ["A1", "A2"],
            "akteur": ["Oberschule Nord", "Bildungswerk Süd"],
            "landkreis": ["Cottbus", "Görlitz"],
            "lat": [51.7563, 51.1529],
            "lon": [14.3329, 14.9877],
        }
    )
    return netmap.write_map(
        tmp_path_factory.mktemp("teilwelle") / "netzwerkkarte.html",
        akteure,
        pd.DataFrame({"netzwerk_id": ["N1", "N2"], "netzwerk": ["Netz A", "Netz B"]}),
        pd.DataFrame(columns=["akteur_id", "netzwerk_id"]),
        pd.DataFrame({"akteur_id": ["A1", "A2"], "akteur": akteure.akteur, "pagerank": [0.5, 0.5]}),
        title="Teilwelle",
    )


@pytest.fixture(params=["demo", "klein", "teil"])
def any_map(request, demo_map, tiny_map, partial_map):
    return {"demo": demo_map, "klein": tiny_map, "teil": partial_map}[request.param]


def _open(browser, path, viewport=DESKTOP, touch=False):  # noqa: F811
    """The map page; ``touch``: as on a phone (touch screen, mobile viewport, no hover)."""
    options = {"has_touch": True, "is_mobile": True, "device_scale_factor": 2} if touch else {}
    offline = OfflinePage(browser, path, viewport=viewport, **options)
    _wait_for_map(offline.page)
    _settle(offline.page)
    return offline


def _settle(page):
    """Wait until the map has drawn twice more (labels are written after each redraw)."""
    page.evaluate(
        """() => new Promise(done => {
            let n = 0;
            const count = () => { if (++n >= 2) { netzwerkkarte.network.off('afterDrawing', count);
                                                done(); } };
            netzwerkkarte.network.on('afterDrawing', count);
            netzwerkkarte.network.redraw();
            setTimeout(() => netzwerkkarte.network.redraw(), 50);
        })"""
    )


def _labels(page) -> list[dict]:
    _settle(page)
    return page.evaluate(
        """() => netzwerkkarte.beschriftungen.map(b => ({x: b.x, y: b.y, w: b.w, h: b.h,
                                                         text: b.text, art: b.art, id: b.id}))"""
    )


def _overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["x"] < b["x"] + b["w"]
                and b["x"] < a["x"] + a["w"]
                and a["y"] < b["y"] + b["h"]
                and b["y"] < a["y"] + a["h"]
            ):
                pairs.append((a["text"], b["text"]))
    return pairs


def _inside_canvas(page, boxes: list[dict]) -> bool:
    w, h = page.evaluate(
        "() => { const c = document.querySelector('#bn-netz canvas');"
        " return [c.clientWidth, c.clientHeight]; }"
    )
    return all(
        b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["w"] <= w + 0.5 and b["y"] + b["h"] <= h + 0.5
        for b in boxes
    )


# Dark text pixels inside each label's box that are not there when the labels are not drawn:
# proves that the reported boxes are where text is really painted.
PAINTED = """() => {
    const k = netzwerkkarte, c = document.querySelector('#bn-netz canvas');
    const ratio = c.width / c.clientWidth, boxes = k.beschriftungen.slice();
    const grab = () => boxes.map(b => c.getContext('2d').getImageData(
        Math.floor(b.x * ratio), Math.floor(b.y * ratio),
        Math.max(1, Math.floor(b.w * ratio)), Math.max(1, Math.floor(b.h * ratio))).data);
    k.network.redraw();
    const drawn = grab();
    k.network.off('afterDrawing', k.beschriften);
    k.network.redraw();
    const bare = grab();
    k.network.on('afterDrawing', k.beschriften);
    k.network.redraw();
    // dark text: pixels that are dark with the labels and clearly lighter without them
    // (the canvas is transparent where nothing is drawn: seen over the page's white)
    const lum = (d, j) => 255 - d[j + 3] / 255 *
        (255 - (0.3 * d[j] + 0.59 * d[j + 1] + 0.11 * d[j + 2]));
    return drawn.map((d, i) => { let n = 0;
        for (let j = 0; j < d.length; j += 4) {
            if (lum(d, j) < 100 && lum(bare[i], j) - lum(d, j) > 80) n++; }
        return n; });
}"""


# ------------------------------------------------------------------------------- labels


def test_start_view_few_labels_of_the_most_important_nodes_never_overlapping(browser, any_map):  # noqa: F811
    offline = _open(browser, any_map)
    page = offline.page
    try:
        # vis-network draws no names itself: every name on the canvas comes from our placement
        assert page.evaluate("() => netzwerkkarte.nodes.get().every(n => n.label === undefined)")
        boxes = _labels(page)
        assert 0 < len(boxes) <= 25, [b["text"] for b in boxes]
        assert _overlapping(boxes) == []
        assert _inside_canvas(page, boxes)
        # the labelled nodes are the most important ones: the first of the label order, and
        # none from far down the order
        order = page.evaluate("() => netzwerkkarte.daten.rang[netzwerkkarte.daten.start.groesse]")
        ids = page.evaluate("() => netzwerkkarte.daten.knoten.map(k => k.id)")
        position = {ids[x]: k for k, x in enumerate(order)}
        labelled = [b["id"] for b in boxes if b["art"] == "knoten"]
        assert ids[order[0]] in labelled
        assert max(position[i] for i in labelled) < 40
        # and each label is really painted where its box says
        painted = page.evaluate(PAINTED)
        assert len(painted) == len(boxes) and min(painted) > 10, painted
        offline.assert_clean()
    finally:
        offline.close()


def test_zooming_in_writes_more_labels_still_without_overlap(browser, demo_map):  # noqa: F811
    offline = _open(browser, demo_map)
    page = offline.page
    try:
        start = _labels(page)
        page.click("#bn-zoom-rein")
        page.click("#bn-zoom-rein")
        page.click("#bn-zoom-rein")
        zoomed = _labels(page)
        assert len(zoomed) > len(start) + 5, (len(start), len(zoomed))
        assert _overlapping(zoomed) == []
        assert _inside_canvas(page, zoomed)
        # more detail: names of less important nodes appear
        new = {b["id"] for b in zoomed} - {b["id"] for b in start}
        assert len(new) >= 5
        # back to the overview: few labels again
        page.click("#bn-zoom-alles")
        assert len(_labels(page)) <= 25
        offline.assert_clean()
    finally:
        offline.close()


def test_label_placement_is_fast_on_the_demo(browser, demo_map):  # noqa: F811
    """Not a benchmark: only a guard against an accidental O(n²) placement (generous bound)."""
    offline = _open(browser, demo_map)
    page = offline.page
    try:
        times = page.evaluate(
            """() => { const k = netzwerkkarte, s0 = k.network.getScale();
                k.beschriftungMs.length = 0;
                for (let i = 0; i < 30; i++) {
                    k.network.moveTo({scale: s0 * (1 + i / 6), animation: false});
                    k.network.redraw(); }
                return k.beschriftungMs.slice(); }"""
        )
        assert len(times) >= 30
        assert sorted(times)[len(times) // 2] < 50, times
        offline.assert_clean()
    finally:
        offline.close()


# ------------------------------------------------------------------------------- nothing left


def _empty_combination(page) -> tuple[str, str]:
    """A district and a network without a member there: the two filters leave nothing."""
    return page.evaluate(
        """() => { const D = netzwerkkarte.daten;
            for (const lk of D.filter.landkreis) {
                for (const n of D.netze) {
                    if (!n.mitglieder.some(m => D.knoten[m].lk === lk)) { return [lk, n.id]; } } }
            return null; }"""
    )


def test_filters_that_leave_nothing_say_so_and_reset(browser, any_map):  # noqa: F811
    offline = _open(browser, any_map)
    page = offline.page
    try:
        assert page.is_hidden("#bn-leer")
        district, network = _empty_combination(page)
        page.select_option("#bn-f-landkreis", district)
        assert page.is_hidden("#bn-leer")  # the district alone leaves its actors
        page.select_option("#bn-f-netzwerk", network)
        assert page.evaluate("() => netzwerkkarte.status") == {"akteure": 0, "netzwerke": 0}
        assert page.is_visible("#bn-leer")
        assert page.inner_text("#bn-leer-text") == EMPTY_MESSAGE
        assert EMPTY_MESSAGE in page.inner_text("#bn-f-status")
        assert _labels(page) == []
        # greying instead of hiding: still nothing matches, still said
        page.select_option("#bn-f-modus", "ausgrauen")
        assert page.is_visible("#bn-leer")
        page.select_option("#bn-f-modus", "ausblenden")
        # the button in the message brings everything back
        page.click("#bn-leer-reset")
        assert page.is_hidden("#bn-leer")
        n_nodes = page.evaluate("() => netzwerkkarte.nodes.length")
        visible = page.evaluate("() => netzwerkkarte.nodes.get({filter: n => !n.hidden}).length")
        assert visible == n_nodes
        assert (
            page.input_value("#bn-f-landkreis") == "" and page.input_value("#bn-f-netzwerk") == ""
        )
        assert len(_labels(page)) > 0
        offline.assert_clean()
    finally:
        offline.close()


# ------------------------------------------------------------------------------- phone


def _rect(page, selector) -> dict:
    return page.evaluate(
        "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {x: r.x, y: r.y, w: r.width, h: r.height}; }",
        selector,
    )


def test_phone_map_fills_the_first_screen_and_controls_fold(browser, any_map):  # noqa: F811
    offline = _open(browser, any_map, viewport=PHONE, touch=True)
    page = offline.page
    try:
        canvas = _rect(page, "#bn-netz canvas")
        assert canvas["y"] < PHONE[1] and canvas["y"] + canvas["h"] <= PHONE[1] + 1
        assert canvas["h"] >= 0.6 * PHONE[1], canvas
        assert canvas["w"] >= PHONE[0] - 2
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE[0]
        # the controls are behind the button, the map is not pushed down by them
        assert page.is_hidden("#bn-f-thema") and page.is_hidden("#bn-suche")
        assert page.is_visible("#bn-menue")
        assert page.inner_text("#bn-menue").startswith("Filter & Suche")
        synthetic = page.evaluate("() => netzwerkkarte.daten.synthetisch")
        assert ("Synthetische Demodaten" in page.inner_text("header")) == synthetic
        page.click("#bn-menue")
        assert page.get_attribute("#bn-menue", "aria-expanded") == "true"
        assert page.is_visible("#bn-suche") and page.is_visible("#bn-f-landkreis")
        panel = _rect(page, "#bn-seite")
        assert panel["x"] >= 0 and panel["x"] + panel["w"] <= PHONE[0] + 1
        page.select_option("#bn-f-landkreis", index=1)
        page.click("#bn-seite-zu")
        assert page.is_hidden("#bn-suche")
        assert page.inner_text("#bn-menue") == "Filter & Suche (1)"  # an active filter shows
        # labels on the small screen: few and not overlapping
        page.click("#bn-menue")
        page.click("#bn-f-reset")
        page.click("#bn-seite-zu")
        boxes = _labels(page)
        assert 0 < len(boxes) <= 25 and _overlapping(boxes) == []
        # a search from the panel closes it and shows the node's details on the map
        name = page.evaluate("() => netzwerkkarte.daten.knoten[0].name")
        page.click("#bn-menue")
        page.fill("#bn-suche", name)
        page.press("#bn-suche", "Enter")
        assert page.is_hidden("#bn-suche") and page.is_visible("#bn-info")
        assert page.inner_text("#bn-info-inhalt h3") == name
        offline.assert_clean()
    finally:
        offline.close()


def test_desktop_keeps_the_controls_beside_the_map(browser, demo_map):  # noqa: F811
    offline = _open(browser, demo_map, viewport=DESKTOP)
    page = offline.page
    try:
        assert page.is_hidden("#bn-menue")
        assert page.is_visible("#bn-suche") and page.is_visible("#bn-f-thema")
        side, canvas = _rect(page, "#bn-seite"), _rect(page, "#bn-netz canvas")
        assert side["x"] + side["w"] <= canvas["x"] + 1  # beside, not on top
        assert canvas["w"] >= 900 and canvas["y"] < 120 and canvas["h"] >= 600
        offline.assert_clean()
    finally:
        offline.close()


def _node_on_screen(page, node_id: str) -> tuple[float, float]:
    box = page.locator("#bn-netz").bounding_box()
    pos = page.evaluate(
        "(i) => netzwerkkarte.network.canvasToDOM(netzwerkkarte.network.getPosition(i))", node_id
    )
    return box["x"] + pos["x"], box["y"] + pos["y"]


def _disjoint(a: dict, b: dict) -> bool:
    return (
        a["x"] + a["w"] <= b["x"]
        or b["x"] + b["w"] <= a["x"]
        or a["y"] + a["h"] <= b["y"]
        or b["y"] + b["h"] <= a["y"]
    )


@pytest.mark.parametrize("touch", [True, False], ids=["touch", "maus"])
def test_phone_details_in_one_place_never_under_the_tooltip(browser, any_map, touch):  # noqa: F811
    offline = _open(browser, any_map, viewport=PHONE, touch=touch)
    page = offline.page
    try:
        first, other = page.evaluate(
            """() => { const labelled = netzwerkkarte.beschriftungen.filter(b => b.id);
                       return [labelled[0].id,
                               (labelled[1] || {id: netzwerkkarte.daten.knoten[0].id}).id]; }"""
        )
        x, y = _node_on_screen(page, first)
        if touch:
            page.touchscreen.tap(x, y)
        else:
            page.mouse.click(x, y)
        page.wait_for_selector("#bn-info:not([hidden])", timeout=5000)
        chosen = page.evaluate("() => netzwerkkarte.network.getSelectedNodes()")
        assert len(chosen) == 1
        name = page.evaluate(
            "(i) => netzwerkkarte.daten.knoten.find(k => k.id === i).name", chosen[0]
        )
        assert page.inner_text("#bn-info-inhalt h3") == name
        # the details are a sheet at the bottom of the map, inside the screen
        info = _rect(page, "#bn-info")
        assert info["x"] >= 0 and info["x"] + info["w"] <= PHONE[0] + 1
        assert info["y"] + info["h"] <= PHONE[1] + 1 and info["y"] > PHONE[1] / 3
        # the chosen node stays above the sheet
        page.wait_for_timeout(400)
        node_y = _node_on_screen(page, chosen[0])[1]
        assert node_y < info["y"], (node_y, info)
        # moving over another node does not put a tooltip on the details
        page.mouse.move(*_node_on_screen(page, other))
        page.wait_for_timeout(200)
        tip_shown = page.is_visible("#bn-tooltip")
        assert not tip_shown or _disjoint(_rect(page, "#bn-tooltip"), _rect(page, "#bn-info"))
        assert not tip_shown  # rule: no tooltip while the details are open
        # closing the details: on a mouse the tooltip works again, on touch it never shows
        page.click("#bn-info-zu")
        assert page.is_hidden("#bn-info")
        # (another node than the chosen one: vis-network reports no new hover on the node the
        # pointer left through the details box)
        labelled = [b["id"] for b in _labels(page) if b["id"] and b["id"] != chosen[0]]
        page.mouse.move(5, 5)
        page.mouse.move(*_node_on_screen(page, labelled[0]))
        page.wait_for_timeout(300)
        assert page.is_visible("#bn-tooltip") == (not touch)
        offline.assert_clean()
    finally:
        offline.close()


def test_desktop_tooltip_hidden_while_details_open(browser, demo_map):  # noqa: F811
    offline = _open(browser, demo_map, viewport=DESKTOP)
    page = offline.page
    try:
        ids = page.evaluate("() => netzwerkkarte.beschriftungen.filter(b => b.id).map(b => b.id)")
        page.mouse.move(*_node_on_screen(page, ids[1]))
        page.wait_for_selector("#bn-tooltip:not([hidden])", timeout=5000)
        page.mouse.click(*_node_on_screen(page, ids[0]))
        page.wait_for_selector("#bn-info:not([hidden])", timeout=5000)
        assert page.is_hidden("#bn-tooltip")
        page.mouse.move(*_node_on_screen(page, ids[1]))
        page.wait_for_timeout(200)
        assert page.is_hidden("#bn-tooltip")
        offline.assert_clean()
    finally:
        offline.close()


# ------------------------------------------------------------------------------- geographic


def test_geo_view_marks_district_seats_and_writes_district_names(browser, any_map):  # noqa: F811
    offline = _open(browser, any_map)
    page = offline.page
    try:
        page.select_option("#bn-layout", "geo")
        boxes = _labels(page)
        names = {b["text"]: b for b in boxes if b["art"] == "landkreis"}
        assert set(DISTRICTS) <= set(names), sorted(names)
        seats = page.evaluate("() => netzwerkkarte.kreissitze.map(s => s)")
        assert len(seats) == len(DISTRICTS)
        assert {s["sitz"] for s in seats} >= {"Cottbus", "Lübben (Spreewald)", "Görlitz"}
        # each name stands next to its seat
        seat_of = {
            lk: sitz for lk, _, _, sitz in page.evaluate("() => netzwerkkarte.daten.geo.landkreise")
        }
        for district in DISTRICTS:
            seat = next(s for s in seats if s["sitz"] == seat_of[district])
            label = names[district]
            gap_x = max(
                label["x"] - (seat["x"] + seat["w"]), seat["x"] - (label["x"] + label["w"]), 0
            )
            gap_y = max(
                label["y"] - (seat["y"] + seat["h"]), seat["y"] - (label["y"] + label["h"]), 0
            )
            assert gap_x < 6 and gap_y < 6, (district, label, seat)
        # north up, east right: Cottbus above Görlitz, Görlitz right of Elbe-Elster
        seat_xy = {s["sitz"]: (s["x"], s["y"]) for s in seats}
        assert seat_xy["Cottbus"][1] < seat_xy["Görlitz"][1]
        assert seat_xy["Herzberg (Elster)"][0] < seat_xy["Görlitz"][0]
        # names, seats and node labels never overlap
        assert _overlapping(boxes + [dict(s, text="Sitz " + s["sitz"]) for s in seats]) == []
        assert "Sitz der Kreisverwaltung" in page.inner_text("#bn-legende")
        painted = page.evaluate(PAINTED)
        assert min(painted) > 10, painted
        offline.assert_clean()
    finally:
        offline.close()
