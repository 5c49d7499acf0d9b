"""Forms of the Beheerder PO's role screens; the services decide what is allowed."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from autorisatie.rollen import GEBRUIKERSROLLEN, Rol
from autorisatie.services import ALLE_RIO_ROLLEN
from kern.formulieren import DatumVeld
from kern.tijd import vandaag
from registratie.models import Onderwijsbestuur


def _persoon(gebruiker) -> str:
    naam = gebruiker.get_full_name()
    return f"{naam} ({gebruiker.email or gebruiker.get_username()})" if naam else gebruiker.email or gebruiker.username


class RolToekennenFormulier(forms.Form):
    """One form for both ways to give a role: a colleague who logged in before, or the e-mail address of one who
    did not yet (the announcement: the roles are granted at the first login with that address)."""

    gebruiker = forms.ModelChoiceField(label=gettext_lazy("Collega die al eens heeft ingelogd"), required=False,
                                       queryset=get_user_model().objects.none(),
                                       empty_label=gettext_lazy("Kies een collega (of uzelf)"))
    email = forms.EmailField(label=gettext_lazy("Of: e-mailadres van een collega die nog niet heeft ingelogd"),
                             required=False,
                             help_text=gettext_lazy("Bij de eerste inlog met dit adres krijgt de collega de gekozen "
                                                    "rol(len), vanaf die dag."))
    rol = forms.ChoiceField(label=gettext_lazy("Rol"))
    begindatum = DatumVeld(label=gettext_lazy("Geldig vanaf"))
    einddatum = DatumVeld(label=gettext_lazy("Geldig tot en met (optioneel)"), required=False)

    def __init__(self, *args, bestuur: Onderwijsbestuur, toekenbaar: list[Rol], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gebruiker"].queryset = get_user_model().objects.filter(
            organisatielid__bestuur=bestuur).order_by("last_name", "username")
        self.fields["gebruiker"].label_from_instance = _persoon
        # OSR-toegang and the school leader's Blauwdruk inzien are not RIO gebruikersrollen: granted on their own
        self.bundel = [r for r in toekenbaar if r in GEBRUIKERSROLLEN]
        alle = _("Alle RIO-rollen die u mag geven (%(aantal)d)") % {"aantal": len(self.bundel)}
        self.fields["rol"].choices = [(ALLE_RIO_ROLLEN, alle)] + [(r.value, r.label) for r in toekenbaar]
        self.fields["begindatum"].initial = vandaag()

    def clean(self):
        data = super().clean()
        gebruiker, email = data.get("gebruiker"), data.get("email")
        if gebruiker and email:
            raise forms.ValidationError(_("Kies een collega óf vul een e-mailadres in, niet allebei."))
        if not gebruiker and not email and "email" not in self.errors:
            raise forms.ValidationError(_("Kies een collega, of vul het e-mailadres in van een collega die nog "
                                          "niet heeft ingelogd."))
        if email:
            bekend = self.fields["gebruiker"].queryset.filter(email__iexact=email.strip()).first()
            if bekend is not None:  # already logged in: give the role now, as if picked from the list
                data["gebruiker"], data["email"] = bekend, ""
            elif data.get("begindatum") not in (None, vandaag()) or data.get("einddatum"):
                raise forms.ValidationError(_("Een collega die nog niet heeft ingelogd krijgt de rollen bij de "
                                              "eerste inlog, vanaf die dag. Laat 'Geldig vanaf' op vandaag staan en "
                                              "'Geldig tot en met' leeg, of ken de rol toe nadat de collega heeft "
                                              "ingelogd."))
        return data

    @property
    def is_aankondiging(self) -> bool:
        return bool(self.cleaned_data.get("email"))

    def rollen(self) -> list[Rol]:
        keuze = self.cleaned_data["rol"]
        return list(self.bundel) if keuze == ALLE_RIO_ROLLEN else [Rol(keuze)]
