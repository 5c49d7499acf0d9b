"""Forms of the Beheerder PO's role screens; the services decide what is allowed."""

from django import forms
from django.contrib.auth import get_user_model

from autorisatie.rollen import GEBRUIKERSROLLEN, Rol
from autorisatie.services import ALLE_RIO_ROLLEN
from kern.formulieren import DatumVeld
from kern.tijd import vandaag
from registratie.models import Onderwijsbestuur


def _persoon(gebruiker) -> str:
    naam = gebruiker.get_full_name()
    return f"{naam} ({gebruiker.email or gebruiker.get_username()})" if naam else gebruiker.email or gebruiker.username


class RolToekennenFormulier(forms.Form):
    gebruiker = forms.ModelChoiceField(label="Collega", queryset=get_user_model().objects.none(),
                                       empty_label="Kies een collega (of uzelf)")
    rol = forms.ChoiceField(label="Rol")
    begindatum = DatumVeld(label="Geldig vanaf")
    einddatum = DatumVeld(label="Geldig tot en met (optioneel)", required=False)

    def __init__(self, *args, bestuur: Onderwijsbestuur, toekenbaar: list[Rol], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gebruiker"].queryset = get_user_model().objects.filter(
            organisatielid__bestuur=bestuur).order_by("last_name", "username")
        self.fields["gebruiker"].label_from_instance = _persoon
        # OSR-toegang and the school leader's Blauwdruk inzien are not RIO gebruikersrollen: granted on their own
        self.bundel = [r for r in toekenbaar if r in GEBRUIKERSROLLEN]
        self.fields["rol"].choices = [(ALLE_RIO_ROLLEN, f"Alle RIO-rollen die u mag geven ({len(self.bundel)})")] + [
            (r.value, r.label) for r in toekenbaar]
        self.fields["begindatum"].initial = vandaag()

    def rollen(self) -> list[Rol]:
        keuze = self.cleaned_data["rol"]
        return list(self.bundel) if keuze == ALLE_RIO_ROLLEN else [Rol(keuze)]


class AankondigenFormulier(forms.Form):
    email = forms.EmailField(label="E-mailadres van de collega",
                             help_text="Bij de eerste inlog met dit adres krijgt de collega de gekozen rollen.")
    rollen = forms.MultipleChoiceField(label="Rollen", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, toekenbaar: list[Rol], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rollen"].choices = [(r.value, r.label) for r in toekenbaar]
