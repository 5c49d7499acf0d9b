"""The contact details of the small public register (tests/openbaar/conftest.py): public and restricted."""

PUBLIEK_BESTUUR = "info@bestuur.example.nl"
PUBLIEK_SCHOOL = "info@regenboog.example.nl"
BESLOTEN = {  # restricted contexts with an address that must never reach a public page or file
    "LEERPLICHT": "leerplicht@regenboog.example.nl",
    "SCHOOLALERT": "schoolalert@regenboog.example.nl",
    "TOEZICHT": "toezicht@bestuur.example.nl",
}
