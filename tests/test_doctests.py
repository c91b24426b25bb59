"""The Examples sections of the analysis docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import bildungsnetz.analysis

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(
        bildungsnetz.analysis.__path__, prefix="bildungsnetz.analysis."
    )
)
#: Modules whose public functions all show an example.
WITH_EXAMPLES = [name for name in MODULES if ".measures." in name or ".findings." in name]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module,
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS,
        report=True,
        verbose=False,
    )
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_measures_and_findings_have_examples():
    counted = {
        name: doctest.testmod(
            importlib.import_module(name), report=False, optionflags=doctest.NORMALIZE_WHITESPACE
        ).attempted
        for name in WITH_EXAMPLES
    }
    missing = [
        name
        for name, attempted in counted.items()
        if attempted == 0 and not name.endswith(("evidence", "actor_arrays"))
    ]
    assert not missing, missing
