"""Object pages (with timeline and audit trail) and the add/change/end screens of each RIO object."""

import uuid
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from autorisatie import toegang
from autorisatie.toegang import Actie
from kern.fragmenten import Scherm, gecached_scherm
from kern.tijd import vandaag
from kern.views import peildatum_uit, voer_actie_uit
from organisatie import forms as f
from organisatie.views.basis import BestuurFormulierView, ServiceFormulierView, formele_historie
from organisatie.views.organisatie import rechten
from registratie import adressen, selectors
from registratie.domein.enumeraties import CONTEXT_PER_CODE, KENMERKEN, Sector, kenmerk_labels
from registratie.models import (
    AangebodenOpleiding,
    Contactgegevens,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbegeleidingsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatiegebruik,
)
from registratie.selectors import bestuursstand
from registratie.services import audit, plausibel
from registratie.services import contact as contact_services
from registratie.services import locatie as locatie_services
from registratie.services import opleiding as opleiding_services
from registratie.services import organisatie as organisatie_services
from registratie.services import samenwerking as samenwerking_services
from registratie.services.adres import POSTCODE, Adrescontrole, controleer, normaliseer_postcode

# --- querysets scoped per model (the access helper narrows them to the person's boards) -------------------

AANBIEDERS = Onderwijsaanbieder.objects.select_related("bestuur", "groep").prefetch_related("perioden")
GROEPEN = Onderwijsaanbiedersgroep.objects.select_related("bestuur").prefetch_related("perioden")
GEBRUIKEN = Onderwijslocatiegebruik.objects.select_related("bestuur", "locatie")
OPLEIDINGEN = AangebodenOpleiding.objects.select_related("aanbieder__bestuur", "opleiding", "locatie").prefetch_related(
    "perioden", "kenmerken")
CONTACTEN = Contactgegevens.objects.select_related("bestuur", "groep__bestuur", "aanbieder__bestuur",
                                                   "begeleidingsaanbieder__bestuur")
BEGELEIDERS = Onderwijsbegeleidingsaanbieder.objects.select_related("bestuur").prefetch_related("perioden")


def _gebruik_lookup(code: str) -> dict[str, str]:
    bestuurcode, _, locatiecode = code.partition("-")
    return {"bestuur__code": bestuurcode, "locatie__code": locatiecode}


def _detail(request: HttpRequest, template: str, obj, mag: dict[str, bool] | None = None,
            **extra: Any) -> HttpResponse:
    bestuur = obj if isinstance(obj, Onderwijsbestuur) else obj.bestuur
    return render(request, template, _detail_context(request, obj, bestuur,
                                                     rechten(request, bestuur) if mag is None else mag, **extra))


def _detail_context(request: HttpRequest, obj, bestuur: Onderwijsbestuur, mag: dict[str, bool],
                    **extra: Any) -> dict[str, Any]:
    """What every object page shows besides its own parts: the object on the peildatum, its audit trail, the
    person's rights (buttons) and, with ``?bekend_op=``, the formal history."""
    peildatum = peildatum_uit(request)
    return {"object": obj, "bestuur": bestuur, "peildatum": peildatum, "vandaag": vandaag(),
            "periode": obj.huidige_periode(peildatum) if hasattr(obj, "perioden") else None,
            "historie": audit.historie([(obj._meta.verbose_name, audit.objectcode(obj))])[:100],
            "mag": mag, **formele_historie(request, obj), **extra}


