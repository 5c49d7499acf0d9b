"""Forms for the register screens. They only parse input; the domain services decide what is allowed."""

import re
from datetime import date

from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kern.formulieren import (
    DatumVeld,
    HuisnummerVeld,
    NederlandseKeuze,
    NederlandseVinkjes,
    SleutelsKeuzeVeld,
    VersieFormulier,
)
from kern.fouten import Fouten, RegelFout
from kern.tijd import vandaag, volgende_1_augustus
from registratie.domein.enumeraties import CONTEXT_KEUZES, EXPERTISE_BEGELEIDING, KENMERKEN, Sector
from registratie.models import (
    Instellingserkenning,
    Onderwijsaanbiedersgroep,
    Onderwijsbestuur,
    Onderwijslocatie,
    Opleiding,
    Vestigingserkenning,
    geldig_op,
)
from registratie.services.regels import niet_in_verleden


class NaamWijzigFormulier(VersieFormulier):
    ingangsdatum = DatumVeld(label=_("Ingangsdatum"),
                             help_text=_("Vandaag of later. Een latere datum plant de wijziging."))
    naam = forms.CharField(label=_("Naam"), max_length=200)
    internationale_naam = forms.CharField(label=_("Internationale naam"), max_length=300, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ingangsdatum"].initial = vandaag()


class BestuurFormulier(NaamWijzigFormulier):
    kvk_nummer = forms.CharField(label=_("KvK-nummer"), max_length=20, required=False, help_text=_("8 cijfers."))
    rsin = forms.CharField(label=_("RSIN"), max_length=20, required=False, help_text=_("9 cijfers."))


def groep_keuzes(bestuur: Onderwijsbestuur) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Onderwijsaanbiedersgroep"), required=False, empty_label=_("(geen groep)"),
        queryset=Onderwijsaanbiedersgroep.objects.filter(bestuur=bestuur).filter(geldig_op(vandaag()))
        .prefetch_related("perioden"),
    )


class NieuwVanafVandaag:
    """A new object registered in the portal starts today or later (rule 16): an earlier start would rewrite
    what the register said on past dates. The DUO import keeps its own dates; it does not use these forms."""

    cleaned_data: dict
    fields: dict

    def clean_begindatum(self) -> date | None:
        begindatum: date | None = self.cleaned_data.get("begindatum")
        if begindatum is not None:
            fouten = Fouten()
            # Named as the form labels it (an aanbieder's begindatum is its "Oprichtingsdatum").
            with translation.override("nl"):  # how to name it follows the Dutch label ("...datum" or not)
                nl_label = str(self.fields["begindatum"].label or "Begindatum")
            label = str(self.fields["begindatum"].label or gettext("Begindatum"))
            wat = (gettext("De %(label)s") % {"label": label.lower()} if nl_label.endswith("datum")
                   else gettext("De datum ‘%(label)s’") % {"label": label})
            niet_in_verleden(fouten, begindatum, "begindatum", wat, nieuw=True)
            try:
                fouten.gooi()
            except RegelFout as fout:
                raise forms.ValidationError(fout.message_dict["begindatum"]) from fout
        return begindatum


class GroepLabelMixin:
    @staticmethod
    def groep_label(groep: Onderwijsaanbiedersgroep) -> str:
        periode = groep.huidige_periode(vandaag())
        return f"{groep.code} {periode.naam if periode else ''}"


