"""Forms of the OSR mandate screens and the key page; the services in osr.py decide what is allowed."""

from datetime import date

from django import forms

from autorisatie.models import Dienst, Mandaat, Systeem
from autorisatie.osr import scholen_van
from kern.formulieren import DatumVeld, SleutelsKeuzeVeld
from kern.tijd import vandaag
from registratie.models import Instellingserkenning, Onderwijsbestuur


def _school(instelling: Instellingserkenning) -> str:
    return f"{instelling.code} {instelling.naam}"


class MandaatToevoegenFormulier(forms.Form):
    instelling = forms.ModelChoiceField(label="School (BRIN4)", queryset=Instellingserkenning.objects.none(),
                                        empty_label="Kies een school",
                                        error_messages={"required": "Kies de school waarvoor het mandaat geldt.",
                                                        "invalid_choice": "Kies een school van uw eigen bestuur."})
    dienst = forms.ChoiceField(label="Dienst", choices=Dienst.choices, initial=Dienst.RIO,
                               error_messages={"required": "Kies een dienst, bijvoorbeeld RIO."})
    systeem = forms.ModelChoiceField(label="Systeem (leverancier)", queryset=Systeem.objects.none(),
                                     empty_label="Kies een systeem",
                                     error_messages={"required": "Kies het systeem dat namens de school mag "
                                                                 "uitwisselen.",
                                                     "invalid_choice": "Kies een actief systeem uit de lijst."})
    begindatum = DatumVeld(label="Geldig vanaf", help_text="Vandaag of later.")
    einddatum = DatumVeld(label="Geldig tot en met (optioneel)", required=False,
                          help_text="Leeg laten als het mandaat geen einde heeft.")

    def __init__(self, *args, bestuur: Onderwijsbestuur, peildatum: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instelling"].queryset = scholen_van(bestuur, peildatum)
        self.fields["instelling"].label_from_instance = _school
        self.fields["systeem"].queryset = Systeem.objects.filter(actief=True).select_related("leverancier")
        self.fields["begindatum"].initial = vandaag()


class MandaatBeeindigenFormulier(forms.Form):
    einddatum = DatumVeld(label="Laatste dag van het mandaat",
                          help_text="Op deze dag geldt het mandaat nog; vandaag of later.",
                          error_messages={"required": "Vul de laatste dag van het mandaat in."})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["einddatum"].initial = vandaag()


class MandaatKopierenFormulier(forms.Form):
    instellingen = SleutelsKeuzeVeld(
        label="Naar welke scholen", queryset=Instellingserkenning.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies ten minste één school om het mandaat naar te kopiëren.",
                        "invalid_choice": "Kies alleen scholen van uw eigen bestuur.",
                        "invalid_pk_value": "Kies alleen scholen van uw eigen bestuur."})

    def __init__(self, *args, mandaat: Mandaat, peildatum: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instellingen"].queryset = scholen_van(mandaat.bestuur, peildatum).exclude(pk=mandaat.instelling_id)
        self.fields["instellingen"].label_from_instance = _school


class SleutelFormulier(forms.Form):
    omschrijving = forms.CharField(label="Omschrijving", max_length=120, required=False,
                                   help_text="Bijvoorbeeld: productie, of de naam van de omgeving bij de leverancier.")
