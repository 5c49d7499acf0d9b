"""audit.momentopname_json: the importer's snapshots as JSON text, the same value as momentopname_van's dict; and
bulk.JsonTekst in a JSONField of schrijf_waarden, on PostgreSQL (COPY) and on SQLite (bulk_create) alike."""

import json
from datetime import date

import pytest

from registratie.models import AuditRegel, BevoegdGezag, EerdereNaam, Instellingserkenning, Vestigingserkenning
from registratie.services import audit, bulk


def _als_json(waarde: object) -> object:
    return json.loads(json.dumps(waarde))


def _objecten() -> list:
    gezag = BevoegdGezag(nummer="12345", naam='De "Stichting"\tmet\\tekens é', begindatum=date(2021, 8, 1))
    instelling = bulk.nieuw_object(Instellingserkenning, {"code": "04IU", "naam": "n", "bevoegd_gezag": gezag,
                                                          "soort": Instellingserkenning.Soort.SO, "cluster": "3/4"})
    vestiging = bulk.nieuw_object(Vestigingserkenning, {
        "code": "04IU00", "naam": "School\nnaam", "instelling": instelling, "huisnummer": 12,
        "einddatum": date(2026, 7, 31), "leerlingen_jaar": 2025})
    return [gezag, instelling, vestiging, EerdereNaam(bevoegd_gezag=gezag, naam="Oud")]


@pytest.mark.parametrize("index", range(4))
def test_momentopname_json_is_dezelfde_waarde_als_de_dict(index):
    obj = _objecten()[index]
    tekst = audit.momentopname_json(obj)
    assert type(tekst) is bulk.JsonTekst
    assert json.loads(tekst) == _als_json(audit.momentopname_van(obj, {}))


def test_momentopname_json_weigert_een_object_met_kindrijen():
    from registratie.models import Onderwijsbestuur

    with pytest.raises(TypeError):
        audit.momentopname_json(Onderwijsbestuur(code="100B001"))


@pytest.mark.django_db
def test_jsontekst_wordt_opgeslagen_als_zijn_waarde():
    gezag = _objecten()[0]
    na = audit.momentopname_json(gezag)
    bulk.schrijf_waarden(AuditRegel, [audit.regelwaarden(door="test", actie=AuditRegel.Actie.AANGEMAAKT, obj=gezag,
                                                         bestuurcode="", omschrijving="test", voor=na, na=na)])
    regel = AuditRegel.objects.get(objectcode="12345")
    assert regel.na == regel.voor == _als_json(audit.momentopname_van(gezag, {}))


def test_objectcode_valt_terug_op_de_sleutel_als_de_code_niet_te_lezen_is():
    """objectcode asks once per model whether it has a code; an instance whose code property cannot be read (a
    locatiegebruik without its bestuur) still gets its key, as hasattr() decided per instance before."""
    from registratie.models import Onderwijslocatiegebruik

    assert audit.objectcode(Onderwijslocatiegebruik(pk=7)) == "7"
    assert audit.objectcode(BevoegdGezag(nummer="12345")) == "12345"
