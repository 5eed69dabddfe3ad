#!/usr/bin/env bash
# Start Options Appraisal Studio on the shipped sample case: bash run.sh  (then open the address it prints)
set -euo pipefail
cd "$(dirname "$0")"
source ./scripts_env.sh requirements.txt
exec "$VENV/bin/python" -m streamlit run app.py "$@"
