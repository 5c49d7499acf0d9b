"""The OpenAPI 3.1 document of /api/v1/, built here so parameters and schemas are written once.

tests/uitwisseling/api/test_openapi.py compares its paths with the urlconf: a new endpoint without documentation fails.
"""

from typing import Any

from django.conf import settings

from registratie.domein.enumeraties import EXPERTISE_BEGELEIDING
from uitwisseling.aanroep import API_VERSIE, MAXIMUM_PER_PAGINA, OUDE_NAMEN, PROBLEEM_JSON, PROBLEEMTITELS

VERSIE = API_VERSIE
JSON = "application/json"

BESCHRIJVING = """\
Leesinterface van het RIO-portaal PO voor leerlingadministratiesystemen (LAS) en andere systemen van
leveranciers. Het is de JSON-tegenhanger van RIO's dienst *Raadplegen OnderwijsOrganisatie V4*.

**Inloggen.** Elk verzoek (behalve deze beschrijving en de startpagina) heeft de API-sleutel van het systeem
nodig, in de header `Authorization: Bearer <sleutel>` of `X-API-Key: <sleutel>`. Zonder geldige sleutel volgt
401. Een sleutel vraagt de leverancier aan bij DUO; een ingetrokken sleutel werkt direct niet meer.

**Mandaat (OSR).** Een systeem ziet alleen de scholen (BRIN4) die het **vandaag** een mandaat geven voor de
dienst RIO. Een mandaat voor een andere dienst of een ander systeem telt niet. Lijsten bevatten alleen records
van zulke scholen. Wie een organisatie, aanbieder of vestiging opvraagt waarvan geen enkele school het systeem
mandateert, krijgt 403 met de reden.

**Peildatum.** `?peildatum=JJJJ-MM-DD` (standaard: vandaag) bepaalt welke records geldig zijn en welke naam en
welke codes gelden. Een peildatum verandert niets aan het mandaat: dat moet vandaag gelden.

**Datums.** Alle datums volgen ISO 8601. Een `einddatum` is de **laatste dag** waarop iets geldt
(inclusief, zoals "beëindigd per 31 juli"); `null` betekent: geen einde. Let op: RIO's XML gebruikt een
exclusieve einddatum (de dag erna). Een record is geldig op peildatum d als `begindatum <= d` en
(`einddatum` is null of `einddatum >= d`).

**Pagina's.** Lijsten hebben `?pagina=` (vanaf 1) en `?perPagina=` (standaard 100, hoogstens 500). Het antwoord
geeft `paginering` met het totaal en de volledige URL van de volgende en vorige pagina. Een pagina voorbij het
einde geeft 404.

**Synchroniseren.** `/wijzigingen?sinds=<tijdstip>` geeft de wijzigingen na dat tijdstip, oudste eerst. Loop
de pagina's door en bewaar `volgende_sinds` van de laatste pagina als `sinds` voor de volgende ronde. Een
wijziging kan twee keer langskomen (verwerk ze idempotent: haal het object opnieuw op). In `paginering` van
`/wijzigingen` is `totaal` het aantal wijzigingen zoals het portaal het telde bij het begin van de ronde, min wat
de vorige pagina's gaven; wat daarna binnenkwam, kan erbij komen. Of er een volgende pagina is (`aantal_paginas`,
`volgende`), klopt altijd.

**Mutatiemeldingen.** In plaats van `/wijzigingen` te blijven vragen kan een systeem zich abonneren
(`POST /abonnementen` met een https-callback-URL). Na elke vastgelegde wijziging die het in `/wijzigingen` zou zien,
krijgt het een CloudEvent (NL GOV-profiel, `application/cloudevents+json`) met `dataref` naar het object, ondertekend
met HMAC-SHA256 van de body in de header `RIO-Signature`. Een mislukte aflevering wordt herhaald met hetzelfde `id`;
verwerk meldingen daarom idempotent op `id`.

**Fouten.** Elke fout is `application/problem+json` (RFC 9457) met `type`, `title`, `status`, `detail` (een
Nederlandse melding die zegt hoe het wel moet) en `instance` (het pad), plus `code` (vast, voor programma's) en bij
ongeldige invoer `invalidParams`. Ook een onbekend pad (404) en een andere methode dan GET (405) geven zo'n antwoord.
Elke aanroep, ook een geweigerde, wordt gelogd (systeem, pad, status, aantal records).

**Versie.** Elk antwoord heeft de header `API-Version` met de volledige versie (nu {versie}). Het pad noemt alleen
de hoofdversie (`/api/v1`); een kleinere versie voegt alleen toe.

**Overgang van 1.0 naar 1.1 (verouderd, verdwijnt in versie 2).** Versie 1.1 volgt de API Design Rules van de
overheid. De paden van 1.0 eindigden op een `/`; zo'n pad geeft nu `308 Permanent Redirect` naar hetzelfde pad
zonder `/`, met dezelfde query. De oude namen {oude_namen} werken nog naast de nieuwe camelCase-namen (bij allebei
telt de nieuwe). Een fout heeft naast de velden hierboven nog het 1.0-veld `fout` (`code`, `melding`). Pas uw
koppeling aan: in versie 2 geeft een pad met `/` een 404 en vervallen de oude namen en `fout`.
""".format(versie=API_VERSIE, oude_namen=", ".join(f"`{oud}` (nu `{nieuw}`)" for nieuw, oud in OUDE_NAMEN.items()))


