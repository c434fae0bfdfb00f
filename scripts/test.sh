#!/usr/bin/env bash
# One command for a developer or CI: set everything up (venv, pinned packages, Chromium
# for the browser test where we are root), lint src/ with ruff, type-check it with mypy, then run the whole
# test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# with the training packages too (requirements-train.lock): tests of the cross-encoder's
# export and forward pass need JAX and onnx, which accord never imports at run time
bash scripts/setup.sh --train
if [ -f scripts/install-browser.sh ]; then
  bash scripts/install-browser.sh
fi
# lint first: undefined or unused names and syntax errors in src/ fail the run
.venv/bin/ruff check --quiet src
# then types: mypy on src/accord as pyproject.toml's [tool.mypy] sets it (cache in .mypy_cache)
.venv/bin/mypy
set +e
.venv/bin/python -m pytest -n 2 -p no:cacheprovider "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "no tests were collected" >&2
fi
exit "$rc"
