"""Benchmark of a full synchronisation through the SOAP delta operations (issue 17 §1), beside the JSON sync of
bench/synchronisatie.py: the same database and system (mandated by every school of all 749 boards), reading
everything since the epoch as a LAS built against DUO's Raadplegen V4 would:

    .venv/bin/python bench/soap_sync.py            # builds rio_bench_soap as bench/synchronisatie.py builds its own
    .venv/bin/python bench/soap_sync.py --bewaar   # reuse the database of an earlier run

(a) opvragen_gewijzigdeOnderwijsaanbieders, all pages; (b) opvragen_gewijzigdOnderwijslocatiegebruik, all pages;
(c) opvragen_gewijzigdeAangebodenOpleidingen for every aanbieder received in (a) (DUO's request needs an
onderwijsaanbiederCode): the DUO-exact path. Then the same sync with the portal's extension, (c) as one paged call
without onderwijsaanbiederCode (docs/soap.md). SOAP envelopes with the API key, POSTed through Django's test client
in this process (no network). The codes received are checked against the database, so the benchmark cannot pass on
refused or empty answers. The floor of the DUO-exact path in the same run: as many calls as its (c) of the
cheapest SOAP operation (opvragen_opleidingsrelatiesBijOpleidingseenheid: one query), and of a view that does
nothing (GET of the service's address) through the same middleware. Then the JSON sync of bench/synchronisatie.py,
for comparison. Target: (a) + (b) + (c) at most 30 s, for both paths and for the JSON sync. Exits with 1 when the
extension path or the JSON sync misses it (the DUO-exact path is bound by its number of calls: reported with its
ratio to the floor).
"""

import os
import platform
import sys
import uuid

from gemeen import DUO_BESTAND, analyseer, argumenten, database_klaarzetten, django_starten, ijkgetal
from synchronisatie import SLEUTEL, _systeem_overal_gemandateerd, delta, eerste_lading, gemeten

# Its own throwaway database (built as bench/synchronisatie.py builds rio_bench_sync), so the two can run apart.
DATABASE = "rio_bench_soap"

DOEL_S = 30
SINDS = "1970-01-01T00:00:00Z"
NS = "http://duo.nl/schema/DUO_RIO_Raadplegen_OnderwijsOrganisatie_V4"
SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
CONTRACT = "http://duo.nl/contract/DUO_RIO_Raadplegen_OnderwijsOrganisatie_V4"
ALLE = "*"  # (c) without onderwijsaanbiederCode: the portal's extension


def _envelop(operatie: str, velden: str) -> str:
    return (f'<soap:Envelope xmlns:soap="{SOAP_NS}" xmlns:duo="{NS}"><soap:Body><duo:{operatie}_request>'
            f"<duo:identificatiecodeBedrijfsdocument>{uuid.uuid4()}</duo:identificatiecodeBedrijfsdocument>"
            "<duo:verzendendeInstantie>00000001234567890000</duo:verzendendeInstantie>"
            "<duo:ontvangendeInstantie>00000001800866472000</duo:ontvangendeInstantie>"
            "<duo:datumTijdBedrijfsdocument>2026-12-05T09:00:00Z</duo:datumTijdBedrijfsdocument>"
            f"{velden}</duo:{operatie}_request></soap:Body></soap:Envelope>")


def _roep(client, operatie: str, velden: str):
    from lxml import etree

    antwoord = client.post("/api/rio/v4/raadplegen/", _envelop(operatie, velden), content_type="text/xml",
                           HTTP_SOAPACTION=f'"{CONTRACT}/{operatie}"', HTTP_AUTHORIZATION=f"Bearer {SLEUTEL}")
    if antwoord.status_code != 200:
        raise SystemExit(f"{operatie}: {antwoord.status_code} {antwoord.content[:300]!r}")
    body = etree.fromstring(antwoord.content).find(f"{{{SOAP_NS}}}Body")[0]
    if body.findtext(f"{{{NS}}}requestGoedgekeurd") != "true":
        raise SystemExit(f"{operatie} geweigerd: {antwoord.content[:400]!r}")
    return body


def _alle_paginas(client, operatie: str, item: str, code: str, aanbieder: str = "") -> tuple[int, list[str]]:
    """Every page of a delta operation; (requests, codes). Schema order: peildatumtijdMutaties, for the
    opleidingen the onderwijsaanbiederCode, then pagina."""
    verzoeken, codes, pagina = 0, [], 0
    aanbieder = (f"<duo:onderwijsaanbiederCode>{aanbieder}</duo:onderwijsaanbiederCode>"
                 if aanbieder and aanbieder != ALLE else "")
    while True:
        body = _roep(client, operatie, f"<duo:peildatumtijdMutaties>{SINDS}</duo:peildatumtijdMutaties>"
                                       f"{aanbieder}<duo:pagina>{pagina}</duo:pagina>")
        verzoeken += 1
        codes += [e.findtext(f"{{{NS}}}{code}") for e in body.iter(f"{{{NS}}}{item}")]
        if pagina + 1 >= int(body.findtext(f"{{{NS}}}paginering/{{{NS}}}aantalPaginas")):
            return verzoeken, codes
        pagina += 1


def soap_synchronisatie(client, *, extensie: bool = False) -> dict:
    v_a, aanbieders = _alle_paginas(client, "opvragen_gewijzigdeOnderwijsaanbieders", "gewijzigde_Onderwijsaanbieder",
                                    "onderwijsaanbiedercode")
    v_b, gebruiken = _alle_paginas(client, "opvragen_gewijzigdOnderwijslocatiegebruik",
                                   "gewijzigd_Onderwijslocatiegebruik", "onderwijslocatiecode")
    v_c, opleidingen = 0, []
    for code in [ALLE] if extensie else aanbieders:
        verzoeken, codes = _alle_paginas(client, "opvragen_gewijzigdeAangebodenOpleidingen",
                                         "gewijzigde_AangebodenOpleiding", "aangebodenOpleidingCode", code)
        v_c += verzoeken
        opleidingen += codes
    return {"verzoeken": v_a + v_b + v_c, "aanbieders": aanbieders, "gebruiken": gebruiken,
            "opleidingen": opleidingen, "verzoeken_c": v_c}


