from django import forms
from django.utils.translation import gettext_lazy as _

from berichten.models import Soort, Taal


class Instellingenformulier(forms.Form):
    soorten = forms.MultipleChoiceField(
        label=_("Ik wil deze e-mailberichten ontvangen"), choices=Soort.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    taal = forms.ChoiceField(label=_("Taal van de berichten"), choices=Taal.choices, widget=forms.RadioSelect)
