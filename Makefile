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

POORT ?= 8000
OIDC_POORT ?= 8001
OIDC_ISSUER := http://127.0.0.1:$(OIDC_POORT)
OIDC_PID := .oidc-provider.pid
OIDC_LOG := .oidc-provider.log
WORKER_PID := .worker.pid
WORKER_LOG := .worker.log
SMTP_POORT ?= 8025
SMTP_PID := .smtp-sink.pid
SMTP_LOG := .smtp-sink.log
MAILMAP := .mails

# DUO's open data (registratie/data/SOURCE.md): basisscholen, special schools (SBO, SO, VSO, (V)SO), board names
# and KvK numbers, pupils per vestiging. The first 25 boards include special-school boards (20151, 20233) and
# boards with both kinds (13622, 20281); DEMO_GEZAGEN names two of them, so they stay in whatever DEMO_BESTUREN is.
DEMO_CSV := registratie/data/02.-alle-schoolvestigingen-basisonderwijs.csv \
            registratie/data/09.-alle-vestigingen-sbo-so-en-vso.csv registratie/data/duo_besturen.csv \
            registratie/data/06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging.csv
DEMO_BESTUREN := 25
DEMO_GEZAGEN := 20281 20233

.PHONY: help run test test-snel test-browser lint lint-api check-deploy talen venv migreer demo-data demo-gebruikers \
        oidc-provider oidc-provider-stop worker worker-stop smtp-sink smtp-sink-stop chromium

help:
	@echo "make run           portaal met demodata op http://127.0.0.1:8000 en de demo-inlogdienst op :8001"
	@echo "make test          alle tests (pytest), incl. browsertests in chromium"
	@echo "make test-snel     tests zonder browser (-m 'not browser')"
	@echo "make test-browser  alleen de browsertests (-m browser)"
	@echo "make lint          ruff, ontbrekende migraties, importcontracten (import-linter), mypy"
	@echo "make lint-api      /api/v1/openapi.json tegen de API Design Rules (Spectral, regels van Logius)"
	@echo "make check-deploy  'manage.py check --deploy' met productie-instellingen"
	@echo "make smtp-sink     alleen de lokale SMTP-sink (mails als .eml in .mails/); make run start hem zelf"
	@echo "make talen         Engelse catalogus bijwerken (makemessages) en compileren (gettext nodig)"

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
# The provider runs in the background while runserver runs in the foreground; the trap stops the provider
# however runserver ends (Ctrl-C, an error, a kill).
run: venv migreer demo-data demo-gebruikers oidc-provider worker smtp-sink
	@echo "==> portaal start op http://127.0.0.1:$(POORT)"
	@echo "    e-mail: alle mails gaan naar de lokale SMTP-sink op 127.0.0.1:$(SMTP_POORT) en staan als .eml in $(CURDIR)/$(MAILMAP)/"
	@echo "    (regel per mail in $(SMTP_LOG)); herinneringen versturen: $(MANAGE) verstuur_herinneringen"
	@echo "    inloggen: 'Inloggen via uw organisatie' gaat naar de demo-inlogdienst $(OIDC_ISSUER); kies daar een"
	@echo "    van de demopersonen hierboven. Of met wachtwoord 'demo' als beheerder, collega, lezer, ander of schoolleider."
	@trap '$(MAKE) --no-print-directory oidc-provider-stop worker-stop smtp-sink-stop' EXIT INT TERM; \
	    OIDC_OP_ISSUER=$(OIDC_ISSUER) EMAIL_PORT=$(SMTP_POORT) PORTAAL_URL=http://127.0.0.1:$(POORT) \
	    $(MANAGE) runserver 127.0.0.1:$(POORT)

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
	    $(MANAGE) importeer_duo_open_data $(DEMO_CSV) --vul-registratie --besturen $(DEMO_BESTUREN) \
	        $(addprefix --bevoegd-gezag ,$(DEMO_GEZAGEN)); \
	fi

