#!/usr/bin/env bash
# Run every test (unit, page and browser tests): bash test.sh   (extra arguments go to pytest)
# With no arguments (the full suite, as CI runs it) coverage of appraisal/, ui/ and views/ is measured
# and must reach [tool.coverage.report] fail_under in pyproject.toml; with arguments it is not measured.
set -euo pipefail
cd "$(dirname "$0")"
source ./scripts_env.sh requirements-dev.txt requirements.txt
if [ "$#" -eq 0 ]; then
  set -- --cov --cov-report=term:skip-covered
fi
exec "$VENV/bin/python" -m pytest "$@"
