"""Settings package: ``base`` holds everything, the other modules only adjust it per environment.

Every environment variable is read in ``base`` with django-environ and documented in
``docs/configuratie.md``.
"""
