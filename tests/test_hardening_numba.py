"""numba's cache where the package folder cannot be written (a non-root user)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from accord.numba_cache import configure


def test_fallbacks(tmp_path):
    (tmp_path / "file").write_text("x")
    blocked = tmp_path / "file" / "__pycache__"  # a file stands where the folder would be
    env = {"HOME": str(tmp_path / "home")}
    assert configure(blocked, env) == str(tmp_path / "home" / ".cache" / "accord" / "numba")
    assert env["NUMBA_CACHE_DIR"] == str(tmp_path / "home" / ".cache" / "accord" / "numba")
    env = {"XDG_CACHE_HOME": str(tmp_path / "file" / "cache"), "HOME": str(tmp_path / "file")}
    private = configure(blocked, env)
    assert private and os.path.isdir(private) and os.stat(private).st_mode & 0o077 == 0  # fresh, private
    os.rmdir(private)
    env = {"NUMBA_CACHE_DIR": "/somewhere/else"}
    assert configure(blocked, env) == "/somewhere/else"  # the user's choice stands
    env = {}
    assert configure(tmp_path / "ok" / "__pycache__", env) is None and "NUMBA_CACHE_DIR" not in env


def test_eum_runs_with_the_package_cache_blocked(tmp_path):
    """The real kernels compile and cache into the fallback folder, numba imported after."""
    (tmp_path / "file").write_text("x")
    code = textwrap.dedent(f"""
        import os, pathlib
        from accord.numba_cache import configure
        os.environ.pop("NUMBA_CACHE_DIR", None)
        where = configure(pathlib.Path({str(tmp_path / "file" / "pc")!r}))
        import accord
        import accord.models.eum
        accord.models.eum._PY_CELLS = -1  # the compiled kernel, not the small-case Python one
        r = accord.solve(accord.load("ukraine_2024"), models=["eum"])
        print(where, len(list(pathlib.Path(where).rglob("*.nbi"))) > 0)
        """)
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == [str(tmp_path / "cache" / "accord" / "numba"), "True"]
