"""audit.wijziging: the one ritual of a change to a versioned object (lock, versie, snapshot, errors, entry)."""

import pytest

from kern.fouten import Conflict, RegelFout
from registratie.models import AuditRegel, Onderwijsbestuur
from registratie.services import audit
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE

Actie = AuditRegel.Actie


def _wijzig(bestuur: Onderwijsbestuur, *, versie: int | None = ZONDER_VERSIECONTROLE,
            fout: bool = False) -> Onderwijsbestuur:
    with audit.wijziging(bestuur, door="test", actie=Actie.GEWIJZIGD, bestuurcode=bestuur.code,
                         omschrijving="KvK-nummer gewijzigd", versie=versie) as w:
        w.obj.kvk_nummer = "12345678"
        w.obj.save()  # saved before the error is raised: the rollback must still undo it
        if fout:
            w.fouten.voeg_toe("kvk_nummer", "Eerste fout.")
            w.fouten.voeg_toe("rsin", "Tweede fout.")
    return w.obj


def test_regelfout_slaat_niets_op_en_schrijft_geen_auditregel(bestuur: Onderwijsbestuur) -> None:
    regels = AuditRegel.objects.count()
    with pytest.raises(RegelFout) as info:
        _wijzig(bestuur, fout=True)
    assert info.value.message_dict == {"kvk_nummer": ["Eerste fout."], "rsin": ["Tweede fout."]}
    bestuur.refresh_from_db()
    assert (bestuur.kvk_nummer, bestuur.versie) == ("", 1)
    assert AuditRegel.objects.count() == regels


def test_verouderde_versie_geeft_conflict(bestuur: Onderwijsbestuur) -> None:
    regels = AuditRegel.objects.count()
    with pytest.raises(Conflict):
        _wijzig(bestuur, versie=bestuur.versie - 1 if bestuur.versie > 1 else bestuur.versie + 1)
    bestuur.refresh_from_db()
    assert bestuur.kvk_nummer == ""
    assert AuditRegel.objects.count() == regels


def test_gelukt_schrijft_een_regel_met_voor_en_na_en_verhoogt_versie(bestuur: Onderwijsbestuur) -> None:
    regels = AuditRegel.objects.count()
    versie = bestuur.versie
    gewijzigd = _wijzig(bestuur, versie=versie)
    assert gewijzigd.versie == versie + 1
    bestuur.refresh_from_db()
    assert (bestuur.kvk_nummer, bestuur.versie) == ("12345678", versie + 1)
    assert AuditRegel.objects.count() == regels + 1
    regel = AuditRegel.objects.order_by("-pk").first()
    assert regel is not None
    assert (regel.actie, regel.objectcode, regel.bestuurcode, regel.gebruikersnaam, regel.omschrijving) == (
        Actie.GEWIJZIGD, bestuur.code, bestuur.code, "test", "KvK-nummer gewijzigd")
    assert regel.voor is not None and regel.na is not None
    assert regel.voor["kvk_nummer"] == "" and regel.na["kvk_nummer"] == "12345678"
    assert regel.na["perioden"] == regel.voor["perioden"]


def test_niets_gewijzigd_geen_nieuwe_versie_en_geen_regel(bestuur: Onderwijsbestuur) -> None:
    regels = AuditRegel.objects.count()
    with audit.wijziging(bestuur, door="test", actie=Actie.GEWIJZIGD, bestuurcode=bestuur.code,
                         versie=bestuur.versie) as w:
        w.niets_gewijzigd()
    bestuur.refresh_from_db()
    assert bestuur.versie == 1
    assert AuditRegel.objects.count() == regels
