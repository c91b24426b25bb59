"""The analyst's path: JupyterLab, headless, runs both notebooks with "Run All".

A JupyterLab server (``jupyter lab`` of this environment) is started on localhost with a random
free port and a token, in a temporary folder holding ``notebooks/`` (``bericht.ipynb`` and
``erkunden.ipynb``) and ``data/`` (the demo waves, cleaned and analysed, so the notebooks'
default ``../data`` works). Chromium (Playwright, the executable of ``test_browser``) opens each
notebook, chooses *Run → Run All Cells* from the menu and waits until every code cell has run
and the kernel is idle. Then no output may be an error (a traceback on stderr or an error
output), and the report's map must be drawn inside its frame; the exploration notebook must
show its ego picture and a chain.

The server's settings, workspaces and runtime files live in the temporary folder; the server is
shut down by the fixture's finalizer whatever happens. Without ``jupyter lab`` the test fails in
CI (``CI`` set) and is skipped locally, like the browser tests.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import DATA, REPO
from test_browser import _missing, _wait_for_map, browser  # noqa: F401 - browser: fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]

JUPYTER_LAB = Path(sys.executable).with_name("jupyter-lab")
#: Longest wait for the server to answer, and for one notebook to run through.
SERVER_TIMEOUT_S = 40
RUN_TIMEOUT_MS = 60_000
#: User settings for the test's JupyterLab: every cell in the page (no virtual scrolling, so
#: every output can be checked) and no news pop-up.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


#: JavaScript: the state of the visible notebook (prompts of the code cells, kernel status).
STATE_JS = """
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const prompts = panel ? Array.from(panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))
        .map(p => p.textContent.trim()) : [];
    const indicator = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
    const status = indicator ? indicator.dataset.status : null;
    const state = {prompts, status, done: prompts.length > 0
        && prompts.every(p => /\\[\\d+\\]/.test(p)), idle: status === 'idle'};
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare(root: Path) -> None:
    """``root/notebooks`` (both notebooks) and ``root/data`` (demo waves, cleaned and
    analysed), the layout of the repository."""
    from bildungsnetz.ingest.clean import clean_wave
    from bildungsnetz.pipeline import analyse_step

    (root / "notebooks").mkdir(parents=True)
    for name in ("bericht.ipynb", "erkunden.ipynb"):
        shutil.copy2(REPO / "notebooks" / name, root / "notebooks" / name)
    data = root / "data"
    shutil.copytree(DATA / "raw", data / "raw")
    if (DATA / "external").exists():
        shutil.copytree(DATA / "external", data / "external")
    for wave in sorted(p.name for p in (data / "raw").iterdir() if p.is_dir()):
        clean_wave(data, wave)
        analyse_step(data, wave, keep_for_report=True)
    for relative, values in SETTINGS.items():
        path = root / ".lab" / "settings" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A running JupyterLab server: (base URL, token, root folder)."""
    if not JUPYTER_LAB.exists():
        _missing(f"JupyterLab ist nicht installiert ({JUPYTER_LAB} fehlt; pip install -e .[lab])")
    root = tmp_path_factory.mktemp("lab")
    _prepare(root)
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(root / ".lab" / "config"),
        JUPYTER_RUNTIME_DIR=str(root / ".lab" / "runtime"),
        IPYTHONDIR=str(root / ".lab" / "ipython"),
        PYDEVD_DISABLE_FILE_VALIDATION="1",
        TMPDIR=str(root / ".lab" / "tmp"),  # the exploration's default export goes there
    )
    (root / ".lab" / "tmp").mkdir(parents=True, exist_ok=True)
    log = (root / ".lab" / "server.log").open("wb")
    server = subprocess.Popen(
        [
            str(JUPYTER_LAB),
            "--no-browser",
            "--allow-root",  # containers and CI runners often run as root
            "--ServerApp.terminals_enabled=False",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={root / '.lab' / 'settings'}",
            f"--LabApp.workspaces_dir={root / '.lab' / 'workspaces'}",
        ],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_TIMEOUT_S
        while True:
            if server.poll() is not None:
                pytest.fail(
                    "JupyterLab ist beim Start beendet worden:\n"
                    + (root / ".lab" / "server.log").read_text(errors="replace")[-3000:],
                    pytrace=False,
                )
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"JupyterLab antwortet nach {SERVER_TIMEOUT_S} s nicht:\n"
                    + (root / ".lab" / "server.log").read_text(errors="replace")[-3000:],
                    pytrace=False,
                )
            time.sleep(0.3)
        yield base, token, root
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
        log.close()


def _run_all(browser, lab, notebook: str):  # noqa: F811 - browser: fixture
    """Open ``notebooks/<notebook>`` in JupyterLab, Run All, wait until done; the page."""
    base, token, _ = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{base}/lab/tree/notebooks/{notebook}?token={token}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=RUN_TIMEOUT_MS)
    # the kernel is ready when the status bar says so ("Python 3 (ipykernel) | Idle"); the
    # toolbar's indicator says "idle" already before the kernel is connected
    page.wait_for_function(
        "() => /\\| Idle/.test(document.body.innerText)",
        timeout=RUN_TIMEOUT_MS,
    )
    dialogs: list[str] = []
    for attempt in range(3):  # a click that came too early runs nothing: try again
        dialogs += _dismiss_dialogs(page)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        try:
            page.wait_for_function(
                f"() => {{{STATE_JS}; return state.prompts.some(p => p !== '[ ]:');}}",
                timeout=10_000,
            )
            break
        except Exception:  # noqa: BLE001 - nothing started yet
            if attempt == 2:
                raise
    # every code cell has an execution count (no "[ ]" or "[*]"), the kernel is idle again
    try:
        page.wait_for_function(f"() => {{{STATE_JS}; return state.done && state.idle;}}",
                               timeout=RUN_TIMEOUT_MS)  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - any timeout: say where it stood
        state = page.evaluate(f"() => {{{STATE_JS}; return state;}}")
        shot = lab[2] / ".lab" / f"{notebook}.png"
        page.screenshot(path=str(shot), full_page=True)
        context.close()
        pytest.fail(
            f"{notebook} lief in JupyterLab nicht durch ({type(exc).__name__}): {state}; "
            f"Dialoge: {dialogs}; Bildschirmfoto: {shot}",
            pytrace=False,
        )
    return context, page


def _dismiss_dialogs(page) -> list[str]:
    """Close the modal dialogs JupyterLab may open on its own while a notebook loads (a
    kernel choice when the session is slow to start, a lost server connection under load)
    with their default button, as an analyst would; their texts, for the failure message.

    A modal dialog takes every click, so "Run All" behind it would time out (seen in CI)."""
    texts = []
    dialog = page.locator(".jp-Dialog")
    for _ in range(3):
        try:
            dialog.first.wait_for(state="visible", timeout=1_500)
        except Exception:  # noqa: BLE001 - no dialog: nothing to close
            break
        texts.append(" ".join(dialog.first.inner_text().split()))
        accept = dialog.first.locator(".jp-Dialog-button.jp-mod-accept")
        if accept.count():
            accept.first.click()
        else:
            page.keyboard.press("Escape")
        dialog.first.wait_for(state="hidden", timeout=5_000)
    return texts


def _errors(page) -> list[str]:
    """Texts of error outputs: tracebacks on stderr and error outputs."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"],'
            + '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"],'
            + '.jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]'))
            .filter(e => e.dataset.mimeType.endsWith('error')
                         || /Traceback|Error/.test(e.textContent))
            .map(e => e.textContent)"""
    )


def test_report_notebook_runs_all_and_draws_the_map(browser, lab):  # noqa: F811
    context, page = _run_all(browser, lab, "bericht.ipynb")
    try:
        assert _errors(page) == []
        assert page.locator(".jp-OutputArea-output table").count() > 5
        assert page.locator(".jp-OutputArea-output img[src^='data:image/png']").count() > 3
        frame_element = page.locator(".jp-OutputArea-output iframe").first
        frame_element.wait_for(timeout=RUN_TIMEOUT_MS)
        frame = frame_element.element_handle().content_frame()
        _wait_for_map(frame)
        assert frame.evaluate("() => netzwerkkarte.nodes.length") > 100
        assert frame.locator("canvas").count() >= 1
        assert frame.evaluate(
            "() => Array.from(document.querySelectorAll('canvas')).some(c => c.width > 100)"
        )
    finally:
        context.close()


def test_exploration_notebook_runs_all(browser, lab):  # noqa: F811
    context, page = _run_all(browser, lab, "erkunden.ipynb")
    try:
        assert _errors(page) == []
        text = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").inner_text()
        assert "Partner von" in text and " → Netzwerk „" in text
        assert "über die Wellen" in text and "Gespeichert:" in text
        assert page.locator(".jp-OutputArea-output img[src^='data:image/png']").count() >= 1
    finally:
        context.close()
