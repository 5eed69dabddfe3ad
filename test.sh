#!/usr/bin/env bash
# Run every test (unit, page and browser tests): bash test.sh   (extra arguments go to pytest)
set -euo pipefail
cd "$(dirname "$0")"
source ./scripts_env.sh requirements-dev.txt requirements.txt
exec "$VENV/bin/python" -m pytest "$@"
