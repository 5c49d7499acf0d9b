#!/bin/sh
# What the web container runs at start (Dockerfile CMD); tests/rio_portal/test_start_web.py runs the same script outside
# Docker against a real database. Migrations first: several replicas may start at once, and Django's
# migrations are idempotent but not locked, so scale out only after the first container is up (docs/beheer.md).
# collectstatic again at start: the image already holds the files, but a STATIC_ROOT mounted as a volume (for
# a proxy that serves /static/) is empty until this runs; unchanged files are not copied again.
set -eu
python manage.py migrate --noinput
python manage.py collectstatic --noinput --verbosity 0
exec gunicorn rio_portal.wsgi --bind "${GUNICORN_BIND:-0.0.0.0:8000}" --workers "${GUNICORN_WORKERS:-3}" \
    --access-logfile -
