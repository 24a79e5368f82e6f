"""Run axe-core (bundled with axe-playwright-python, no network) on the current page."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


# What the browser says when a click's navigation replaces the document while axe reads it.
_NAVIGATION_RACE = ("documentElement", "Execution context was destroyed", "navigat")


def _run_axe(page):
    """Run axe on the page that is loaded, not on one a click is still replacing.

    A link's click returns before its navigation ends; axe started in between reads a
    document that goes away. Wait for the load and, if the page was replaced under axe,
    run it again on the page that arrived: the check always covers the final page.
    """
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return _axe.run(
                page,
                options={
                    "runOnly": {"type": "tag", "values": WCAG_21_AA},
                    "resultTypes": ["violations"],
                },
            )
        except PlaywrightError as error:
            if attempt == 2 or not any(s in str(error) for s in _NAVIGATION_RACE):
                raise
            page.wait_for_timeout(100)
    raise AssertionError("unreachable")


def assert_accessible(page) -> None:
    results = _run_axe(page)
    violations = results.response["violations"]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(
            f"    {n['target']}: {n.get('failureSummary', '').splitlines()[-1:]}"
            for n in v["nodes"][:5]
        )
        for v in violations
    )
    assert not violations, f"WCAG 2.1 AA-brister på {page.url}:\n{report}"
