"""Building blocks for safe, self-contained HTML (shared by the map and the report export).

Everything that comes from survey data is untrusted. The rules used throughout:

* Data reaches JavaScript only as JSON inside ``<script type="application/json">``, produced by
  :func:`json_for_script`, which escapes ``<``, ``>``, ``&`` and U+2028/U+2029 so that no
  string can close the script element or open a comment. JavaScript reads it with
  ``JSON.parse(element.textContent)`` and puts names on the page with ``textContent`` only.
* Text reaches HTML only through :func:`html.escape` (or Jinja autoescape / pandas
  ``escape=True``).
* Every page carries a Content-Security-Policy whose ``script-src`` lists the SHA-256 hashes of
  exactly the inline scripts we wrote (:func:`csp_meta_for`). Inline event handlers such as
  ``onerror=`` and ``javascript:`` URLs are therefore blocked even if escaping were forgotten
  somewhere, and nothing may be fetched from the network.
* :func:`external_resources` lists every reference in a page that would make the browser
  load something (scripts, stylesheets, fonts, images, frames, CSS ``url()``/``@import``) and is
  not an inline ``data:`` URL; a report must have none.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections.abc import Iterable
from typing import Any

# --- colour-blind-safe palettes ------------------------------------------------------------

#: Okabe & Ito (2008): eight colours distinguishable with all common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00",
    "himmelblau": "#56B4E9",
    "blaugruen": "#009E73",
    "gelb": "#F0E442",
    "blau": "#0072B2",
    "zinnober": "#D55E00",
    "purpur": "#CC79A7",
    "schwarz": "#000000",
}

#: Default palette for figures (seaborn/matplotlib), Okabe–Ito in an order that keeps the first
#: colours far apart. Use ``sns.set_palette(PALETTE)`` or ``palette=PALETTE``.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

#: Paul Tol's "muted" qualitative scheme (9 colours, colour-blind safe), used for categories.
TOL_MUTED = [
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
]

#: Neutral grey for "other"/"unknown" (Tol's "pale grey" is too light for nodes on white).
GRAU = "#BBBBBB"

#: Sequential, colour-blind-safe colour map name for heat maps (matplotlib/seaborn).
SEQUENTIAL_CMAP = "cividis"


class HtmlFragment:
    """A piece of HTML for a notebook output: ``display(obj)`` renders it, ``str(obj)`` is it."""

    def __init__(self, html_text: str, summary: str = "HTML"):
        self.html = html_text
        self.summary = summary

    def _repr_html_(self) -> str:
        return self.html

    def __html__(self) -> str:  # Jinja/markupsafe
        return self.html

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:  # keeps text/plain outputs small
        return f"<{self.summary}>"


# --- JSON inside <script> ------------------------------------------------------------------

_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def _json_clean(value: Any) -> Any:
    """Return ``value`` with NaN/inf replaced by None and numpy/pandas scalars made plain."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int):
        return value
    if isinstance(value, dict):
        return {str(k): _json_clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_clean(v) for v in value]
    # numpy / pandas scalars
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return _json_clean(item())
        except (TypeError, ValueError):
            pass
    if value != value:  # pandas NA-like
        return None
    return str(value)


