#!/usr/bin/env bash
# Run the app as users will: DEBUG off, hashed and compressed static files served by whitenoise,
# gunicorn in front, and the background worker (imports, exports) beside it; stopped together.
#   scripts/demo_server.sh          the demo: plain http on 127.0.0.1 (HTTPS=0), a local secret key
#   MODE=production scripts/demo_server.sh   behind a TLS proxy: SECRET_KEY and ALLOWED_HOSTS required
set -euo pipefail
BIN=${BIN:-.venv/bin}
PORT=${PORT:-8000}
MODE=${MODE:-demo}
mkdir -p var
export DEBUG=0
if [ "$MODE" = demo ]; then
  export HTTPS=${HTTPS:-0}
  export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
  if [ -z "${SECRET_KEY:-}" ]; then
    [ -s var/demo-secret-key ] || "$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))' > var/demo-secret-key
    SECRET_KEY=$(cat var/demo-secret-key)
    export SECRET_KEY
  fi
  BIND=${BIND:-127.0.0.1:$PORT}
else
  : "${SECRET_KEY:?set SECRET_KEY (a long random string) for production}"
  : "${ALLOWED_HOSTS:?set ALLOWED_HOSTS (the server names, comma-separated)}"
  BIND=${BIND:-127.0.0.1:$PORT}
  "$BIN/python" manage.py migrate --noinput -v0
fi
"$BIN/python" manage.py collectstatic --noinput -v0
"$BIN/python" manage.py db_worker --no-reload --interval 1 > var/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo "Background worker started (log: var/worker.log)."
if [ "$MODE" = demo ]; then
  echo "Open http://127.0.0.1:$PORT/ — stop with Ctrl+C."
fi
"$BIN/gunicorn" baovetreem.wsgi --bind "$BIND" --workers "${WEB_WORKERS:-2}" --threads "${WEB_THREADS:-4}" \
  --timeout 120 --access-logfile - --error-logfile -
