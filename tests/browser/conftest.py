"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("SFBV_CHROMIUM", "/usr/bin/chromium"))

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"Chromium saknas ({CHROMIUM}); installera Debians paket 'chromium' "
        "(CI installerar det och kör alltid webbläsartesterna)."
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "sv-SE", "bypass_csp": True}


# Records every Content-Security-Policy violation a page reports, both as the
# securitypolicyviolation event and as Chromium's console message about it.
_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`
  );
});
"""


class CspWatch:
    def __init__(self) -> None:
        self.console: list[str] = []
        self.pages: list = []

    def watch(self, page) -> None:
        self.pages.append(page)
        page.on(
            "console",
            lambda msg: (
                self.console.append(msg.text) if "Content Security Policy" in msg.text else None
            ),
        )

    def violations(self) -> list[str]:
        found = list(self.console)
        for page in self.pages:
            if not page.is_closed():
                found += page.evaluate("window.__cspViolations || []")
        return found


@pytest.fixture
def strict_page(browser):
    """A page in a context that enforces the site's CSP (the others bypass it so that
    axe can be injected); the test fails if any page reported a violation."""
    context = browser.new_context(locale="sv-SE", bypass_csp=False)
    context.add_init_script(_RECORD_VIOLATIONS)
    watch = CspWatch()
    context.on("page", watch.watch)
    page = context.new_page()
    yield page
    # Violations of the last page visited; earlier ones were collected on navigation
    # through the console listener.
    violations = watch.violations()
    context.close()
    assert violations == [], "CSP-överträdelser:\n" + "\n".join(violations)


@pytest.fixture
def page_csp_violations(page):
    """Console messages about CSP on the ordinary (CSP-bypassing) page; empty there
    unless something reports one anyway."""
    messages: list[str] = []
    page.on(
        "console",
        lambda msg: messages.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return messages


@pytest.fixture(autouse=True)
def _no_csp_console_messages(request):
    if "page" not in request.fixturenames:
        yield
        return
    messages = request.getfixturevalue("page_csp_violations")
    yield
    assert messages == [], "CSP-överträdelser:\n" + "\n".join(messages)
