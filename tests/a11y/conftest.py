"""The browser fixtures of tests/browser (Debian's chromium, offline except the live server, login form)."""

from tests.browser.conftest import (  # noqa: F401
    browser_context_args,
    browser_type_launch_args,
    inloggen,
    pagina,
)
