"""Forms of modelling a concept in the browser. They only parse input and offer the concept's rows and the
board's erkenningen as choices; the rules are those of an upload (modelleertool.modelleren).

Every form has its own prefix (its ``handeling``), so several can stand on one page; the page posts the
``handeling`` alongside, and the view picks the form and the operation by it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kern.formulieren import DatumVeld, HuisnummerVeld, NederlandseKeuze
from modelleertool.inhoud import Blauwdruk as Inhoud
from modelleertool.modelleren import aanbieder_ref, locatie_ref, opleiding_sleutel
from registratie.domein.enumeraties import DOELGROEP_BO, DOELGROEP_SO_VSO, Sector
from registratie.models import Instellingserkenning, Onderwijsbestuur, Opleiding, Vestigingserkenning

Keuzelijst = list[tuple[str, Any]]
StrOrPromise = str | Promise
GEEN_LOCATIE = ("", _("Geen vaste locatie"))


@dataclass
class Keuzes:
    """What the forms offer: the board's BRIN4s and BRIN6s, the catalogue, and the concept's running rows."""

    brin4: Keuzelijst
    brin6: Keuzelijst
    aanbieders: Keuzelijst
    locaties: Keuzelijst
    opleidingen: Keuzelijst
    catalogus: Keuzelijst
    doelgroepen: Keuzelijst

    @classmethod
    def voor(cls, bestuur: Onderwijsbestuur, inhoud: Inhoud) -> Keuzes:
        vestigingen = {v.code: v for v in Vestigingserkenning.objects.filter(
            instelling__bevoegd_gezag=bestuur.bevoegd_gezag_id).order_by("code")}
        aanbieders = {aanbieder_ref(a): a.naam for a in inhoud.aanbieders}
        locaties = [(locatie_ref(loc), locatietekst(loc, vestigingen)) for loc in inhoud.locaties
                    if loc.einddatum is None]
        per_sector: dict[str, Keuzelijst] = {}
        for o in Opleiding.objects.all():
            per_sector.setdefault(Sector(o.sector).label, []).append((o.naam, o.naam))
        return cls(
            brin4=[(i.code, f"{i.code} {i.naam}") for i in Instellingserkenning.objects.filter(
                bevoegd_gezag=bestuur.bevoegd_gezag_id).order_by("code")],
            brin6=[(v.code, f"{v.code} {v.naam} ({v.straatnaam} {v.huisnummer}{v.huisnummertoevoeging}, "
                            f"{v.plaatsnaam})") for v in vestigingen.values()],
            aanbieders=[(aanbieder_ref(a), a.naam + ("" if a.code else " " + gettext("(nieuw)")))
                        for a in inhoud.aanbieders
                        if a.einddatum is None],
            locaties=locaties,
            opleidingen=[(opleiding_sleutel(o), opleidingtekst(o, aanbieders)) for o in inhoud.opleidingen
                         if o.einddatum is None],
            catalogus=list(per_sector.items()),
            doelgroepen=[(Sector.BO.label, DOELGROEP_BO.keuzes()),
                         (gettext("%(so)s en %(vso)s") % {"so": Sector.SO.label, "vso": str(Sector.VSO.label).lower()},
                          DOELGROEP_SO_VSO.keuzes())],
        )


def locatietekst(loc: Any, vestigingen: dict[str, Vestigingserkenning]) -> str:
    """A locatie of the concept as the choice lists show it: code (or 'nieuw'), address, BRIN6."""
    adres = f"{loc.straatnaam} {loc.huisnummer or ''}{loc.toevoeging}".strip()
    if not loc.postcode and loc.brin6 and loc.brin6[0] in vestigingen:
        v = vestigingen[loc.brin6[0]]
        adres = f"{v.straatnaam} {v.huisnummer}{v.huisnummertoevoeging}"
    plaats = loc.plaatsnaam or (vestigingen[loc.brin6[0]].plaatsnaam if loc.brin6 and loc.brin6[0] in vestigingen
                                else "")
    return f"{loc.code or gettext('nieuw')}: {adres}, {plaats} (BRIN6 {', '.join(loc.brin6)})".replace(" , ", " ")


def opleidingtekst(o: Any, aanbieders: dict[str, str]) -> str:
    naam = o.opleiding + (f" '{o.eigen_naam}'" if o.eigen_naam else "")
    waar = gettext("locatie %(code)s") % {"code": o.locatie} if o.locatie else gettext("geen vaste locatie")
    nieuw = "" if o.code else " " + gettext("(nieuw)")
    van = gettext("%(naam)s van %(aanbieder)s") % {"naam": naam, "aanbieder": aanbieders.get(o.aanbieder, o.aanbieder)}
    return f"{van}, {waar}{nieuw}"


def _keuze(label: StrOrPromise, wat: StrOrPromise, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, error_messages={
        "required": format_lazy(_("Kies {wat}."), wat=wat),
        "invalid_choice": format_lazy(_("Kies {wat} uit de lijst; laad de pagina zo nodig opnieuw."), wat=wat)},
        **kwargs)


def _einddatum(help_text: str) -> DatumVeld:
    return DatumVeld(label=_("Einddatum"), required=False, help_text=help_text)


class ModelleerFormulier(forms.Form):
    handeling = ""
    titel = ""
    knop = _("Opslaan in het concept")
    uitleg = ""
    # Choice field → the list of Keuzes it offers, and choices put before that list.
    KEUZES = {"brin4": "brin4", "brin6": "brin6", "aanbieder": "aanbieders", "locatie": "locaties",
              "opleiding": "opleidingen", "doelgroepen": "doelgroepen"}
    extra: dict[str, Keuzelijst] = {}

    def __init__(self, *args: Any, keuzes: Keuzes, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.handeling)
        super().__init__(*args, **kwargs)
        for naam, lijst in self.KEUZES.items():
            if naam in self.fields:
                self.fields[naam].choices = self.extra.get(naam, []) + getattr(keuzes, lijst)

    @property
    def bruikbaar(self) -> bool:
        """False when a required choice offers nothing (e.g. no aangeboden opleiding to move): not shown then."""
        return all(veld.choices for veld in self.fields.values()
                   if isinstance(veld, forms.ChoiceField) and veld.required)


NAAM = {"required": _("Vul de naam van de aanbieder in (1 tot 80 tekens)."),
        "max_length": _("De naam is te lang; het maximum is 80 tekens.")}


class AanbiederToevoegen(ModelleerFormulier):
    handeling = "aanbieder_toevoegen"
    titel = _("Aanbieder toevoegen")
    naam = forms.CharField(label=_("Naam"), max_length=200, error_messages=NAAM,
                           help_text=_("Uniek binnen het concept, hoogstens 80 tekens."))
    brin4 = forms.MultipleChoiceField(
        label=_("BRIN4"), widget=forms.CheckboxSelectMultiple, help_text=_("De instellingserkenning(en) van uw bevoegd "
        "gezag waaronder de aanbieder valt."),
        error_messages={"required": _("Kies ten minste één BRIN4 van uw bevoegd gezag."),
                        "invalid_choice": _("Kies een BRIN4 van uw eigen bevoegd gezag.")})
    begindatum = DatumVeld(label=_("Oprichtingsdatum"), required=False,
                           help_text=_("Leeg: de ingangsdatum waarop u het concept toepast."))


class AanbiederHernoemen(ModelleerFormulier):
    handeling = "aanbieder_hernoemen"
    titel = _("Aanbieder hernoemen")
    aanbieder = _keuze(_("Aanbieder"), _("de aanbieder"))
    naam = forms.CharField(label=_("Nieuwe naam"), max_length=200, error_messages=NAAM)


class AanbiederWeghalen(ModelleerFormulier):
    handeling = "aanbieder_weghalen"
    titel = _("Aanbieder verwijderen of beëindigen")
    knop = _("Verwijderen of beëindigen")
    uitleg = _("Een nieuwe aanbieder verdwijnt uit het concept, met zijn aangeboden opleidingen. Een geregistreerde "
              "aanbieder blijft bestaan en wordt beëindigd: vul dan de einddatum in.")
    aanbieder = _keuze(_("Aanbieder"), _("de aanbieder"))
    einddatum = _einddatum(_("Alleen voor een geregistreerde aanbieder: de laatste dag, vandaag of later."))


class LocatieToevoegen(ModelleerFormulier):
    handeling = "locatie_toevoegen"
    titel = _("Locatie toevoegen")
    uitleg = _("Kies de BRIN6. Laat het adres leeg om het adres te gebruiken dat DUO bij die BRIN6 heeft.")
    brin6 = _keuze(_("BRIN6"), _("een BRIN6 van uw bevoegd gezag"))
    straatnaam = forms.CharField(label=_("Straat"), max_length=200, required=False)
    huisnummer = HuisnummerVeld(label=_("Huisnummer"))
    toevoeging = forms.CharField(label=_("Toevoeging"), max_length=20, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=20, required=False, help_text=_("Bijvoorbeeld 1234 AB."))
    plaatsnaam = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    begindatum = DatumVeld(label=_("In gebruik vanaf"), required=False,
                           help_text=_("Leeg: de ingangsdatum waarop u het concept toepast."))


class LocatieWeghalen(ModelleerFormulier):
    handeling = "locatie_weghalen"
    titel = _("Locatie verwijderen of beëindigen")
    knop = _("Verwijderen of beëindigen")
    uitleg = _("Een nieuwe locatie zonder aangeboden opleidingen verdwijnt uit het concept. Het gebruik van een "
              "geregistreerde locatie wordt beëindigd: vul dan de einddatum in.")
    locatie = _keuze(_("Locatie"), _("de locatie"))
    einddatum = _einddatum(_("Alleen voor een geregistreerde locatie: de laatste dag, vandaag of later."))


class OpleidingToevoegen(ModelleerFormulier):
    handeling = "opleiding_toevoegen"
    titel = _("Aangeboden opleiding toevoegen")
    aanbieder = _keuze(_("Aanbieder"), _("de aanbieder"))
    opleiding = _keuze(_("Opleiding"), _("een opleiding"))
    locatie = _keuze(_("Locatie"), _("de locatie"), required=False)
    doelgroepen = _keuze(_("Doelgroep"), _("een doelgroep"), widget=NederlandseKeuze,
                         help_text=_("Bij basisonderwijs een doelgroep uit de eerste groep; bij (voortgezet) speciaal "
                                   "onderwijs uit de tweede."))
    eigen_naam = forms.CharField(label=_("Eigen naam (optioneel)"), max_length=225, required=False)
    begindatum = DatumVeld(label=_("Begindatum"), required=False,
                           help_text=_("Leeg: de ingangsdatum waarop u het concept toepast."))
    KEUZES = {**ModelleerFormulier.KEUZES, "opleiding": "catalogus"}
    extra = {"locatie": [GEEN_LOCATIE]}

    def clean_doelgroepen(self) -> list[str]:
        return [self.cleaned_data["doelgroepen"]]


class OpleidingWeghalen(ModelleerFormulier):
    handeling = "opleiding_weghalen"
    titel = _("Aangeboden opleiding verwijderen of beëindigen")
    knop = _("Verwijderen of beëindigen")
    uitleg = _("Een nieuwe aangeboden opleiding verdwijnt uit het concept. Een geregistreerde wordt beëindigd: vul dan "
              "de einddatum in.")
    opleiding = _keuze(_("Aangeboden opleiding"), _("de aangeboden opleiding"))
    einddatum = _einddatum(_("Alleen voor een geregistreerde aangeboden opleiding: de laatste dag, vandaag of later."))


class OpleidingVerplaatsen(ModelleerFormulier):
    handeling = "opleiding_verplaatsen"
    titel = _("Aangeboden opleiding verplaatsen")
    knop = _("Verplaatsen")
    uitleg = _("Naar een andere aanbieder of locatie. Een geregistreerde aangeboden opleiding kan in RIO niet van "
              "aanbieder of locatie wisselen: ze eindigt op de oude plek de dag vóór 'Per' en begint op 'Per' als "
              "nieuwe aangeboden opleiding op de nieuwe plek.")
    opleiding = _keuze(_("Aangeboden opleiding"), _("de aangeboden opleiding"))
    aanbieder = _keuze(_("Naar aanbieder"), _("de aanbieder"))
    locatie = _keuze(_("Naar locatie"), _("de locatie"), required=False)
    per = DatumVeld(label=_("Per"), required=False, help_text=_("Alleen voor een geregistreerde aangeboden opleiding: "
                                                                "de eerste dag op de nieuwe plek, na vandaag."))
    extra = {"locatie": [GEEN_LOCATIE]}


FORMULIEREN: dict[str, type[ModelleerFormulier]] = {f.handeling: f for f in (
    AanbiederToevoegen, AanbiederHernoemen, AanbiederWeghalen, LocatieToevoegen, LocatieWeghalen,
    OpleidingToevoegen, OpleidingWeghalen, OpleidingVerplaatsen)}
# Which query parameter of the page preselects which field (links in the tree: ?aanbieder=..., ...).
VOORKEUZE = {"aanbieder": ("aanbieder_hernoemen", "aanbieder_weghalen", "opleiding_toevoegen"),
             "locatie": ("locatie_weghalen", "opleiding_toevoegen"),
             "opleiding": ("opleiding_weghalen", "opleiding_verplaatsen")}


def formulieren(keuzes: Keuzes, voorkeuze: dict[str, str] | None = None) -> dict[str, ModelleerFormulier]:
    """Every form, unbound, with the preselection of the page's query parameters."""
    uit = {}
    for handeling, klasse in FORMULIEREN.items():
        initial = {veld: waarde for veld, waarde in (voorkeuze or {}).items()
                   if handeling in VOORKEUZE.get(veld, ())}
        uit[handeling] = klasse(keuzes=keuzes, initial=initial)
    return uit
