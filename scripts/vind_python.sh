#!/usr/bin/env bash
# Print the path of a Python >= 3.12 for the portal's virtualenv (used by the Makefile).
#
# Order: $PYTHON (if set), python3.13, python3.12, pyenv's 3.13.x and 3.12.x, and python3 last.
# pyenv shims for python3.12/python3.13 exist on PATH even when that version is not selected and then
# fail with "command not found", so every candidate is tested by actually running it.
set -uo pipefail

werkt() {
    "$1" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1
}

kandidaten=()
[ -n "${PYTHON:-}" ] && kandidaten+=("$PYTHON")
kandidaten+=(python3.13 python3.12)
for versie in 3.13 3.12; do
    # newest patch release first (3.12.10 before 3.12.9)
    while IFS= read -r pad; do
        kandidaten+=("$pad")
    done < <(ls -d "$HOME"/.pyenv/versions/"$versie".*/bin/python3 2>/dev/null | sort -rV)
done
kandidaten+=(python3)

for kandidaat in "${kandidaten[@]}"; do
    if werkt "$kandidaat"; then
        # the real interpreter, not a shim: the venv must keep working whatever pyenv selects later
        "$kandidaat" -c 'import sys; print(sys.executable)'
        exit 0
    fi
done

cat >&2 <<'MELDING'
FOUT: geen Python 3.12 of nieuwer gevonden (Django 6.1 vereist Python >= 3.12).
Geprobeerd: python3.13, python3.12, ~/.pyenv/versions/3.13.*/3.12.*, python3.
Installeer Python 3.12+ (bijv. `apt-get install python3` op Debian 13, `pyenv install 3.12`,
of via python.org) en draai het commando opnieuw, of wijs er een aan met PYTHON=/pad/naar/python3.
MELDING
exit 1
