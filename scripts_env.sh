# Sourced by run.sh and test.sh: a local virtual environment with the requirements installed.
# Re-installs only when a requirements file changes.
set -euo pipefail
PY="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "First run: creating a Python environment in $VENV (once) ..." >&2
  "$PY" -m venv "$VENV"
fi
want=$(cat "$@" | sha256sum | cut -d' ' -f1)
stamp="$VENV/.requirements-$(basename "$1" .txt).sha256"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "Installing what the app needs from $* (first run or after an update: about a minute) ..." >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$1"
  echo "$want" > "$stamp"
  echo "Installed." >&2
fi
