#!/usr/bin/env bash
# Run the demo: the background worker (imports, exports) and the web server, stopped together.
set -euo pipefail
BIN=${BIN:-.venv/bin}
PORT=${PORT:-8000}
mkdir -p var
"$BIN/python" manage.py db_worker --no-reload --interval 1 > var/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo "Background worker started (log: var/worker.log)."
echo "Open http://127.0.0.1:$PORT/ — stop with Ctrl+C."
"$BIN/python" manage.py runserver --noreload "127.0.0.1:$PORT"
