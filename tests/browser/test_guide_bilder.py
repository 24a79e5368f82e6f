"""The user guide's picture script (``hjalp/bilder.py``) stops on a step it cannot do.

Every step itself is done by ``bin/guide-bilder`` on the demo in CI (``.ci/run``)."""

from __future__ import annotations

import pytest

from hjalp import bilder

pytestmark = pytest.mark.browser


def test_the_picture_script_names_the_step_that_cannot_be_done(browser, tmp_path, capsys):
    # Nothing listens on port 9: the first step, logging in, cannot be done.
    assert bilder.kor(browser, "http://127.0.0.1:9", tmp_path / "ut") == 1
    fel = capsys.readouterr().err
    assert "steget misslyckades – Kom igång, efter bilden –" in fel
    assert list((tmp_path / "ut").iterdir()) == []
