"""Form building blocks: Dutch date input, hidden versie, and the mapping of service errors to fields."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from kern.fouten import RegelFout

DATUMFORMATEN = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class DatumVeld(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("input_formats", DATUMFORMATEN)
        kwargs.setdefault("error_messages", {"invalid": "Vul een geldige datum in, bijvoorbeeld 31-07-2027."})
        super().__init__(*args, **kwargs)


class HuisnummerVeld(forms.IntegerField):
    """A house number: a text box, not <input type=number>, because browsers silently drop a typed "12a" from a
    number field and the user must see our message instead of a wrong number being saved."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", {
            "invalid": "Vul alleen cijfers in; een letter of toevoeging hoort in het veld Toevoeging."})
        super().__init__(*args, **kwargs)


class VersieFormulier(forms.Form):
    """Carries the versie the user read, for optimistic locking in the service."""

    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)


def zet_fouten_op_formulier(form: forms.Form, fout: RegelFout) -> None:
    """Show each service message at its field, or at the top when the form has no such field."""
    for veld, berichten in fout.message_dict.items():
        doel = veld if veld in form.fields else None
        for bericht in berichten:
            form.add_error(doel if doel != NON_FIELD_ERRORS else None, bericht)


class PeildatumFormulier(forms.Form):
    """The ?peildatum= of every read screen."""

    peildatum = DatumVeld(label="Peildatum", required=False)
