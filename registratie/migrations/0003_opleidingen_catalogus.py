"""The PO opleidingen a board can offer (rio-po.md §1.10a).

DUO's real opleidingseenheidcodes for BO/SO/VSO are not public (rio-po.md §10.6); the codes below
have RIO's format (nnnnOnnnn) but are this portal's own until DUO's catalogue is loaded.
"""

from django.db import migrations

OPLEIDINGEN = [
    ("1000O0001", "Basisonderwijs", "BO", "PO-BAO", "", 1),
    ("1000O0002", "Eerste onderwijs anderstaligen", "BO", "PO-BAO", "BO", 2),
    ("1000O0101", "Speciaal onderwijs regulier", "SO", "PO-SO", "", 1),
    ("1000O0102", "Speciaal onderwijs zml/mg", "SO", "PO-SO", "", 2),
    ("1000O0201", "Vso-vervolgonderwijs", "VSO", "PO-VSO", "", 1),
    ("1000O0202", "Vso-arbeidsmarkt", "VSO", "PO-ARBEIDSMARKT", "", 2),
    ("1000O0203", "Vso-dagbesteding", "VSO", "PO-DAGBESTEDING", "", 3),
]


def laad(apps, schema_editor):
    Opleiding = apps.get_model("registratie", "Opleiding")
    for code, naam, sector, niveau, doelgroepen, volgorde in OPLEIDINGEN:
        Opleiding.objects.update_or_create(code=code, defaults={
            "naam": naam, "sector": sector, "niveau": niveau, "toegestane_doelgroepen": doelgroepen,
            "volgorde": volgorde})


class Migration(migrations.Migration):
    dependencies = [("registratie", "0002_periodes_niet_overlappend_postgres")]
    operations = [migrations.RunPython(laad, migrations.RunPython.noop)]