def _ref(naam: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{naam}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "type": [schema["type"], "null"]}


DATUM = {"type": "string", "format": "date", "examples": ["2026-08-01"]}
EINDDATUM = {**_nullable(DATUM), "description": "Laatste geldige dag (inclusief); null: geen einde."}
TEKST = {"type": "string"}
OPTIONELE_TEKST = _nullable(TEKST)


def _code(patroon: str, voorbeeld: str, beschrijving: str) -> dict[str, Any]:
    return {"type": "string", "pattern": patroon, "examples": [voorbeeld], "description": beschrijving}


BESTUURCODE = _code("^[0-9]{3}B[0-9]{3}$", "100B001", "Onderwijsbestuurcode")
AANBIEDERCODE = _code("^[0-9]{3}A[0-9]{3}$", "100A001", "Onderwijsaanbiedercode")
BEGELEIDINGSCODE = _code("^[0-9]{3}T[0-9]{3}$", "100T001", "Onderwijsbegeleidingsaanbiedercode")
# Organisatierelatie OVERGANG (issue 18 §2): the other aanbieder and the opvolger's first day.
OVERGANG = {"required": ["code", "datum"], "properties": {"code": AANBIEDERCODE, "datum": DATUM}}
LOCATIECODE = _code("^[0-9]{3}X[0-9]{3}$", "100X001", "Onderwijslocatiecode")
BRIN4 = _code("^[0-9]{2}[A-Z]{2}$", "11AA", "Instellingscode (BRIN4)")
BRIN6 = _code("^[0-9]{2}[A-Z]{2}[0-9]{2}$", "11AA00", "Vestigingscode (BRIN6)")

