"""The demo boards of local runs: the same for the password demo users and the demo OIDC provider."""

from django.core.management.base import CommandError
from django.db.models import Count, Exists, OuterRef, QuerySet

from registratie.models import Onderwijsaanbieder, Onderwijsbestuur


def gerangschikte_besturen() -> QuerySet[Onderwijsbestuur]:
    """Boards with aanbieders, the one whose bevoegd gezag has the most vestigingen first."""
    heeft_aanbieders = Exists(Onderwijsaanbieder.objects.filter(bestuur=OuterRef("pk")))
    return (
        Onderwijsbestuur.objects.filter(heeft_aanbieders)
        .annotate(vestigingen=Count("bevoegd_gezag__instellingen__vestigingen", distinct=True))
        .order_by("-vestigingen", "code")
    )


def kies_besturen() -> tuple[Onderwijsbestuur, Onderwijsbestuur | None]:
    """(demo board, another board for the user 'ander'); the other one prefers a board with aanbieders."""
    rangschikking = list(gerangschikte_besturen()[:2])
    demo = rangschikking[0] if rangschikking else Onderwijsbestuur.objects.order_by("code").first()
    if demo is None:
        raise CommandError(
            "Er zijn nog geen onderwijsbesturen: importeer eerst de DUO-data "
            "(python manage.py importeer_duo_open_data ... --vul-registratie), of draai `make run`."
        )
    ander = rangschikking[1] if len(rangschikking) > 1 else None
    if ander is None:
        ander = Onderwijsbestuur.objects.exclude(pk=demo.pk).order_by("code").first()
    return demo, ander
