"""The hostile-input suite's figures, summed over the xdist workers at the end of the run."""

from __future__ import annotations

FIGURES = ("fuzz_posts", "fuzz_5xx", "fuzz_refused", "fuzz_form")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    posts = errors = refused = 0
    forms: set[str] = set()
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            props = dict(getattr(report, "user_properties", ()) or ())
            if "fuzz_posts" not in props:
                continue
            posts += props["fuzz_posts"]
            errors += props["fuzz_5xx"]
            refused += props["fuzz_refused"]
            if props.get("fuzz_form"):
                forms.add(props["fuzz_form"])
    if posts:
        terminalreporter.write_line(
            f"Fuzz: {posts} posts to {len(forms)} forms ({refused} refused), 5xx: {errors}"
        )