SCHEMAS: dict[str, Any] = {
    "Probleem": {
        "type": "object", "required": ["type", "title", "status", "detail", "code"],
        "description": "Een fout als RFC 9457 Problem Details.",
        "properties": {
            "type": {"type": "string", "format": "uri",
                     "description": "Het soort probleem: een link naar de uitleg op de startpagina van deze API.",
                     "examples": ["https://rio.example.nl/api/v1/#probleem-geen_mandaat"]},
            "title": {"type": "string", "description": "Vaste titel bij de status.", "examples": ["Geen toegang"]},
            "status": {"type": "integer", "minimum": 400, "maximum": 599, "examples": [403]},
            "detail": {"type": "string", "description": "Wat er mis is en hoe het wel moet (Nederlands)."},
            "instance": {"type": "string", "description": "Het pad van het verzoek.",
                         "examples": ["/api/v1/organisaties/100B001/aanbieders"]},
            "code": {"type": "string", "description": "Vaste code voor programma's, bijvoorbeeld geen_mandaat.",
                     "examples": ["geen_mandaat"]},
            "invalidParams": {
                "type": "array", "description": "Bij ongeldige invoer: welke parameter en waarom.",
                "items": {"type": "object", "required": ["name", "code", "reason"],
                          "properties": {"name": {"type": "string", "examples": ["perPagina"]},
                                         "code": {"type": "string", "examples": ["perPagina_ongeldig"]},
                                         "reason": {"type": "string"}}}},
            "fout": {"type": "object", "deprecated": True, "required": ["code", "melding"],
                     "description": "De foutvorm van versie 1.0 (code en melding); vervalt in versie 2.",
                     "properties": {"code": {"type": "string"}, "melding": {"type": "string"}}},
        },
    },
    "Paginering": {
        "type": "object", "required": ["pagina", "per_pagina", "aantal_paginas", "totaal", "volgende", "vorige"],
        "properties": {
            "pagina": {"type": "integer", "minimum": 1},
            "per_pagina": {"type": "integer", "minimum": 1, "maximum": MAXIMUM_PER_PAGINA},
            "aantal_paginas": {"type": "integer", "minimum": 1},
            "totaal": {"type": "integer", "minimum": 0, "description": "Aantal records over alle pagina's."},
            "volgende": {"type": ["string", "null"], "format": "uri", "description": "URL van de volgende pagina."},
            "vorige": {"type": ["string", "null"], "format": "uri", "description": "URL van de vorige pagina."},
        },
    },
    "Onderwijsaanbieder": {
        "type": "object",
        "required": ["code", "onderwijsbestuurcode", "naam", "internationale_naam", "begindatum", "einddatum",
                     "instellingscodes", "eigen_sleutel", "opvolger", "voorgangers"],
        "properties": {
            "code": AANBIEDERCODE,
            "onderwijsbestuurcode": BESTUURCODE,
            "naam": {**OPTIONELE_TEKST, "description": "Naam op de peildatum."},
            "internationale_naam": OPTIONELE_TEKST,
            "begindatum": DATUM,
            "einddatum": EINDDATUM,
            "instellingscodes": {"type": "array", "items": BRIN4,
                                 "description": "BRIN4's van de juridische relaties op de peildatum."},
            "eigen_sleutel": {**OPTIONELE_TEKST, "description": "Sleutel die het bestuur zelf meegaf."},
            "opvolger": {**OVERGANG, "type": ["object", "null"],
                         "description": "De onderwijsaanbieder waarin deze is opgegaan (bijvoorbeeld bij een fusie; "
                                        "organisatierelatie OVERGANG), of null."},
            "voorgangers": {"type": "array", "items": {"$ref": "#/components/schemas/Overgang"},
                            "description": "De onderwijsaanbieders die in deze zijn opgegaan."},
        },
    },
    "Onderwijsbestuur": {
        "type": "object",
        "description": "Het onderwijsbestuur op de peildatum en zijn bevoegd gezag zoals DUO het kent (alleen-lezen).",
        "required": ["peildatum", "code", "naam", "begindatum", "einddatum", "kvk_nummer", "bevoegd_gezag"],
        "properties": {
            "peildatum": DATUM,
            "code": BESTUURCODE,
            "naam": {**OPTIONELE_TEKST, "description": "Naam van het onderwijsbestuur op de peildatum."},
            "begindatum": DATUM,
            "einddatum": EINDDATUM,
            "kvk_nummer": {**OPTIONELE_TEKST, "description": "KvK-nummer dat het bestuur registreerde."},
            "bevoegd_gezag": {
                "type": ["object", "null"],
                "required": ["nummer", "naam", "kvk_nummer", "eerdere_namen"],
                "properties": {
                    "nummer": _code("^[0-9]{5}$", "10001", "Bevoegd-gezagnummer"),
                    "naam": {**OPTIONELE_TEKST, "description": "Naam volgens DUO; null: onbekend bij DUO."},
                    "kvk_nummer": {**OPTIONELE_TEKST, "description": "KvK-nummer volgens DUO."},
                    "eerdere_namen": {"type": "array", "items": TEKST,
                                      "description": "Namen die het bevoegd gezag eerder droeg, volgens DUO (zonder "
                                                     "datum)."},
                },
            },
        },
    },
    "Onderwijsbegeleidingsaanbieder": {
        "type": "object",
        "description": "Een eenheid van een so/vso-bestuur (cluster 1 of 2) die leerlingen begeleidt die elders staan "
                       "ingeschreven.",
        "required": ["code", "onderwijsbestuurcode", "naam", "internationale_naam", "begindatum", "einddatum",
                     "instellingscodes", "expertises"],
        "properties": {
            "code": BEGELEIDINGSCODE,
            "onderwijsbestuurcode": BESTUURCODE,
            "naam": {**OPTIONELE_TEKST, "description": "Naam op de peildatum."},
            "internationale_naam": OPTIONELE_TEKST,
            "begindatum": DATUM,
            "einddatum": EINDDATUM,
            "instellingscodes": {"type": "array", "items": BRIN4,
                                 "description": "BRIN4's (so/vso) waaronder de begeleidingsaanbieder op de peildatum "
                                                "valt."},
            "expertises": {"type": "array", "items": {"type": "string", "enum": [
                w.code for w in EXPERTISE_BEGELEIDING.waarden]}, "description": "Waarin hij leerlingen ondersteunt."},
        },
    },
    "Overgang": {**OVERGANG, "type": "object",
                 "description": "Organisatierelatie OVERGANG tussen twee onderwijsaanbieders: de andere aanbieder en "
                                "de eerste dag van de opvolger (de dag na de einddatum van de voorganger)."},
    "Adres": {
        "type": "object", "required": ["straat", "huisnummer", "toevoeging", "postcode", "plaats"],
        "properties": {
            "straat": OPTIONELE_TEKST,
            "huisnummer": {"type": "integer", "minimum": 1},
            "toevoeging": OPTIONELE_TEKST,
            "postcode": {"type": "string", "pattern": "^[1-9][0-9]{3}[A-Z]{2}$", "examples": ["3511AB"]},
            "plaats": OPTIONELE_TEKST,
        },
    },
    "Onderwijslocatiegebruik": {
        "type": "object",
        "required": ["code", "locatiecode", "onderwijsbestuurcode", "adres", "begindatum", "einddatum",
                     "vestigingscodes", "eigen_sleutel"],
        "properties": {
            "code": {"type": "string", "examples": ["100B001-100X001"],
                     "description": "<onderwijsbestuurcode>-<onderwijslocatiecode>"},
            "locatiecode": LOCATIECODE,
            "onderwijsbestuurcode": BESTUURCODE,
            "adres": _ref("Adres"),
            "begindatum": DATUM,
            "einddatum": EINDDATUM,
            "vestigingscodes": {"type": "array", "items": BRIN6,
                                "description": "BRIN6's van de vestigingsrelaties op de peildatum."},
            "eigen_sleutel": OPTIONELE_TEKST,
        },
    },
    "Kenmerk": {
        "type": "object", "required": ["naam", "waarde"],
        "properties": {"naam": {"type": "string", "examples": ["doelgroepBasisonderwijs"]},
                       "waarde": {"type": "string", "examples": ["BO"]}},
    },
    "AangebodenOpleiding": {
        "type": "object",
        "required": ["code", "aanbiedercode", "opleidingscode", "opleidingsnaam", "sector", "eigen_naam",
                     "locatiecode", "begindatum", "einddatum", "eerste_instroomdatum", "kenmerken", "eigen_sleutel"],
        "properties": {
            "code": {"type": "string", "format": "uuid", "description": "Aangeboden-opleidingcode"},
            "aanbiedercode": AANBIEDERCODE,
            "opleidingscode": {"type": "string"},
            "opleidingsnaam": {"type": "string", "examples": ["Basisonderwijs"]},
            "sector": {"type": "string", "enum": ["BO", "SO", "VSO"]},
            "eigen_naam": {**OPTIONELE_TEKST, "description": "Eigen naam op de peildatum."},
            "locatiecode": {**_nullable(LOCATIECODE), "description": "null: onderwijs zonder vaste locatie."},
            "begindatum": DATUM,
            "einddatum": EINDDATUM,
            "eerste_instroomdatum": _nullable(DATUM),
            "kenmerken": {"type": "array", "items": _ref("Kenmerk")},
            "eigen_sleutel": OPTIONELE_TEKST,
        },
    },
    "Wijziging": {
        "type": "object",
        "required": ["objecttype", "code", "onderwijsbestuurcode", "actie", "tijdstip", "ingangsdatum"],
        "properties": {
            "objecttype": {"type": "string",
                           "enum": ["onderwijsaanbieder", "onderwijslocatiegebruik", "aangeboden_opleiding"]},
            "code": {"type": "string", "description": "De code van het record (zoals in de lijsten)."},
            "onderwijsbestuurcode": _nullable(BESTUURCODE),
            "actie": {"type": "string",
                      "enum": ["aangemaakt", "gewijzigd", "gepland", "geannuleerd", "beeindigd", "verwijderd"]},
            "tijdstip": {"type": "string", "format": "date-time", "description": "Moment van vastleggen."},
            "ingangsdatum": {**_nullable(DATUM), "description": "Datum waarop de wijziging ingaat."},
        },
    },
}


