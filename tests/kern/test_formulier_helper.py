"""kern.formulieren.voer_uit_op: a refused service call lands on the form (at its field or at the top)."""

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from kern.formulieren import voer_uit_op
from kern.fouten import Conflict, RegelFout


class NaamFormulier(forms.Form):
    naam = forms.CharField()


def _geldig() -> NaamFormulier:
    form = NaamFormulier({"naam": "De Regenboog"})
    assert form.is_valid()
    return form


def test_gelukt_geeft_het_resultaat_en_geen_fouten():
    form = _geldig()
    assert voer_uit_op(form, lambda: "opgeslagen") == "opgeslagen"
    assert not form.errors


def test_regelfout_bij_veld_en_bovenaan():
    form = _geldig()

    def weiger() -> str:
        raise RegelFout({"naam": ["Deze naam bestaat al."], NON_FIELD_ERRORS: ["Het bestuur is beëindigd."],
                         "onbekend_veld": ["Een veld dat het formulier niet heeft."]})

    assert voer_uit_op(form, weiger) is None
    assert form.errors["naam"] == ["Deze naam bestaat al."]
    # Messages for fields the form does not have are shown at the top, with the non-field ones.
    assert form.non_field_errors() == ["Het bestuur is beëindigd.", "Een veld dat het formulier niet heeft."]
    assert not form.is_valid()


def test_conflict_bovenaan():
    form = _geldig()

    def te_laat() -> str:
        raise Conflict(Conflict.bericht)

    assert voer_uit_op(form, te_laat) is None
    assert form.non_field_errors() == [Conflict.bericht]
    assert "naam" not in form.errors


def test_andere_fouten_gaan_gewoon_door():
    form = _geldig()

    def stuk() -> str:
        raise ValueError("geen regel, een fout")

    with pytest.raises(ValueError, match="geen regel"):
        voer_uit_op(form, stuk)
    assert not form.errors
