"""Forms of the modelleertool: upload a blauwdruk, apply it with an ingangsdatum, keep it as a named concept."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kern.export import XLSX_MIME
from kern.formulieren import DatumVeld
from kern.tijd import vandaag
from registratie.services.regels import datum

TEKSTVAK = {"class": "form-control"}


class UploadFormulier(forms.Form):
    bestand = forms.FileField(
        label=_("Blauwdruk (.xlsx)"), help_text=_("Het ingevulde sjabloon, als Excel-werkmap."),
        error_messages={"required": _("Kies het bestand met de ingevulde blauwdruk (.xlsx)."),
                        "empty": _("Het gekozen bestand is leeg. Kies het ingevulde sjabloon (.xlsx).")},
        widget=forms.ClearableFileInput(attrs={**TEKSTVAK, "accept": f".xlsx,{XLSX_MIME}"}))
    naam = forms.CharField(label=_("Naam van de blauwdruk (optioneel)"), max_length=200, required=False,
                           widget=forms.TextInput(attrs=TEKSTVAK),
                           help_text=_("Bijvoorbeeld 'Fusie De Regenboog en De Linde, schooljaar 2027/28'."))


class ToepassenFormulier(forms.Form):
    ingangsdatum = DatumVeld(
        label=_("Ingangsdatum"), widget=forms.DateInput(attrs={**TEKSTVAK, "type": "date"}, format="%Y-%m-%d"),
        help_text=_("Vandaag of later. Nieuwe namen en kenmerken gaan op deze datum in; nieuwe objecten zonder eigen "
                    "begindatum beginnen dan."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ingangsdatum"].initial = vandaag()

    def clean_ingangsdatum(self):
        ingangsdatum = self.cleaned_data["ingangsdatum"]
        if ingangsdatum < vandaag():
            raise forms.ValidationError(gettext("De ingangsdatum ligt in het verleden. Kies vandaag (%(datum)s) of "
                                                "een latere datum.") % {"datum": datum(vandaag())})
        return ingangsdatum


class BewarenFormulier(forms.Form):
    naam = forms.CharField(label=_("Naam van het concept"), max_length=200, required=False,
                           widget=forms.TextInput(attrs=TEKSTVAK))