@require_safe
@login_required
def aanbieder(request: HttpRequest, code: str) -> HttpResponse:
    # The access decision, the rights and the change counters in one statement (an aanbieder with only its id, code
    # and a light board); the page is built, with the aanbieder loaded in full, only on a cache miss (docs/adr/0015).
    licht = toegang.aanbieder_met_rechten(request.user, code)
    bestuur = licht.bestuur
    bestuursrechten = toegang.rechten_op(request.user, bestuur)
    mag = toegang.rechten_op_aanbieder(request.user, licht)
    leesbaar = toegang.leesbare_contexten(request.user, bestuur)
    kruimel, beeindigbaar = _samenwerking_van_persoon(request, licht, bestuursrechten)
    # Everything the body depends on besides today and the language (kern.fragmenten adds those): the data through
    # the change counters, what this person may do and read, the breadcrumb of a bijbehorend bestuur, and the path
    # (peildatum, bekend_op, the controle screen a fix link came from).
    delen = (licht.code, bestuursstand(bestuur), request.get_full_path(), _ja(mag), _ja(bestuursrechten),
             sorted(leesbaar), toegang.is_duo(request.user), kruimel.code if kruimel else None,
             sorted(beeindigbaar) if beeindigbaar is not None else None)

    def maak(csrf_token: str) -> Scherm:
        obj = AANBIEDERS.get(pk=licht.pk)
        return _aanbieder(request, obj, mag, leesbaar, _samenwerking(obj, bestuursrechten, kruimel, beeindigbaar),
                          csrf_token)

    titel, inhoud = gecached_scherm(request, "aanbieder", delen, maak)
    return render(request, "gecached.html", {"titel": titel, "inhoud": inhoud})


def _ja(rechten: dict[str, bool]) -> list[str]:
    """The actions a person may take, for a cache key."""
    return sorted(actie for actie, ja in rechten.items() if ja)


def _aanbieder(request: HttpRequest, obj: Onderwijsaanbieder, mag: dict[str, bool], leesbaar: frozenset[str],
               samenwerking: dict[str, Any], csrf_token: str) -> Scherm:
    """The aanbieder page's title and body, built from the register (what the cache keeps)."""
    peildatum = peildatum_uit(request)
    contacten = _contacten_zichtbaar(leesbaar, obj.contactgegevens.all())
    effectief = contact_services.effectieve_contacten(obj, peildatum, [c for c in CONTEXT_PER_CODE if c in leesbaar])
    periode = obj.huidige_periode(peildatum)
    html = _detail_html(request, "registratie/aanbieder.html", obj, mag, csrf_token, **samenwerking,
                        relaties=obj.juridische_relaties.select_related("instelling"),
                        opleidingen=obj.aangeboden_opleidingen.select_related("opleiding", "locatie").prefetch_related(
                            "perioden", "kenmerken"),
                        contacten=contacten, effectief=effectief, sectoren=list(Sector),
                        **selectors.opvolging_van(obj))
    return f"{periode.naam if periode else ''} ({obj.code})", html


def _detail_html(request: HttpRequest, template: str, obj, mag: dict[str, bool], csrf_token: str,
                 **extra: Any) -> str:
    """``_detail``'s page as a body for the fragment cache, with the placeholder for the CSRF token."""
    return render_to_string(template, {**_detail_context(request, obj, obj.bestuur, mag, **extra),
                                       "csrf_token": csrf_token}, request)


type _Persoonlijk = tuple[Onderwijsbestuur | None, frozenset[int] | None]


def _samenwerking_van_persoon(request: HttpRequest, aanbieder: Onderwijsaanbieder,
                              bestuursrechten: dict[str, bool]) -> _Persoonlijk:
    """What of the samenwerkingsschool part depends on the person and not on the register (docs/adr/0011): for a
    person of a bijbehorend bestuur (who does not read the penvoerder's board) the board of theirs the breadcrumb
    leads to; and, unless they manage the penvoerder's samenwerkingen, the boards on which they may end a relation
    (``mag`` per relation's board, asked once as a set). No query for the penvoerder's own people."""
    kruimel = None if bestuursrechten[Actie.LEZEN] else toegang.bijbehorende_besturen(aanbieder).filter(
        pk__in=toegang.besturen(request.user)).order_by("code").first()
    beeindigbaar = None if bestuursrechten[Actie.BEHEREN_SAMENWERKING] else frozenset(
        toegang.besturen(request.user, Actie.BEHEREN_SAMENWERKING).values_list("pk", flat=True))
    return kruimel, beeindigbaar


