#!/usr/bin/env bash
# `make lint-api`: Spectral with Logius' API Design Rules ruleset (docs/api/adr-linter.yaml) against
# /api/v1/openapi.json as a running portal serves it. Fails on any error or warning.
# Starts `manage.py runserver` on a free port of 127.0.0.1 and stops it (by its PID) however the lint ends.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
SPECTRAL=.npm-tools/node_modules/.bin/spectral
LOG=.npm-tools/runserver.log

poort=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PY" manage.py runserver --noreload "127.0.0.1:$poort" >"$LOG" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT

url="http://127.0.0.1:$poort/api/v1/openapi.json"
for _ in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "Het portaal is niet gestart:"; cat "$LOG"; exit 1
    fi
    "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" 2>/dev/null && break
    sleep 0.2
done

echo "==> spectral $("$SPECTRAL" --version) met docs/api/adr-linter.yaml tegen $url"
"$SPECTRAL" lint --ruleset docs/api/adr-linter.yaml --fail-severity warn "$url"
