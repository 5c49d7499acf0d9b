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
    # Values a text field does not normally hold: the string function refuses them, the general conversion takes over.
    vreemd = bulk.nieuw_object(Vestigingserkenning, {"code": "04IU01", "naam": "x", "instelling": instelling,
                                                     "leerlingen": None, "postcode": 1234, "plaatsnaam": 12.5})
    return [gezag, instelling, vestiging, EerdereNaam(bevoegd_gezag=gezag, naam="Oud"), vreemd]


@pytest.mark.parametrize("index", range(5))
def test_momentopname_json_is_dezelfde_waarde_als_de_dict(index):
    obj = _objecten()[index]
    tekst = audit.momentopname_json(obj)
    assert type(tekst) is bulk.JsonTekst
    assert json.loads(tekst) == _als_json(audit.momentopname_van(obj, {}))


@pytest.mark.django_db
def test_momentopname_json_van_een_geladen_object_leest_de_gerelateerde_code():
    """A foreign key whose object is not in the instance's cache: read through the descriptor (a query), as
    momentopname_van does, not taken as empty."""
    gezag = BevoegdGezag.objects.create(nummer="12346", naam="G")
    instelling = Instellingserkenning.objects.create(code="05IU", naam="I", bevoegd_gezag=gezag)
    Vestigingserkenning.objects.create(code="05IU00", naam="V", instelling=instelling)
    geladen = Vestigingserkenning.objects.get(code="05IU00")
    assert "instelling" not in geladen._state.fields_cache
    assert json.loads(audit.momentopname_json(geladen))["instelling"] == "05IU"
    assert json.loads(audit.momentopname_json(geladen)) == _als_json(audit.momentopname_van(geladen, {}))


def test_momentopname_json_zonder_verplicht_gerelateerd_object_weigert_zoals_de_descriptor():
    zonder = bulk.nieuw_object(Vestigingserkenning, {"code": "04IU02", "naam": "Zonder", "instelling": None})
    with pytest.raises(Vestigingserkenning.instelling.RelatedObjectDoesNotExist):
        audit.momentopname_van(zonder, {})
    with pytest.raises(Vestigingserkenning.instelling.RelatedObjectDoesNotExist):
        audit.momentopname_json(zonder)


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