demo-gebruikers: venv demo-data
	$(MANAGE) maak_demo_gebruikers

# >>> OIDC-provider ---------------------------------------------------------------------------------
# The local OpenID Connect provider (oidc-provider-mock, `manage.py start_oidc_provider`) with demo people
# built from the database. Started in the background (PID in $(OIDC_PID), output in $(OIDC_LOG)); `make run`
# stops it when runserver ends. A provider left over from an earlier run is replaced, so its people match
# the current database. Stop one by hand with `make oidc-provider-stop`.
oidc-provider: venv demo-gebruikers oidc-provider-stop
	@echo "==> demo-inlogdienst (OpenID Connect) starten op $(OIDC_ISSUER)  (log: $(OIDC_LOG))"
	@OIDC_OP_ISSUER=$(OIDC_ISSUER) $(MANAGE) start_oidc_provider --host 127.0.0.1 --poort $(OIDC_POORT) \
	    >$(OIDC_LOG) 2>&1 & echo $$! >$(OIDC_PID)
	@for _ in $$(seq 1 100); do \
	    if ! kill -0 "$$(cat $(OIDC_PID))" 2>/dev/null; then \
	        echo "De demo-inlogdienst is niet gestart:"; cat $(OIDC_LOG); rm -f $(OIDC_PID); exit 1; \
	    fi; \
	    (exec 3<>/dev/tcp/127.0.0.1/$(OIDC_POORT)) 2>/dev/null && grep -qs demopersonen $(OIDC_LOG) && exit 0; \
	    sleep 0.2; \
	done; echo "De demo-inlogdienst antwoordt niet na 20 s:"; cat $(OIDC_LOG); kill "$$(cat $(OIDC_PID))"; exit 1
	@cat $(OIDC_LOG)

# Stops the provider by the PID in $(OIDC_PID), only if that process really is start_oidc_provider.
oidc-provider-stop:
	@if [ -f $(OIDC_PID) ]; then \
	    pid=$$(cat $(OIDC_PID)); \
	    if grep -qs start_oidc_provider /proc/$$pid/cmdline \
	            || ps -o args= -p $$pid 2>/dev/null | grep -q start_oidc_provider; then \
	        kill $$pid && echo "==> demo-inlogdienst gestopt (PID $$pid)"; \
	    fi; \
	    rm -f $(OIDC_PID); \
	fi
# <<< OIDC-provider ---------------------------------------------------------------------------------

# The task worker (django-tasks-db) that runs long exports such as the national control file. Like the
# provider: in the background during `make run` (PID in $(WORKER_PID), output in $(WORKER_LOG)).
worker: venv migreer worker-stop
	@echo "==> taakverwerker (db_worker) starten voor achtergrondexports  (log: $(WORKER_LOG))"
	@$(MANAGE) db_worker --no-reload >$(WORKER_LOG) 2>&1 & echo $$! >$(WORKER_PID)

worker-stop:
	@if [ -f $(WORKER_PID) ]; then \
	    pid=$$(cat $(WORKER_PID)); \
	    if grep -qs db_worker /proc/$$pid/cmdline || ps -o args= -p $$pid 2>/dev/null | grep -q db_worker; then \
	        kill $$pid && echo "==> taakverwerker gestopt (PID $$pid)"; \
	    fi; \
	    rm -f $(WORKER_PID); \
	fi

