"""kern.views.voer_actie_uit: a button without a form shows the rule's messages, or the success, on the next page."""

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from kern.fouten import RegelFout
from kern.views import voer_actie_uit


def _verzoek():
    verzoek = RequestFactory().post("/")
    verzoek.session = SessionStore()
    verzoek._messages = FallbackStorage(verzoek)
    return verzoek


def test_gelukt_meldt_succes():
    verzoek = _verzoek()
    uitgevoerd = []
    assert voer_actie_uit(verzoek, lambda: uitgevoerd.append(1), "De rol is beëindigd.") is True
    assert uitgevoerd == [1]
    assert [(m.level_tag, str(m)) for m in get_messages(verzoek)] == [("success", "De rol is beëindigd.")]


def test_regelfout_meldt_elke_reden_en_geen_succes():
    verzoek = _verzoek()

    def weiger() -> None:
        raise RegelFout({"einddatum": ["Niet in het verleden.", "Niet voor de begindatum."],
                         "__all__": ["De laatste Beheerder PO blijft."]})

    assert voer_actie_uit(verzoek, weiger, "De rol is beëindigd.") is False
    assert sorted(str(m) for m in get_messages(verzoek)) == [
        "De laatste Beheerder PO blijft.", "Niet in het verleden.", "Niet voor de begindatum."]
    assert all(m.level_tag == "error" for m in get_messages(verzoek))
