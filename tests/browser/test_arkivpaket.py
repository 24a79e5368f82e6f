"""The archive package's button on an ended project's page: the kansli sees it, the page
stays accessible and fits a phone, and clicking it downloads the ZIP."""

from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import Page, expect

from delprojekt.models import Status
from tests.browser.axe import assert_accessible
from tests.browser.test_journey import login
from tests.conftest import register
from tests.workflow_helpers import run

pytestmark = pytest.mark.browser

NO_OVERFLOW = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def test_the_kansli_downloads_the_package_of_a_stopped_project(
    page: Page, live_server, kansli, org, tmp_path
):
    dp = register(kansli, titel="Gemensam jourlinje för barnonkologi")
    dp = run(dp, "avbryt", kansli, kommentar="Frågan togs över nationellt.")
    assert dp.status == Status.AVBRUTEN

    login(page, live_server.url, "kansli")
    page.goto(f"{live_server.url}{dp.get_absolute_url()}")
    knapp = page.get_by_role("link", name="Hämta arkivpaket (ZIP)")
    expect(knapp).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate(NO_OVERFLOW)
    assert_accessible(page)

    with page.expect_download() as hamtning:
        page.get_by_role("link", name="Hämta arkivpaket (ZIP)").click()
    download = hamtning.value
    assert download.suggested_filename.startswith(f"{dp.referens}-arkivpaket-")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with zipfile.ZipFile(path) as z:
        assert f"{dp.referens}/METS.xml" in z.namelist()
