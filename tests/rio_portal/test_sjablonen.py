"""Django's ``{# … #}`` comment ends on the line it starts; one that runs over two lines is printed on the page.

Stop 25's CI failed on exactly that: the effective-contacts include showed its comment as text in controle.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import engines

# Jinja templates of the demo login service (oidc-provider-mock draws them with Flask); Jinja comments may span lines.
JINJA = Path(settings.BASE_DIR) / "autorisatie" / "demo_inlogdienst"


def _django_sjablonen() -> list[Path]:
    mappen = [Path(d) for d in engines["django"].engine.dirs]
    mappen += [Path(app.path) / "templates" for app in apps.get_app_configs()]
    eigen = [m for m in mappen if m.is_dir() and Path(settings.BASE_DIR) in m.parents]
    return sorted({p for m in eigen for p in m.rglob("*.html") if JINJA not in p.parents})


def _open_commentaar(regel: str) -> bool:
    """Whether a ``{#`` on this line is left open at the end of it."""
    rest = regel
    while "{#" in rest:
        rest = rest.split("{#", 1)[1]
        if "#}" not in rest:
            return True
        rest = rest.split("#}", 1)[1]
    return False


def test_er_zijn_sjablonen_om_te_lezen() -> None:
    sjablonen = _django_sjablonen()
    assert len(sjablonen) > 50
    assert any(p.name == "_effectief_begeleiders.html" for p in sjablonen)


def test_geen_commentaar_over_meer_regels() -> None:
    fout = [
        f"{p.relative_to(settings.BASE_DIR)}:{nr}"
        for p in _django_sjablonen()
        for nr, regel in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if _open_commentaar(regel)
    ]
    assert fout == [], "gebruik {% comment %} … {% endcomment %} voor commentaar over meer regels"


def test_de_controle_zelf_herkent_een_open_commentaar() -> None:
    assert _open_commentaar("{% load i18n %}{# begint hier")
    assert not _open_commentaar("{# dicht #} en {# ook dicht #}")
    assert _open_commentaar("{# dicht #} maar {# open")