def _samenwerking(aanbieder: Onderwijsaanbieder, bestuursrechten: dict[str, bool],
                  kruimel: Onderwijsbestuur | None, beeindigbaar: frozenset[int] | None) -> dict[str, Any]:
    """The samenwerkingsschool part of the aanbieder page (docs/adr/0011): its bijbehorende besturen, the open
    invitations (for the penvoerder's people), and which relations this person may end."""
    relaties = list(aanbieder.bijbehorende_besturen.select_related("bestuur").prefetch_related("bestuur__perioden"))
    eigen = bestuursrechten[Actie.LEZEN]
    return {"bijbehorend": relaties,
            "uitnodigingen": samenwerking_services.open_uitnodigingen(aanbieder.bestuur, aanbieder=aanbieder)
            if eigen else [],
            # A person of a bijbehorend bestuur: the breadcrumb leads to their own board, not to the penvoerder's.
            "kruimel_bestuur": kruimel,
            "mag_beeindigen": {r.pk for r in relaties if r.einddatum is None or r.einddatum >= vandaag()
                               if beeindigbaar is None or r.bestuur_id in beeindigbaar}}


@require_safe
@login_required
def groep(request: HttpRequest, code: str) -> HttpResponse:
    obj = toegang.haal(GROEPEN, request.user, code=code)
    return _detail(request, "registratie/groep.html", obj,
                   aanbieders=obj.aanbieders.prefetch_related("perioden"),
                   contacten=_contacten_zichtbaar(toegang.leesbare_contexten(request.user, obj.bestuur),
                                                  obj.contactgegevens.all()))


@require_safe
@login_required
def locatiegebruik(request: HttpRequest, code: str) -> HttpResponse:
    bestuurcode, _, locatiecode = code.partition("-")
    licht = toegang.locatiegebruik_met_rechten(request.user, bestuurcode, locatiecode)
    mag = toegang.rechten_op(request.user, licht.bestuur)
    # The counters are those of every board using the locatie (the page counts them); the rest as the aanbieder's.
    delen = (code, bestuursstand(licht.bestuur), request.get_full_path(), _ja(mag), toegang.is_duo(request.user))
    titel, inhoud = gecached_scherm(request, "locatiegebruik", delen,
                                    lambda csrf: _locatiegebruik(request, GEBRUIKEN.get(pk=licht.pk), mag, csrf))
    return render(request, "gecached.html", {"titel": titel, "inhoud": inhoud})


def _locatiegebruik(request: HttpRequest, obj: Onderwijslocatiegebruik, mag: dict[str, bool],
                    csrf_token: str) -> Scherm:
    """The locatiegebruik page's title and body, built from the register (what the cache keeps)."""
    opleidingen = AangebodenOpleiding.objects.filter(opleiding_services.gehouden_door(obj.bestuur),
                                                     locatie=obj.locatie)\
        .select_related("aanbieder", "opleiding").prefetch_related("perioden", "aanbieder__perioden")
    html = _detail_html(request, "registratie/locatiegebruik.html", obj, mag, csrf_token,
                        relaties=obj.vestigingsrelaties.select_related("vestiging"), opleidingen=opleidingen,
                        andere_besturen=obj.locatie.gebruiken.exclude(pk=obj.pk).count())
    return gettext("Locatie %(code)s") % {"code": obj.locatie.code}, html


@require_safe
@login_required
def opleiding(request: HttpRequest, code: str) -> HttpResponse:
    obj = toegang.haal(OPLEIDINGEN, request.user, code=_uuid_of_404(code))
    kenmerken = kenmerk_labels(obj.sector, ((k.naam, k.waarde) for k in obj.kenmerken_op(peildatum_uit(request))))
    return _detail(request, "registratie/opleiding.html", obj, kenmerken=kenmerken,
                   tijdlijn=selectors.opleiding_tijdlijn(obj),
                   soort_onbekend=plausibel.soort_onbekend(obj.aanbieder, obj.begindatum))


@login_required
@require_POST
def annuleer_opleidingswijziging(request: HttpRequest, code: str, ingangsdatum: str) -> HttpResponse:
    """Cancel a scheduled change (names and/or kenmerken) of an aangeboden opleiding, from its tijdlijn."""
    obj = toegang.haal(OPLEIDINGEN, request.user, Actie.BEHEREN_OPLEIDING, code=_uuid_of_404(code))
    try:
        dag = date.fromisoformat(ingangsdatum)
    except ValueError as fout:
        raise Http404("Geen geldige datum.") from fout
    voer_actie_uit(request, lambda: opleiding_services.annuleer_opleidingswijziging(
        obj, door=request.user, ingangsdatum=dag), "De geplande wijziging is geannuleerd.")
    return redirect(obj.get_absolute_url())


