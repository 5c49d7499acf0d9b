"""Where background exports keep their files: a Django storage that every web replica and the worker reach.

The default, ``DatabaseOpslag``, keeps a file as rows in the database that all processes already share, in blocks
of 1 MiB so that neither writing nor downloading ever holds a whole national file in memory. Other storages
(object storage through django-storages, or a folder for a single-host set-up) are chosen with
``EXPORT_OPSLAG`` (docs/configuratie.md); the code only speaks Django's storage API (``storages["exports"]``).
Why not a shared folder: it breaks as soon as web replicas run on different hosts (docs/adr/0014-exportopslag.md).
"""

import io
from datetime import datetime

from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils.deconstruct import deconstructible

from controle.models import Exportbestand, Exportblok

BLOKGROOTTE = 1024 * 1024


class _Blokkenlezer(io.RawIOBase):
    """Reads a stored file block by block: one block in memory at a time, fetched when it is reached."""

    def __init__(self, bestand_id: int) -> None:
        self._bestand_id = bestand_id
        self._volgende = 0
        self._buffer = memoryview(b"")

    def readable(self) -> bool:
        return True

    def _haal_blok(self) -> bool:
        data = (Exportblok.objects.filter(bestand_id=self._bestand_id, volgnummer=self._volgende)
                .values_list("data", flat=True).first())
        if data is None:
            return False
        self._buffer = memoryview(bytes(data))
        self._volgende += 1
        return True

    def readinto(self, doel: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            if not self._haal_blok():
                return 0
        n = min(len(doel), len(self._buffer))
        doel[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


@deconstructible
class DatabaseOpslag(Storage):
    """Files as rows of ``Exportbestand`` + ``Exportblok``; a file appears only when all its blocks are written."""

    def _bestanden(self) -> QuerySet[Exportbestand]:
        return Exportbestand.objects.all()

    def _save(self, name: str, content: File) -> str:
        content.seek(0)
        with transaction.atomic():  # all blocks or none: a download never sees half a file
            bestand = self._bestanden().create(naam=name, grootte=0)
            grootte = volgnummer = 0
            while blok := content.read(BLOKGROOTTE):
                Exportblok.objects.create(bestand=bestand, volgnummer=volgnummer, data=blok)
                grootte += len(blok)
                volgnummer += 1
            self._bestanden().filter(pk=bestand.pk).update(grootte=grootte)
        return name

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("DatabaseOpslag opent bestanden alleen om te lezen.")
        bestand_id = self._bestanden().filter(naam=name).values_list("pk", flat=True).first()
        if bestand_id is None:
            raise FileNotFoundError(name)
        return File(io.BufferedReader(_Blokkenlezer(bestand_id), buffer_size=BLOKGROOTTE), name=name)

    def exists(self, name: str) -> bool:
        return self._bestanden().filter(naam=name).exists()

    def delete(self, name: str) -> None:
        self._bestanden().filter(naam=name).delete()  # the blocks go with it (CASCADE)

    def size(self, name: str) -> int:
        grootte = self._bestanden().filter(naam=name).values_list("grootte", flat=True).first()
        if grootte is None:
            raise FileNotFoundError(name)
        return grootte

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return [], list(self._bestanden().values_list("naam", flat=True))

    def get_created_time(self, name: str) -> datetime:
        tijd = self._bestanden().filter(naam=name).values_list("aangemaakt", flat=True).first()
        if tijd is None:
            raise FileNotFoundError(name)
        return tijd

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Exports worden alleen via het portaal gedownload, met toegangscontrole.")
