"""Role assignments: person × rol × selectiekenmerk (bestuur) × period × granted by."""

from datetime import date

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from autorisatie.rollen import Rol
from kern.geldigheid import Geldigheid, geldig_op_q


class Roltoewijzing(Geldigheid, models.Model):
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roltoewijzingen")
    rol = models.CharField("rol", max_length=60, choices=Rol.choices)
    bestuur = models.ForeignKey("registratie.Onderwijsbestuur", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="roltoewijzingen", verbose_name="selectiekenmerk (bestuur)")
    gemeentenummer = models.CharField("selectiekenmerk (gemeente)", max_length=4, blank=True,
                                      help_text="Voor raadpleegrollen van een gemeente.")
    samenwerkingsverband = models.ForeignKey("registratie.Samenwerkingsverband", on_delete=models.CASCADE, null=True,
                                             blank=True, related_name="roltoewijzingen",
                                             verbose_name="selectiekenmerk (samenwerkingsverband)",
                                             help_text="Voor de raadpleegrol Passend onderwijs.")
    begindatum = models.DateField("begindatum")
    einddatum = models.DateField("einddatum", null=True, blank=True, help_text="Laatste dag (inclusief).")
    toegekend_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    bron = models.CharField("bron", max_length=20, default="handmatig",
                            help_text="'claim' voor rollen uit de inlog, 'handmatig' voor toekenningen, 'demo'.")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "roltoewijzing"
        verbose_name_plural = "roltoewijzingen"
        ordering = ["gebruiker", "rol"]

    def __str__(self) -> str:
        kenmerk = self.bestuur.code if self.bestuur_id else "geen selectiekenmerk"
        return f"{self.gebruiker} {self.get_rol_display()} ({kenmerk})"

    @property
    def toegekend_door_naam(self) -> str:
        """Who granted the role, as people know them: a name, the login service for a role from the login claim;
        never an account's username (and no e-mail address: the control file goes to school leaders)."""
        if self.bron == "claim":
            return "inlogdienst (claim)"
        door = self.toegekend_door
        if door is None:
            return {"demo": "demogegevens"}.get(self.bron, "onbekend")
        return door.get_full_name() or "naam onbekend"


def geldige_toewijzingen_q(peildatum: date) -> Q:
    """The role assignments that hold on peildatum: ``Roltoewijzing.is_geldig_op`` as a filter."""
    return geldig_op_q(peildatum)


class Organisatielid(models.Model):
    """A person belongs to a board because the login's organisation claim said so (or an announcement)."""

    gebruiker = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisatielid")
    bestuur = models.ForeignKey("registratie.Onderwijsbestuur", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="leden")
    gemeentenummer = models.CharField("gemeentenummer", max_length=4, blank=True,
                                      help_text="Voor medewerkers van een gemeente (raadplegen Leerplicht).")
    samenwerkingsverband = models.ForeignKey("registratie.Samenwerkingsverband", on_delete=models.SET_NULL, null=True,
                                             blank=True, related_name="leden",
                                             help_text="Voor medewerkers van een samenwerkingsverband passend "
                                                       "onderwijs.")
    organisatie_claim = models.CharField("organisatie volgens de inlog", max_length=40, blank=True)
    is_beheerder_po = models.BooleanField("Beheerder PO volgens de inlog", default=False)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "organisatielid"
        verbose_name_plural = "organisatieleden"

    def __str__(self) -> str:
        organisatie = self.bestuur or self.gemeentenummer or self.samenwerkingsverband
        return f"{self.gebruiker} ({organisatie or 'geen organisatie'})"


class Aankondiging(models.Model):
    """A colleague announced by e-mail before their first login; linked (with roles) when they log in."""

    email = models.EmailField("e-mailadres")
    bestuur = models.ForeignKey("registratie.Onderwijsbestuur", on_delete=models.CASCADE, related_name="aankondigingen")
    rollen = models.JSONField("rollen", default=list)
    aangekondigd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gekoppeld_aan = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    gekoppeld_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "aankondiging"
        verbose_name_plural = "aankondigingen"
        constraints = [models.UniqueConstraint(fields=["email", "bestuur"], name="aankondiging_uniek")]

    def __str__(self) -> str:
        return f"{self.email} → {self.bestuur}"


# --- OSR: supplier systems, mandates and their API keys (rio-po.md §4) --------------------------------------

class Dienst(models.TextChoices):
    """The OSR diensten for PO a board mandates a system for (rio-po.md §4)."""

    RIO = "RIO", "RIO"
    ROD_PO = "ROD_PO", "ROD PO"
    VERZUIM = "VERZUIM", _("Verzuim")
    DOORSTROOMTOETS_PO = "DOORSTROOMTOETS_PO", _("Doorstroomtoets PO")
    OSO = "OSO", "OSO"


class Leverancier(models.Model):
    """A software supplier; kept by a DUO functional administrator."""

    naam = models.CharField("naam", max_length=120, unique=True)
    kvk_nummer = models.CharField("KvK-nummer", max_length=8, blank=True)

    class Meta:
        verbose_name = "leverancier"
        verbose_name_plural = "leveranciers"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


oin_validator = RegexValidator(r"^[0-9A-Z]{20}\Z", "Een OIN is 20 cijfers of hoofdletters, zoals 00000001234567890000.")


