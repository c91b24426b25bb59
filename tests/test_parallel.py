"""Work beside the main process (``bildungsnetz.parallel``): the same result forked or
not, failures come back, and the analysis of a wave is the same with the cooperation
potential computed in a forked child."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bildungsnetz import parallel
from bildungsnetz.errors import BildungsnetzError

FORKS = parallel._can_fork()


def _pid_and_sum(values: list[int], *, offset: int = 0) -> tuple[int, int]:
    return os.getpid(), sum(values) + offset


def _fails() -> None:
    raise BildungsnetzError("kaputt", datei="x.csv", zeile=3)


def test_small_work_runs_here_and_large_work_in_a_child():
    here, total = parallel.background(_pid_and_sum, [1, 2], size=10, offset=4).result()
    assert (here, total) == (os.getpid(), 7)
    if not FORKS:
        pytest.skip("kein fork oder nur ein Kern")
    job = parallel.background(_pid_and_sum, [1, 2], size=parallel.PARALLEL_MIN_ACTORS)
    child, total = job.result()
    assert child != os.getpid() and total == 3
    assert job.result() == (child, 3)  # asked twice: the same value, no second wait


@pytest.mark.parametrize("size", [1, parallel.PARALLEL_MIN_ACTORS])
def test_a_failure_in_the_work_is_raised_where_the_result_is_asked_for(size):
    job = parallel.background(_fails, size=size)
    with pytest.raises(BildungsnetzError, match="kaputt"):
        job.result()


#: Run in a fresh interpreter: forking a test worker that runs threads (pytest-xdist) could
#: hang; a fresh process has none, like ``bildungsnetz run``.
SAME_ANALYSIS = """
import sys
import pandas as pd
from bildungsnetz import parallel
from bildungsnetz.analysis.tables import analyse_wave
from bildungsnetz.demo import write_demo
from bildungsnetz.ingest.clean import clean_wave

data = sys.argv[1]
write_demo(data)
clean_wave(data, "2026")
plain = analyse_wave(data, "2026")
parallel.PARALLEL_MIN_ACTORS = 0
forked = analyse_wave(data, "2026")
assert plain.keys() == forked.keys()

def text(df):  # evidence holds NaN (never equal to itself): objects compared by repr
    return df.apply(lambda c: c.map(repr) if c.dtype == object else c)

for name, table in plain.items():
    if isinstance(table, pd.DataFrame):
        pd.testing.assert_frame_equal(text(table), text(forked[name]), check_exact=True)
print("gleich", len(plain["potenziale"]))
"""


@pytest.mark.slow
def test_the_analysis_is_the_same_with_the_potential_in_a_child(tmp_path):
    """A demo wave analysed with the potential forked (threshold lowered to 0) gives the
    same tables as the plain analysis."""
    if not FORKS:
        pytest.skip("kein fork oder nur ein Kern")
    done = subprocess.run(
        [sys.executable, "-c", SAME_ANALYSIS, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    word, rows = done.stdout.split()[-2:]
    assert word == "gleich" and int(rows) > 100
