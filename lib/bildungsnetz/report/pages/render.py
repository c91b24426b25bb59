"""The actor profiles and district pages as files: Jinja templates, written as one folder swap.

:func:`write_pages` renders :func:`~bildungsnetz.report.pages.model.pages_model` with the
templates in ``report/templates/seiten/`` (autoescape on: every name from the survey is
escaped) into ``<report folder>/akteure/<id>.html``, ``landkreise/<slug>.html`` and the
overview ``landkreise/index.html``. Each page is one offline file: inline CSS, an inline SVG
picture, no script at all (Content-Security-Policy ``script-src 'none'``, nothing may be
loaded), printable on A4.

Both folders are written next to the old ones and then swapped in, so that a page of an actor
who no longer consents (or no longer has a network) disappears with the old folder; inside
``bildungsnetz run`` the whole report folder is replaced as one transaction anyway
(``safety.FolderTransaction``).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from shutil import rmtree

from bildungsnetz.report.context import WaveContext
from bildungsnetz.report.htmlsafe import csp_policy
from bildungsnetz.report.pages.links import DISTRICT_DIR, PROFILE_DIR, district_href
from bildungsnetz.report.pages.model import PagesModel, pages_model
from bildungsnetz.report.pages.svg import ego_svg
from bildungsnetz.report.recommendations import recommendations_html

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"
NEW_SUFFIX = ".neu"
OLD_SUFFIX = ".alt"


@dataclass
class PagesResult:
    """What :func:`write_pages` wrote: numbers of pages and the time it took (seconds)."""

    actors: int
    districts: int
    seconds: float


def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from bildungsnetz.text import german_number

    env.filters["zahl"] = lambda v: german_number(v, 0)
    return env


def _recommendations(ctx: WaveContext, district: str):
    """The section "Handlungsempfehlungen für <district>" (:mod:`report.recommendations`),
    as markup; profile links from a district page start with ``../``."""
    from markupsafe import Markup

    return Markup(str(recommendations_html(ctx, landkreis=district, link_base="../")))


def _common(model: PagesModel) -> dict:
    """What every page template gets: wave, demo flag, CSP, the inline CSS."""
    from markupsafe import Markup

    return {
        "wave": model.wave,
        "synthetic": model.synthetic,
        "csp": csp_policy(),
        "css": Markup((TEMPLATE_DIR / "seiten" / "seiten.css").read_text(encoding="utf-8")),
    }


def _actor_pages(model: PagesModel, ids, env=None, common=None):
    """Yield ``(relative path, html)`` of the profiles of ``ids``."""
    from markupsafe import Markup

    env = env or _env()
    common = common or _common(model)
    actor_template = env.get_template("seiten/akteur.html.j2")
    for aid in ids:
        page = model.actors[aid]
        yield (
            f"{PROFILE_DIR}/{aid}.html",
            actor_template.render(p=page, svg=Markup(ego_svg(page.picture)), **common),
        )


def render_pages(ctx: WaveContext, model: PagesModel | None = None, *, actors: bool = True):
    """Yield ``(relative path, html)`` of every page of the wave (``actors=False``: only the
    district pages and the overview)."""
    model = model or pages_model(ctx)
    env = _env()
    common = _common(model)
    if actors:
        yield from _actor_pages(model, list(model.actors), env, common)
    district_template = env.get_template("seiten/landkreis.html.j2")
    for district, page in model.districts.items():
        yield (
            f"{DISTRICT_DIR}/{page.slug}.html",
            district_template.render(
                p=page, empfehlungen=_recommendations(ctx, district), **common
            ),
        )
    overview = env.get_template("seiten/uebersicht.html.j2")
    yield (
        f"{DISTRICT_DIR}/index.html",
        overview.render(
            reference=model.reference,
            pages={d: district_href(p.slug, base="") for d, p in model.districts.items()},
            actors=sorted(
                ((p.name, f"../{PROFILE_DIR}/{aid}.html") for aid, p in model.actors.items()),
                key=lambda item: (item[0].casefold(), item[1]),
            ),
            **common,
        ),
    )


def _swap_in(new: Path, final: Path) -> None:
    """Replace ``final`` by ``new`` (two renames; the old folder is removed afterwards)."""
    old = final.parent / f".{final.name}{OLD_SUFFIX}"
    if old.exists():
        rmtree(old)
    if final.exists():
        os.replace(final, old)
    os.replace(new, final)
    if old.exists():
        rmtree(old)


#: From this many profiles on, :func:`write_pages` renders them in one process per core
#: (forked: the model is shared, not copied); the files are the same either way.
PARALLEL_MIN_PROFILES = 2000
_JOB: tuple | None = None  # (model, profile folder) for the forked workers


def _write_profiles(ids: list[str]) -> int:
    """Worker: render and write the profiles of ``ids`` (model and folder from :data:`_JOB`)."""
    assert _JOB is not None
    model, folder = _JOB
    for relative, page in _actor_pages(model, ids):
        (folder / relative.partition("/")[2]).write_text(page, encoding="utf-8")
    return len(ids)


def _profile_workers(count: int) -> int:
    """How many processes write ``count`` profiles: one per core (at most 4) for many, where
    processes can be forked; else 1 (this process)."""
    import multiprocessing

    if count < PARALLEL_MIN_PROFILES or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def _write_all_profiles(model: PagesModel, folder: Path) -> None:
    """Write every profile into ``folder``, in chunks over :func:`_profile_workers` processes."""
    global _JOB
    ids = list(model.actors)
    workers = _profile_workers(len(ids))
    if workers == 1:
        _JOB = (model, folder)
        try:
            _write_profiles(ids)
        finally:
            _JOB = None
        return
    import multiprocessing

    chunks = [ids[i : i + 500] for i in range(0, len(ids), 500)]
    _JOB = (model, folder)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for _ in pool.imap_unordered(_write_profiles, chunks):
                pass
    finally:
        _JOB = None


def write_pages(ctx: WaveContext, out_dir: Path) -> PagesResult:
    """Write every actor profile and district page of the wave into ``out_dir`` (the wave's
    report folder); folders ``akteure/`` and ``landkreise/`` are replaced as a whole."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    model = pages_model(ctx)
    staging = {}
    for name in (PROFILE_DIR, DISTRICT_DIR):
        folder = out_dir / f".{name}{NEW_SUFFIX}"
        if folder.exists():
            rmtree(folder)
        folder.mkdir(parents=True)
        staging[name] = folder
    try:
        _write_all_profiles(model, staging[PROFILE_DIR])
        for relative, page in render_pages(ctx, model, actors=False):
            folder, _, file_name = relative.partition("/")
            (staging[folder] / file_name).write_text(page, encoding="utf-8")
        for name, folder in staging.items():
            _swap_in(folder, out_dir / name)
    except BaseException:
        for folder in staging.values():
            if folder.exists():
                rmtree(folder, ignore_errors=True)
        raise
    return PagesResult(
        actors=len(model.actors),
        districts=len(model.districts),
        seconds=time.perf_counter() - started,
    )
