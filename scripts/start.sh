#!/usr/bin/env bash
# Install what is needed, then start Pushback (extra arguments go to main.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python main.py "$@"
