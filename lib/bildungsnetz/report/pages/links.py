"""Who gets a page of their own, and where it lives (shared by the pages, the map and the report).

* An **actor profile** ``akteure/<akteur_id>.html`` exists for every actor that consented to
  be named and is in at least one network (:func:`has_profile`). Consent is the rule of the
  cleaning step (``ingest.actors.assign_pseudonyms``): ``veroeffentlichen == "ja"`` – only then
  is ``anzeigename`` the real name; every other value (``nein``, empty) means a pseudonym and
  no page. Pages, map and report show ``anzeigename`` only, never the column ``akteur``.
* A **district page** ``landkreise/<slug>.html`` exists for every district of the reference
  data (``landkreise.csv``) that has at least one actor in the wave (:func:`district_pages`).
  Districts without actors get no page (there would be nothing to show but empty sections);
  actors without or with an unknown district appear on no district page.
* The overview of the district pages is ``landkreise/index.html`` (:data:`DISTRICT_INDEX`).

The links are relative to the wave's report folder (``reports/<wave>/``: the map page and the
report); the pages link each other with ``../``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from bildungsnetz.text import cell_text

#: Folder of the actor profiles inside the wave's report folder.
PROFILE_DIR = "akteure"
#: Folder of the district pages inside the wave's report folder.
DISTRICT_DIR = "landkreise"
#: The overview of the district pages (relative to the wave's report folder).
DISTRICT_INDEX = f"{DISTRICT_DIR}/index.html"
#: The consent value that allows a name to be shown (see ``ingest.actors``).
CONSENT = "ja"

# ids become file names: only plain ASCII letters, digits, "_" and "-" (the cleaning step
# writes "A" + 8 hex digits); anything else gets no page rather than a strange path
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def consents(veroeffentlichen: object) -> bool:
    """Whether an actor may be named: ``veroeffentlichen`` is exactly ``ja`` (the cleaning
    step writes ``ja``/``nein``; anything else counts as no consent, privacy first)."""
    return cell_text(veroeffentlichen).casefold() == CONSENT


def safe_id(akteur_id: object) -> bool:
    """Whether an id can be a file name (ASCII letters, digits, ``_``, ``-``)."""
    return bool(_SAFE_ID.fullmatch(cell_text(akteur_id)))


def has_profile(akteur_id: object, veroeffentlichen: object, n_networks: int) -> bool:
    """Whether the actor gets a profile page: it consented, is in at least one network and
    its id is a safe file name."""
    return n_networks > 0 and consents(veroeffentlichen) and safe_id(akteur_id)


def profile_href(akteur_id: object, base: str = f"{PROFILE_DIR}/") -> str:
    """The link to an actor's profile: ``akteure/<id>.html`` from the wave's report folder;
    ``base=""`` from another profile, ``"../akteure/"`` from a district page."""
    return f"{base}{cell_text(akteur_id)}.html"


def district_slug(name: object) -> str:
    """ASCII file name of a district: ``Spree-Neiße`` → ``spree-neisse``, ``Görlitz`` →
    ``goerlitz`` (German umlauts transliterated, other accents dropped, anything else a
    hyphen); ``""`` when nothing is left.

    >>> district_slug("Spree-Neiße"), district_slug("Oberspreewald-Lausitz")
    ('spree-neisse', 'oberspreewald-lausitz')
    """
    text = cell_text(name).casefold().translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def district_pages(
    reference_districts: Iterable[object], actor_districts: Iterable[object]
) -> dict:
    """District → slug for every district that gets a page: in the reference data and with
    at least one actor; in reference order. Two districts with the same slug are told apart
    by a number (``-2``); a district whose name leaves no ASCII gets ``landkreis-<n>``."""
    present = {cell_text(d) for d in actor_districts}
    pages: dict[str, str] = {}
    used: set[str] = set()
    for number, district in enumerate(dict.fromkeys(cell_text(d) for d in reference_districts)):
        if not district or district not in present:
            continue
        slug = district_slug(district) or f"landkreis-{number + 1}"
        candidate, k = slug, 2
        while candidate in used or candidate == "index":
            candidate, k = f"{slug}-{k}", k + 1
        used.add(candidate)
        pages[district] = candidate
    return pages


def district_href(slug: str, base: str = f"{DISTRICT_DIR}/") -> str:
    """The link to a district page (``landkreise/<slug>.html`` from the report folder)."""
    return f"{base}{slug}.html"


def district_links_html(districts: dict, base: str = f"{DISTRICT_DIR}/") -> str:
    """A short list of links to the district pages (``districts``: name → slug, see
    :func:`district_pages`) and to their overview, as HTML; a sentence when there are none."""
    if not districts:
        return (
            '<p class="keine-daten">Keinem Landkreis der Referenzdaten ist in dieser Welle '
            "ein Akteur zugeordnet; Landkreisseiten gibt es daher nicht.</p>"
        )
    items = "".join(
        f'<li><a href="{html.escape(district_href(slug, base), quote=True)}">'
        f"{html.escape(name)}</a></li>"
        for name, slug in districts.items()
    )
    overview = html.escape(base + "index.html", quote=True)
    return (
        '<nav class="landkreisseiten" aria-label="Landkreisseiten">'
        "<p><strong>Mein Landkreis:</strong> eine Seite je Landkreis mit seinen Akteuren und "
        "Netzwerken, seinen Verbindungen, Lücken und Vorschlägen "
        f'(<a href="{overview}">Übersicht</a>).</p><ul>{items}</ul></nav>'
    )


def district_links_fragment(ctx):
    """The list of district pages for the report (section "Geografie"): a
    :class:`~bildungsnetz.report.htmlsafe.HtmlFragment`; empty when no district has a page
    (the section already says that places are missing)."""
    from bildungsnetz.ingest.reference import load_reference
    from bildungsnetz.report.htmlsafe import HtmlFragment

    reference = load_reference(ctx.data_dir).landkreise
    districts = ctx.akteure["landkreis"] if "landkreis" in ctx.akteure.columns else []
    pages = district_pages(reference["landkreis"].tolist(), districts)
    return HtmlFragment(district_links_html(pages) if pages else "", summary="Landkreisseiten")
