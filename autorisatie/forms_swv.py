"""Forms of DUO's screens for samenwerkingsverbanden passend onderwijs and their readers (docs/adr/0012)."""

import re

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext, gettext_lazy

from kern.formulieren import DatumVeld
from registratie.models import Onderwijsbestuur, Samenwerkingssoort


class SamenwerkingsverbandFormulier(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=10,
                           help_text=gettext_lazy("PO of VO en vier cijfers, zoals PO2001 (DUO schrijft PO 20-01)."))
    naam = forms.CharField(label=gettext_lazy("Naam"), max_length=120)
    soort = forms.ChoiceField(label=gettext_lazy("Soort"), choices=Samenwerkingssoort.choices,
                              initial=Samenwerkingssoort.SWPO)
    regio = forms.CharField(label=gettext_lazy("Regio (postcodegebieden)"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=gettext_lazy("De vier cijfers van de postcodes, gescheiden door spaties of "
                                                   "komma's."))

    def clean_regio(self) -> list[str]:
        return [p for p in re.split(r"[\s,;]+", self.cleaned_data["regio"]) if p]


class LidFormulier(forms.Form):
    bestuur = forms.CharField(label=gettext_lazy("Bestuur (code)"), max_length=7,
                              help_text=gettext_lazy("Zoals 100B001."))
    begindatum = DatumVeld(label=gettext_lazy("Lid vanaf"))
    einddatum = DatumVeld(label=gettext_lazy("Lid tot en met"), required=False)

    def clean_bestuur(self) -> Onderwijsbestuur:
        code = self.cleaned_data["bestuur"].strip().upper()
        bestuur = Onderwijsbestuur.objects.filter(code=code).first()
        if bestuur is None:
            raise forms.ValidationError(gettext("Er is geen bestuur met code %(code)s.") % {"code": code})
        return bestuur


class MedewerkerFormulier(forms.Form):
    """A samenwerkingsverband's employee gets the raadpleegrol Passend onderwijs for it."""

    gebruikersnaam = forms.CharField(label=gettext_lazy("Gebruikersnaam"), max_length=150,
                                     help_text=gettext_lazy("De medewerker moet al eens hebben ingelogd."))
    begindatum = DatumVeld(label=gettext_lazy("Vanaf"))

    def clean_gebruikersnaam(self) -> User:
        naam = self.cleaned_data["gebruikersnaam"].strip()
        gebruiker = User.objects.filter(username=naam, is_active=True).first()
        if gebruiker is None:
            raise forms.ValidationError(gettext("Er is geen actieve gebruiker %(naam)s.") % {"naam": naam})
        return gebruiker

