"""On PostgreSQL the database itself keeps the periods of one object from overlapping (rule 4).

Einddatum is inclusive (docs/adr/0001), so the range is daterange(begindatum, einddatum, '[]');
a NULL einddatum is an open end. On SQLite this migration does nothing: the domain services check
the same rule for every database.
"""

from django.db import migrations

# (table, owner columns) whose periods may not overlap
PERIODE_TABELLEN = [
    ("registratie_bestuurperiode", "bestuur_id"),
    ("registratie_groepperiode", "groep_id"),
    ("registratie_aanbiederperiode", "aanbieder_id"),
    ("registratie_aangebodenopleidingperiode", "aangeboden_opleiding_id"),
    ("registratie_juridischerelatie", "aanbieder_id, instelling_id"),
    ("registratie_vestigingsrelatie", "gebruik_id, vestiging_id"),
]
CONTACT_EIGENAREN = ["bestuur_id", "groep_id", "aanbieder_id"]


def _naam(tabel: str, extra: str = "") -> str:
    return f"{tabel.removeprefix('registratie_')}{extra}_geen_overlap"


def voeg_toe(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for tabel, kolommen in PERIODE_TABELLEN:
        gelijk = ", ".join(f"{k.strip()} WITH =" for k in kolommen.split(","))
        schema_editor.execute(
            f"ALTER TABLE {tabel} ADD CONSTRAINT {_naam(tabel)} EXCLUDE USING gist "
            f"({gelijk}, daterange(begindatum, einddatum, '[]') WITH &&)"
        )
    for eigenaar in CONTACT_EIGENAREN:
        schema_editor.execute(
            f"ALTER TABLE registratie_contactgegevens ADD CONSTRAINT {_naam('contact', '_' + eigenaar)} "
            f"EXCLUDE USING gist ({eigenaar} WITH =, context WITH =, "
            f"daterange(begindatum, einddatum, '[]') WITH &&) WHERE ({eigenaar} IS NOT NULL)"
        )


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for tabel, _ in PERIODE_TABELLEN:
        schema_editor.execute(f"ALTER TABLE {tabel} DROP CONSTRAINT IF EXISTS {_naam(tabel)}")
    for eigenaar in CONTACT_EIGENAREN:
        schema_editor.execute(f"ALTER TABLE registratie_contactgegevens DROP CONSTRAINT IF EXISTS "
                              f"{_naam('contact', '_' + eigenaar)}")


class Migration(migrations.Migration):
    dependencies = [("registratie", "0001_initial")]
    operations = [migrations.RunPython(voeg_toe, verwijder)]