class AanbiederWijzigFormulier(GroepLabelMixin, NaamWijzigFormulier):
    def __init__(self, *args, bestuur: Onderwijsbestuur, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groep"] = groep_keuzes(bestuur)
        self.fields["groep"].label_from_instance = self.groep_label


class AanbiederNieuwFormulier(NieuwVanafVandaag, GroepLabelMixin, forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=200, help_text=_("De naam waaronder de school bekend is."))
    internationale_naam = forms.CharField(label=_("Internationale naam"), max_length=300, required=False)
    begindatum = DatumVeld(label=_("Oprichtingsdatum"), help_text=_("In het po meestal 1 augustus. Niet vóór de "
                                                                 "erkenning."))
    instellingen = SleutelsKeuzeVeld(
        label=_("Instellingserkenning(en) (BRIN)"), queryset=Instellingserkenning.objects.none(),
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, bestuur: Onderwijsbestuur, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instellingen"].queryset = Instellingserkenning.objects.filter(
            bevoegd_gezag=bestuur.bevoegd_gezag, einddatum__isnull=True)
        self.fields["instellingen"].label_from_instance = lambda i: f"{i.code} {i.naam}"
        self.fields["groep"] = groep_keuzes(bestuur)
        self.fields["groep"].label_from_instance = self.groep_label
        self.fields["begindatum"].initial = max(vandaag(), bestuur.begindatum)


class GroepNieuwFormulier(NieuwVanafVandaag, forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=200)
    internationale_naam = forms.CharField(label=_("Internationale naam"), max_length=300, required=False)
    begindatum = DatumVeld(label=_("Begindatum"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["begindatum"].initial = vandaag()


class BeeindigFormulier(VersieFormulier):
    einddatum = DatumVeld(label=_("Einddatum (laatste dag)"),
                          help_text=_("Vandaag of later. Gebruik in het po 31 juli, het einde van het schooljaar."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["einddatum"].initial = date(volgende_1_augustus(vandaag()).year, 7, 31)


def vestiging_keuzes(bestuur: Onderwijsbestuur, label: str | None = None):
    veld = forms.ModelChoiceField(
        label=label or _("Vestigingserkenning (BRIN6)"), empty_label=_("Kies een vestiging"),
        queryset=Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=bestuur.bevoegd_gezag,
                                                    einddatum__isnull=True).order_by("code"))
    veld.label_from_instance = lambda v: f"{v.code} {v.naam} ({v.straatnaam} {v.huisnummer or ''}"\
                                         f"{v.huisnummertoevoeging}, {v.plaatsnaam})"
    return veld


class LocatieNieuwFormulier(NieuwVanafVandaag, forms.Form):
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False,
                               help_text=_("Bijvoorbeeld 1234 AB. Laat postcode en huisnummer leeg om het adres van "
                                           "de gekozen vestiging te gebruiken."))
    huisnummer = HuisnummerVeld(label=_("Huisnummer"))
    huisnummertoevoeging = forms.CharField(label=_("Toevoeging"), max_length=20, required=False)
    straatnaam = forms.CharField(label=_("Straatnaam"), max_length=80, required=False,
                                 help_text=_("Leeg laten: dan nemen we die van de gekozen vestiging als het adres "
                                             "klopt."))
    plaatsnaam = forms.CharField(label=_("Plaatsnaam"), max_length=40, required=False)
    begindatum = DatumVeld(label=_("In gebruik vanaf"))

    def __init__(self, *args, bestuur: Onderwijsbestuur, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vestiging"] = vestiging_keuzes(bestuur)
        self.fields["begindatum"].initial = max(vandaag(), bestuur.begindatum)
        self.order_fields(["vestiging", "postcode", "huisnummer", "huisnummertoevoeging"])
        # static/js/adres.js puts an address search (combobox) above these fields; without script they stay plain.
        self.fields["postcode"].widget.attrs.update({"data-adres-suggesties": reverse("registratie:adres_suggesties"),
                                                     "autocomplete": "postal-code"})


class VestigingToevoegenFormulier(forms.Form):
    begindatum = DatumVeld(label=_("Begindatum"))

    def __init__(self, *args, bestuur: Onderwijsbestuur, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vestiging"] = vestiging_keuzes(bestuur)
        self.fields["begindatum"].initial = vandaag()
        self.order_fields(["vestiging", "begindatum"])


class RelatieToevoegenFormulier(forms.Form):
    instelling = forms.ModelChoiceField(label=_("Instellingserkenning (BRIN)"),
                                        queryset=Instellingserkenning.objects.none())
    begindatum = DatumVeld(label=_("Begindatum"))

    def __init__(self, *args, bestuur: Onderwijsbestuur, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instelling"].queryset = Instellingserkenning.objects.filter(bevoegd_gezag=bestuur.bevoegd_gezag)
        self.fields["instelling"].label_from_instance = lambda i: f"{i.code} {i.naam}"
        self.fields["begindatum"].initial = vandaag()


def kenmerk_velden(sector: Sector) -> dict[str, forms.Field]:
    """One field per kenmerk of the sector, named by its RIO kenmerknaam."""
    velden: dict[str, forms.Field] = {}
    for soort in KENMERKEN[sector]:
        if soort.maximum == 1:
            keuzes = ([] if soort.minimum else [("", gettext("(geen)"))]) + soort.lijst.keuzes()
            velden[soort.naam] = forms.ChoiceField(label=soort.label, choices=keuzes, required=soort.minimum > 0,
                                                   widget=NederlandseKeuze)
        else:
            velden[soort.naam] = forms.MultipleChoiceField(
                label=gettext("%(label)s (1 tot %(maximum)d)") % {"label": soort.label, "maximum": soort.maximum},
                choices=soort.lijst.keuzes(),
                widget=NederlandseVinkjes, required=False)
    return velden


def kenmerken_uit(sector: Sector, data: dict) -> dict[str, list[str]]:
    kenmerken: dict[str, list[str]] = {}
    for soort in KENMERKEN[sector]:
        waarde = data.get(soort.naam)
        waarden = waarde if isinstance(waarde, list) else ([waarde] if waarde else [])
        if waarden:
            kenmerken[soort.naam] = list(waarden)
    return kenmerken


class OpleidingTekstFormulier(forms.Form):
    eigen_naam = forms.CharField(label=_("Eigen naam opleiding"), max_length=300, required=False,
                                 help_text=_("Leeg: de naam van de opleiding wordt getoond."))
    internationale_naam = forms.CharField(label=_("Internationale naam"), max_length=300, required=False)
    omschrijving = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                   max_length=4000)
    samenwerkende_aanbieders = forms.CharField(
        label=_("Samenwerkende onderwijsaanbieder(s)"), required=False, max_length=1000,
        help_text=_("Code(s) van de partneraanbieder, bijvoorbeeld 123A456; meerdere gescheiden door komma's."))

    def samenwerkende_codes(self) -> list[str]:
        return [c for c in re.split(r"[\s,;]+", self.cleaned_data.get("samenwerkende_aanbieders") or "") if c]


class OpleidingNieuwFormulier(NieuwVanafVandaag, OpleidingTekstFormulier):
    def __init__(self, *args, bestuur: Onderwijsbestuur, sector: Sector, begindatum: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sector = sector
        self.fields["opleiding"] = forms.ModelChoiceField(
            label=_("Opleiding"), queryset=Opleiding.objects.filter(sector=sector), empty_label=None)
        self.fields["opleiding"].label_from_instance = lambda o: f"{o.naam} ({o.niveau})"
        locaties = Onderwijslocatie.objects.filter(gebruiken__bestuur=bestuur).filter(
            geldig_op(vandaag(), "gebruiken__")).distinct()
        self.fields["locatie"] = forms.ModelChoiceField(
            label=_("Onderwijslocatie"), queryset=locaties, required=False,
            empty_label=_("(geen vaste locatie: online)"))
        self.fields["locatie"].label_from_instance = lambda loc: f"{loc.code} {loc.adres}"
        self.fields["begindatum"] = DatumVeld(label=_("Begindatum"), initial=max(vandaag(), begindatum))
        self.fields["eerste_instroomdatum"] = DatumVeld(label=_("Eerste instroomdatum"), required=False)
        self.fields.update(kenmerk_velden(sector))
        self.order_fields(["opleiding", "locatie", "begindatum", "eerste_instroomdatum", "eigen_naam",
                           "internationale_naam"])

    def kenmerken(self) -> dict[str, list[str]]:
        return kenmerken_uit(self.sector, self.cleaned_data)


class OpleidingWijzigFormulier(VersieFormulier, OpleidingTekstFormulier):
    ingangsdatum = DatumVeld(label=_("Ingangsdatum (voor naam en omschrijving)"))

    def __init__(self, *args, sector: Sector, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sector = sector
        self.fields["ingangsdatum"].initial = vandaag()
        self.fields.update(kenmerk_velden(sector))
        self.order_fields(["ingangsdatum", "eigen_naam", "internationale_naam", "omschrijving"])

    def kenmerken(self) -> dict[str, list[str]]:
        return kenmerken_uit(self.sector, self.cleaned_data)


class ContactgegevensFormulier(VersieFormulier):
    afdeling = forms.CharField(label=_("Afdeling of functie"), max_length=200, required=False,
                               help_text=_("Geen persoonsnaam in een openbare context."))
    toelichting = forms.CharField(label=_("Toelichting"), max_length=200, required=False)
    email = forms.CharField(label=_("E-mailadres"), max_length=253, required=False)
    telefoonnummer = forms.CharField(label=_("Telefoonnummer"), max_length=30, required=False)
    website = forms.CharField(label=_("Website"), max_length=320, required=False, help_text=_("Begint met https://"))
    bezoek_straatnaam = forms.CharField(label=_("Bezoekadres: straat"), max_length=80, required=False)
    bezoek_huisnummer = HuisnummerVeld(label=_("Bezoekadres: huisnummer"))
    bezoek_toevoeging = forms.CharField(label=_("Bezoekadres: toevoeging"), max_length=20, required=False)
    bezoek_postcode = forms.CharField(label=_("Bezoekadres: postcode"), max_length=10, required=False)
    bezoek_plaatsnaam = forms.CharField(label=_("Bezoekadres: plaats"), max_length=40, required=False)
    post_straatnaam = forms.CharField(label=_("Postadres: straat of Postbus"), max_length=80, required=False)
    post_huisnummer = HuisnummerVeld(label=_("Postadres: huisnummer of postbusnummer"))
    post_toevoeging = forms.CharField(label=_("Postadres: toevoeging"), max_length=20, required=False)
    post_postcode = forms.CharField(label=_("Postadres: postcode"), max_length=10, required=False)
    post_plaatsnaam = forms.CharField(label=_("Postadres: plaats"), max_length=40, required=False)

    def gegevens(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"versie", "context", "begindatum"}}


class ContactNieuwFormulier(NieuwVanafVandaag, ContactgegevensFormulier):
    context = forms.ChoiceField(label=_("Communicatiecontext"), choices=CONTEXT_KEUZES)
    begindatum = DatumVeld(label=_("Geldig vanaf"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["begindatum"].initial = vandaag()
        self.order_fields(["context", "begindatum"])


class UitnodigingFormulier(forms.Form):
    """Samenwerkingsschool: the penvoerder invites another board by its code (docs/adr/0011)."""

    bestuurcode = forms.CharField(label=_("Onderwijsbestuurcode van het andere bestuur"), max_length=7,
                                  help_text=_("De code van de vorm 999B999; het andere bestuur vindt hem op zijn "
                                              "pagina Mijn organisatie."))
    begindatum = DatumVeld(label=_("Begindatum samenwerking"),
                           help_text=_("Vandaag of later. Vanaf deze dag beheert het andere bestuur de aanbieder "
                                       "mee, als het de uitnodiging aanvaardt."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["begindatum"].initial = vandaag()
# --- Onderwijsbegeleidingsaanbieder (rio-po.md §1.6) ----------------------------------------------------

def expertise_veld() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=_("Expertise"), choices=EXPERTISE_BEGELEIDING.keuzes(),
                                     widget=forms.CheckboxSelectMultiple,
                                     help_text=_("Waarin de begeleidingsaanbieder leerlingen ondersteunt."))


class BegeleidingNieuwFormulier(NieuwVanafVandaag, forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=200)
    internationale_naam = forms.CharField(label=_("Internationale naam"), max_length=300, required=False)
    instellingen = SleutelsKeuzeVeld(
        label=_("Instellingserkenning(en) (BRIN)"), queryset=Instellingserkenning.objects.none(),
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Alleen erkenningen voor (voortgezet) speciaal onderwijs van cluster 1 of 2."))
    begindatum = DatumVeld(label=_("Oprichtingsdatum"), help_text=_("Niet vóór de erkenning."))

    def __init__(self, *args, bestuur: Onderwijsbestuur, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The choice is all of the board's running BRIN4s: the service refuses one that is no so/vso of cluster
        # 1 or 2 with the reason, instead of the form hiding it without saying why.
        self.fields["instellingen"].queryset = Instellingserkenning.objects.filter(
            bevoegd_gezag=bestuur.bevoegd_gezag, einddatum__isnull=True).order_by("code")
        self.fields["instellingen"].label_from_instance = lambda i: f"{i.code} {i.naam}" + (
            f" ({i.get_soort_display()})" if i.soort else "")
        self.fields["expertises"] = expertise_veld()
        self.fields["begindatum"].initial = max(vandaag(), bestuur.begindatum)


class BegeleidingWijzigFormulier(NaamWijzigFormulier):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expertises"] = expertise_veld()


class AanbiederBeeindigFormulier(BeeindigFormulier):
    """Ending an aanbieder, and the aanbieder it went on in (a merger), if any (issue 18 §2)."""

    opvolger = forms.CharField(
        label=_("Opgegaan in (code van de opvolger)"), max_length=20, required=False,
        help_text=_("Bij een fusie: de code (999A999) van de onderwijsaanbieder die de school voortzet, ook van een "
                    "ander bestuur. Die bestaat op de dag na de einddatum. Laat leeg als er geen opvolger is."))
