"""Forms of the OSR mandate screens and the key page; the services in osr.py decide what is allowed."""

from datetime import date

from django import forms

from autorisatie.models import Dienst, Mandaat, Systeem
from autorisatie.osr import lopende_mandaten_per_school, scholen_van
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
    alle_scholen = forms.BooleanField(label="Alle scholen", required=False)
    instellingen = SleutelsKeuzeVeld(
        label="Of kies de scholen", queryset=Instellingserkenning.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Kies alleen scholen van uw eigen bestuur.",
                        "invalid_pk_value": "Kies alleen scholen van uw eigen bestuur."})

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
        self.fields["alle_scholen"].label = (f"Alle scholen zonder mandaat voor {dienst} "
                                             f"({len(self.zonder_mandaat)})")
        self.fields["alle_scholen"].help_text = ("Scholen die al een mandaat voor deze dienst hebben, zijn "
                                                 "hieronder gemarkeerd en worden dan overgeslagen.")

    def _label(self, school: Instellingserkenning, dienst: str) -> str:
        bestaand = self.bestaand.get(school.pk)
        if not bestaand:
            return _school(school)
        systemen = ", ".join(sorted({m.systeem.naam for m in bestaand}))
        return f"{_school(school)} — heeft al een mandaat voor {dienst} ({systemen})"

    def clean(self) -> dict:
        data = super().clean()
        if data.get("alle_scholen"):
            data["instellingen"] = self.zonder_mandaat
            if not self.zonder_mandaat:
                self.add_error("alle_scholen", "Alle andere scholen hebben al een mandaat voor deze dienst; er is "
                                               "niets te kopiëren.")
        elif not data.get("instellingen") and "instellingen" not in self.errors:
            self.add_error("instellingen", "Kies ten minste één school om het mandaat naar te kopiëren, of kies "
                                           "'Alle scholen'.")
        return data


class SleutelFormulier(forms.Form):
    omschrijving = forms.CharField(label="Omschrijving", max_length=120, required=False,
                                   help_text="Bijvoorbeeld: productie, of de naam van de omgeving bij de leverancier.")