@require_safe
@login_required
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    obj = toegang.haal(CONTACTEN, request.user, pk=pk)
    bestuur = obj.bestuur_van_eenheid
    if not _mag_context_zien(request, bestuur, obj.context):
        raise toegang.Geweigerd(toegang.Weigering(Actie.LEZEN_BESLOTEN_CONTACT, bestuur,
                                                  toegang.BENODIGDE_ROL[Actie.LEZEN_BESLOTEN_CONTACT]))
    return render(request, "registratie/contact.html", {
        "object": obj, "bestuur": bestuur, "mag": rechten(request, bestuur), "vandaag": vandaag(),
        "historie": audit.historie([(obj._meta.verbose_name, str(obj.pk))])[:100],
        **formele_historie(request, obj)})


def _mag_context_zien(request: HttpRequest, bestuur: Onderwijsbestuur, context: str) -> bool:
    return toegang.mag_context_lezen(request.user, bestuur, context)


def _contacten_zichtbaar(leesbaar: frozenset[str], contacten) -> list[Contactgegevens]:
    """The contacts in the contexts the person may read (toegang.leesbare_contexten)."""
    return [c for c in contacten if c.context in leesbaar]


# --- Onderwijsaanbieder ---------------------------------------------------------------------------------

class AanbiederToevoegen(BestuurFormulierView):
    actie = Actie.BEHEREN_AANBIEDER
    form_class = f.AanbiederNieuwFormulier
    titel = _("Onderwijsaanbieder toevoegen")
    uitleg = _("Een onderwijsaanbieder is de school zoals de buitenwereld die kent. Koppel hem aan de "
               "instellingserkenning (BRIN) waaronder hij valt. Daarna voegt u aangeboden opleidingen toe.")

    def formulier_kwargs(self):
        return {"bestuur": self.object}

    def voer_uit(self, form):
        d = form.cleaned_data
        return organisatie_services.registreer_aanbieder(
            self.object, door=self.request.user, naam=d["naam"], internationale_naam=d["internationale_naam"],
            begindatum=d["begindatum"], instellingen=list(d["instellingen"]), groep=d.get("groep"))

    def succesbericht(self, resultaat):
        return gettext("Onderwijsaanbieder %(code)s is toegevoegd. Voeg nu een aangeboden opleiding toe.") % {
            "code": resultaat.code}


class AanbiederWijzigen(ServiceFormulierView):
    actie = Actie.BEHEREN_AANBIEDER
    form_class = f.AanbiederWijzigFormulier
    titel = _("Onderwijsaanbieder wijzigen")
    uitleg = _("Een nieuwe naam gaat in op de ingangsdatum: vandaag, of later als geplande wijziging.")

    bron = AANBIEDERS

    def formulier_kwargs(self):
        return {"bestuur": self.object.bestuur}

    def get_initial(self):
        periode = self.object.huidige_periode(vandaag())
        return {**super().get_initial(), "naam": periode.naam, "internationale_naam": periode.internationale_naam,
                "groep": self.object.groep_id}

    def voer_uit(self, form):
        d = form.cleaned_data
        return organisatie_services.wijzig_aanbieder(
            self.object, door=self.request.user, versie=d["versie"], ingangsdatum=d["ingangsdatum"],
            naam=d["naam"], internationale_naam=d["internationale_naam"], groep=d.get("groep"))


