"""The Blauwdruk model moves from registratie to modelleertool: state only, the table and its rows stay."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('registratie', '0008_audit_samengestelde_indexen'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.CreateModel(
                name='Blauwdruk',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('naam', models.CharField(blank=True, max_length=200, verbose_name='naam')),
                    ('status', models.CharField(choices=[('concept', 'concept'), ('toegepast', 'toegepast'), ('verworpen', 'verworpen')], default='concept', max_length=10, verbose_name='status')),
                    ('bron', models.CharField(choices=[('upload', 'geüpload bestand'), ('browser', 'gemaakt in de browser')], default='upload', max_length=10, verbose_name='bron')),
                    ('bestandsnaam', models.CharField(blank=True, max_length=255, verbose_name='bestandsnaam')),
                    ('inhoud', models.JSONField(verbose_name='inhoud')),
                    ('waarschuwingen', models.JSONField(blank=True, default=list, verbose_name='waarschuwingen bij het inlezen')),
                    ('aangemaakt_door_naam', models.CharField(blank=True, max_length=200, verbose_name='aangemaakt door')),
                    ('aangemaakt_op', models.DateTimeField(auto_now_add=True, verbose_name='aangemaakt op')),
                    ('toegepast_door_naam', models.CharField(blank=True, max_length=200, verbose_name='toegepast door')),
                    ('toegepast_op', models.DateTimeField(blank=True, null=True, verbose_name='toegepast op')),
                    ('ingangsdatum', models.DateField(blank=True, help_text='De datum waarop de toegepaste blauwdruk ingaat.', null=True, verbose_name='ingangsdatum')),
                    ('verworpen_door_naam', models.CharField(blank=True, max_length=200, verbose_name='verworpen door')),
                    ('verworpen_op', models.DateTimeField(blank=True, null=True, verbose_name='verworpen op')),
                    ('aangemaakt_door', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('bestuur', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='blauwdrukken', to='registratie.onderwijsbestuur')),
                    ('toegepast_door', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('verworpen_door', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'blauwdruk',
                    'verbose_name_plural': 'blauwdrukken',
                    'ordering': ['-aangemaakt_op', '-id'],
                    'db_table': 'registratie_blauwdruk',
                },
            ),
            ],
        ),
    ]
