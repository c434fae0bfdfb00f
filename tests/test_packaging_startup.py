"""Start-up: a small case is answered without loading what it does not need.

The expected utility model runs its kernel as plain Python for one small case (no numba
start-up) and compiled for the rest; both must stop alike and agree to the last bits.
"""

from __future__ import annotations

import os
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


#: what `accord forecast` on a small CSV must not import: the other stages' libraries (each
#: tens to hundreds of ms of start-up) and accord's own packages for other commands
HEAVY = ("numba", "pandas", "spacy", "scipy", "dask", "distributed", "trafilatura", "starlette", "uvicorn",
         "jinja2", "psutil", "pydantic", "rich", "yaml", "sqlite3", "accord.simulate", "accord.report",
         "accord.news", "accord.web", "accord.ledger", "accord.api", "accord.results",
         *(f"accord.commands.{m}" for m in ("news", "simulate", "evaluate", "draft", "backtest", "disputes", "web",
                                            "ledger")))


@pytest.mark.parametrize("argv", [["forecast", "{ktab}"], ["forecast", "{ktab}", "--json"]])
def test_small_forecast_loads_no_heavy_module(argv):
    """`accord forecast` on KTAB's 7-actor example loads neither numba, pandas, spaCy,
    scipy, jinja2, rich nor the other commands' libraries and packages."""
    ktab = str(shared_path("data", "ktab", "dummyData_3Dim.csv"))
    args = [a.format(ktab=ktab) for a in argv]
    code = ("import sys, runpy; sys.argv = ['accord'] + sys.argv[1:]\n"
            "try:\n    runpy.run_module('accord.cli', run_name='__main__')\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            f"heavy = sorted(h for h in {HEAVY!r} if any(m == h or m.startswith(h + '.') for m in sys.modules))\n"
            "print('HEAVY', heavy, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY []" in proc.stderr, proc.stderr


def test_heavy_check_sees_a_heavy_import():
    """The check above would fail if a heavy module were imported: `accord whatif` loads
    accord.simulate (and `accord --help` every command module)."""
    code = ("import sys, runpy; sys.argv = ['accord', 'whatif', 'ukraine_2024', '-l', 'oil_at_50', '-m', 'compromise']\n"
            "try:\n    runpy.run_module('accord.cli', run_name='__main__')\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            f"print('HEAVY', sorted(h for h in {HEAVY!r} if any(m == h or m.startswith(h + '.') for m in sys.modules)),"
            " file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "'accord.simulate'" in proc.stderr, proc.stderr


def test_one_command_app_parses_and_helps_as_the_whole_app():
    """`accord CMD` runs a copy of the app holding only CMD (start-up): its help and its
    errors are the whole app's, for every command and group."""
    import typer.main
    from typer.testing import CliRunner

    from accord.cli import app, app_for

    runner = CliRunner()
    names = list(typer.main.get_command(app).commands)
    assert len(names) > 20
    for name in names:
        lean = app_for([name])
        assert lean is not app and len(lean.registered_commands) + len(lean.registered_groups) == 1, name
        for args in ([name, "--help"], [name, "--no-such-option"]):
            full, one = runner.invoke(app, args), runner.invoke(lean, args)
            assert (one.exit_code, one.output) == (full.exit_code, full.output), args
    for argv in ([], ["--help"], ["--version"], ["frecast"]):
        assert app_for(argv) is app


def test_command_modules_join_on_first_need_in_a_fresh_process():
    """Importing accord.cli registers no command module; building the app and reading its
    command list, or running one of their commands, brings them all (the walk other tests
    do sees every command, whatever ran before it in the process)."""
    code = ("import sys, typer.main\n"
            "from typer.testing import CliRunner\n"
            "from accord.cli import app\n"
            "assert 'accord.commands.simulate' not in sys.modules\n"
            "names = list(typer.main.get_command(app).commands)\n"
            "assert 'whatif' in names and 'ledger' in names and names[:5] == "
            "['demo', 'report', 'validate', 'schema', 'forecast'], names\n"
            "r = CliRunner().invoke(app, ['trades', 'ukraine_2024', '--rounds', '1', '--json'])\n"
            "assert r.exit_code == 0, r.output\n"
            "print(len(names))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    fresh = ("import sys\nfrom typer.testing import CliRunner\nfrom accord.cli import app\n"
             "r = CliRunner().invoke(app, ['whatif', 'ukraine_2024', '-l', 'oil_at_50', '-m', 'compromise', '--json'])\n"
             "assert r.exit_code == 0, r.output\nassert '\"oil_at_50\"' in r.output\n")
    proc = subprocess.run([sys.executable, "-c", fresh], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def _threads_after(code: str, env: dict) -> int:
    proc = subprocess.run([sys.executable, "-c", code + "\nimport os\nprint('TASKS', len(os.listdir('/proc/self/task')))"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    return int(proc.stdout.rsplit("TASKS", 1)[1])


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux's /proc to count threads")
def test_the_command_line_asks_openblas_for_one_thread():
    """`accord forecast` runs in one thread (OpenBLAS's spin-waiting threads were a third of
    its CPU time); a user's own OPENBLAS_NUM_THREADS / OMP_NUM_THREADS stands."""
    ktab = str(shared_path("data", "ktab", "dummyData_3Dim.csv"))
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS",
                                                            "OMP_NUM_THREADS")}
    run = ("import sys, io, contextlib\nsys.argv = ['accord', 'forecast', %r]\nfrom accord.cli import main\n"
           "with contextlib.redirect_stdout(io.StringIO()):\n    try:\n        main()\n"
           "    except SystemExit as e:\n        assert not e.code, e.code" % ktab)
    assert _threads_after(run, env) == 1
    if (os.cpu_count() or 1) > 1:  # the check can fail: numpy alone starts OpenBLAS threads here
        assert _threads_after("import numpy", env) > 1
        assert _threads_after(run, {**env, "OMP_NUM_THREADS": "2"}) == 2
