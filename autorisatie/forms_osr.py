"""Forms of the OSR mandate screens and the key page; the services in osr.py decide what is allowed."""

from datetime import date

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from autorisatie.models import Dienst, Mandaat, Systeem
from autorisatie.osr import lopende_mandaten_per_school, scholen_van
from kern.formulieren import DatumVeld, SleutelsKeuzeVeld
from kern.tijd import vandaag
from registratie.models import Instellingserkenning, Onderwijsbestuur


def _school(instelling: Instellingserkenning) -> str:
    return f"{instelling.code} {instelling.naam}"


class MandaatToevoegenFormulier(forms.Form):
    instelling = forms.ModelChoiceField(label=_("School (BRIN4)"), queryset=Instellingserkenning.objects.none(),
                                        empty_label=_("Kies een school"),
                                        error_messages={"required": _("Kies de school waarvoor het mandaat geldt."),
                                                        "invalid_choice": _("Kies een school van uw eigen bestuur.")})
    dienst = forms.ChoiceField(label=_("Dienst"), choices=Dienst.choices, initial=Dienst.RIO,
                               error_messages={"required": _("Kies een dienst, bijvoorbeeld RIO.")})
    systeem = forms.ModelChoiceField(label=_("Systeem (leverancier)"), queryset=Systeem.objects.none(),
                                     empty_label=_("Kies een systeem"),
                                     error_messages={"required": _("Kies het systeem dat namens de school mag "
                                                                 "uitwisselen."),
                                                     "invalid_choice": _("Kies een actief systeem uit de lijst.")})
    begindatum = DatumVeld(label=_("Geldig vanaf"), help_text=_("Vandaag of later."))
    einddatum = DatumVeld(label=_("Geldig tot en met (optioneel)"), required=False,
                          help_text=_("Leeg laten als het mandaat geen einde heeft."))

    def __init__(self, *args, bestuur: Onderwijsbestuur, peildatum: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instelling"].queryset = scholen_van(bestuur, peildatum)
        self.fields["instelling"].label_from_instance = _school
        self.fields["systeem"].queryset = Systeem.objects.filter(actief=True).select_related("leverancier")
        self.fields["begindatum"].initial = vandaag()


class MandaatBeeindigenFormulier(forms.Form):
    einddatum = DatumVeld(label=_("Laatste dag van het mandaat"),
                          help_text=_("Op deze dag geldt het mandaat nog; vandaag of later."),
                          error_messages={"required": _("Vul de laatste dag van het mandaat in.")})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["einddatum"].initial = vandaag()


class MandaatKopierenFormulier(forms.Form):
    alle_scholen = forms.BooleanField(label=_("Alle scholen"), required=False)
    instellingen = SleutelsKeuzeVeld(
        label=_("Of kies de scholen"), queryset=Instellingserkenning.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies alleen scholen van uw eigen bestuur."),
                        "invalid_pk_value": _("Kies alleen scholen van uw eigen bestuur.")})

    def __init__(self, *args, mandaat: Mandaat, peildatum: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        scholen = scholen_van(mandaat.bestuur, peildatum).exclude(pk=mandaat.instelling_id)
        # Schools that already have a mandate for this dienst are marked, and "alle scholen" leaves them out:
        # copying there would give the school a second mandate for the same dienst.
        self.bestaand = lopende_mandaten_per_school(mandaat.bestuur, mandaat.dienst, peildatum)
        dienst = mandaat.get_dienst_display()
        self.zonder_mandaat = [s for s in scholen if s.pk not in self.bestaand]
        self.fields["instellingen"].queryset = scholen
        self.fields["instellingen"].label_from_instance = lambda s: self._label(s, dienst)
        self.fields["alle_scholen"].label = gettext("Alle scholen zonder mandaat voor %(dienst)s (%(n)d)") % {
            "dienst": dienst, "n": len(self.zonder_mandaat)}
        self.fields["alle_scholen"].help_text = gettext("Scholen die al een mandaat voor deze dienst hebben, zijn "
                                                        "hieronder gemarkeerd en worden dan overgeslagen.")

    def _label(self, school: Instellingserkenning, dienst: str) -> str:
        bestaand = self.bestaand.get(school.pk)
        if not bestaand:
            return _school(school)
        systemen = ", ".join(sorted({m.systeem.naam for m in bestaand}))
        return gettext("%(school)s — heeft al een mandaat voor %(dienst)s (%(systemen)s)") % {
            "school": _school(school), "dienst": dienst, "systemen": systemen}

    def clean(self) -> dict:
        data = super().clean()
        if data.get("alle_scholen"):
            data["instellingen"] = self.zonder_mandaat
            if not self.zonder_mandaat:
                self.add_error("alle_scholen", gettext("Alle andere scholen hebben al een mandaat voor deze dienst; "
                                                       "er is niets te kopiëren."))
        elif not data.get("instellingen") and "instellingen" not in self.errors:
            self.add_error("instellingen", gettext("Kies ten minste één school om het mandaat naar te kopiëren, of "
                                                   "kies 'Alle scholen'."))
        return data


class SleutelFormulier(forms.Form):
    omschrijving = forms.CharField(label=_("Omschrijving"), max_length=120, required=False,
                                   help_text=_("Bijvoorbeeld: productie, of de naam van de omgeving bij de "
                                               "leverancier."))
