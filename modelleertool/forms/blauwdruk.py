"""Forms of the modelleertool: upload a blauwdruk, apply it with an ingangsdatum, keep it as a named concept."""

from django import forms

from kern.export import XLSX_MIME
from kern.formulieren import DatumVeld
from kern.tijd import vandaag
from registratie.services.regels import datum

TEKSTVAK = {"class": "form-control"}


class UploadFormulier(forms.Form):
    bestand = forms.FileField(
        label="Blauwdruk (.xlsx)", help_text="Het ingevulde sjabloon, als Excel-werkmap.",
        error_messages={"required": "Kies het bestand met de ingevulde blauwdruk (.xlsx).",
                        "empty": "Het gekozen bestand is leeg. Kies het ingevulde sjabloon (.xlsx)."},
        widget=forms.ClearableFileInput(attrs={**TEKSTVAK, "accept": f".xlsx,{XLSX_MIME}"}))
    naam = forms.CharField(label="Naam van de blauwdruk (optioneel)", max_length=200, required=False,
                           widget=forms.TextInput(attrs=TEKSTVAK),
                           help_text="Bijvoorbeeld 'Fusie De Regenboog en De Linde, schooljaar 2027/28'.")


class ToepassenFormulier(forms.Form):
    ingangsdatum = DatumVeld(
        label="Ingangsdatum", widget=forms.DateInput(attrs={**TEKSTVAK, "type": "date"}, format="%Y-%m-%d"),
        help_text="Vandaag of later. Nieuwe namen en kenmerken gaan op deze datum in; nieuwe objecten zonder eigen "
                  "begindatum beginnen dan.")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ingangsdatum"].initial = vandaag()

    def clean_ingangsdatum(self):
        ingangsdatum = self.cleaned_data["ingangsdatum"]
        if ingangsdatum < vandaag():
            raise forms.ValidationError(f"De ingangsdatum ligt in het verleden. Kies vandaag ({datum(vandaag())}) "
                                        "of een latere datum.")
        return ingangsdatum


class BewarenFormulier(forms.Form):
    naam = forms.CharField(label="Naam van het concept", max_length=200, required=False,
                           widget=forms.TextInput(attrs=TEKSTVAK))
