"""kern.geldigheid: the one rule for "valid on a date" (ADR 0001: einddatum inclusive) and its queryset form."""

from datetime import date, timedelta
from typing import ClassVar

import pytest
from django.contrib.auth import get_user_model

from autorisatie.models import Mandaat, Roltoewijzing, geldige_toewijzingen_q
from autorisatie.rollen import GEBRUIKERSROLLEN
from kern.geldigheid import Geldigheid, geldig_op_q, relevant_op_q
from registratie.domein.enumeraties import Waarde
from registratie.models import BevoegdGezag, Instellingserkenning, geldig_op
from tests.helpers.factories import gebruiker_met_rollen

BEGIN = date(2024, 8, 1)
EIND = date(2025, 7, 31)
DAG = timedelta(days=1)


def _toewijzing(begin: date = BEGIN, eind: date | None = EIND) -> Roltoewijzing:
    return Roltoewijzing(begindatum=begin, einddatum=eind)


@pytest.mark.parametrize(("peildatum", "geldig", "relevant", "status"), [
    (BEGIN - DAG, False, True, "toekomstig"),  # the day before begin: not yet valid, but it starts later
    (BEGIN, True, True, "actief"),             # the begin day counts
    (EIND, True, True, "actief"),              # the einddatum is the last valid day (inclusive)
    (EIND + DAG, False, False, "beëindigd"),   # the day after: history
])
def test_grensdagen(peildatum, geldig, relevant, status):
    obj = _toewijzing()
    assert obj.is_geldig_op(peildatum) is geldig
    assert obj.is_actief_op(peildatum) is geldig  # the old name is the same method
    assert obj.is_relevant_op(peildatum) is relevant
    assert obj.status_op(peildatum) == status


def test_open_einde():
    obj = _toewijzing(eind=None)
    assert not obj.is_geldig_op(BEGIN - DAG)
    assert obj.is_relevant_op(BEGIN - DAG)
    assert obj.is_geldig_op(BEGIN)
    assert obj.is_geldig_op(date(9999, 12, 31))
    assert obj.status_op(date(9999, 12, 31)) == "actief"


def test_begin_en_eind_op_dezelfde_dag():
    obj = _toewijzing(begin=BEGIN, eind=BEGIN)
    assert [obj.is_geldig_op(d) for d in (BEGIN - DAG, BEGIN, BEGIN + DAG)] == [False, True, False]


def test_lege_begindatum_telt_als_begonnen():
    """Erkenningen of the first import and waarden without a start date."""
    erkenning = Instellingserkenning(begindatum=None, einddatum=EIND)
    assert erkenning.is_geldig_op(date(1900, 1, 1))
    assert erkenning.is_geldig_op(EIND)
    assert not erkenning.is_geldig_op(EIND + DAG)
    assert not erkenning.is_relevant_op(EIND + DAG)
    assert erkenning.status_op(EIND + DAG) == "beëindigd"
    waarde = Waarde("X", "x", einddatum=EIND)
    assert waarde.geldig_op(EIND) and not waarde.geldig_op(EIND + DAG)
    assert Waarde("X", "x", begindatum=BEGIN).is_geldig_op(BEGIN)
    assert not Waarde("X", "x", begindatum=BEGIN).is_geldig_op(BEGIN - DAG)


def test_andere_veldnamen():
    class Apparaat(Geldigheid):
        geldig_begin: ClassVar[str] = "in_bedrijf"
        geldig_eind: ClassVar[str] = "uit_bedrijf"

        def __init__(self, in_bedrijf: date, uit_bedrijf: date | None) -> None:
            self.in_bedrijf, self.uit_bedrijf = in_bedrijf, uit_bedrijf

    apparaat = Apparaat(BEGIN, EIND)
    assert [apparaat.is_geldig_op(d) for d in (BEGIN - DAG, BEGIN, EIND, EIND + DAG)] == [False, True, True, False]
    q = geldig_op_q(BEGIN, "apparaat__", begin="in_bedrijf", eind="uit_bedrijf")
    assert "apparaat__in_bedrijf__lte" in str(q) and "apparaat__uit_bedrijf__gte" in str(q)


