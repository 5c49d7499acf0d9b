"""Benchmark of a full synchronisation through the SOAP delta operations (issue 17 §1), beside the JSON sync of
bench/synchronisatie.py: the same database and system (mandated by every school of all 749 boards), reading
everything since the epoch as a LAS built against DUO's Raadplegen V4 would:

    .venv/bin/python bench/soap_sync.py            # builds rio_bench_soap as bench/synchronisatie.py builds its own
    .venv/bin/python bench/soap_sync.py --bewaar   # reuse the database of an earlier run

(a) opvragen_gewijzigdeOnderwijsaanbieders, all pages; (b) opvragen_gewijzigdOnderwijslocatiegebruik, all pages;
(c) opvragen_gewijzigdeAangebodenOpleidingen for every aanbieder received in (a) (the request needs an
onderwijsaanbiederCode). SOAP envelopes with the API key, POSTed through Django's test client in this process
(no network). The codes received are checked against the database, so the benchmark cannot pass on refused or
empty answers. Then the JSON sync of bench/synchronisatie.py in the same run, for comparison. Target: (a) + (b)
+ (c) at most 30 s. Exits with 1 when missed.
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
    aanbieder = f"<duo:onderwijsaanbiederCode>{aanbieder}</duo:onderwijsaanbiederCode>" if aanbieder else ""
    while True:
        body = _roep(client, operatie, f"<duo:peildatumtijdMutaties>{SINDS}</duo:peildatumtijdMutaties>"
                                       f"{aanbieder}<duo:pagina>{pagina}</duo:pagina>")
        verzoeken += 1
        codes += [e.findtext(f"{{{NS}}}{code}") for e in body.iter(f"{{{NS}}}{item}")]
        if pagina + 1 >= int(body.findtext(f"{{{NS}}}paginering/{{{NS}}}aantalPaginas")):
            return verzoeken, codes
        pagina += 1


def soap_synchronisatie(client) -> dict:
    v_a, aanbieders = _alle_paginas(client, "opvragen_gewijzigdeOnderwijsaanbieders", "gewijzigde_Onderwijsaanbieder",
                                    "onderwijsaanbiedercode")
    v_b, gebruiken = _alle_paginas(client, "opvragen_gewijzigdOnderwijslocatiegebruik",
                                   "gewijzigd_Onderwijslocatiegebruik", "onderwijslocatiecode")
    v_c, opleidingen = 0, []
    for code in aanbieders:
        verzoeken, codes = _alle_paginas(client, "opvragen_gewijzigdeAangebodenOpleidingen",
                                         "gewijzigde_AangebodenOpleiding", "aangebodenOpleidingCode", code)
        v_c += verzoeken
        opleidingen += codes
    return {"verzoeken": v_a + v_b + v_c, "aanbieders": aanbieders, "gebruiken": gebruiken,
            "opleidingen": opleidingen, "verzoeken_c": v_c}


def main() -> int:
    parser = argumenten(__doc__)
    parser.add_argument("--zonder-json", action="store_true", help="de JSON-synchronisatie niet ter vergelijking")
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

    from registratie.models import AangebodenOpleiding, Onderwijsaanbieder, Onderwijslocatiegebruik

    cache.clear()
    client = Client()
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, database {DATABASE}")
    print(ijkgetal())
    uitkomst, seconden, queries = gemeten(soap_synchronisatie, client)
    print(f"SOAP delta: {seconden:6.1f} s, {uitkomst['verzoeken']} verzoeken ({uitkomst['verzoeken_c']} voor de "
          f"opleidingen per aanbieder), {queries} queries, {len(uitkomst['aanbieders'])} aanbieders, "
          f"{len(uitkomst['gebruiken'])} locatiegebruiken, {len(uitkomst['opleidingen'])} aangeboden opleidingen")
    print(f"doel ≤ {DOEL_S} s")
    verwacht = {"aanbieders": set(Onderwijsaanbieder.objects.values_list("code", flat=True)),
                "gebruiken": set(Onderwijslocatiegebruik.objects.values_list("locatie__code", flat=True)),
                "opleidingen": {str(c) for c in AangebodenOpleiding.objects.values_list("code", flat=True)}}
    fouten = [f"{soort}: {len(set(uitkomst[soort]))} ontvangen, {len(codes)} in de database"
              for soort, codes in verwacht.items() if set(uitkomst[soort]) != codes]
    for fout in fouten:
        print("ONVOLLEDIG:", fout)
    if not args.zonder_json:
        lading, s_lading, q_lading = gemeten(eerste_lading, client)
        wijzigingen, s_delta, q_delta = gemeten(delta, client)
        print(f"ter vergelijking, JSON (bench/synchronisatie.py): eerste lading {s_lading:.1f} s "
              f"({lading['verzoeken']} verzoeken, {q_lading} queries) + delta {s_delta:.1f} s "
              f"({wijzigingen['verzoeken']} verzoeken, {q_delta} queries) = {s_lading + s_delta:.1f} s")
    print(ijkgetal())
    gehaald = not fouten and seconden <= DOEL_S
    print("doel " + ("gehaald" if gehaald else "GEMIST"))
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