class Beeindigen(ServiceFormulierView):
    """Ending an object; the confirmation page says what ends with it."""

    form_class = f.BeeindigFormulier
    knop = _("Beëindigen")
    gevaarlijk = True
    service = None
    gevolgen = ""

    def voer_uit(self, form):
        d = form.cleaned_data
        return type(self).service(self.object, door=self.request.user, versie=d["versie"],
                                  einddatum=d["einddatum"])

    def succesbericht(self, resultaat):
        return gettext("%(soort)s wordt beëindigd per %(datum)s.") % {
            "soort": resultaat._meta.verbose_name.capitalize(), "datum": f"{resultaat.einddatum:%d-%m-%Y}"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(gevolgen=self.gevolgen, **kwargs)


class AanbiederBeeindigen(Beeindigen):
    actie = Actie.BEHEREN_AANBIEDER
    titel = _("Onderwijsaanbieder beëindigen")
    form_class = f.AanbiederBeeindigFormulier
    gevolgen = _("Met de aanbieder eindigen op dezelfde datum ook zijn aangeboden opleidingen, zijn relaties "
                 "met instellingserkenningen en zijn contactgegevens.")

    bron = AANBIEDERS

    def get_initial(self):
        opvolging = getattr(self.object, "opvolging", None)
        return {**super().get_initial(), **({"opvolger": opvolging.opvolger.code} if opvolging else {})}

    def voer_uit(self, form):
        d = form.cleaned_data
        return organisatie_services.beeindig_aanbieder(self.object, door=self.request.user, versie=d["versie"],
                                                       einddatum=d["einddatum"], opvolgercode=d["opvolger"])


class RelatieToevoegen(ServiceFormulierView):
    actie = Actie.BEHEREN_AANBIEDER
    form_class = f.RelatieToevoegenFormulier
    titel = _("Instellingserkenning (BRIN) koppelen")

    bron = AANBIEDERS

    def formulier_kwargs(self):
        return {"bestuur": self.object.bestuur}

    def voer_uit(self, form):
        d = form.cleaned_data
        organisatie_services.voeg_juridische_relatie_toe(self.object, door=self.request.user,
                                                         instelling=d["instelling"], begindatum=d["begindatum"])
        return self.object


class KoppelingBeeindigen(ServiceFormulierView):
    """End one dated link of an object to an erkenning (BRIN4 of an aanbieder, BRIN6 of a gebruik)."""

    form_class = f.BeeindigFormulier
    knop = _("Beëindigen")
    gevaarlijk = True
    relaties: str
    service = None

    def houder(self):
        raise NotImplementedError

    def haal_object(self):
        houder = self.houder()
        self.relatie = getattr(houder, self.relaties).filter(pk=self.kwargs["pk"]).first()
        if self.relatie is None:
            raise Http404("Deze koppeling bestaat niet.")
        return houder

    def voer_uit(self, form):
        type(self).service(self.relatie, door=self.request.user, einddatum=form.cleaned_data["einddatum"])
        return self.object


class RelatieBeeindigen(KoppelingBeeindigen):
    actie = Actie.BEHEREN_AANBIEDER
    titel = _("Koppeling met instellingserkenning beëindigen")
    relaties = "juridische_relaties"
    service = staticmethod(organisatie_services.beeindig_juridische_relatie)

    def houder(self):
        return self.haal(AANBIEDERS, code=self.kwargs["code"])


# --- Onderwijsaanbiedersgroep ---------------------------------------------------------------------------

class GroepWijzigen(ServiceFormulierView):
    actie = Actie.BEHEREN_GROEP
    form_class = f.NaamWijzigFormulier
    titel = _("Onderwijsaanbiedersgroep wijzigen")

    bron = GROEPEN

    def get_initial(self):
        periode = self.object.huidige_periode(vandaag())
        return {**super().get_initial(), "naam": periode.naam, "internationale_naam": periode.internationale_naam}

    def voer_uit(self, form):
        d = form.cleaned_data
        return organisatie_services.wijzig_groep(self.object, door=self.request.user, versie=d["versie"],
                                                 ingangsdatum=d["ingangsdatum"], naam=d["naam"],
                                                 internationale_naam=d["internationale_naam"])


class GroepBeeindigen(Beeindigen):
    actie = Actie.BEHEREN_GROEP
    titel = _("Onderwijsaanbiedersgroep beëindigen")
    service = staticmethod(organisatie_services.beeindig_groep)

    bron = GROEPEN


# --- Onderwijslocatie(gebruik) --------------------------------------------------------------------------

class LocatieToevoegen(BestuurFormulierView):
    actie = Actie.BEHEREN_LOCATIEGEBRUIK
    form_class = f.LocatieNieuwFormulier
    titel = _("Onderwijslocatie toevoegen")
    uitleg = _("Een onderwijslocatie is een adres waar het bestuur onderwijs geeft; een locatie heeft geen naam. "
               "Koppel het gebruik aan de vestigingserkenning (BRIN6). Registreer geen gymzaal of andere "
               "plek die geen rol speelt bij erkenning of bekostiging.")

    def formulier_kwargs(self):
        return {"bestuur": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(adres_zoeken=True, **kwargs)

    def voer_uit(self, form):
        d = form.cleaned_data
        controle = self.adrescontrole(d)
        return locatie_services.registreer_locatiegebruik(
            self.object, door=self.request.user, postcode=d["postcode"], huisnummer=d["huisnummer"],
            huisnummertoevoeging=d["huisnummertoevoeging"], straatnaam=d["straatnaam"],
            plaatsnaam=d["plaatsnaam"], begindatum=d["begindatum"], vestiging=d.get("vestiging"),
            adrescontrole=controle)

    def adrescontrole(self, d: dict[str, Any]) -> Adrescontrole | None:
        """Ask the address service about a typed address (none typed: the vestiging's DUO address is used).

        Unreachable: the address is saved as typed and the person is told it was not checked."""
        postcode = normaliseer_postcode(d["postcode"])
        if not POSTCODE.match(postcode) or d["huisnummer"] is None:
            return None  # the service's rule 2 messages say what is wrong; nothing to ask
        toevoeging = (d["huisnummertoevoeging"] or "").strip().upper()
        controle = controleer(adressen.dienst(), postcode, d["huisnummer"], toevoeging)
        if not controle.bereikbaar:
            messages.warning(self.request, gettext(
                "De adresdienst is nu niet bereikbaar; het adres is niet gecontroleerd. Het wordt opgeslagen zoals "
                "u het invulde."))
        return controle

    def succesbericht(self, resultaat):
        return gettext("Locatie %(code)s is toegevoegd aan het bestuur.") % {"code": resultaat.locatie.code}


class LocatiegebruikBeeindigen(Beeindigen):
    actie = Actie.BEHEREN_LOCATIEGEBRUIK
    titel = _("Onderwijslocatiegebruik beëindigen")
    service = staticmethod(locatie_services.beeindig_locatiegebruik)
    gevolgen = _("De koppelingen met vestigingserkenningen en de aangeboden opleidingen van dit bestuur op deze "
                 "locatie eindigen op dezelfde datum.")

    def haal_object(self):
        return self.haal(GEBRUIKEN, **_gebruik_lookup(self.kwargs["code"]))


class VestigingToevoegen(ServiceFormulierView):
    actie = Actie.BEHEREN_LOCATIEGEBRUIK
    form_class = f.VestigingToevoegenFormulier
    titel = _("Vestigingserkenning (BRIN6) koppelen")

    def haal_object(self):
        return self.haal(GEBRUIKEN, **_gebruik_lookup(self.kwargs["code"]))

    def formulier_kwargs(self):
        return {"bestuur": self.object.bestuur}

    def voer_uit(self, form):
        d = form.cleaned_data
        locatie_services.voeg_vestiging_toe(self.object, door=self.request.user, vestiging=d.get("vestiging"),
                                            begindatum=d["begindatum"])
        return self.object


class VestigingBeeindigen(KoppelingBeeindigen):
    actie = Actie.BEHEREN_LOCATIEGEBRUIK
    titel = _("Koppeling met vestigingserkenning beëindigen")
    relaties = "vestigingsrelaties"
    service = staticmethod(locatie_services.beeindig_vestigingsrelatie)

    def houder(self):
        return self.haal(GEBRUIKEN, **_gebruik_lookup(self.kwargs["code"]))


# --- Aangeboden opleiding -------------------------------------------------------------------------------

SOORT_ONBEKEND = _("DUO geeft niet aan wat voor school dit is (basisschool, SBO, SO of VSO); het portaal kan dus "
                   "niet nagaan of de opleiding bij de school past. Kies zelf een opleiding die past.")

class OpleidingToevoegen(ServiceFormulierView):
    actie = Actie.BEHEREN_OPLEIDING
    form_class = f.OpleidingNieuwFormulier
    basisuitleg = _("Speciaal basisonderwijs is de opleiding Basisonderwijs met doelgroep Speciaal basisonderwijs. "
                    "Laat de locatie leeg voor onderwijs zonder vaste locatie.")

    @property
    def uitleg(self):
        if plausibel.soort_onbekend(self.object, vandaag()):
            return f"{self.basisuitleg} {SOORT_ONBEKEND}"
        return self.basisuitleg

    def haal_object(self):
        sector = self.request.GET.get("sector", "BO")
        if sector not in Sector.__members__:
            raise Http404("Onbekende sector.")
        self.sector = Sector(sector)
        aanbieder = self.haal(AANBIEDERS, code=self.kwargs["code"])
        # The board that registers and keeps the offer: the aanbieder's own, or (samenwerkingsschool) the
        # bijbehorend bestuur the person works for, at its own locaties.
        self.handelend = toegang.handelend_bestuur(self.request.user, aanbieder, self.actie) or aanbieder.bestuur
        return aanbieder

    @property
    def bestuur(self):
        return self.handelend

    @property
    def titel(self):
        return gettext("Aangeboden opleiding toevoegen (%(sector)s)") % {"sector": self.sector.label}

    def formulier_kwargs(self):
        return {"bestuur": self.handelend, "sector": self.sector,
                "begindatum": max(self.object.begindatum, self.handelend.begindatum)}

    def voer_uit(self, form):
        d = form.cleaned_data
        return opleiding_services.registreer_aangeboden_opleiding(
            self.object, door=self.request.user, opleiding=d["opleiding"], locatie=d.get("locatie"),
            begindatum=d["begindatum"], eerste_instroomdatum=d.get("eerste_instroomdatum"),
            eigen_naam=d["eigen_naam"], internationale_naam=d["internationale_naam"],
            omschrijving=d["omschrijving"], kenmerken=form.kenmerken(),
            samenwerkende_aanbieders=form.samenwerkende_codes(), bestuur=self.handelend)

    def succesbericht(self, resultaat):
        return gettext("Aangeboden opleiding %(naam)s is toegevoegd.") % {"naam": resultaat.opleiding.naam}


class OpleidingWijzigen(ServiceFormulierView):
    actie = Actie.BEHEREN_OPLEIDING
    form_class = f.OpleidingWijzigFormulier
    titel = _("Aangeboden opleiding wijzigen")
    uitleg = _("Aanbieder en opleiding van een aangeboden opleiding liggen vast; voor een andere opleiding "
               "voegt u een nieuwe aangeboden opleiding toe en beëindigt u deze.")

    def haal_object(self):
        return _opleiding_of_404(self, self.kwargs["code"])

    def formulier_kwargs(self):
        return {"sector": self.object.sector}

    def get_initial(self):
        periode = self.object.huidige_periode(vandaag())
        initial = {**super().get_initial(), "eigen_naam": periode.eigen_naam,
                   "internationale_naam": periode.internationale_naam, "omschrijving": periode.omschrijving,
                   "samenwerkende_aanbieders": ", ".join(periode.samenwerkende_aanbieders)}
        for soort in KENMERKEN[self.object.sector]:
            waarden = [k.waarde for k in self.object.kenmerken_op(vandaag()) if k.naam == soort.naam]
            initial[soort.naam] = (waarden[0] if waarden else "") if soort.maximum == 1 else waarden
        return initial

    def voer_uit(self, form):
        d = form.cleaned_data
        return opleiding_services.wijzig_aangeboden_opleiding(
            self.object, door=self.request.user, versie=d["versie"], ingangsdatum=d["ingangsdatum"],
            eigen_naam=d["eigen_naam"], internationale_naam=d["internationale_naam"],
            omschrijving=d["omschrijving"], kenmerken=form.kenmerken(),
            samenwerkende_aanbieders=form.samenwerkende_codes())


class OpleidingBeeindigen(Beeindigen):
    actie = Actie.BEHEREN_OPLEIDING
    titel = _("Aangeboden opleiding beëindigen")
    service = staticmethod(opleiding_services.beeindig_aangeboden_opleiding)

    def haal_object(self):
        return _opleiding_of_404(self, self.kwargs["code"])


def _uuid_of_404(code: str) -> uuid.UUID:
    """A malformed code is simply 'not found', never a server error."""
    try:
        return uuid.UUID(code)
    except ValueError as fout:
        raise Http404("Geen geldige code van een aangeboden opleiding.") from fout


def _opleiding_of_404(view: ServiceFormulierView, code: str) -> AangebodenOpleiding:
    return view.haal(OPLEIDINGEN, code=_uuid_of_404(code))


# --- Contactgegevens ------------------------------------------------------------------------------------

EENHEDEN = {"bestuur": (Onderwijsbestuur.objects.all(), "code"), "groep": (GROEPEN, "code"),
            "aanbieder": (AANBIEDERS, "code"), "begeleidingsaanbieder": (BEGELEIDERS, "code")}


class ContactToevoegen(ServiceFormulierView):
    actie = Actie.BEHEREN_CONTACT
    form_class = f.ContactNieuwFormulier
    uitleg = _("Registreer altijd de context Algemeen op het bestuur. Wat u niet invult op een aanbieder, "
               "erft hij van de groep of het bestuur. Zet geen persoonsgegevens in een openbare context.")

    def haal_object(self):
        soort = self.kwargs["soort"]
        if soort not in EENHEDEN:
            raise Http404("Onbekende eenheid.")
        qs, veld = EENHEDEN[soort]
        return self.haal(qs, **{veld: self.kwargs["code"]})

    @property
    def titel(self):
        return gettext("Contactgegevens toevoegen aan %(soort)s %(code)s") % {"soort": self.object._meta.verbose_name,
                                                                         "code": self.object.code}

    def voer_uit(self, form):
        d = form.cleaned_data
        return contact_services.registreer_contact(self.object, door=self.request.user, context=d["context"],
                                                   begindatum=d["begindatum"], **form.gegevens())

    def doel(self, resultaat):
        return self.object.get_absolute_url()

    def succesbericht(self, resultaat):
        return gettext("Contactgegevens %(context)s zijn toegevoegd.") % {
            "context": resultaat.communicatiecontext.label}


class ContactWijzigen(ServiceFormulierView):
    actie = Actie.BEHEREN_CONTACT
    form_class = f.ContactgegevensFormulier
    titel = _("Contactgegevens wijzigen")

    bron = CONTACTEN
    sleutel = "pk"

    @property
    def bestuur(self):
        return self.object.bestuur_van_eenheid

    def get_initial(self):
        return {**super().get_initial(), **{k: getattr(self.object, k) for k in contact_services.CONTACTVELDEN}}

    def voer_uit(self, form):
        return contact_services.wijzig_contact(self.object, door=self.request.user,
                                               versie=form.cleaned_data["versie"], **form.gegevens())


class ContactBeeindigen(Beeindigen):
    actie = Actie.BEHEREN_CONTACT
    titel = _("Contactgegevens beëindigen")
    service = staticmethod(contact_services.beeindig_contact)

    bron = CONTACTEN
    sleutel = "pk"

    @property
    def bestuur(self):
        return self.object.bestuur_van_eenheid


# --- Cancelling a scheduled name change -----------------------------------------------------------------

HOUDERS = {"bestuur": (Onderwijsbestuur.objects.all(), Actie.BEHEREN_BESTUUR),
           "groep": (GROEPEN, Actie.BEHEREN_GROEP), "aanbieder": (AANBIEDERS, Actie.BEHEREN_AANBIEDER),
           "begeleidingsaanbieder": (BEGELEIDERS, Actie.BEHEREN_AANBIEDER)}


@login_required
@require_POST
def annuleer_wijziging(request: HttpRequest, soort: str, code: str, pk: int) -> HttpResponse:
    if soort not in HOUDERS:
        raise Http404("Onbekende eenheid.")
    qs, actie = HOUDERS[soort]
    houder = toegang.haal(qs, request.user, actie, code=code)
    try:
        voer_actie_uit(request, lambda: organisatie_services.annuleer_naamwijziging(
            houder, door=request.user, periode_pk=pk), "De geplande wijziging is geannuleerd.")
    except houder.perioden.model.DoesNotExist as fout:
        raise Http404("Deze geplande wijziging bestaat niet.") from fout
    return redirect(houder.get_absolute_url())
