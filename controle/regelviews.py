"""The public catalogue of rules (controle.catalogus): a list and one page per rule, readable without login.

Every signal on the controle screen and in the control file links to its rule's page here.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from controle import catalogus
from controle.regels import regel_per_code


@require_safe
def regels(request: HttpRequest) -> HttpResponse:
    per_code = regel_per_code()
    return render(request, "controle/regels.html", {
        "controles": [(tekst, per_code.get(tekst.code)) for tekst in catalogus.van_soort(catalogus.Soort.CONTROLE)],
        "invoerregels": catalogus.van_soort(catalogus.Soort.INVOER),
    })


@require_safe
def regel(request: HttpRequest, code: str) -> HttpResponse:
    if code != code.upper() and code.upper() in catalogus.PER_CODE:  # typed in lower case
        return redirect("controle:regel", code=code.upper(), permanent=True)
    tekst = catalogus.PER_CODE.get(code)
    if tekst is None:
        raise Http404(gettext("Deze regel staat niet in de catalogus. Bekijk de lijst met alle regels."))
    return render(request, "controle/regel.html", {"tekst": tekst, "controle": regel_per_code().get(code)})
