# RIO-portaal PO. On a fresh machine only two commands are needed:
#   make run    portal with demo data on http://127.0.0.1:8000 (SQLite unless DATABASE_URL is set)
#   make test   the whole test suite (installs Debian's chromium for the browser tests when root)
# Both create .venv with a Python >= 3.12 and install pyproject.toml's dependencies when needed.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.geinstalleerd
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=

DEMO_CSV := registratie/data/02.-alle-schoolvestigingen-basisonderwijs.csv
DEMO_BESTUREN := 25

.PHONY: help run test test-snel test-browser lint check-deploy venv migreer demo-data demo-gebruikers \
        oidc-provider chromium

help:
	@echo "make run           portaal met demodata op http://127.0.0.1:8000 (inloggen: beheerder/demo)"
	@echo "make test          alle tests (pytest), incl. browsertests in chromium"
	@echo "make test-snel     tests zonder browser (-m 'not browser')"
	@echo "make test-browser  alleen de browsertests (-m browser)"
	@echo "make lint          ruff + controle op ontbrekende migraties"
	@echo "make check-deploy  'manage.py check --deploy' met productie-instellingen"

# ---------------------------------------------------------------------------------------------------
# Set-up: .venv with Python >= 3.12; (re)install only when pyproject.toml is newer than the stamp.
venv:
	@if ! $(PY) -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; then \
	    PYTHON_PAD=$$(scripts/vind_python.sh) || exit 1; \
	    echo "==> .venv aanmaken met $$PYTHON_PAD"; \
	    rm -rf $(VENV) && "$$PYTHON_PAD" -m venv $(VENV) || exit 1; \
	fi
	@if [ ! -f $(STAMP) ] || [ pyproject.toml -nt $(STAMP) ]; then \
	    echo "==> afhankelijkheden uit pyproject.toml installeren in .venv (eenmalig, ~1 minuut)"; \
	    $(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]" && touch $(STAMP); \
	fi

# ---------------------------------------------------------------------------------------------------
# make run
run: venv migreer demo-data demo-gebruikers oidc-provider
	@echo "==> portaal start op http://127.0.0.1:8000  (inloggen: beheerder, collega, lezer of ander; wachtwoord demo)"
	$(MANAGE) runserver 127.0.0.1:8000

migreer: venv
	$(MANAGE) migrate --noinput

# Idempotent: the import runs only while the register is still empty, so a second `make run` is quick.
# To load again from scratch: remove db.sqlite3 (or the PostgreSQL database) and run `make run`.
demo-data: venv migreer
	@if $(MANAGE) shell -v 0 -c "import sys; from registratie.models import Onderwijsaanbieder; \
	        sys.exit(0 if Onderwijsaanbieder.objects.exists() else 1)" 2>/dev/null; then \
	    echo "==> demodata staat al in de database: importeren overgeslagen"; \
	else \
	    echo "==> demodata importeren uit de open data van DUO ($(DEMO_BESTUREN) besturen)"; \
	    $(MANAGE) importeer_duo_open_data $(DEMO_CSV) --vul-registratie --besturen $(DEMO_BESTUREN); \
	fi

demo-gebruikers: venv demo-data
	$(MANAGE) maak_demo_gebruikers

# >>> OIDC-provider (later issue) ------------------------------------------------------------------
# Here `make run` will start the local OIDC provider (oidc-provider-mock) in the background before
# runserver, and stop it when runserver ends. Not implemented yet: the demo uses the password login.
oidc-provider:
	@:
# <<< OIDC-provider ---------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------------------
# make test
test: venv chromium
	$(PY) -m pytest $(PYTEST_ARGS)

test-snel: venv
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

test-browser: venv chromium
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

# The browser tests drive Debian's chromium (/usr/bin/chromium) through Playwright; no `playwright install`.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	        echo "==> chromium installeren voor de browsertests (apt-get, ~30 s)"; \
	        apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium || exit 1; \
	    else \
	        echo "LET OP: /usr/bin/chromium ontbreekt, dus de browsertests falen."; \
	        echo "        Installeer het met 'sudo apt-get install chromium', of draai 'make test-snel'."; \
	    fi; \
	fi

# ---------------------------------------------------------------------------------------------------
# Checks (also run by .ci/run)
lint: venv
	$(VENV)/bin/ruff check .
	$(MANAGE) makemigrations --check --dry-run

# Production settings with a throwaway key generated on the spot (never a committed one).
check-deploy: venv
	@SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(45))') \
	    DJANGO_SETTINGS_MODULE=rio_portal.settings.production ALLOWED_HOSTS=rio.example.nl \
	    $(MANAGE) check --deploy --fail-level WARNING