_GEREGISTREERDE_PERIODE = {
    "type": "object", "required": ["begindatum", "einddatum", "naam", "internationale_naam"],
    "properties": {"begindatum": DATUM, "einddatum": EINDDATUM, "naam": OPTIONELE_TEKST,
                   "internationale_naam": OPTIONELE_TEKST},
}

SCHEMAS |= {
    "Historie": {
        "type": "object", "required": ["objecttype", "code", "bekend_op", "geregistreerd", "correcties"],
        "properties": {
            "objecttype": SCHEMAS["Wijziging"]["properties"]["objecttype"],
            "code": {"type": "string"},
            "bekend_op": {**_nullable(DATUM), "description": "De gevraagde registratiedatum; null: nu."},
            "geregistreerd": {
                "description": "Het object zoals het register het aan het eind van bekend_op kende (vóór latere "
                               "correcties); null als het toen nog niet geregistreerd was.",
                "oneOf": [{"type": "null"}, {
                    "type": "object", "required": ["begindatum", "einddatum", "perioden"],
                    "properties": {
                        "begindatum": _nullable(DATUM), "einddatum": EINDDATUM,
                        "perioden": {"type": "array", "items": _GEREGISTREERDE_PERIODE},
                        "kenmerken": {"type": "array", "description": "Alleen bij een aangeboden opleiding.",
                                      "items": {"type": "object", "required": ["naam", "waarde", "begindatum",
                                                                               "einddatum"],
                                                "properties": {"naam": {"type": "string"},
                                                               "waarde": {"type": "string"},
                                                               "begindatum": DATUM, "einddatum": EINDDATUM}}},
                    }}]},
            "correcties": {
                "type": "array", "description": "Correcties van DUO (materiële historie met terugwerkende kracht) "
                                                "die tot en met bekend_op zijn vastgelegd, oudste eerst.",
                "items": {"type": "object", "required": ["tijdstip", "ingangsdatum", "reden", "omschrijving"],
                          "properties": {"tijdstip": {"type": "string", "format": "date-time"},
                                         "ingangsdatum": _nullable(DATUM), "reden": OPTIONELE_TEKST,
                                         "omschrijving": {"type": "string"}}}},
        },
    },
}


