"""Address normalisation and checks (rule 2): postcode stored as 1234AB, huisnummer 1..99999."""

import re

from django.utils.translation import gettext

from kern.fouten import Fouten

POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")


def normaliseer_postcode(invoer: str) -> str:
    return re.sub(r"\s+", "", invoer or "").upper()


def postcode_fouten(fouten: Fouten, postcode: str, veld: str = "postcode", verplicht: bool = True) -> None:
    if not postcode:
        if verplicht:
            fouten.voeg_toe(veld, gettext("Vul de postcode in, bijvoorbeeld 1234 AB."))
        return
    if not POSTCODE.match(postcode):
        fouten.voeg_toe(veld, gettext("'%(postcode)s' is geen geldige postcode. Gebruik vier cijfers (niet "
                                      "beginnend met 0) en twee letters, bijvoorbeeld 1234 AB.") % {
                                          "postcode": postcode})


def huisnummer_fouten(fouten: Fouten, huisnummer: int | None, toevoeging: str, veld: str = "huisnummer",
                      veld_toevoeging: str = "huisnummertoevoeging", verplicht: bool = True) -> None:
    if huisnummer is None:
        if verplicht:
            fouten.voeg_toe(veld, gettext("Vul het huisnummer in (alleen cijfers; een letter hoort bij de "
                                          "toevoeging)."))
    elif not 1 <= huisnummer <= 99999:
        fouten.voeg_toe(veld, gettext("Het huisnummer ligt tussen 1 en 99999."))
    if len(toevoeging or "") > 6:
        fouten.voeg_toe(veld_toevoeging, gettext("De toevoeging is hoogstens 6 tekens, bijvoorbeeld A of 2-hoog."))
    elif toevoeging and not toevoeging.isprintable():  # e.g. a NUL byte, which PostgreSQL cannot store
        fouten.voeg_toe(veld_toevoeging, gettext("De toevoeging bevat een teken dat niet kan (zoals een tab of "
                                                 "regelovergang). Gebruik letters en cijfers, bijvoorbeeld A of "
                                                 "2-hoog."))
