"""Create the code counters up front, so two first registrations at once cannot race on creating them."""

from django.db import migrations

EERSTE_NUMMER = 100_000


def maak(apps, schema_editor):
    Codeteller = apps.get_model("registratie", "Codeteller")
    for letter in "BAGX":
        Codeteller.objects.get_or_create(letter=letter, defaults={"laatste": EERSTE_NUMMER})


class Migration(migrations.Migration):
    dependencies = [("registratie", "0003_opleidingen_catalogus")]
    operations = [migrations.RunPython(maak, migrations.RunPython.noop)]