def _lijstschema(item: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    properties = {"peildatum": DATUM, **(extra or {}), "paginering": _ref("Paginering"),
                  "resultaten": {"type": "array", "items": _ref(item)}}
    return {"type": "object", "required": list(properties), "properties": properties}


SCHEMAS |= {
    "OnderwijsaanbiedersLijst": _lijstschema("Onderwijsaanbieder"),
    "OnderwijsbegeleidingsaanbiedersLijst": _lijstschema("Onderwijsbegeleidingsaanbieder"),
    "OnderwijslocatiegebruikLijst": _lijstschema("Onderwijslocatiegebruik"),
    "AangebodenOpleidingenLijst": _lijstschema("AangebodenOpleiding"),
    "WijzigingenLijst": _lijstschema("Wijziging", {
        "sinds": {"type": "string", "format": "date-time"},
        "volgende_sinds": {"type": "string", "format": "date-time",
                           "description": "Gebruik dit na de laatste pagina als sinds voor de volgende ronde."},
    }),
}


HEADERS = {
    "API-Version": {"description": "De volledige versie van deze API (semver).", "required": True,
                    "schema": {"type": "string", "examples": [API_VERSIE]}},
}
VERSIEHEADER = {"API-Version": {"$ref": "#/components/headers/API-Version"}}


def _fout(beschrijving: str) -> dict[str, Any]:
    return {"description": beschrijving, "headers": VERSIEHEADER,
            "content": {PROBLEEM_JSON: {"schema": _ref("Probleem")}}}


RESPONSES = {
    "Ongeldig": _fout("Ongeldige invoer: code, peildatum, sinds, bekendOp, pagina, perPagina of de inhoud van een POST "
                      "(400)."),
    "NietGeautoriseerd": _fout("Geen, een onbekende of een ingetrokken API-sleutel (401)."),
    "GeenMandaat": _fout("Geen enkele school van dit object geeft het systeem vandaag een mandaat voor dienst RIO "
                         "(403)."),
    "NietGevonden": _fout("Onbekende code, of een pagina voorbij het einde (404)."),
    "NietToegestaan": _fout("Een methode die hier niet kan (405); de header Allow noemt wat wel kan."),
    "Serverfout": _fout("Fout in de server (500); het antwoord noemt geen details."),
}

PARAMETERS = {
    "peildatum": {"name": "peildatum", "in": "query", "required": False,
                  "description": "Datum waarop de gegevens gelden (JJJJ-MM-DD); standaard vandaag. Het mandaat moet "
                                 "vandaag gelden, welke peildatum ook.",
                  "schema": {"type": "string", "format": "date"}},
    "pagina": {"name": "pagina", "in": "query", "required": False, "description": "Paginanummer, vanaf 1.",
               "schema": {"type": "integer", "minimum": 1, "default": 1}},
    "perPagina": {"name": "perPagina", "in": "query", "required": False,
                  "description": "Records per pagina (hoogstens 500). De oude naam `per_pagina` werkt nog in versie 1 "
                                 "(verouderd).",
                  "schema": {"type": "integer", "minimum": 1, "maximum": MAXIMUM_PER_PAGINA, "default": 100}},
    "sinds": {"name": "sinds", "in": "query", "required": True,
              "description": "ISO-8601-tijdstip met tijdzone, bijvoorbeeld 2026-08-01T00:00:00Z. Schrijf een + in "
                             "de URL als %2B.",
              "schema": {"type": "string", "format": "date-time"}},
    "bekendOp": {"name": "bekendOp", "in": "query", "required": False,
                 "description": "Registratiedatum (JJJJ-MM-DD): toon wat het register toen wist, vóór latere "
                                "correcties; standaard nu. Moet binnen het mandaat van het systeem vallen. De oude "
                                "naam `bekend_op` werkt nog in versie 1 (verouderd).",
                 "schema": {"type": "string", "format": "date"}},
    "objecttype": {"name": "objecttype", "in": "path", "required": True,
                   "description": "Het objecttype zoals /wijzigingen het noemt.",
                   "schema": SCHEMAS["Wijziging"]["properties"]["objecttype"]},
    "objectcode": {"name": "code", "in": "path", "required": True,
                   "description": "De code zoals /wijzigingen en de lijsten hem noemen.",
                   "schema": {"type": "string"}},
    "organisatiecode": {"name": "code", "in": "path", "required": True,
                        "description": "Onderwijsbestuurcode (999B999) of bevoegd-gezagnummer (5 cijfers).",
                        "schema": {"type": "string", "pattern": "^([0-9]{3}B[0-9]{3}|[0-9]{5})$"}},
    "aanbiedercode": {"name": "code", "in": "path", "required": True, "description": "Onderwijsaanbiedercode.",
                      "schema": {"type": "string", "pattern": AANBIEDERCODE["pattern"]}},
    "vestigingscode": {"name": "code", "in": "path", "required": True, "description": "Vestigingscode (BRIN6).",
                       "schema": {"type": "string", "pattern": BRIN6["pattern"]}},
}


FOUTEN = {
    "400": {"$ref": "#/components/responses/Ongeldig"},
    "401": {"$ref": "#/components/responses/NietGeautoriseerd"},
    "404": {"$ref": "#/components/responses/NietGevonden"},
    "405": {"$ref": "#/components/responses/NietToegestaan"},
    "500": {"$ref": "#/components/responses/Serverfout"},
}


def _param(naam: str) -> dict[str, str]:
    return {"$ref": f"#/components/parameters/{naam}"}


def _operatie(operation_id: str, samenvatting: str, beschrijving: str, schema: str, codeparameter: str | None,
              extra_parameters: tuple[str, ...] = ("pagina", "perPagina")) -> dict[str, Any]:
    parameters = ([_param(codeparameter)] if codeparameter else []) + [_param("peildatum")] + [
        _param(p) for p in extra_parameters]
    responses: dict[str, Any] = {
        "200": {"description": "Gevonden records (kan leeg zijn).", "headers": VERSIEHEADER,
                "content": {JSON: {"schema": _ref(schema)}}},
        **FOUTEN,
    }
    if codeparameter:
        responses["403"] = {"$ref": "#/components/responses/GeenMandaat"}
    return {"get": {"operationId": operation_id, "summary": samenvatting, "description": beschrijving,
                    "tags": ["Raadplegen"], "parameters": parameters, "responses": dict(sorted(responses.items()))}}


def _documentatie(operation_id: str, samenvatting: str, soort: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A public page: no key (``security: []``)."""
    return {"get": {"operationId": operation_id, "summary": samenvatting, "tags": ["Documentatie"], "security": [],
                    "responses": {"200": {"description": samenvatting, "headers": VERSIEHEADER,
                                          "content": {soort: {"schema": schema}}},
                                  "405": {"$ref": "#/components/responses/NietToegestaan"}}}}


PATHS: dict[str, Any] = {
    "/": _documentatie("startpagina", "Startpagina voor mensen (HTML)", "text/html", {"type": "string"}),
    "/openapi.json": _documentatie("openapi", "Dit OpenAPI-document (3.1)", JSON, {"type": "object"}),
    "/organisaties/{code}": _operatie(
        "onderwijsbestuur", "Een onderwijsbestuur",
        "Het onderwijsbestuur met zijn naam op de peildatum en zijn bevoegd gezag zoals DUO het kent: naam, "
        "KvK-nummer en eerdere namen. Voor een systeem dat vandaag door minstens één school van het bestuur "
        "gemandateerd is.", "Onderwijsbestuur", "organisatiecode", extra_parameters=()),
    "/organisaties/{code}/aanbieders": _operatie(
        "onderwijsaanbiedersVanOrganisatie", "Onderwijsaanbieders van een organisatie",
        "De onderwijsaanbieders van het bestuur die op de peildatum bestaan en via hun juridische relatie bij een "
        "school horen die het systeem mandateert.", "OnderwijsaanbiedersLijst", "organisatiecode"),
    "/organisaties/{code}/onderwijslocatiegebruik": _operatie(
        "onderwijslocatiegebruikVanOrganisatie", "Onderwijslocatiegebruik van een organisatie",
        "De locaties die het bestuur op de peildatum gebruikt, met adres en BRIN6, voor zover gekoppeld aan een "
        "vestiging van een school die het systeem mandateert.", "OnderwijslocatiegebruikLijst", "organisatiecode"),
    "/organisaties/{code}/aangeboden-opleidingen": _operatie(
        "aangebodenOpleidingenVanOrganisatie", "Aangeboden opleidingen van een organisatie",
        "De aangeboden opleidingen op de peildatum van alle gemandateerde onderwijsaanbieders van het bestuur.",
        "AangebodenOpleidingenLijst", "organisatiecode"),
    "/aanbieders/{code}/aangeboden-opleidingen": _operatie(
        "aangebodenOpleidingenVanAanbieder", "Aangeboden opleidingen van een onderwijsaanbieder",
        "De aangeboden opleidingen van één onderwijsaanbieder op de peildatum.", "AangebodenOpleidingenLijst",
        "aanbiedercode"),
    "/vestigingen/{code}/aangeboden-opleidingen": _operatie(
        "aangebodenOpleidingenVanVestiging", "Aangeboden opleidingen op een vestiging (BRIN6)",
        "De aangeboden opleidingen op de peildatum op de locaties die aan deze BRIN6 gekoppeld zijn.",
        "AangebodenOpleidingenLijst", "vestigingscode"),
    "/organisaties/{code}/begeleidingsaanbieders": _operatie(
        "onderwijsbegeleidingsaanbiedersVanOrganisatie", "Onderwijsbegeleidingsaanbieders van een organisatie",
        "De onderwijsbegeleidingsaanbieders (so/vso, cluster 1 en 2) van het bestuur die op de peildatum bestaan en "
        "dan horen bij een school die het systeem mandateert.", "OnderwijsbegeleidingsaanbiedersLijst",
        "organisatiecode"),
    "/wijzigingen": _operatie(
        "wijzigingen", "Wijzigingen sinds een tijdstip (delta)",
        "Wijzigingen van onderwijsaanbieders, onderwijslocatiegebruik en aangeboden opleidingen van gemandateerde "
        "scholen na `sinds`, oudste eerst. Ook het beëindigen van een object staat erin. Haal daarna het object "
        "opnieuw op via de lijsten. Ontbreekt `sinds` of is het geen tijdstip met tijdzone, dan volgt 400.",
        "WijzigingenLijst", None, ("sinds", "pagina", "perPagina")),
    "/historie/{objecttype}/{code}": {"get": {
        "operationId": "historie", "summary": "Formele historie van één object (bekend op)",
        "description": "Het object zoals het register het op `bekendOp` kende, en de correcties die DUO tot dan "
                       "vastlegde (met reden). Naast de peildatum (wat gold op datum X) geeft dit wat bekend was op "
                       "datum Y, zoals `registrationDate` in de Objecten-API. Alleen voor objecten van scholen die "
                       "het systeem vandaag én op `bekendOp` mandateren.",
        "tags": ["Raadplegen"],
        "parameters": [_param("objecttype"), _param("objectcode"), _param("bekendOp")],
        "responses": {
            "200": {"description": "De historie.", "headers": VERSIEHEADER,
                    "content": {JSON: {"schema": _ref("Historie")}}},
            **FOUTEN,
            "403": {"$ref": "#/components/responses/GeenMandaat"},
        }}},
}


# --- Change notifications (mutatiemeldingen, uitwisseling/meldingen; docs/meldingen.md) ---------------------------
# Written here, not in uitwisseling.meldingen, because that package imports this one (no import cycle, ADR 0006).

OBJECTTYPE_ENUM = SCHEMAS["Wijziging"]["properties"]["objecttype"]["enum"]
TIJDSTIP_OF_NULL = {"type": ["string", "null"], "format": "date-time"}

SCHEMAS |= {
    "AbonnementStatus": {
        "type": "object", "description": "Hoe de afleveringen aan de callback-URL gaan.",
        "required": ["laatstGeslaagdOp", "laatstMisluktOp", "laatsteFout", "foutenOpRij", "aantalAfgeleverd",
                     "wachtend"],
        "properties": {
            "laatstGeslaagdOp": {**TIJDSTIP_OF_NULL, "description": "Laatste melding die de ontvanger aannam (2xx)."},
            "laatstMisluktOp": {**TIJDSTIP_OF_NULL, "description": "Laatste poging die mislukte."},
            "laatsteFout": {**OPTIONELE_TEKST, "description": "Wat er bij de laatste mislukte poging misging.",
                            "examples": ["HTTP 503"]},
            "foutenOpRij": {"type": "integer", "minimum": 0, "description": "Mislukte pogingen sinds de laatste "
                                                                            "geslaagde; 0 als alles goed gaat."},
            "aantalAfgeleverd": {"type": "integer", "minimum": 0},
            "wachtend": {"type": "integer", "minimum": 0, "description": "Meldingen die nog afgeleverd moeten worden."},
        },
    },
    "NieuwAbonnement": {
        "type": "object", "required": ["callbackUrl"], "additionalProperties": False,
        "properties": {
            "callbackUrl": {"type": "string", "format": "uri", "maxLength": 500,
                            "examples": ["https://las.example.nl/rio/meldingen"],
                            "description": "https, naar een publiek adres; het portaal volgt geen doorverwijzing."},
            "geheim": {"type": "string", "minLength": 32, "maxLength": 128,
                       "description": "Gedeeld geheim voor de handtekening (header RIO-Signature). Laat weg om het "
                                      "portaal er een te laten maken; dat staat dan eenmalig in het antwoord."},
            "bestuurcode": {**BESTUURCODE, "description": "Alleen wijzigingen van dit bestuur."},
            "instellingscode": {**BRIN4, "description": "Alleen wijzigingen van deze school (BRIN4)."},
            "objecttypen": {"type": "array", "items": {"type": "string", "enum": OBJECTTYPE_ENUM},
                            "description": "Alleen deze objecttypen; leeg of weg: alle."},
        },
    },
}
SCHEMAS |= {
    "Abonnement": {
        "type": "object",
        "required": ["id", "callbackUrl", "bestuurcode", "instellingscode", "objecttypen", "actief", "aangemaaktOp",
                     "status"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "callbackUrl": SCHEMAS["NieuwAbonnement"]["properties"]["callbackUrl"],
            "bestuurcode": _nullable(BESTUURCODE),
            "instellingscode": _nullable(BRIN4),
            "objecttypen": SCHEMAS["NieuwAbonnement"]["properties"]["objecttypen"],
            "actief": {"type": "boolean"},
            "aangemaaktOp": {"type": "string", "format": "date-time"},
            "status": _ref("AbonnementStatus"),
        },
    },
    "NieuwAbonnementAntwoord": {
        "allOf": [_ref("Abonnement"), {"type": "object", "properties": {"geheim": {
            "type": "string",
            "description": "Alleen als het portaal het geheim maakte; het wordt nooit meer getoond."}}}],
    },
    "AbonnementenLijst": {
        "type": "object", "required": ["paginering", "resultaten"],
        "properties": {"paginering": _ref("Paginering"), "resultaten": {"type": "array", "items": _ref("Abonnement")}},
    },
}
PARAMETERS["abonnementId"] = {"name": "id", "in": "path", "required": True, "description": "Het id van het abonnement.",
                              "schema": {"type": "string", "format": "uuid"}}
_ONBEKEND_ABONNEMENT = _fout("Dit systeem heeft geen abonnement met dit id (ook als een ander systeem het heeft) "
                             "(404).")
_MELDINGEN_UITLEG = ("Na elke vastgelegde wijziging die het systeem in `/wijzigingen` zou zien, stuurt het portaal een "
                     "CloudEvent (NL GOV-profiel) naar de callback-URL, ondertekend met HMAC-SHA256. Zie "
                     "docs/meldingen.md.")

PATHS |= {
    "/abonnementen": {
        "get": {"operationId": "abonnementen", "summary": "Abonnementen op mutatiemeldingen van dit systeem",
                "description": "De eigen abonnementen, met de stand van de afleveringen. " + _MELDINGEN_UITLEG,
                "tags": ["Meldingen"], "parameters": [_param("pagina"), _param("perPagina")],
                "responses": {"200": {"description": "De abonnementen (kan leeg zijn).", "headers": VERSIEHEADER,
                                      "content": {JSON: {"schema": _ref("AbonnementenLijst")}}}, **FOUTEN}},
        "post": {"operationId": "abonneren", "summary": "Abonneren op mutatiemeldingen",
                 "description": "Een nieuw abonnement; meldingen gaan over wijzigingen vanaf nu. " + _MELDINGEN_UITLEG,
                 "tags": ["Meldingen"],
                 "requestBody": {"required": True, "content": {JSON: {"schema": _ref("NieuwAbonnement")}}},
                 "responses": {"201": {"description": "Aangemaakt.", "headers": {
                     **VERSIEHEADER, "Location": {"description": "De URL van het nieuwe abonnement.", "required": True,
                                                  "schema": {"type": "string", "format": "uri"}}},
                     "content": {JSON: {"schema": _ref("NieuwAbonnementAntwoord")}}}, **FOUTEN}},
    },
    "/abonnementen/{id}": {
        "get": {"operationId": "abonnement", "summary": "Eén abonnement met de stand van de afleveringen",
                "tags": ["Meldingen"], "parameters": [_param("abonnementId")],
                "responses": {"200": {"description": "Het abonnement.", "headers": VERSIEHEADER,
                                      "content": {JSON: {"schema": _ref("Abonnement")}}},
                              **FOUTEN, "404": _ONBEKEND_ABONNEMENT}},
        "delete": {"operationId": "abonnementOpzeggen", "summary": "Abonnement opzeggen",
                   "description": "Er gaan geen meldingen meer naar de callback-URL, ook niet de wachtende.",
                   "tags": ["Meldingen"], "parameters": [_param("abonnementId")],
                   "responses": {"204": {"description": "Opgezegd.", "headers": VERSIEHEADER},
                                 **FOUTEN, "404": _ONBEKEND_ABONNEMENT}},
    },
}


def contact() -> dict[str, str]:
    """Who answers questions about this API (API Design Rules /core/doc-openapi-contact); docs/configuratie.md."""
    return {"name": settings.API_CONTACT_NAAM, "url": settings.API_CONTACT_URL, "email": settings.API_CONTACT_EMAIL}


def document() -> dict[str, Any]:
    """The whole OpenAPI document. The server URL is relative: it resolves against wherever the document was
    fetched (OpenAPI 3.1 §4.8.5), so one document is right for every environment, behind any proxy."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "RIO-portaal PO – leesinterface voor leveranciers", "version": VERSIE,
                 "description": BESCHRIJVING, "contact": contact()},
        "servers": [{"url": "/api/v1", "description": "Deze omgeving"}],
        "security": [{"bearer": []}, {"apiSleutel": []}],
        "tags": [{"name": "Raadplegen", "description": "Gegevens van gemandateerde scholen"},
                 {"name": "Meldingen", "description": "Mutatiemeldingen (CloudEvents) op een callback-URL"},
                 {"name": "Documentatie", "description": "Zonder sleutel"}],
        "paths": PATHS,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer <sleutel>"},
                "apiSleutel": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            },
            "parameters": PARAMETERS,
            "headers": HEADERS,
            "responses": RESPONSES,
            "schemas": SCHEMAS,
        },
    }


