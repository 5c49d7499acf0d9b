"""Register objects as the JSON records of the read API (/api/v1/).

Every function reads only what the querysets of uitwisseling/selectie.py load (select_related/prefetch), so a
page costs the same number of queries for 1 or 500 records. Dates are ISO 8601; every einddatum is the last
valid day, inclusive (docs/adr/0001). An absent optional value is ``null``, never an empty string.
"""

from datetime import date, datetime
from typing import Any

from registratie.models import (
    AangebodenOpleiding,
    AuditRegel,
    Onderwijsaanbieder,
    Onderwijsbegeleidingsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatiegebruik,
)

Record = dict[str, Any]

# The audit trail's objecttype (verbose_name) → the API's objecttype.
OBJECTTYPEN: dict[str, str] = {
    Onderwijsaanbieder._meta.verbose_name: "onderwijsaanbieder",
    Onderwijslocatiegebruik._meta.verbose_name: "onderwijslocatiegebruik",
    AangebodenOpleiding._meta.verbose_name: "aangeboden_opleiding",
}


def kinderen(obj: Any, relatie: str) -> Any:
    """The children of a relation: the list uitwisseling.api.laden left on the object, else the (prefetched)
    relation."""
    geladen = obj.__dict__.get(f"{relatie}_lijst")
    return geladen if geladen is not None else getattr(obj, relatie).all()


