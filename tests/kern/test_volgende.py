"""kern.volgende: only a path on this site may be a form's ``volgende``; everything a browser could read as
another site is refused (the open-redirect attack)."""

import pytest

from kern.volgende import met_volgende, veilig_pad


@pytest.mark.parametrize("pad", ["/controle/100B001/", "/controle/100B001/?peildatum=2026-08-01&pagina=2",
                                 "/aanbieders/100A001/#opleidingen"])
def test_een_pad_op_deze_site_mag(pad):
    assert veilig_pad(pad) == pad


@pytest.mark.parametrize("aanval", [
    "https://evil.example", "http://evil.example/controle/", "//evil.example", "//evil.example/controle/",
    "/\\evil.example", "\\\\evil.example", "/\t/evil.example", "/\n/evil.example", " /controle/",
    "javascript:alert(1)", "http:/evil.example", "evil.example", "controle/100B001/", "", None, "/\x00/evil",
    "https:\\\\evil.example",
])
def test_een_andere_site_of_rommel_wordt_genegeerd(aanval):
    assert veilig_pad(aanval) is None


def test_met_volgende_zet_de_parameter_voor_het_anker_en_houdt_de_query():
    assert met_volgende("/autorisatie/100B001/mandaten/?peildatum=2026-08-01#school-11AA", "/controle/100B001/") == \
        "/autorisatie/100B001/mandaten/?peildatum=2026-08-01&volgende=%2Fcontrole%2F100B001%2F#school-11AA"
    assert met_volgende("/a/", "/controle/?peildatum=2026-08-01&x=1") == \
        "/a/?volgende=%2Fcontrole%2F%3Fpeildatum%3D2026-08-01%26x%3D1"
