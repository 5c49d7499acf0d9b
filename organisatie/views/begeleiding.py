"""The onderwijsbegeleidingsaanbieder (999T999, rio-po.md §1.6): its page and its add, change and end screens.

Changing one needs the role RIO beheren onderwijsaanbieder (autorisatie/toegang.py, Actie.BEHEREN_AANBIEDER)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from autorisatie import toegang
from autorisatie.toegang import Actie
from kern.tijd import vandaag
from organisatie import forms as f
from organisatie.views.basis import BestuurFormulierView, ServiceFormulierView
from organisatie.views.objecten import BEGELEIDERS, Beeindigen, _contacten_zichtbaar, _detail
from registratie.services import begeleiding as begeleiding_services


@require_safe
@login_required
def begeleidingsaanbieder(request: HttpRequest, code: str) -> HttpResponse:
    obj = toegang.haal(BEGELEIDERS, request.user, code=code)
    return _detail(request, "registratie/begeleidingsaanbieder.html", obj,
                   relaties=obj.erkenningsrelaties.select_related("instelling"),
                   contacten=_contacten_zichtbaar(toegang.leesbare_contexten(request.user, obj.bestuur),
                                                  obj.contactgegevens.all()))


class BegeleidingToevoegen(BestuurFormulierView):
    actie = Actie.BEHEREN_AANBIEDER
    form_class = f.BegeleidingNieuwFormulier
    titel = _("Onderwijsbegeleidingsaanbieder toevoegen")
    uitleg = _("Een onderwijsbegeleidingsaanbieder ondersteunt leerlingen die elders staan ingeschreven "
               "(arrangementen). Alleen besturen van (voortgezet) speciaal onderwijs van cluster 1 en 2 "
               "registreren er een.")

    def formulier_kwargs(self):
        return {"bestuur": self.object}

    def voer_uit(self, form):
        d = form.cleaned_data
        return begeleiding_services.registreer_begeleidingsaanbieder(
            self.object, door=self.request.user, naam=d["naam"], internationale_naam=d["internationale_naam"],
            begindatum=d["begindatum"], instellingen=list(d["instellingen"]), expertises=d["expertises"])

    def succesbericht(self, resultaat):
        return gettext("Onderwijsbegeleidingsaanbieder %(code)s is toegevoegd.") % {"code": resultaat.code}


class BegeleidingWijzigen(ServiceFormulierView):
    actie = Actie.BEHEREN_AANBIEDER
    form_class = f.BegeleidingWijzigFormulier
    titel = _("Onderwijsbegeleidingsaanbieder wijzigen")
    uitleg = _("Een nieuwe naam gaat in op de ingangsdatum: vandaag, of later als geplande wijziging. De expertise "
               "wijzigt direct.")

    bron = BEGELEIDERS

    def get_initial(self):
        periode = self.object.huidige_periode(vandaag())
        return {**super().get_initial(), "naam": periode.naam, "internationale_naam": periode.internationale_naam,
                "expertises": list(self.object.expertises)}

    def voer_uit(self, form):
        d = form.cleaned_data
        return begeleiding_services.wijzig_begeleidingsaanbieder(
            self.object, door=self.request.user, versie=d["versie"], ingangsdatum=d["ingangsdatum"],
            naam=d["naam"], internationale_naam=d["internationale_naam"], expertises=d["expertises"])


class BegeleidingBeeindigen(Beeindigen):
    actie = Actie.BEHEREN_AANBIEDER
    titel = _("Onderwijsbegeleidingsaanbieder beëindigen")
    service = staticmethod(begeleiding_services.beeindig_begeleidingsaanbieder)
    gevolgen = _("Met de begeleidingsaanbieder eindigen op dezelfde datum ook zijn koppelingen met "
                 "instellingserkenningen en zijn contactgegevens.")

    bron = BEGELEIDERS
