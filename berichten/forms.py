from django import forms

from berichten.models import Soort, Taal


class Instellingenformulier(forms.Form):
    soorten = forms.MultipleChoiceField(
        label="Ik wil deze e-mailberichten ontvangen", choices=Soort.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    taal = forms.ChoiceField(label="Taal van de berichten", choices=Taal.choices, widget=forms.RadioSelect)
