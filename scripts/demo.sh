#!/usr/bin/env bash
# Install daihoi into .venv and start it on the demo province: http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/daihoi demo "$@"