def operaties() -> list[dict[str, str]]:
    """(pad, samenvatting) of every keyed operation, for the human page."""
    return [{"pad": pad, "samenvatting": item["get"]["summary"]} for pad, item in PATHS.items()
            if item["get"].get("security") != []]


# The problem types that ``type`` links to (/api/v1/#probleem-<code>), for the human page. A bad query parameter has
# the code <name>_ongeldig (or sinds_ontbreekt), named as the client sent it.
PROBLEEMTYPEN: list[dict[str, Any]] = [
    {"code": code, "status": status, "titel": PROBLEEMTITELS[status], "uitleg": uitleg} for code, status, uitleg in (
        ("code_ongeldig", 400, "De code in het pad heeft niet de vorm van een RIO-code."),
        ("peildatum_ongeldig", 400, "De peildatum is geen datum JJJJ-MM-DD."),
        ("bekendOp_ongeldig", 400, "bekendOp is geen datum JJJJ-MM-DD (bekend_op_ongeldig bij de oude naam)."),
        ("sinds_ontbreekt", 400, "De wijzigingen vragen een tijdstip sinds."),
        ("sinds_ongeldig", 400, "sinds is geen ISO-8601-tijdstip met tijdzone."),
        ("pagina_ongeldig", 400, "pagina is geen geheel getal van 1 of meer."),
        ("perPagina_ongeldig", 400, "perPagina is geen geheel getal van 1 of meer (per_pagina_ongeldig bij de oude "
                                    "naam)."),
        ("nul_teken", 400, "Het pad, de query of een header bevat een NUL-teken."),
        ("inhoud_ongeldig", 400, "De inhoud van een POST is geen JSON-object (Content-Type: application/json)."),
        ("callbackUrl_ongeldig", 400, "De callback-URL is geen https-URL naar een publiek adres, of het systeem heeft "
                                      "al twintig abonnementen."),
        ("geheim_ongeldig", 400, "Het geheim is geen 32 tot 128 leesbare ASCII-tekens."),
        ("sleutel_ontbreekt", 401, "Er is geen API-sleutel meegestuurd."),
        ("sleutel_ongeldig", 401, "De API-sleutel is onbekend of ingetrokken, of het systeem is niet actief."),
        ("geen_mandaat", 403, "Geen school van dit object geeft het systeem vandaag een mandaat voor dienst RIO."),
        ("niet_gevonden", 404, "Er is geen object met deze code."),
        ("pagina_bestaat_niet", 404, "De pagina ligt voorbij de laatste pagina."),
        ("pad_onbekend", 404, "Dit pad bestaat niet in de API (paden eindigen niet op een /)."),
        ("methode_niet_toegestaan", 405, "Deze methode kan hier niet: alleen GET en HEAD, bij de abonnementen ook POST "
                                         "of DELETE (de header Allow noemt ze)."),
        ("interne_fout", 500, "Er ging iets mis in de server."),
    )
]