# The local SMTP sink (aiosmtpd, `manage.py smtp_sink`): development settings send every mail to it; it delivers
# nothing, saves each mail as an .eml file in $(MAILMAP)/ and logs a line per mail in $(SMTP_LOG). Like the worker:
# in the background during `make run`, stopped when runserver ends.
smtp-sink: venv smtp-sink-stop
	@echo "==> SMTP-sink starten op 127.0.0.1:$(SMTP_POORT); mails in $(CURDIR)/$(MAILMAP)/  (log: $(SMTP_LOG))"
	@$(MANAGE) smtp_sink --poort $(SMTP_POORT) --map $(MAILMAP) >$(SMTP_LOG) 2>&1 & echo $$! >$(SMTP_PID)
	@for _ in $$(seq 1 50); do \
	    if ! kill -0 "$$(cat $(SMTP_PID))" 2>/dev/null; then \
	        echo "De SMTP-sink is niet gestart (poort $(SMTP_POORT) bezet? kies een andere met SMTP_POORT=...):"; \
	        cat $(SMTP_LOG); rm -f $(SMTP_PID); exit 1; \
	    fi; \
	    grep -qs "luistert op" $(SMTP_LOG) && exit 0; \
	    sleep 0.2; \
	done; echo "De SMTP-sink antwoordt niet na 10 s:"; cat $(SMTP_LOG); kill "$$(cat $(SMTP_PID))"; exit 1

smtp-sink-stop:
	@if [ -f $(SMTP_PID) ]; then \
	    pid=$$(cat $(SMTP_PID)); \
	    if grep -qs smtp_sink /proc/$$pid/cmdline || ps -o args= -p $$pid 2>/dev/null | grep -q smtp_sink; then \
	        kill $$pid && echo "==> SMTP-sink gestopt (PID $$pid)"; \
	    fi; \
	    rm -f $(SMTP_PID); \
	fi

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
# Languages (issue 16 §7): Dutch is the source, locale/en holds the English catalogue. After changing a UI text:
# `make talen`, translate the new or fuzzy entries in locale/en/LC_MESSAGES/django.po, `make talen` again, and commit
# the .po and the .mo (the portal reads the .mo, so `make run` needs no gettext). Only the source folders are read;
# keep the ignore list in step with BRONNEN in tests/rio_portal/test_talen.py.
TAAL_NEGEER := $(foreach m,tests bench docs scripts static staticfiles exports keycloak locale .npm-tools,--ignore=$(m))
talen: venv
	@command -v msgmerge >/dev/null || { echo "gettext ontbreekt: apt-get install gettext"; exit 1; }
	$(MANAGE) makemessages -l en --no-obsolete --add-location file $(TAAL_NEGEER)
	$(MANAGE) compilemessages -l en --ignore '.venv*' --ignore .npm-tools

# ---------------------------------------------------------------------------------------------------
# Checks (also run by .ci/run)
lint: venv
	$(VENV)/bin/ruff check .
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# The Dutch API Design Rules linter (Logius' Spectral ruleset, docs/api/) against the served OpenAPI document:
# 0 errors and 0 warnings. Spectral and its dependencies, pinned in docs/api/package-lock.json, go into .npm-tools/
# (npm ci, reinstalled only when the pins change); node and npm must be there (CI installs them with apt).
SPECTRAL := .npm-tools/node_modules/.bin/spectral

$(SPECTRAL): docs/api/package.json docs/api/package-lock.json
	@command -v npm >/dev/null || { echo "npm ontbreekt: installeer nodejs en npm (Debian: apt-get install nodejs npm)"; exit 1; }
	@echo "==> Spectral installeren in .npm-tools/ (versies uit docs/api/package-lock.json)"
	@mkdir -p .npm-tools && cp docs/api/package.json docs/api/package-lock.json .npm-tools/
	@cd .npm-tools && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

lint-api: venv $(SPECTRAL)
	@PY=$(PY) scripts/lint_api.sh

# Production settings with a throwaway key generated on the spot (never a committed one).
check-deploy: venv
	@SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(45))') \
	    OIDC_RP_CLIENT_SECRET=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(32))') \
	    OIDC_OP_ISSUER=https://inloggen.example.nl OIDC_RP_CLIENT_ID=rio-portaal \
	    DJANGO_SETTINGS_MODULE=rio_portal.settings.production ALLOWED_HOSTS=rio.example.nl \
	    $(MANAGE) check --deploy --fail-level WARNING
