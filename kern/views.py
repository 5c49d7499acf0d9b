"""View helpers every app uses: the peildatum of a read screen, and rule errors shown as messages."""

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.http import HttpRequest

from kern.formulieren import PeildatumFormulier
from kern.fouten import RegelFout
from kern.tijd import vandaag


def meld_regelfout(request: HttpRequest, fout: RegelFout) -> None:
    """Show every message of a refused action (no form to put them on) as an error message on the next page."""
    for berichten in fout.message_dict.values():
        for bericht in berichten:
            messages.error(request, bericht)


def peildatum_uit(request: HttpRequest) -> date:
    """The peildatum of a read screen (?peildatum=JJJJ-MM-DD); today when absent or invalid."""
    formulier = PeildatumFormulier(request.GET or None)
    if formulier.is_valid() and formulier.cleaned_data.get("peildatum"):
        peildatum: date = formulier.cleaned_data["peildatum"]
        return peildatum
    return vandaag()


def voer_actie_uit(request: HttpRequest, actie: Callable[[], object], succes: str) -> bool:
    """A button without a form (end a role, revoke a key, cancel a change): run the service call, then show
    its rule errors, or the success message, on the next page. True when it went through."""
    try:
        actie()
    except RegelFout as fout:
        meld_regelfout(request, fout)
        return False
    messages.success(request, succes)
    return True
