"""Blauwdruk now lives in modelleertool (its 0001 takes over the table registratie_blauwdruk): state only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('registratie', '0008_audit_samengestelde_indexen'),
        ('modelleertool', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name='Blauwdruk')],
        ),
    ]
