"""The catalogue of rules: every controle signal and every business rule a form enforces, with a code, a Dutch
name, what it means and how to fix it (stored in Dutch, marked for the English catalogue; translated when shown:
``gettext(tekst.naam)``, or ``|vertaal`` in a template). One entry per rule, shown on the public pages
/controle/regels/<code>/ and linked from every signal on the controle screen and in the control file.

This module is the one place for those words: controle.regels takes a rule's name from here, and the screens
never show where a rule comes from (the comments below keep that for developers).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _  # marks the Dutch source for makemessages; kept as is here


class Soort(StrEnum):
    CONTROLE = "controle"  # checked on the controle screen, gives signals
    INVOER = "invoer"  # checked when a form is sent: the form refuses the change and says why

    @property
    def label(self) -> str:
        bron = {"controle": _("Controle (signaal op het controlescherm)"),
                "invoer": _("Regel bij invoer (melding in een formulier)")}[self]
        return gettext(bron)


@dataclass(frozen=True)
class Regeltekst:
    code: str
    naam: str
    betekenis: str  # what it means, for someone who has never seen the rule
    herstel: str  # how to fix it, in the portal's own words (buttons and screens)
    soort: Soort
    ook_bij_invoer: bool = False  # a controle whose check a form also makes

    @property
    def volledig(self) -> bool:
        return all(deel.strip() for deel in (self.code, self.naam, self.betekenis, self.herstel))


def _controle(code: str, naam: str, betekenis: str, herstel: str, *, ook_bij_invoer: bool = False) -> Regeltekst:
    return Regeltekst(code, naam, betekenis, herstel, Soort.CONTROLE, ook_bij_invoer)


def _invoer(code: str, naam: str, betekenis: str, herstel: str) -> Regeltekst:
    return Regeltekst(code, naam, betekenis, herstel, Soort.INVOER)


REGELTEKSTEN: tuple[Regeltekst, ...] = (
    # --- Controles (controle.regels) ---------------------------------------------------------------------------
    # rio-po.md §9 regel 11 (P11)
    _controle("AANBIEDER_ZONDER_OPLEIDING", _("Elke onderwijsaanbieder heeft een aangeboden opleiding"),
              _("In het primair onderwijs biedt elke onderwijsaanbieder (school) minstens één opleiding aan, zoals "
                "basisonderwijs of speciaal basisonderwijs. Een aanbieder zonder aangeboden opleiding is voor DUO, "
                "de inspectie en leveranciers een school zonder onderwijs."),
              _("Kies bij het signaal ‘Aangeboden opleiding toevoegen’ en registreer de opleiding met haar doelgroep "
                "en locatie. Bestaat de school niet meer, beëindig dan de onderwijsaanbieder.")),
    # rio-po.md §9 regel 11 (P12)
    _controle("BESTUUR_ZONDER_LOCATIE", _("Het bestuur heeft een onderwijslocatie"),
              _("Een bestuur in het primair onderwijs registreert de adressen waar het onderwijs geeft "
                "(onderwijslocaties). Zonder locatie weet niemand waar de scholen van het bestuur staan."),
              _("Kies ‘Onderwijslocatie toevoegen’ en vul het adres en de vestigingserkenning (BRIN6) in.")),
    # rio-po.md §6 (P12)
    _controle("LOCATIE_ZONDER_BRIN6", _("Elk locatiegebruik hoort bij een vestigingserkenning (BRIN6)"),
              _("Elke onderwijslocatie die het bestuur gebruikt, hoort bij een vestigingserkenning (BRIN6) van DUO. "
                "Zo is te zien welke erkende vestiging op dat adres onderwijs geeft."),
              _("Kies ‘Vestiging (BRIN6) koppelen’ op de pagina van het locatiegebruik en kies de vestiging. Staat "
                "de juiste BRIN6 er niet bij, neem dan contact op met DUO.")),
    # rio-po.md §1.1, §9 regel 8
    _controle("BRIN4_NIET_GEBRUIKT", _("Elke instellingserkenning (BRIN4) van het bestuur hoort bij een aanbieder"),
              _("DUO erkent elke school met een instellingscode (BRIN4). Een BRIN4 van het bestuur zonder "
                "onderwijsaanbieder betekent meestal dat de school nog niet in het portaal is geregistreerd."),
              _("Kies ‘Onderwijsaanbieder toevoegen’ en kies deze BRIN4 bij de nieuwe aanbieder. Bestaat de school "
                "niet meer, vraag DUO dan om de erkenning te beëindigen.")),
    # rio-po.md §1.1 (P12)
    _controle("BRIN6_NIET_GEBRUIKT", _("Elke vestigingserkenning (BRIN6) van het bestuur hoort bij een locatie"),
              _("Elke erkende vestiging (BRIN6) van het bestuur hoort bij een onderwijslocatie. Een BRIN6 zonder "
                "locatie betekent meestal dat het adres van die vestiging nog niet is geregistreerd."),
              _("Kies ‘Onderwijslocatie toevoegen’ met het adres van de vestiging en kies deze BRIN6, of koppel de "
                "BRIN6 aan een bestaande locatie.")),
    # rio-po.md §9 regel 17 (P8)
    _controle("GEEN_ALGEMEEN_CONTACT", _("Het bestuur heeft contactgegevens Algemeen"),
              _("De contactgegevens voor de context Algemeen gelden voor alles waarvoor niets anders is "
                "geregistreerd. Zonder Algemeen op het bestuur toont RIO de gegevens uit het Handelsregister."),
              _("Kies ‘Contactgegevens toevoegen’ op het bestuur, kies de context Algemeen en vul een e-mailadres, "
                "telefoonnummer of website in.")),
    # rio-po.md §9 regel 4
    _controle("PERIODEN_SLUITEN_AAN", _("Perioden sluiten aan: geen gat, geen overlap"),
              _("Namen en andere gegevens die in de tijd wijzigen, staan in perioden. Die beginnen met het object, "
                "sluiten zonder gat of overlap op elkaar aan en de laatste eindigt met het object."),
              _("Open de pagina van het object en bekijk de tijdlijn. Een geplande wijziging die niet klopt, "
                "annuleert u met ‘Annuleer geplande wijziging’. Ligt het probleem in het verleden, vraag DUO dan om "
                "een correctie."), ook_bij_invoer=True),
    # rio-po.md §9 regel 6
    _controle("OPLEIDING_BINNEN_AANBIEDER", _("Aangeboden opleidingen vallen binnen de looptijd van hun aanbieder"),
              _("Een aangeboden opleiding kan niet eerder beginnen (vanaf de eerste instroom) of later eindigen dan "
                "de onderwijsaanbieder die haar aanbiedt."),
              _("Kies ‘Einddatum aanpassen’ om de opleiding uiterlijk met de aanbieder te laten eindigen, of open "
                "de aangeboden opleiding en controleer haar datums."), ook_bij_invoer=True),
    # rio-po.md §9 regel 12
    _controle("KENMERK_GELDIG", _("Kenmerken van aangeboden opleidingen zijn geldig op hun datums"),
              _("Een aangeboden opleiding in het basisonderwijs heeft precies één doelgroep, in het (voortgezet) "
                "speciaal onderwijs één tot tien. Elke waarde komt één keer voor en moet geldig zijn op de datums "
                "van de opleiding."),
              _("Kies ‘Kenmerken wijzigen’ en kies waarden die op de datums van de opleiding gelden."),
              ook_bij_invoer=True),
    # rio-po.md §1.9-1.11
    _controle("OPLEIDING_PAST_BIJ_SCHOOL", _("Aangeboden opleidingen passen bij de soort school (BAO/SBO, SO, VSO)"),
              _("Een basisschool biedt basisonderwijs aan, een school voor speciaal basisonderwijs speciaal "
                "basisonderwijs, en een school voor (voortgezet) speciaal onderwijs SO of VSO. Weet DUO de soort "
                "school niet, dan kan het portaal het niet nagaan en krijgt u een waarschuwing."),
              _("Beëindig een aangeboden opleiding die niet bij de school past en registreer de juiste. Bij een "
                "waarschuwing over een onbekende soort school: controleer het zelf."), ook_bij_invoer=True),
    # rio-po.md §9 regel 16 (P13)
    _controle("EINDE_OP_31_JULI", _("Een einddatum valt op 31 juli (einde schooljaar)"),
              _("In het primair onderwijs eindigt een school, locatie of opleiding meestal aan het einde van het "
                "schooljaar, op 31 juli. Een andere einddatum is toegestaan, maar vaak een vergissing."),
              _("Klopt de datum, dan hoeft u niets te doen. Anders kiest u ‘Einddatum aanpassen’ en kiest u 31 "
                "juli; een einddatum kan alleen eerder worden, niet later.")),
    # rio-po.md §4, §6 (P27, P28)
    _controle("OSR_MANDAAT", _("Elke school (BRIN4) heeft een actief RIO-mandaat in het OSR"),
              _("Het leerlingadministratiesysteem (LAS) van een school haalt de RIO-gegevens alleen op als het "
                "bestuur het systeem daarvoor een mandaat heeft gegeven in het Onderwijs Serviceregister (OSR)."),
              _("Kies ‘Mandaten beheren’ en voeg voor deze school een mandaat voor de dienst RIO toe, voor het "
                "systeem van uw leverancier.")),
    # rio-po.md §3, §9 regel 18 (P2)
    _controle("ROL_ZONDER_SELECTIEKENMERK",
              _("Elke RIO-rol van een medewerker heeft de bestuurcode als selectiekenmerk"),
              _("Een rol werkt alleen voor het bestuur waarvan de code als selectiekenmerk bij de rol staat. Zonder "
                "selectiekenmerk ziet en wijzigt de medewerker niets."),
              _("Kies ‘Rol toekennen’ bij Rollen en toegang en ken dezelfde rol toe met de bestuurcode.")),
    # rio-po.md §2 (P5), §7
    _controle("PERSOONSGEGEVENS_OPENBAAR", _("Openbare contactgegevens bevatten geen persoonlijk e-mailadres"),
              _("Contactgegevens in een openbare context zijn voor iedereen te zien, ook als open data. Een "
                "e-mailadres als voornaam.achternaam@ hoort daar niet in."),
              _("Kies ‘Contactgegevens wijzigen’ en vul een functioneel adres in, zoals info@ of administratie@.")),

    # --- Onderwijsbegeleidingsaanbieders (controle.regels, issue 18 §2) --------------------------------------------
    # rio-po.md §1.6
    _controle("BEGELEIDING_ERKENNING",
              _("Een onderwijsbegeleidingsaanbieder hoort bij een lopende erkenning voor so/vso van cluster 1 of 2"),
              _("Alleen besturen van (voortgezet) speciaal onderwijs van cluster 1 en 2 registreren een "
                "onderwijsbegeleidingsaanbieder. Hij hoort bij minstens één instellingserkenning (BRIN) van het eigen "
                "bevoegd gezag voor so of vso van die clusters, en begint niet vóór die erkenning. Heeft DUO de "
                "erkenning beëindigd of de soort school gewijzigd, dan klopt dat niet meer."),
              _("Bestaat de begeleiding niet meer, kies dan ‘Einddatum aanpassen’ en beëindig de "
                "onderwijsbegeleidingsaanbieder. Gaat de begeleiding verder onder een andere erkenning, registreer "
                "dan een nieuwe begeleidingsaanbieder met die BRIN en beëindig de oude. Klopt de erkenning bij DUO "
                "niet, neem dan contact op met DUO."), ook_bij_invoer=True),
    # rio-po.md §1.6 (X9 Onderwijsbegeleidingsaanbiedersexpertise)
    _controle("BEGELEIDING_EXPERTISE",
              _("Een onderwijsbegeleidingsaanbieder heeft minstens één expertise uit de lijst"),
              _("Een onderwijsbegeleidingsaanbieder vermeldt waarin hij leerlingen ondersteunt, zoals visuele "
                "beperkingen of slechthorendheid. Dat zijn waarden uit de vaste lijst van RIO; minstens één is "
                "verplicht."),
              _("Kies ‘Begeleidingsaanbieder wijzigen’ en kies een of meer expertises uit de lijst."),
              ook_bij_invoer=True),
    # rio-po.md §1.6, §2, §9 regel 17
    _controle("BEGELEIDING_CONTACT",
              _("Een onderwijsbegeleidingsaanbieder is bereikbaar via de context Algemeen"),
              _("Scholen en ouders zoeken de begeleiding op in RIO. Heeft de onderwijsbegeleidingsaanbieder geen "
                "contactgegevens voor de context Algemeen, dan gelden die van het bestuur. Heeft ook het bestuur "
                "ze niet, dan toont RIO de gegevens uit het Handelsregister, en die horen niet bij de begeleiding."),
              _("Kies ‘Contactgegevens toevoegen’ bij de onderwijsbegeleidingsaanbieder, kies de context Algemeen "
                "en vul een e-mailadres, telefoonnummer of website in. Contactgegevens Algemeen op het bestuur "
                "lossen het ook op.")),

    # --- Regels bij invoer (registratie.services) -----------------------------------------------------------
    # rio-po.md §9 regel 1
    _invoer("CODE_VORM", _("Codes hebben een vaste vorm"),
            _("RIO geeft elk object een code met een vaste vorm: bestuur 999B999, aanbieder 999A999, groep 999G999, "
              "locatie 999X999. Erkenningen van DUO hebben een BRIN (12AB) of BRIN6 (12AB00)."),
            _("Controleer de cijfers en letters van de code. Een code typt u over van de pagina van het object.")),
    # rio-po.md §9 regel 2
    _invoer("ADRES_GELDIG", _("Een adres heeft een geldige postcode en een huisnummer"),
            _("Een postcode bestaat uit vier cijfers (niet beginnend met 0) en twee letters. Het huisnummer ligt "
              "tussen 1 en 99999; een letter of toevoeging (hoogstens 6 tekens) staat in een eigen veld."),
            _("Vul de postcode in als 1234 AB en het huisnummer alleen met cijfers; zet een letter in het veld "
              "Toevoeging.")),
    # rio-po.md §9 regel 3
    _invoer("EINDE_NA_BEGIN", _("Een einddatum ligt niet vóór de begindatum"),
            _("Een einddatum is de laatste dag dat iets bestaat. Die dag kan niet vóór de eerste dag liggen."),
            _("Kies een einddatum op of na de begindatum.")),
    # rio-po.md §9 regel 5
    _invoer("BINNEN_LEVENSDUUR", _("Een datum ligt binnen de looptijd van het object waar het bij hoort"),
            _("Een locatiegebruik, relatie, periode of aangeboden opleiding kan niet eerder beginnen of later "
              "eindigen dan het bestuur of de aanbieder waar het bij hoort."),
            _("Kies een datum tussen de begindatum en de einddatum van het bestuur of de aanbieder; die staan op "
              "de pagina van dat object.")),
    # rio-po.md §9 regel 7
    _invoer("OPLEIDING_VAST", _("Aanbieder en opleiding van een aangeboden opleiding liggen vast"),
            _("Is een aangeboden opleiding eenmaal geregistreerd, dan blijven de aanbieder en de opleiding "
              "(bijvoorbeeld basisonderwijs) dezelfde."),
            _("Beëindig de aangeboden opleiding en registreer een nieuwe bij de juiste aanbieder of met de juiste "
              "opleiding.")),
    # rio-po.md §9 regel 8
    _invoer("AANBIEDER_MET_BRIN4", _("Een onderwijsaanbieder hoort bij een instellingserkenning (BRIN4)"),
            _("Elke onderwijsaanbieder heeft zolang hij bestaat minstens één relatie met een BRIN4 van het "
              "bevoegd gezag. Twee relaties met dezelfde BRIN4 overlappen niet, en een relatie begint niet vóór "
              "de aanbieder of de erkenning."),
            _("Kies bij een nieuwe aanbieder de BRIN4 van de school. Wilt u de laatste relatie beëindigen, voeg "
              "dan eerst een andere toe of beëindig de aanbieder.")),
    # rio-po.md §9 regel 9
    _invoer("LOCATIEGEBRUIK_UNIEK", _("Een bestuur gebruikt een adres één keer"),
            _("Een bestuur heeft per onderwijslocatie (adres) één locatiegebruik, ook als het adres in de tijd "
              "verschillend wordt gebruikt."),
            _("Pas het bestaande locatiegebruik aan, bijvoorbeeld door er een vestiging (BRIN6) aan te koppelen, "
              "in plaats van het adres opnieuw toe te voegen.")),
    # rio-po.md §9 regel 13
    _invoer("SAMENWERKENDE_AANBIEDER", _("Een samenwerkende aanbieder bestaat en staat er één keer"),
            _("Bij een aangeboden opleiding kunt u de onderwijsaanbieders noemen waarmee de school samenwerkt. "
              "Elke code moet bestaan en mag één keer voorkomen; een aanbieder werkt niet met zichzelf samen."),
            _("Vraag de partner om zijn onderwijsaanbiedercode (999A999) en noem elke partner één keer.")),
    # rio-po.md §9 regel 14
    _invoer("BESTUUR_NA_AANBIEDERS", _("Een bestuur eindigt niet vóór zijn aanbieders"),
            _("Zolang een onderwijsaanbieder van het bestuur bestaat, kan het bestuur niet eindigen."),
            _("Beëindig eerst de onderwijsaanbieders, op of vóór de einddatum van het bestuur.")),
    # rio-po.md §9 regel 16
    _invoer("NIET_IN_VERLEDEN", _("Een wijziging in het portaal gaat vandaag of later in"),
            _("Wat het register over vroegere dagen zei, verandert niet door een wijziging in het portaal. Een "
              "nieuwe school, een nieuwe naam of een einddatum gaat dus vandaag of later in. Een einddatum kan "
              "alleen eerder worden, niet later."),
            _("Kies vandaag of een latere datum. Klopt een datum in het verleden niet, vraag DUO dan om een "
              "correctie en geef de reden; alleen een functioneel beheerder van DUO corrigeert het verleden.")),
    # rio-po.md §9 regel 20
    _invoer("NAAM_LENGTE", _("Namen hebben een beperkte lengte"),
            _("De naam van een bestuur, groep of aanbieder is 1 tot 80 tekens, een internationale naam of eigen "
              "naam hoogstens 225 en een omschrijving hoogstens 3000. Tabs en regelovergangen kunnen niet."),
            _("Kort de naam in, bijvoorbeeld door een afkorting te gebruiken.")),

    # --- Controles op het Handelsregister (controle.regels, issue 18) ----------------------------------------------
    _controle("KVK_INSCHRIJVING_BEEINDIGD", _("De KvK-inschrijving van het bestuur loopt nog"),
              _("Het bestuur is als rechtspersoon ingeschreven in het Handelsregister van de Kamer van Koophandel "
                "(KvK). Meldt het Handelsregister dat die inschrijving is beëindigd terwijl het bestuur nog bestaat, "
                "dan hoort het KvK-nummer niet meer bij het bestuur (bijvoorbeeld na een fusie) of had het bestuur "
                "beëindigd moeten zijn. Zonder eigen contactgegevens toont RIO de gegevens uit het Handelsregister; "
                "die zijn dan verouderd."),
              _("Kies ‘Bestuur bekijken’ en controleer het KvK-nummer. Heeft het bestuur een nieuw KvK-nummer, geef "
                "dat dan door aan DUO; het portaal neemt het over bij de volgende import. Bestaat het bestuur niet "
                "meer, vraag DUO dan het bestuur te beëindigen.")),
    _controle("KVK_NAAM_WIJKT_AF", _("De naam in het Handelsregister lijkt op de naam bij DUO"),
              _("DUO en de KvK registreren elk de naam van het bestuur. Wijken die sterk af, dan hoort het "
                "KvK-nummer misschien bij een andere organisatie, of is een nieuwe naam maar bij één van beide "
                "doorgegeven."),
              _("Vergelijk de twee namen. Hoort het KvK-nummer bij een andere organisatie, geef dan het juiste "
                "nummer door aan DUO. Is de naam gewijzigd, geef de nieuwe naam door aan DUO of aan de KvK. Klopt "
                "alles, dan hoeft u niets te doen.")),
)

PER_CODE: dict[str, Regeltekst] = {r.code: r for r in REGELTEKSTEN}


def tekst(code: str) -> Regeltekst:
    """The entry of a rule; a KeyError names a rule that has no text yet (the catalogue test fails on it)."""
    return PER_CODE[code]


def van_soort(soort: Soort) -> list[Regeltekst]:
    return [r for r in REGELTEKSTEN if r.soort is soort]