def vingerafdruk(pem: str) -> str:
    """SHA-256 of the certificate's DER form (hex): how a presented certificate is matched to a system."""
    return x509.load_pem_x509_certificate(pem.strip().encode()).fingerprint(hashes.SHA256()).hex()


def certificaat_validator(pem: str) -> None:
    try:
        vingerafdruk(pem)
    except ValueError:
        raise ValidationError("Dit is geen X.509-certificaat in PEM-vorm (-----BEGIN CERTIFICATE----- …).") from None
    if "PRIVATE KEY" in pem:
        raise ValidationError("Plak alleen het certificaat, nooit de privésleutel.")


class Systeem(models.Model):
    """A supplier's product (e.g. a LAS) that boards mandate and that reads the API with its own keys."""

    leverancier = models.ForeignKey(Leverancier, on_delete=models.PROTECT, related_name="systemen")
    naam = models.CharField("naam", max_length=120)
    actief = models.BooleanField("actief", default=True,
                                 help_text="Een inactief systeem kan niet meer worden gemandateerd en niet lezen.")
    # SOAP (docs/soap.md): the system's OIN (wsa:From ?oin=) and its PKIoverheid certificate, with which it signs
    # its messages and, behind the TLS proxy, connects (mTLS). Either identifies it beside the API key.
    oin = models.CharField("OIN", max_length=20, blank=True, validators=[oin_validator],
                           help_text="Organisatie-identificatienummer, 20 tekens (Logius), zoals in wsa:From ?oin=.")
    certificaat = models.TextField("certificaat (PEM)", blank=True, validators=[certificaat_validator],
                                   help_text="Het PKIoverheid-certificaat van het systeem (PEM, alleen de publieke "
                                             "sleutel). Als dit is gezet, moet een ondertekend SOAP-bericht met dit "
                                             "certificaat ondertekend zijn.")
    certificaat_sha256 = models.CharField("vingerafdruk (SHA-256)", max_length=64, blank=True, editable=False,
                                          db_index=True)

    class Meta:
        verbose_name = "systeem"
        verbose_name_plural = "systemen"
        ordering = ["leverancier__naam", "naam"]
        constraints = [models.UniqueConstraint(fields=["leverancier", "naam"], name="systeem_uniek_per_leverancier"),
                       models.UniqueConstraint(fields=["oin"], condition=~Q(oin=""), name="systeem_oin_uniek")]

    def __str__(self) -> str:
        return f"{self.naam} ({self.leverancier.naam})"

    def save(self, *args, **kwargs) -> None:
        self.certificaat_sha256 = vingerafdruk(self.certificaat) if self.certificaat.strip() else ""
        if kwargs.get("update_fields") is not None and "certificaat" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "certificaat_sha256"}
        super().save(*args, **kwargs)


class Mandaat(Geldigheid, models.Model):
    """A board lets a system exchange data for one school (BRIN4) and one dienst, from begindatum
    until and including einddatum (docs/adr/0001). Changed only through autorisatie/osr.py (audited)."""

    bestuur = models.ForeignKey("registratie.Onderwijsbestuur", on_delete=models.CASCADE, related_name="mandaten")
    instelling = models.ForeignKey("registratie.Instellingserkenning", on_delete=models.PROTECT,
                                   related_name="mandaten", verbose_name="school (BRIN4)")
    dienst = models.CharField("dienst", max_length=30, choices=Dienst.choices)
    systeem = models.ForeignKey(Systeem, on_delete=models.PROTECT, related_name="mandaten")
    begindatum = models.DateField("begindatum")
    einddatum = models.DateField("einddatum", null=True, blank=True, help_text="Laatste dag (inclusief).")
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mandaat"
        verbose_name_plural = "mandaten"
        ordering = ["instelling__code", "dienst", "begindatum"]
        indexes = [models.Index(fields=["systeem", "dienst"])]
        constraints = [
            models.CheckConstraint(condition=Q(einddatum__isnull=True) | Q(einddatum__gte=models.F("begindatum")),
                                   name="mandaat_einde_na_begin"),
        ]

    def __str__(self) -> str:
        return f"{self.instelling.code} {self.get_dienst_display()} → {self.systeem}"


class ApiSleutel(models.Model):
    """A credential of a system for the read API: shown once, stored as a SHA-256 hash, revocable.

    The key is ``<prefix>.<geheim>``; the prefix (not secret) finds the row, the hash of the whole key
    is compared in constant time (autorisatie/toegang.py: systeem_voor_sleutel).
    """

    systeem = models.ForeignKey(Systeem, on_delete=models.CASCADE, related_name="sleutels")
    omschrijving = models.CharField("omschrijving", max_length=120, blank=True)
    prefix = models.CharField("prefix", max_length=12, unique=True)
    sleutel_hash = models.CharField("hash", max_length=64)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    ingetrokken_op = models.DateTimeField("ingetrokken op", null=True, blank=True)
    laatst_gebruikt_op = models.DateTimeField("laatst gebruikt op", null=True, blank=True)

    class Meta:
        verbose_name = "API-sleutel"
        verbose_name_plural = "API-sleutels"
        ordering = ["systeem", "-aangemaakt_op"]

    def __str__(self) -> str:
        return f"{self.systeem} {self.prefix}…"

    @property
    def is_ingetrokken(self) -> bool:
        return self.ingetrokken_op is not None