def datum(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def tekst(waarde: str) -> str | None:
    return waarde or None


def organisatie(obj: Onderwijsbestuur, peildatum: date) -> Record:
    """The board and its bevoegd gezag as DUO knows it: name, KvK number and the names it carried before (DUO's
    list gives them without dates, so they are a list, not periods)."""
    periode = obj.periode_op(peildatum)
    gezag = obj.bevoegd_gezag
    return {
        "code": obj.code,
        "naam": periode.naam if periode else None,
        "begindatum": datum(obj.begindatum),
        "einddatum": datum(obj.einddatum),
        "kvk_nummer": tekst(obj.kvk_nummer),
        "bevoegd_gezag": None if gezag is None else {
            "nummer": gezag.nummer,
            "naam": gezag.naam if gezag.naam_bekend else None,
            "kvk_nummer": tekst(gezag.kvk_nummer),
            "eerdere_namen": [n.naam for n in gezag.eerdere_namen.all()],
        },
    }


def aanbieder(obj: Onderwijsaanbieder, peildatum: date) -> Record:
    periode = obj.periode_op(peildatum)
    instellingen = sorted({r.instelling.code for r in kinderen(obj, "juridische_relaties")
                           if r.is_actief_op(peildatum)})
    opvolging = getattr(obj, "opvolging", None)
    return {
        "code": obj.code,
        "onderwijsbestuurcode": obj.bestuur.code,
        "naam": periode.naam if periode else None,
        "internationale_naam": tekst(periode.internationale_naam) if periode else None,
        "begindatum": datum(obj.begindatum),
        "einddatum": datum(obj.einddatum),
        "instellingscodes": instellingen,
        "eigen_sleutel": tekst(obj.eigen_sleutel),
        # Organisatierelatie OVERGANG (rio-po.md §1.12): what it went on in, and what it continues.
        "opvolger": _overgang(opvolging.opvolger.code, opvolging.datum) if opvolging else None,
        "voorgangers": [_overgang(v.voorganger.code, v.datum) for v in kinderen(obj, "voortzettingen")],
    }


def begeleidingsaanbieder(obj: Onderwijsbegeleidingsaanbieder, peildatum: date) -> Record:
    periode = obj.periode_op(peildatum)
    return {
        "code": obj.code,
        "onderwijsbestuurcode": obj.bestuur.code,
        "naam": periode.naam if periode else None,
        "internationale_naam": tekst(periode.internationale_naam) if periode else None,
        "begindatum": datum(obj.begindatum),
        "einddatum": datum(obj.einddatum),
        "instellingscodes": sorted({r.instelling.code for r in obj.erkenningsrelaties.all()
                                    if r.is_actief_op(peildatum)}),
        "expertises": list(obj.expertises),
    }


def _overgang(code: str, dag: date) -> Record:
    return {"code": code, "datum": datum(dag)}


def locatiegebruik(obj: Onderwijslocatiegebruik, peildatum: date) -> Record:
    locatie = obj.locatie
    vestigingen = sorted({r.vestiging.code for r in kinderen(obj, "vestigingsrelaties") if r.is_actief_op(peildatum)})
    return {
        "code": obj.code,
        "locatiecode": locatie.code,
        "onderwijsbestuurcode": obj.bestuur.code,
        "adres": {
            "straat": tekst(locatie.straatnaam),
            "huisnummer": locatie.huisnummer,
            "toevoeging": tekst(locatie.huisnummertoevoeging),
            "postcode": locatie.postcode,
            "plaats": tekst(locatie.plaatsnaam),
        },
        "begindatum": datum(obj.begindatum),
        "einddatum": datum(obj.einddatum),
        "vestigingscodes": vestigingen,
        "eigen_sleutel": tekst(obj.eigen_sleutel),
    }


def aangeboden_opleiding(obj: AangebodenOpleiding, peildatum: date) -> Record:
    periode = obj.periode_op(peildatum)
    kenmerken = obj.kenmerken_op(peildatum, obj.__dict__.get("kenmerken_lijst"))
    return {
        "code": str(obj.code),
        "aanbiedercode": obj.aanbieder.code,
        "opleidingscode": obj.opleiding.code,
        "opleidingsnaam": obj.opleiding.naam,
        "sector": obj.opleiding.sector,
        "eigen_naam": tekst(periode.eigen_naam) if periode else None,
        "locatiecode": obj.locatie.code if obj.locatie_id else None,
        "begindatum": datum(obj.begindatum),
        "einddatum": datum(obj.einddatum),
        "eerste_instroomdatum": datum(obj.eerste_instroomdatum),
        "kenmerken": [{"naam": k.naam, "waarde": k.waarde} for k in kenmerken],
        "eigen_sleutel": tekst(obj.eigen_sleutel),
    }


def tijdstip(t: datetime) -> str:
    return t.isoformat()


def wijziging(regel: AuditRegel) -> Record:
    return {
        "objecttype": OBJECTTYPEN.get(regel.objecttype, regel.objecttype),
        "code": regel.objectcode,  # the record's "code" (a locatiegebruik: <bestuurcode>-<locatiecode>)
        "onderwijsbestuurcode": regel.bestuurcode or None,
        "actie": regel.actie,
        "tijdstip": tijdstip(regel.tijdstip),
        "ingangsdatum": datum(regel.ingangsdatum),
    }


def _geregistreerde_periode(p: dict[str, Any]) -> Record:
    return {"begindatum": p.get("begindatum"), "einddatum": p.get("einddatum"),
            "naam": p.get("naam") or p.get("eigen_naam") or None,
            "internationale_naam": p.get("internationale_naam") or None}


def zoals_geregistreerd(toestand: dict[str, Any] | None) -> Record | None:
    """An audit snapshot (registratie.services.audit.momentopname) as the API shows it: lifespan, periods and,
    for an aangeboden opleiding, its dated kenmerken; the rest of the snapshot is internal."""
    if toestand is None:
        return None
    record: Record = {
        "begindatum": toestand.get("begindatum"), "einddatum": toestand.get("einddatum"),
        "perioden": [_geregistreerde_periode(p)
                     for p in sorted(toestand.get("perioden", []), key=lambda p: p.get("begindatum") or "")],
    }
    if "kenmerken" in toestand:
        record["kenmerken"] = [{"naam": k["naam"], "waarde": k["waarde"], "begindatum": k.get("begindatum"),
                                "einddatum": k.get("einddatum")}
                               for k in sorted(toestand["kenmerken"],
                                               key=lambda k: (k.get("begindatum") or "", k["naam"], k["waarde"]))]
    return record


def correctie(regel: AuditRegel) -> Record:
    return {"tijdstip": tijdstip(regel.tijdstip), "ingangsdatum": datum(regel.ingangsdatum),
            "reden": regel.reden or None, "omschrijving": regel.omschrijving}
