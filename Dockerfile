# Production-like image of the RIO-portaal: gunicorn + WhiteNoise, settings from the environment
# (docs/configuratie.md). Used by docker-compose.yml.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=rio_portal.settings.production \
    STATIC_ROOT=/app/staticfiles

WORKDIR /app

# Dependencies first (cached while pyproject.toml does not change); the project itself installs no package.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .

# collectstatic only needs the settings to load: a throwaway key generated here and placeholder OIDC values
# (production requires them), never stored in the image; the real ones come from the environment at run time.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" ALLOWED_HOSTS=localhost \
    OIDC_OP_ISSUER=https://oidc.invalid OIDC_RP_CLIENT_ID=build OIDC_RP_CLIENT_SECRET=build \
    python manage.py collectstatic --noinput \
 && useradd --system --no-create-home --uid 10001 portaal \
 && mkdir -p /app/exports && chown -R portaal /app/exports /app/staticfiles

USER portaal
EXPOSE 8000

# At start: migrate, collectstatic (for a STATIC_ROOT volume), then gunicorn: scripts/start_web.sh, which
# tests/test_start_web.py also runs.
CMD ["sh", "scripts/start_web.sh"]
