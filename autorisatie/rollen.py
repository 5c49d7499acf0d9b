"""The RIO role catalogue (rio-po.md §3): gebruikersrollen, beheerdersrollen, raadpleegrollen, OSR."""

from django.db import models


class Rol(models.TextChoices):
    # The eight gebruikersrollen (P2, P3).
    BEHEREN_ONDERWIJSBESTUUR = "RIO_BEHEREN_ONDERWIJSBESTUUR", "RIO beheren onderwijsbestuur"
    BEHEREN_CONTACTADRES = "RIO_BEHEREN_CONTACTADRES", "RIO beheren contactadres"
    BEHEREN_SAMENWERKINGSVORM = "RIO_BEHEREN_SAMENWERKINGSVORM", "RIO beheren samenwerkingsvorm"
    RPL_CONTEXT_INSTELLINGEN = "RIO_RPL_CONTEXT_INSTELLINGEN", "RIO RPL context instellingen"
    BEHEREN_ONDERWIJSAANBIEDERSGROEP = "RIO_BEHEREN_ONDERWIJSAANBIEDERSGROEP", "RIO beheren onderwijsaanbiedersgroep"
    BEHEREN_ONDERWIJSLOCATIEGEBRUIK = "RIO_BEHEREN_ONDERWIJSLOCATIEGEBRUIK", "RIO beheren onderwijslocatiegebruik"
    BEHEREN_ONDERWIJSAANBIEDER = "RIO_BEHEREN_ONDERWIJSAANBIEDER", "RIO beheren onderwijsaanbieder"
    BEHEREN_AANGEBODEN_OPLEIDING = "RIO_BEHEREN_AANGEBODEN_OPLEIDING", "RIO beheren aangeboden opleiding"
    # Beheerdersrollen: given to the Beheerder PO by the login claim.
    BEHEERDER_ALGEMEEN = "BEHEERDER_RIO_ALGEMEEN", "Beheerder RIO Algemeen"
    BEHEERDER_SELFSERVICE = "BEHEERDER_RIO_SELFSERVICE", "Beheerder RIO Selfservice"
    # Raadpleegrollen of chain partners.
    RAADPLEGEN_LEERPLICHT = "RAADPLEGEN_LEERPLICHT", "Raadplegen context Leerplicht (gemeente)"
    RAADPLEGEN_TOEZICHT = "RAADPLEGEN_TOEZICHT", "Raadplegen context Toezicht (inspectie)"
    RAADPLEGEN_PASSEND_ONDERWIJS = ("RAADPLEGEN_PASSEND_ONDERWIJS",
                                    "Raadplegen context Passend onderwijs (samenwerkingsverband)")
    RAADPLEGEN_SCHOOLALERT = "RAADPLEGEN_SCHOOLALERT", "Raadplegen context Schoolalert (politie)"
    RAADPLEGEN_BEKOSTIGING = "RAADPLEGEN_BEKOSTIGING", "Raadplegen context Bekostiging (DUO)"
    OSR_TOEGANG = "OSR_TOEGANG", "OSR-toegang"
    # A role of this portal, not of RIO (stappenplan step 2, Informeer): a school leader views the board's
    # blauwdrukken, organisation picture and printable blauwdruk, and nothing else (autorisatie.toegang).
    BLAUWDRUK_INZIEN = "BLAUWDRUK_INZIEN", "Blauwdruk inzien (schoolleider)"


GEBRUIKERSROLLEN: tuple[Rol, ...] = (
    Rol.BEHEREN_ONDERWIJSBESTUUR, Rol.BEHEREN_CONTACTADRES, Rol.BEHEREN_SAMENWERKINGSVORM,
    Rol.RPL_CONTEXT_INSTELLINGEN, Rol.BEHEREN_ONDERWIJSAANBIEDERSGROEP, Rol.BEHEREN_ONDERWIJSLOCATIEGEBRUIK,
    Rol.BEHEREN_ONDERWIJSAANBIEDER, Rol.BEHEREN_AANGEBODEN_OPLEIDING,
)
BEHEERDERSROLLEN: tuple[Rol, ...] = (Rol.BEHEERDER_ALGEMEEN, Rol.BEHEERDER_SELFSERVICE)
# Roles that show a board's blauwdruk but not its register: they do not give Actie.LEZEN.
ALLEEN_BLAUWDRUK: tuple[Rol, ...] = (Rol.BLAUWDRUK_INZIEN,)
# What a beheerder can grant: the gebruikersrollen plus OSR-toegang (mandates, rio-po.md §3-4) and the portal's
# blauwdruk-inzien role for school leaders; the bundle "Alle RIO-rollen" stays the eight gebruikersrollen.
TOEKENBARE_ROLLEN: tuple[Rol, ...] = (*GEBRUIKERSROLLEN, Rol.OSR_TOEGANG, Rol.BLAUWDRUK_INZIEN)

# Which beheerdersrol may grant which gebruikersrol (P3); the portal roles go with Beheerder RIO Algemeen.
TOEKENBAAR_DOOR: dict[Rol, tuple[Rol, ...]] = {
    Rol.BEHEERDER_ALGEMEEN: (Rol.BEHEREN_ONDERWIJSBESTUUR, Rol.BEHEREN_CONTACTADRES, Rol.BEHEREN_SAMENWERKINGSVORM,
                             Rol.RPL_CONTEXT_INSTELLINGEN, Rol.BEHEREN_ONDERWIJSAANBIEDERSGROEP, Rol.OSR_TOEGANG,
                             Rol.BLAUWDRUK_INZIEN),
    Rol.BEHEERDER_SELFSERVICE: (Rol.BEHEREN_ONDERWIJSLOCATIEGEBRUIK, Rol.BEHEREN_ONDERWIJSAANBIEDER,
                                Rol.BEHEREN_AANGEBODEN_OPLEIDING),
}

# "Ken uzelf de rollen toe" (stappenplan step 4): what a new Beheerder PO needs to do the steps himself: the eight
# gebruikersrollen (Modelleer and Vul het portaal) and OSR-toegang (Mandaat); not the school leaders' role.
STARTROLLEN: tuple[Rol, ...] = (*GEBRUIKERSROLLEN, Rol.OSR_TOEGANG)

# The raadpleegrollen of the chain partners (rio-po.md §2-3, docs/adr/0012): held for a gemeente, a
# samenwerkingsverband or nationally, never for a board; autorisatie.toegang says what each reads.
RAADPLEEGROLLEN: tuple[Rol, ...] = (Rol.RAADPLEGEN_LEERPLICHT, Rol.RAADPLEGEN_TOEZICHT,
                                    Rol.RAADPLEGEN_PASSEND_ONDERWIJS, Rol.RAADPLEGEN_SCHOOLALERT,
                                    Rol.RAADPLEGEN_BEKOSTIGING)
