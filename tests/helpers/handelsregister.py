"""A board's Handelsregister snapshot from a recorded KvK response (tests/registratie/handelsregister/*.json),
stored through the service as ververs_handelsregister stores it; no HTTP."""

from registratie.handelsregister.kvk import lees
from registratie.models import Handelsregistergegevens, Onderwijsbestuur
from registratie.services.handelsregister import bewaar
from tests.registratie.handelsregister.kvk_server import opname


def met_kvk_nummer(bestuur: Onderwijsbestuur, nummer: str) -> Onderwijsbestuur:
    """The board's KvK number as DUO gives it (on the bevoegd gezag, copied to the board)."""
    gezag = bestuur.bevoegd_gezag
    gezag.kvk_nummer = nummer
    gezag.save(update_fields=["kvk_nummer"])
    Onderwijsbestuur.objects.filter(pk=bestuur.pk).update(kvk_nummer=nummer)
    return Onderwijsbestuur.objects.select_related("bevoegd_gezag").get(pk=bestuur.pk)


def snapshot(bestuur: Onderwijsbestuur, bestand: str = "actief.json", **wijzig) -> Handelsregistergegevens:
    gegevens = opname(bestand) | wijzig
    bestuur = met_kvk_nummer(bestuur, gegevens["kvkNummer"])
    bewaar(bestuur.bevoegd_gezag, lees(gegevens))
    return Handelsregistergegevens.objects.get(bevoegd_gezag=bestuur.bevoegd_gezag)
