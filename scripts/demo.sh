#!/usr/bin/env bash
# One command for a new user: set everything up, then run the main job on the built-in
# case (ukraine_2024): the table of issue x model, out/report.html and out/forecast.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/accord demo "$@"