def json_for_script(data: Any) -> str:
    """Serialise ``data`` as JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so a string such as ``</script>`` or
    ``<!--`` can never end the element; U+2028/2029 are escaped for old JS parsers. NaN and
    infinities become ``null``.
    """
    text = json.dumps(_json_clean(data), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _SCRIPT_ESCAPE_RE.sub(lambda m: _SCRIPT_ESCAPES[m.group(0)], text)


def check_inline_script(code: str, name: str = "Skript") -> str:
    """Make sure library code can be inlined in ``<script>``; normalise line ends.

    Raises ``ValueError`` if the code contains ``</script`` or ``<!--`` (it would break out of
    the element). Line ends are normalised to ``\\n`` because the HTML parser does the same and
    the CSP hash must match what the browser sees.
    """
    code = code.replace("\r\n", "\n").replace("\r", "\n")
    lowered = code.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ValueError(f"{name} kann nicht eingebettet werden: enthält </script oder <!--")
    return code


# --- Content-Security-Policy -----------------------------------------------------------------


def script_hash(code: str) -> str:
    """CSP source expression (``'sha256-…'``) for an inline script's exact text."""
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp_policy(script_hashes: Iterable[str] = ()) -> str:
    """Content-Security-Policy for an offline page with the given inline-script hashes.

    Nothing can be fetched (``default-src 'none'``), only the listed inline scripts run (no
    inline event handlers, no ``eval``), inline styles and ``data:`` images/fonts are allowed.
    """
    hashes = sorted(set(script_hashes))
    script_src = " ".join(hashes) if hashes else "'none'"
    return (
        "default-src 'none'; "
        f"script-src {script_src}; "
        "style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def csp_meta_for(script_codes: Iterable[str]) -> str:
    """``<meta http-equiv="Content-Security-Policy">`` allowing exactly these inline scripts."""
    import html as _html

    policy = csp_policy(script_hash(c) for c in script_codes)
    return f'<meta http-equiv="Content-Security-Policy" content="{_html.escape(policy)}">'


# --- finding external resources --------------------------------------------------------------

_CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)\s*([^'")]*?)\s*\1\s*\)""", re.IGNORECASE)
# @import "x.css" (the url(...) form is found by _CSS_URL_RE)
_CSS_IMPORT_RE = re.compile(r"""@import\s+['"]([^'"]+)['"]""", re.IGNORECASE)

# element -> attributes whose URL the browser fetches (or navigates a frame to)
_URL_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "iframe": ("src",),
    "frame": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
    "base": ("href",),
}


def _is_inline_url(url: str) -> bool:
    url = url.strip()
    return (
        not url
        or url.lower().startswith(("data:", "about:blank", "about:srcdoc"))
        or url.startswith("#")
    )


def _css_references(css: str) -> list[str]:
    refs = [m.group(2) for m in _CSS_URL_RE.finditer(css) if not _is_inline_url(m.group(2))]
    refs += [m.group(1) for m in _CSS_IMPORT_RE.finditer(css) if not _is_inline_url(m.group(1))]
    return refs


def external_resources(html_text: str) -> list[str]:
    """Return every reference in ``html_text`` that would load something from outside the page.

    Checks ``src``/``href``-like attributes of scripts, stylesheets (any ``<link href>``),
    images, media, frames, SVG ``<use>``/``<image>``, ``<base>``, ``<meta http-equiv=refresh>``,
    CSS ``url(...)`` and ``@import`` in ``<style>`` elements and ``style`` attributes, and the
    documents inside ``<iframe srcdoc>`` (recursively). ``data:`` URLs and ``#fragments`` are
    inline and therefore fine; ordinary links (``<a href>``) are not resources and are ignored.
    Each finding is a short description such as ``"script[src]: https://cdn…"``.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_text, "html.parser")
    found: list[str] = []
    for element in soup.find_all(True):
        name = element.name.lower()
        if name == "link" and element.get("href") and not _is_inline_url(element["href"]):
            found.append(f"link[href]: {element['href']}")
        for attr in _URL_ATTRIBUTES.get(name, ()):
            value = element.get(attr)
            if not value:
                continue
            if attr == "srcset":
                urls = [part.strip().split()[0] for part in value.split(",") if part.strip()]
            else:
                urls = [value]
            for url in urls:
                if not _is_inline_url(url):
                    found.append(f"{name}[{attr}]: {url}")
        if name == "meta" and str(element.get("http-equiv", "")).lower() == "refresh":
            found.append(f"meta[refresh]: {element.get('content', '')}")
        if name == "style":
            found += [f"style: {ref}" for ref in _css_references(element.get_text())]
        style_attr = element.get("style")
        if style_attr:
            found += [f"{name}[style]: {ref}" for ref in _css_references(style_attr)]
        if name == "iframe" and element.get("srcdoc"):
            found += [f"iframe[srcdoc] → {ref}" for ref in external_resources(element["srcdoc"])]
    return found


def inline_scripts(html_text: str, *, include_srcdoc: bool = True) -> list[str]:
    """Texts of all executable inline scripts in a page (and, optionally, its srcdoc frames).

    Data blocks (``type="application/json"`` etc.) are not executed and are left out.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_text, "html.parser")
    codes: list[str] = []
    for element in soup.find_all("script"):
        script_type = str(element.get("type", "")).strip().lower()
        if script_type in ("", "text/javascript", "application/javascript", "module"):
            if not element.get("src"):
                codes.append(element.string or "")
    if include_srcdoc:
        for frame in soup.find_all("iframe"):
            if frame.get("srcdoc"):
                codes += inline_scripts(frame["srcdoc"])
    return codes
