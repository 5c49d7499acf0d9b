"""The address service (issue 18 §3; docs/adressen.md): which implementation the portal uses.

``ADRESDIENST = "lokaal"`` (default: DUO's school addresses in memory, offline) or ``"pdok"`` (PDOK
Locatieserver, the BAG; ``PDOK_LOCATIESERVER_URL``, ``PDOK_TIMEOUT``). The interface and the entry rule are in
registratie.services.adres; only addresses pass through either implementation.
"""

from django.conf import settings

from registratie.services.adres import Adres, Adresdienst, DienstNietBereikbaar

__all__ = ["Adres", "Adresdienst", "DienstNietBereikbaar", "dienst"]


def dienst() -> Adresdienst:
    """The configured service; an unknown name is a configuration error, said at first use."""
    keuze = getattr(settings, "ADRESDIENST", "lokaal")
    if keuze == "lokaal":
        from registratie.adressen.lokaal import lokale_dienst

        return lokale_dienst()
    if keuze == "pdok":
        from registratie.adressen.pdok import Pdok

        return Pdok(settings.PDOK_LOCATIESERVER_URL, timeout=settings.PDOK_TIMEOUT)
    raise ValueError(f"ADRESDIENST moet 'lokaal' of 'pdok' zijn, niet {keuze!r}.")
