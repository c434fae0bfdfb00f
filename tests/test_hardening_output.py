"""Outputs: pairs replaced together, the umask respected, unwritable targets refused before work."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from accord.errors import InputError
from accord.scenario.io import check_writable, write_files
from accord.store import Store


def _cli(*args, cwd=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "accord.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout)


def test_a_failed_pair_leaves_the_old_pair(tmp_path):
    a, b = tmp_path / "forecast.json", tmp_path / "report.html"
    write_files({a: "old json", b: "old page"})
    with pytest.raises(UnicodeEncodeError):  # the second document cannot be written
        write_files({a: "new json", b: "new page \ud800"})
    assert a.read_text() == "old json" and b.read_text() == "old page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forecast.json", "report.html"]  # no temp left
    write_files({a: "new json", b: "new page"})
    assert a.read_text() == "new json" and b.read_text() == "new page"


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_follow_the_umask(tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        write_files({tmp_path / "x.json": "{}"})
    finally:
        os.umask(old)
    assert (tmp_path / "x.json").stat().st_mode & 0o777 == mode


def test_check_writable(tmp_path):
    (tmp_path / "plain").write_text("x")
    with pytest.raises(InputError, match="a file stands where a folder is needed"):
        check_writable(tmp_path / "plain", "--out", folder=True)
    with pytest.raises(InputError, match="a file stands where a folder is needed"):
        check_writable(tmp_path / "plain" / "out", "--out", folder=True)
    with pytest.raises(InputError, match="pass --force"):
        check_writable(tmp_path / "plain", "--output", force=False)
    check_writable(tmp_path / "plain", "--output", force=True)
    check_writable(tmp_path / "new" / "deeper", "--out", folder=True)
    assert (tmp_path / "new" / "deeper").is_dir() and not list((tmp_path / "new" / "deeper").iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_a_read_only_folder_is_refused(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(InputError, match="cannot write in this folder"):
            check_writable(ro, "--out", folder=True)
    finally:
        ro.chmod(0o755)


@pytest.mark.slow
def test_demo_twice_into_one_folder(tmp_path):
    out = tmp_path / "out"
    (tmp_path / "out").mkdir()
    (out / "mine.txt").write_text("keep me")
    for _ in range(2):
        r = _cli("demo", "--out", str(out), "--draws", "0")
        assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["forecast.json", "mine.txt", "report.html"]
    assert (out / "mine.txt").read_text() == "keep me"


def test_unwritable_out_is_refused_before_any_work(tmp_path):
    (tmp_path / "plain").write_text("x")
    bad_out = tmp_path / "plain" / "out"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Russia said no to the plan on Monday.")
    db = tmp_path / "news.db"
    r = _cli("run", str(folder), "--case", "ukraine_2024", "--db", str(db), "--out", str(bad_out))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "--out" in r.stderr and "Traceback" not in r.stderr
    assert not db.exists()  # nothing was ingested
    r = _cli("backtest", "deu", str(tmp_path / "missing.tsv"), "--out", str(bad_out))
    assert r.returncode == 2 and "--out" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_draft_replaces_an_existing_file_only_with_force(tmp_path):
    db = tmp_path / "s.db"
    Store(db).close()
    target = tmp_path / "mine.yaml"
    target.write_text("my own notes\n")
    r = _cli("scenario", "draft", "--db", str(db), "--case", "ukraine_2024", "-o", str(target))
    assert r.returncode == 2 and "--force" in r.stderr
    assert target.read_text() == "my own notes\n"
    r = _cli("scenario", "draft", "--db", str(db), "--case", "ukraine_2024", "-o", str(target), "--force")
    assert r.returncode == 0, r.stderr
    assert target.read_text().startswith("id: ukraine_2024")