def test_oude_namen_zijn_dezelfde_implementatie():
    assert geldig_op is geldig_op_q
    assert Mandaat.is_actief_op is Mandaat.is_geldig_op
    assert str(geldige_toewijzingen_q(BEGIN)) == str(geldig_op_q(BEGIN))


# --- The queryset filter agrees with the Python method, row by row --------------------------------------------

PERIODES = [(BEGIN, EIND), (BEGIN, None), (BEGIN, BEGIN), (EIND + DAG, None), (BEGIN - 10 * DAG, BEGIN - DAG)]
PEILDATA = sorted({d + delta for begin, eind in PERIODES for d in (begin, eind or begin)
                   for delta in (-DAG, timedelta(0), DAG)})


@pytest.fixture
def toewijzingen() -> list[Roltoewijzing]:
    rol = GEBRUIKERSROLLEN[0]
    for i, (begin, eind) in enumerate(PERIODES):
        gebruiker_met_rollen(f"geldig{i}", None, rollen=[rol], begindatum=begin, einddatum=eind)
    return list(Roltoewijzing.objects.all())


@pytest.mark.django_db
@pytest.mark.parametrize("peildatum", PEILDATA)
def test_filter_klopt_met_methode(toewijzingen, peildatum):
    geldig = {t.pk for t in toewijzingen if t.is_geldig_op(peildatum)}
    relevant = {t.pk for t in toewijzingen if t.is_relevant_op(peildatum)}
    assert set(Roltoewijzing.objects.filter(geldig_op_q(peildatum)).values_list("pk", flat=True)) == geldig
    assert set(Roltoewijzing.objects.filter(relevant_op_q(peildatum)).values_list("pk", flat=True)) == relevant
    # Through a relation (prefix): each user holds exactly one of these roles.
    gebruikers = get_user_model().objects.filter(username__startswith="geldig")
    assert {t.gebruiker_id for t in toewijzingen if t.is_geldig_op(peildatum)} == set(
        gebruikers.filter(geldig_op_q(peildatum, "roltoewijzingen__")).values_list("pk", flat=True))
    assert {t.gebruiker_id for t in toewijzingen if t.is_relevant_op(peildatum)} == set(
        gebruikers.filter(relevant_op_q(peildatum, "roltoewijzingen__")).values_list("pk", flat=True))
    # The filter and the exclusion split the rows, as the screens that show "the rest" rely on.
    assert set(Roltoewijzing.objects.exclude(geldig_op_q(peildatum)).values_list("pk", flat=True)) == (
        {t.pk for t in toewijzingen} - geldig)


@pytest.mark.django_db
@pytest.mark.parametrize("peildatum", [date(1900, 1, 1), *PEILDATA])
def test_filter_klopt_met_methode_bij_lege_begindatum(peildatum):
    bg = BevoegdGezag.objects.create(nummer="12345", naam="Stichting")
    for i, (begin, eind) in enumerate([*PERIODES, (None, None), (None, EIND)]):
        Instellingserkenning.objects.create(code=f"{i:02d}AA", naam="School", bevoegd_gezag=bg,
                                            begindatum=begin, einddatum=eind)
    erkenningen = list(Instellingserkenning.objects.all())
    geldig = {e.pk for e in erkenningen if e.is_geldig_op(peildatum)}
    relevant = {e.pk for e in erkenningen if e.is_relevant_op(peildatum)}
    qs = Instellingserkenning.objects.all()
    assert set(qs.filter(geldig_op_q(peildatum, begin_kan_leeg=True)).values_list("pk", flat=True)) == geldig
    assert set(qs.filter(relevant_op_q(peildatum, begin_kan_leeg=True)).values_list("pk", flat=True)) == relevant
