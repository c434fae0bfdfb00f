"""Start-up: a small case is answered without loading what it does not need.

The expected utility model runs its kernel as plain Python for one small case (no numba
start-up) and compiled for the rest; both must stop alike and agree to the last bits.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accord.models.eum as eum_module
from accord.models.eum import ExpectedUtility
from conftest import make_inputs, shared_path


def _solve_both(monkeypatch, inputs, **params):
    monkeypatch.setattr(eum_module, "_PY_CELLS", 10**9)
    py = ExpectedUtility(**params).solve(inputs)
    monkeypatch.setattr(eum_module, "_PY_CELLS", -1)
    jit = ExpectedUtility(**params).solve(inputs)
    return py, jit


def _assert_same(py, jit):
    """Same rounds run and stop reasons; positions equal to the last bit or two (numba's
    ``**`` is LLVM's pow, Python's is the C library's: they may differ by one ulp)."""
    for a, b in ((py.outcome, jit.outcome), (py.rounds, jit.rounds), (py.trace, jit.trace)):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-9)
    assert py.info.keys() == jit.info.keys()
    for key in py.info:
        a, b = np.asarray(py.info[key]), np.asarray(jit.info[key])
        if a.dtype.kind == "f":
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-9, err_msg=key)
        else:
            np.testing.assert_array_equal(a, b, err_msg=key)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    n=st.integers(2, 7), k=st.integers(1, 3), seed=st.integers(0, 2**32 - 1),
    probability=st.sampled_from(["pairwise", "all_pairs"]),
)
def test_python_and_compiled_kernels_agree(monkeypatch, n, k, seed, probability):
    rng = np.random.default_rng(seed)
    pos = np.round(rng.uniform(0, 100, (n, k)), 1)
    pos[rng.integers(0, n)] = pos[0]  # ties happen in real cases
    inputs = make_inputs(pos, rng.uniform(0.1, 1, (n, k)), rng.uniform(0.5, 5, (n, 1)).repeat(k, 1),
                         rng.uniform(0, 100, k))
    _assert_same(*_solve_both(monkeypatch, inputs, probability=probability))


def test_ktab_example_same_on_both_kernels(monkeypatch):
    import accord

    scenario = accord.load(str(shared_path("data", "ktab", "dummyData_3Dim.csv")))
    _assert_same(*_solve_both(monkeypatch, scenario.inputs()))


@pytest.mark.parametrize("argv", [["forecast", "{ktab}"], ["forecast", "{ktab}", "--json"]])
def test_small_forecast_loads_no_heavy_module(argv):
    """`accord forecast` on KTAB's 7-actor example loads neither numba, pandas, spaCy,
    scipy nor the other commands' libraries (each is hundreds of ms of start-up)."""
    ktab = str(shared_path("data", "ktab", "dummyData_3Dim.csv"))
    args = [a.format(ktab=ktab) for a in argv]
    code = ("import sys, runpy; sys.argv = ['accord'] + sys.argv[1:]\n"
            "try:\n    runpy.run_module('accord.cli', run_name='__main__')\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
            "{'numba', 'pandas', 'spacy', 'scipy', 'dask', 'distributed', 'trafilatura', 'starlette', 'uvicorn', "
            "'jinja2', 'psutil', 'pydantic'})\n"
            "print('HEAVY', heavy, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY []" in proc.stderr, proc.stderr
