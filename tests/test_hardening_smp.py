"""smp on many actors: refused in one line or finished within 2 GB and 60 s (issue 10, target).

smp refuses above its documented ceiling of 250 actors (models/smp.py, max_actors) before any
turn, and its memory is quadratic in actors below it.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys

import pytest


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("prlimit") is None, reason="prlimit (util-linux) is needed to cap memory")
def test_smp_on_300_actors_is_bounded_or_refused(tmp_path):
    rng = random.Random(0)
    rows = ["actor,capability,position,salience"] + [
        f"a{i},{rng.randint(1, 100)},{rng.randint(0, 100)},{rng.random():.2f}" for i in range(300)]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(rows) + "\n")
    cmd = ["prlimit", f"--as={2 * 2**30}", sys.executable, "-m", "accord.cli", "forecast", str(path),
           "--model", "smp", "--json"]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("smp on 300 actors ran past 60 s")
    assert r.returncode in (0, 2), r.stderr[-500:]
    if r.returncode == 2:
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
