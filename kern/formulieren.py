"""Form building blocks: Dutch date input, hidden versie, and the mapping of service errors to fields."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import OperationalError
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from kern.fouten import Conflict, RegelFout
from kern.urls import GROOTSTE_SLEUTEL  # the largest database key (signed 64-bit)

DATUMFORMATEN = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class DatumVeld(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATUMFORMATEN)
        kwargs.setdefault("error_messages",
                          {"invalid": gettext_lazy("Vul een geldige datum in, bijvoorbeeld 31-07-2027.")})
        super().__init__(*args, **kwargs)


class HuisnummerVeld(forms.IntegerField):
    """A house number: a text box, not <input type=number>, because browsers silently drop a typed "12a" from a
    number field and the user must see our message instead of a wrong number being saved. Bounded above with the
    register's rule (registratie.services.adres, 1 to 99999), so a 30-digit number is a form error and never
    reaches the database (an integer beyond 64 bits overflows SQLite); the lower bound stays with that rule."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    TE_GROOT = gettext_noop("Het huisnummer ligt tussen 1 en 99999.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_value", 99999)
        kwargs.setdefault("error_messages", {
            "invalid": gettext_lazy("Vul alleen cijfers in; een letter of toevoeging hoort in het veld Toevoeging."),
            "max_value": gettext_lazy(self.TE_GROOT)})
        super().__init__(*args, **kwargs)




class SleutelsKeuzeVeld(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """ModelMultipleChoiceField that refuses a number beyond 64 bits as an invalid choice: Django looks the choices
    up with ``pk__in``, which (unlike ``pk=``) passes such a number to the database, and SQLite cannot bind it."""

    def _check_values(self, value: Any) -> Any:
        for sleutel in value:
            tekst = str(sleutel).strip()
            try:  # not str.isdigit: "¹" is a digit that int() refuses, and "+-5" passes a stripped check
                getal = int(tekst)
            except ValueError:
                continue  # not a number: Django's own check refuses it as an invalid choice
            if abs(getal) > GROOTSTE_SLEUTEL:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": tekst[:20] + "…"})
        return super()._check_values(value)  # type: ignore[misc]  # private in Django, absent from the stubs


class NederlandseWaarden:
    """Options that are Dutch domain values (a DUO waardenlijst: doelgroepen, kenmerken) keep their Dutch text on an
    English page; lang="nl" lets a screen reader pronounce them as Dutch (WCAG 3.1.2). The empty choice is the
    portal's own text and carries no marking."""

    def create_option(self, name: str, value: Any, label: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        optie: dict[str, Any] = super().create_option(name, value, label, *args, **kwargs)  # type: ignore[misc]
        if value not in (None, ""):
            optie["attrs"]["lang"] = "nl"
        return optie


class NederlandseKeuze(NederlandseWaarden, forms.Select):
    pass


class NederlandseVinkjes(NederlandseWaarden, forms.CheckboxSelectMultiple):
    pass


class VersieFormulier(forms.Form):
    """Carries the versie the user read, for optimistic locking in the service.

    Not required here: a missing versie reaches the service as None and is refused there with the conflict
    message, like a stale one. A tampered value (not a number, or outside a bigint) gets that message too."""

    versie = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=GROOTSTE_SLEUTEL,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), gettext_lazy(Conflict.bericht)))


def zet_fouten_op_formulier(form: forms.Form, fout: RegelFout) -> None:
    """Show each service message at its field, or at the top when the form has no such field."""
    for veld, berichten in fout.message_dict.items():
        doel = veld if veld in form.fields else None
        for bericht in berichten:
            form.add_error(doel if doel != NON_FIELD_ERRORS else None, bericht)


def voer_uit_op[T](form: forms.Form, actie: Callable[[], T]) -> T | None:
    """Run a service call for a valid form; a refusal goes back onto the form instead of escaping.

    RegelFout: each message at its field (zet_fouten_op_formulier); Conflict, or SQLite's "database is locked",
    the conflict message at the top. Returns the
    service's result, or None when it was refused: then ``form.errors`` says why (a service that itself returns
    None is told apart by ``form.errors``)."""
    try:
        return actie()
    except RegelFout as fout:
        zet_fouten_op_formulier(form, fout)
    except Conflict as conflict:
        form.add_error(None, str(conflict))
    except OperationalError as fout:
        # SQLite: a colleague's save held the write lock past the busy timeout. Nothing was saved (the service's
        # transaction rolled back), so it is a conflict like any other, not a server error.
        if "database is locked" not in str(fout):
            raise
        form.add_error(None, gettext(Conflict.bericht))
    return None


class PeildatumFormulier(forms.Form):
    """The ?peildatum= of every read screen."""

    peildatum = DatumVeld(label=gettext_lazy("Peildatum"), required=False)
