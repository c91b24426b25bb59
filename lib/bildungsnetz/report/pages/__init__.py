"""A page for every institution and every district: actor profiles and "Mein Landkreis".

Three steps, one module each, like the map:

* :mod:`~bildungsnetz.report.pages.links` – who gets a page and where it lives (the consent
  rule, file names, link targets); also used by the map and the report;
* :mod:`~bildungsnetz.report.pages.model` – what each page shows, computed once for the wave
  (:func:`~bildungsnetz.report.pages.model.pages_model`);
* :mod:`~bildungsnetz.report.pages.render` – the files: Jinja templates in
  ``report/templates/seiten/``, the ego picture as inline SVG
  (:mod:`~bildungsnetz.report.pages.svg`), written as a folder swap
  (:func:`~bildungsnetz.report.pages.render.write_pages`).

This package's ``__init__`` imports only :mod:`links` so that the map model can use the rules
without importing the page builder.
"""

from bildungsnetz.report.pages.links import (
    DISTRICT_DIR,
    DISTRICT_INDEX,
    PROFILE_DIR,
    consents,
    district_href,
    district_links_fragment,
    district_links_html,
    district_pages,
    district_slug,
    has_profile,
    profile_href,
)

__all__ = [
    "DISTRICT_DIR",
    "DISTRICT_INDEX",
    "PROFILE_DIR",
    "consents",
    "district_href",
    "district_links_fragment",
    "district_links_html",
    "district_pages",
    "district_slug",
    "has_profile",
    "profile_href",
]
