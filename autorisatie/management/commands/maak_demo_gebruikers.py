"""Demo users for the password login of local demos (settings.PORTAAL_WACHTWOORD_LOGIN); used by `make run`.

Idempotent: users are created once; their demo role assignments (bron="demo") are brought in line with
the current demo board on every run, and role assignments from other sources are left alone.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from autorisatie import osr
from autorisatie.demo import kies_besturen
from autorisatie.models import Dienst, Leverancier, Mandaat, Organisatielid, Roltoewijzing, Systeem
from autorisatie.rollen import BEHEERDERSROLLEN, GEBRUIKERSROLLEN, Rol
from kern.tijd import vandaag
from registratie.models import Lidmaatschap, Onderwijsbestuur, Samenwerkingsverband

WACHTWOORD = "demo"  # dev only: the command refuses to run with DEBUG off unless --force
BEGINDATUM = date(2021, 8, 1)
BRON = "demo"
# Fictional suppliers and systems (no real trademarks).
DEMO_SYSTEMEN = (("Leverancier A B.V.", "Voorbeeld LAS"), ("Leverancier B B.V.", "Ander LAS"))


@dataclass(frozen=True)
class DemoGebruiker:
    gebruikersnaam: str
    voornaam: str
    achternaam: str
    uitleg: str


BEHEERDER = DemoGebruiker("beheerder", "Bea", "Beheerder", "alle gebruikersrollen, beheerdersrollen en OSR-toegang")
COLLEGA = DemoGebruiker("collega", "Cor", "Collega", "geen rollen")
LEZER = DemoGebruiker("lezer", "Lex", "Lezer", "alleen RIO RPL context instellingen (lezen)")
ANDER = DemoGebruiker("ander", "Anne", "Ander", "alle gebruikersrollen voor een ander bestuur")
SCHOOLLEIDER = DemoGebruiker("schoolleider", "Sam", "Schoolleider", "alleen Blauwdruk inzien (stap 2, Informeer)")
SWV = DemoGebruiker("swv", "Sven", "Samenwerking", "raadpleegrol Passend onderwijs van het demo-samenwerkingsverband")
# The demo samenwerkingsverband passend onderwijs (docs/adr/0012): the demo boards are its members.
DEMO_SWV = ("PO9901", "Demo samenwerkingsverband passend onderwijs")


class Command(BaseCommand):
    help = ("Maakt (idempotent) de demogebruikers (beheerder, collega, lezer, ander, schoolleider, swv), "
            "wachtwoord 'demo'.")

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Ook uitvoeren als DEBUG uit staat (nooit in productie!)."
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG staat uit: demogebruikers met wachtwoord 'demo' horen alleen in een "
                "ontwikkelomgeving. Gebruik --force als u dit echt wilt."
            )
        demo, ander = kies_besturen()
        rollen: dict[DemoGebruiker, list[tuple[Rol, Onderwijsbestuur]]] = {
            BEHEERDER: [(rol, demo) for rol in (*GEBRUIKERSROLLEN, *BEHEERDERSROLLEN, Rol.OSR_TOEGANG)],
            COLLEGA: [],
            LEZER: [(Rol.RPL_CONTEXT_INSTELLINGEN, demo)],
            ANDER: [(rol, ander) for rol in GEBRUIKERSROLLEN] if ander is not None else [],
            SCHOOLLEIDER: [(Rol.BLAUWDRUK_INZIEN, demo)],
        }
        self.stdout.write(f"Demobestuur: {self._beschrijf(demo)}")
        if ander is not None:
            self.stdout.write(f"Ander bestuur (gebruiker 'ander'): {self._beschrijf(ander)}")
        else:
            self.stdout.write(
                self.style.WARNING("Er is maar één bestuur: gebruiker 'ander' krijgt geen rollen.")
            )
        with transaction.atomic():
            for gebruiker, gewenst in rollen.items():
                # Roles for a board count only for its members (docs/adr/0007): 'ander' belongs to the other board.
                self._maak(gebruiker, gewenst, ander if gebruiker is ANDER else demo)
            self._mandaten(demo)
            self._samenwerkingsverband(demo, ander)
        self.stdout.write(f"Wachtwoord van alle demogebruikers: {WACHTWOORD}")
        if not getattr(settings, "PORTAAL_WACHTWOORD_LOGIN", False):
            self.stdout.write(
                self.style.WARNING("PORTAAL_WACHTWOORD_LOGIN staat uit: met wachtwoord inloggen kan nu niet.")
            )

    def _maak(self, demo: DemoGebruiker, gewenst: list[tuple[Rol, Onderwijsbestuur]],
              organisatie: Onderwijsbestuur | None) -> None:
        gebruiker, nieuw = get_user_model().objects.get_or_create(
            username=demo.gebruikersnaam,
            defaults={"first_name": demo.voornaam, "last_name": demo.achternaam},
        )
        if nieuw or not gebruiker.has_usable_password():
            gebruiker.set_password(WACHTWOORD)
            gebruiker.save(update_fields=["password"])
        Organisatielid.objects.update_or_create(gebruiker=gebruiker, defaults={
            "bestuur": organisatie, "is_beheerder_po": demo is BEHEERDER and organisatie is not None})

        bestaand = Roltoewijzing.objects.filter(gebruiker=gebruiker, bron=BRON)
        sleutels = {(rol.value, bestuur.pk) for rol, bestuur in gewenst}
        weg = [t.pk for t in bestaand if (t.rol, t.bestuur_id) not in sleutels]
        Roltoewijzing.objects.filter(pk__in=weg).delete()
        erbij = 0
        for rol, bestuur in gewenst:
            _, aangemaakt = Roltoewijzing.objects.update_or_create(
                gebruiker=gebruiker,
                rol=rol,
                bestuur=bestuur,
                bron=BRON,
                defaults={"begindatum": BEGINDATUM, "einddatum": None},
            )
            erbij += aangemaakt

        status = "aangemaakt" if nieuw else "bestond al"
        wijziging = f"; {erbij} rol(len) toegekend, {len(weg)} verwijderd" if (erbij or weg) else ""
        self.stdout.write(
            f"  {demo.gebruikersnaam:<10} {status:<11} {len(gewenst)} rol(len): {demo.uitleg}{wijziging}"
        )

    def _mandaten(self, demo: Onderwijsbestuur) -> None:
        """Two fictional suppliers with one LAS each, and a RIO mandate for every school of the demo board but
        the last one, so the overview and the controle show what a missing mandate looks like."""
        systemen = []
        for leverancier, naam in DEMO_SYSTEMEN:
            lev, _ = Leverancier.objects.get_or_create(naam=leverancier)
            systemen.append(Systeem.objects.get_or_create(leverancier=lev, naam=naam)[0])
        scholen = list(osr.scholen_van(demo, vandaag()))
        nieuw = 0
        for i, school in enumerate(scholen[:-1] if len(scholen) > 1 else scholen):
            if Mandaat.objects.filter(bestuur=demo, instelling=school, dienst=Dienst.RIO).exists():
                continue
            osr.voeg_mandaat_toe(demo, school, Dienst.RIO, systemen[0 if i % 4 else 1], vandaag(),
                                 door="demo (maak_demo_gebruikers)")
            nieuw += 1
        zonder = osr.scholen_zonder_rio_mandaat(demo, vandaag()).count()
        self.stdout.write(f"OSR: {len(systemen)} demosystemen; {nieuw} RIO-mandaat/mandaten toegevoegd; "
                          f"{zonder} school/scholen zonder actief RIO-mandaat.")

    def _samenwerkingsverband(self, demo: Onderwijsbestuur, ander: Onderwijsbestuur | None) -> None:
        """One SWV with the demo boards as members, and the demo person 'swv' who reads its Passend onderwijs."""
        swv, _ = Samenwerkingsverband.objects.get_or_create(code=DEMO_SWV[0], defaults={"naam": DEMO_SWV[1]})
        for bestuur in (demo, ander):
            if bestuur is not None:
                Lidmaatschap.objects.get_or_create(samenwerkingsverband=swv, bestuur=bestuur,
                                                   defaults={"begindatum": BEGINDATUM})
        self._maak(SWV, [], None)
        gebruiker = get_user_model().objects.get(username=SWV.gebruikersnaam)
        Organisatielid.objects.filter(gebruiker=gebruiker).update(samenwerkingsverband=swv)
        Roltoewijzing.objects.update_or_create(
            gebruiker=gebruiker, rol=Rol.RAADPLEGEN_PASSEND_ONDERWIJS, samenwerkingsverband=swv, bron=BRON,
            defaults={"begindatum": BEGINDATUM, "einddatum": None})
        self.stdout.write(f"Samenwerkingsverband {swv.code}: {swv.lidmaatschappen.count()} lid/leden; "
                          f"gebruiker 'swv' raadpleegt Passend onderwijs.")

    @staticmethod
    def _beschrijf(bestuur: Onderwijsbestuur) -> str:
        periode = bestuur.huidige_periode(vandaag())
        naam = periode.naam if periode is not None else "(naam onbekend)"
        nummer = bestuur.bevoegd_gezag.nummer if bestuur.bevoegd_gezag_id else "geen"
        return f"{bestuur.code} (bevoegd gezag {nummer}) {naam}"
