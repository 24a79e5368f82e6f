"""Run axe-core (bundled with axe-playwright-python, no network) on the current page."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def assert_accessible(page) -> None:
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
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
