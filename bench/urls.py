"""The bench urlconf (bench/instellingen.py): the portal's urls plus two anchors for bench/pagina.py.

/bench/kaal/   a bare Django template: a table of 57 rows with a link each (as many as locaties of the largest real
               board), no database, no login; the template is compiled once, as the cached loader does for the
               portal's own templates
/bench/leeg/   an empty HttpResponse
/bench/inloggen/  for bench/last_twee.py: logs the superuser `bench` in through this process, as the OIDC callback
               does after the provider's answer (auth.login with the OIDC backend: a new session row, its cookie).
               Only in this urlconf, which only the bench settings use; production has no such url.

Both go through the same middleware as every portal page (no session cookie is sent to them, so the session
middleware does not touch the database).
"""

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

KAAL = engines["django"].from_string("""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{{ titel }}</title></head>
<body><main><h1>{{ titel }}</h1>
<table>
<thead><tr><th>Code</th><th>Naam</th><th>Plaats</th><th>Status</th></tr></thead>
<tbody>{% for rij in rijen %}
<tr><td><a href="{{ rij.url }}">{{ rij.code }}</a></td><td>{{ rij.naam }}</td><td>{{ rij.plaats }}</td>
<td>{% if rij.actief %}actief{% else %}beëindigd{% endif %}</td></tr>{% endfor %}
</tbody></table></main></body></html>
""")
RIJEN = [{"url": f"/onderwijslocatiegebruiken/{i:05d}/", "code": f"{i:05d}", "naam": f"Basisschool De Regenboog {i}",
          "plaats": "Amsterdam", "actief": i % 5 != 0} for i in range(57)]


def kaal(request: HttpRequest) -> HttpResponse:
    return HttpResponse(KAAL.render({"titel": "Locaties", "rijen": RIJEN}, request))


def leeg(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


def inloggen(request: HttpRequest) -> HttpResponse:
    from bench.sessie import OIDC_BACKEND, bench_persoon

    login(request, bench_persoon(), backend=OIDC_BACKEND)
    return HttpResponse("ingelogd")


urlpatterns = [
    path("bench/inloggen/", inloggen, name="bench_inloggen"),
    path("bench/kaal/", kaal, name="bench_kaal"),
    path("bench/leeg/", leeg, name="bench_leeg"),
    path("", include("rio_portal.urls")),
]

handler403 = "rio_portal.views.geen_toegang"  # as rio_portal/urls.py: only the root urlconf's handler counts