def soap_extensie(client) -> dict:
    return soap_synchronisatie(client, extensie=True)


def vloer_soap(client, aantal: int, opleidingseenheid: str) -> int:
    """``aantal`` calls of the cheapest operation: envelope, XSD check, key, one query, the call log."""
    for _ in range(aantal):
        _roep(client, "opvragen_opleidingsrelatiesBijOpleidingseenheid",
              f"<duo:opleidingseenheidcode>{opleidingseenheid}</duo:opleidingseenheidcode>")
    return aantal


def vloer_leeg(client, aantal: int) -> int:
    """``aantal`` GETs of the service's address without ?wsdl: a fixed text, no query, the same middleware."""
    for _ in range(aantal):
        if client.get("/api/rio/v4/raadplegen/").status_code != 200:
            raise SystemExit("GET /api/rio/v4/raadplegen/ faalde")
    return aantal


def main() -> int:
    parser = argumenten(__doc__)
    parser.add_argument("--zonder-json", action="store_true", help="de JSON-synchronisatie niet ter vergelijking")
    parser.add_argument("--zonder-duo", action="store_true", help="alleen de extensie, niet het DUO-exacte pad")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = f"{args.server}/{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rio_portal.settings.test")
    database_klaarzetten(args.server, DATABASE, args.bewaar,
                         ["importeer_duo_open_data", str(DUO_BESTAND), "--vul-registratie", "--stil"])
    django_starten(args.server, DATABASE)
    _systeem_overal_gemandateerd()
    analyseer()

    from django.core.cache import cache
    from django.test import Client

    from registratie.models import AangebodenOpleiding, Onderwijsaanbieder, Onderwijslocatiegebruik, Opleiding

    cache.clear()
    client = Client()
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, database {DATABASE}, "
          f"load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(ijkgetal())
    verwacht = {"aanbieders": set(Onderwijsaanbieder.objects.values_list("code", flat=True)),
                "gebruiken": set(Onderwijslocatiegebruik.objects.values_list("locatie__code", flat=True)),
                "opleidingen": {str(c) for c in AangebodenOpleiding.objects.values_list("code", flat=True)}}
    fouten: list[str] = []
    uitslag: dict[str, float] = {}
    paden = [("extensie", soap_extensie)] + ([] if args.zonder_duo else [("DUO-exact", soap_synchronisatie)])
    for naam, functie in paden:
        cache.clear()
        uitkomst, seconden, queries = gemeten(functie, client)
        uitslag[naam] = seconden
        print(f"SOAP {naam}: {seconden:6.1f} s, {uitkomst['verzoeken']} verzoeken ({uitkomst['verzoeken_c']} voor "
              f"(c), de opleidingen), {queries} queries, {len(uitkomst['aanbieders'])} aanbieders, "
              f"{len(uitkomst['gebruiken'])} locatiegebruiken, {len(uitkomst['opleidingen'])} aangeboden opleidingen")
        fouten += [f"{naam}, {soort}: {len(set(uitkomst[soort]))} ontvangen, {len(codes)} in de database"
                   for soort, codes in verwacht.items() if set(uitkomst[soort]) != codes]
        if naam == "DUO-exact":
            n = uitkomst["verzoeken_c"]
            eenheid = str(Opleiding.objects.values_list("code", flat=True).first())
            _, s_soap, q_soap = gemeten(lambda c, n=n, e=eenheid: vloer_soap(c, n, e), client)
            _, s_leeg, q_leeg = gemeten(lambda c, n=n: vloer_leeg(c, n), client)
            print(f"  vloer: {n} × de goedkoopste SOAP-operatie {s_soap:.1f} s ({q_soap} queries); {n} × een lege "
                  f"view {s_leeg:.1f} s ({q_leeg} queries)")
            print(f"  (c) per aanbieder {seconden / n * 1000:.1f} ms per verzoek (alles meegeteld) = "
                  f"{seconden / s_soap:.1f} × de goedkoopste operatie, {seconden / s_leeg:.1f} × een lege view")
    print(f"doel ≤ {DOEL_S} s")
    for fout in fouten:
        print("ONVOLLEDIG:", fout)
    json_s = None
    if not args.zonder_json:
        lading, s_lading, q_lading = gemeten(eerste_lading, client)
        wijzigingen, s_delta, q_delta = gemeten(delta, client)
        json_s = s_lading + s_delta
        print(f"JSON (bench/synchronisatie.py): eerste lading {s_lading:.1f} s ({lading['verzoeken']} verzoeken, "
              f"{q_lading} queries) + delta {s_delta:.1f} s ({wijzigingen['verzoeken']} verzoeken, {q_delta} queries, "
              f"{wijzigingen['wijzigingen']} wijzigingen) = {json_s:.1f} s")
    print(ijkgetal())
    print(f"load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    gehaald = not fouten and uitslag["extensie"] <= DOEL_S and (json_s is None or json_s <= DOEL_S)
    for naam, seconden in uitslag.items():
        print(f"doel SOAP {naam}: " + ("gehaald" if seconden <= DOEL_S else "GEMIST"))
    if json_s is not None:
        print("doel JSON: " + ("gehaald" if json_s <= DOEL_S else "GEMIST"))
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
