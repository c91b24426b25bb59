"""environment.yml (conda) and requirements.txt (pip) pin the same versions."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[_norm(name)] = version.strip()
    return pins


def conda_pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "environment.yml").read_text().splitlines():
        match = re.match(r"^\s+-\s+([A-Za-z0-9_.\-]+)\s*(==|=)\s*([0-9][^\s#]*)", line)
        if match and _norm(match.group(1)) not in ("python",):
            pins[_norm(match.group(1))] = match.group(3)
    return pins


def test_every_pin_agrees():
    pip, conda = pip_pins(), conda_pins()
    assert pip, "requirements.txt lists no pins"
    assert pip == conda


def test_every_dependency_of_the_package_is_pinned():
    text = (REPO / "pyproject.toml").read_text()
    block = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    names = {
        _norm(re.match(r'\s*"([A-Za-z0-9_.\-]+)', line).group(1))
        for line in block.splitlines()
        if line.strip().startswith('"')
    }
    missing = names - set(pip_pins())
    assert not missing, f"not pinned in requirements.txt: {sorted(missing)}"


def test_core_dependencies_are_there():
    for name in ("jupyterlab", "papermill", "pandas", "networkx", "pyvis", "seaborn", "nbconvert"):
        assert name in pip_pins()


def test_every_subpackage_is_installed():
    """pyproject.toml lists the packages explicitly: a new subpackage that is not listed works
    in the editable install of the developers but is missing from a wheel."""
    import tomllib

    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    on_disk = {
        ".".join(init.parent.relative_to(REPO / "lib").parts)
        for init in (REPO / "lib" / "bildungsnetz").rglob("__init__.py")
    } | {"bildungsnetz.notebooks"}
    assert on_disk == listed


def test_every_extra_is_pinned_as_in_requirements():
    """The optional extras (``pip install bildungsnetz[lab]``) pin exactly the versions of
    requirements.txt (and so of environment.yml), and ``lab`` brings JupyterLab."""
    import tomllib

    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert "jupyterlab" in {_norm(re.split(r"[=<>!~\[ ]", r, maxsplit=1)[0]) for r in extras["lab"]}
    pins, conda = pip_pins(), conda_pins()
    for extra, requirements in extras.items():
        for requirement in requirements:
            match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([0-9][^\s;]*)", requirement.strip())
            assert match, f"[{extra}] {requirement!r} is not pinned with =="
            name, version = _norm(match.group(1)), match.group(2)
            assert pins.get(name) == version, f"[{extra}] {name}: requirements.txt differs"
            assert conda.get(name) == version, f"[{extra}] {name}: environment.yml differs"
