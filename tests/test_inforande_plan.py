"""Implementation plans per region: writing (the region's coordinator, the kansli), the
optimistic version check, frozen versions as PDF/A, the status beside the matrix and
regions without a plan on the start pages."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from delprojekt.models import Delprojekt, Handelse, Status
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed, StaleState
from delprojekt.start import start_for
from inforande.models import Genomforandeplan, Planversion
from inforande.services.plan import (
    plan_faststall,
    plan_save,
    planstatus,
    regioner_utan_plan,
)
from tests.test_uppfoljning_inforande import make_project, samordnare

TEXTER = {"budskap": "Alla patienter får en vårdplan.", "hur": "Stegvis, klinik för klinik."}
MILSTOLPE = {"vad": "Utbildning av personal", "nar": "2027-03-01", "ansvarig": "Vera Verksamhet"}


@pytest.fixture
def dp(org, kansli, lg_members):
    return make_project(org, kansli, lg_members)


@pytest.fixture
def halland(org):
    return org.regioner[1]


@pytest.fixture
def skane(org):
    return org.regioner[3]


@pytest.fixture
def sam_halland(halland):
    return samordnare(halland)


def save(dp, region, user, andring=0, **kw):
    return plan_save(
        delprojekt=dp,
        region=region,
        user=user,
        texter=kw.get("texter", TEXTER),
        milstolpar=kw.get("milstolpar", [MILSTOLPE]),
        linjechef=kw.get("linjechef", "Lina Linjechef, verksamhetschef"),
        andring=andring,
    )


def post_data(plan=None, **changes):
    data = {"andring": plan.andring if plan else 0, "linjechef": "Lina Linjechef"}
    data.update(dict(TEXTER.items()))
    data.update({"m0_vad": MILSTOLPE["vad"], "m0_nar": MILSTOLPE["nar"]})
    data.update({"m0_ansvarig": MILSTOLPE["ansvarig"]})
    for i in (1, 2, 3):
        data.update({f"m{i}_vad": "", f"m{i}_nar": "", f"m{i}_ansvarig": ""})
    data.update(changes)
    return data


def _is_pdfa_3a(pdf: bytes) -> bool:
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    part = re.search(r"pdfaid:part(?:>|=\")(\d)", xmp)
    conformance = re.search(r"pdfaid:conformance(?:>|=\")([A-Za-z])", xmp)
    return bool(part and conformance and part[1] == "3" and conformance[1].upper() == "A")


# --- Services --------------------------------------------------------------------------


def test_the_coordinator_writes_their_regions_plan_with_history_and_event(dp, halland, sam_halland):
    plan, andrad = save(dp, halland, sam_halland)
    assert andrad
    plan = Genomforandeplan.objects.get(pk=plan.pk)
    assert plan.budskap == TEXTER["budskap"]
    assert plan.milstolpar == [MILSTOLPE]
    assert plan.andring == 1
    assert plan.history.count() == 1
    assert plan.history.first().history_user == sam_halland
    assert Handelse.objects.filter(delprojekt=dp, text__contains="Halland").exists()


def test_saving_the_same_text_again_changes_nothing(dp, halland, sam_halland):
    plan, _ = save(dp, halland, sam_halland)
    _plan2, andrad = save(dp, halland, sam_halland, andring=1)
    assert not andrad
    assert Genomforandeplan.objects.get(pk=plan.pk).andring == 1


def test_a_stale_form_is_refused_and_keeps_the_other_text(dp, halland, sam_halland, kansli):
    save(dp, halland, sam_halland)
    save(dp, halland, kansli, andring=1, texter={"budskap": "Kansliets text"})
    with pytest.raises(StaleState):
        save(dp, halland, sam_halland, andring=1, texter={"budskap": "Min gamla text"})
    assert Genomforandeplan.objects.get(region=halland).budskap == "Kansliets text"


def test_a_coordinator_may_not_write_another_regions_plan(dp, skane, sam_halland):
    with pytest.raises(NotAllowed):
        save(dp, skane, sam_halland)
    assert not Genomforandeplan.objects.exists()


def test_others_may_not_write_plans(dp, halland, lg_members, outsider, reader):
    for user in (lg_members[0], reader):
        with pytest.raises(NotAllowed):
            save(dp, halland, user)
    assert not Genomforandeplan.objects.exists()


def test_plans_are_written_only_after_the_boards_recommendation(
    org, kansli, lg_members, halland, sam_halland
):
    early = make_project(org, kansli, lg_members, titel="Tidig", status=Status.NAMND)
    with pytest.raises(GuardFailed):
        save(early, halland, sam_halland)
    assert not Genomforandeplan.objects.exists()


@pytest.mark.parametrize(
    "milstolpar, felet",
    [
        ([{"vad": "Utan datum", "nar": None, "ansvarig": "Vera"}], "vad, när och ansvarig"),
        ([{"vad": "Fel datum", "nar": "1 mars", "ansvarig": "Vera"}], "ÅÅÅÅ-MM-DD"),
    ],
)
def test_incomplete_milestones_are_refused_with_nothing_saved(
    dp, halland, sam_halland, milstolpar, felet
):
    with pytest.raises(Invalid) as exc:
        save(dp, halland, sam_halland, milstolpar=milstolpar)
    assert felet in " ".join(exc.value.field_errors["milstolpar"])
    assert not Genomforandeplan.objects.exists()


def test_too_long_an_answer_is_refused(dp, halland, sam_halland):
    with pytest.raises(Invalid) as exc:
        save(dp, halland, sam_halland, texter={"hur": "x" * 5001})
    assert "hur" in exc.value.field_errors
    assert not Genomforandeplan.objects.exists()


def test_freezing_numbers_the_versions_and_keeps_their_content(dp, halland, sam_halland):
    _plan, _ = save(dp, halland, sam_halland)
    v1 = plan_faststall(delprojekt=dp, region=halland, user=sam_halland, andring=1)
    assert v1.nummer == 1
    with pytest.raises(StaleState):  # nothing changed since
        plan_faststall(delprojekt=dp, region=halland, user=sam_halland, andring=1)
    save(dp, halland, sam_halland, andring=1, texter={"budskap": "Ny text"})
    [status] = planstatus(dp, [halland])
    assert status.kod == "version" and status.andrad_sedan_version
    v2 = plan_faststall(delprojekt=dp, region=halland, user=sam_halland, andring=2)
    assert v2.nummer == 2
    assert Planversion.objects.get(pk=v1.pk).innehall["budskap"] == TEXTER["budskap"]
    assert Planversion.objects.get(pk=v2.pk).innehall["budskap"] == "Ny text"


def test_freezing_without_a_plan_is_refused(dp, halland, sam_halland):
    with pytest.raises(GuardFailed):
        plan_faststall(delprojekt=dp, region=halland, user=sam_halland, andring=0)
    assert not Planversion.objects.exists()


def test_status_per_region_missing_draft_version(dp, org, halland, skane, sam_halland, kansli):
    save(dp, halland, sam_halland)
    save(dp, skane, kansli)
    plan_faststall(delprojekt=dp, region=skane, user=kansli, andring=1)
    koder = {s.region.namn: (s.kod, s.text) for s in planstatus(dp, org.regioner)}
    assert koder[halland.namn] == ("utkast", "Utkast")
    assert koder[skane.namn] == ("version", "Version 1")
    assert koder[org.regioner[0].namn] == ("saknas", "Plan saknas")


# --- Regions without a plan on the start pages ---------------------------------------


def _old(dp, days):
    Delprojekt.objects.filter(pk=dp.pk).update(
        status_andrad=timezone.now() - datetime.timedelta(days=days)
    )


def test_regions_without_a_frozen_plan_after_the_set_time(dp, org, halland, sam_halland, settings):
    settings.SFBV_GENOMFORANDEPLAN_DAGAR = 60
    assert not regioner_utan_plan().exists()
    _old(dp, 61)
    assert regioner_utan_plan().count() == 4
    save(dp, halland, sam_halland)
    plan_faststall(delprojekt=dp, region=halland, user=sam_halland, andring=1)
    assert {r.region_id for r in regioner_utan_plan()} == {
        r.pk for r in org.regioner if r != halland
    }
    settings.SFBV_GENOMFORANDEPLAN_DAGAR = 90
    assert not regioner_utan_plan().exists()


def test_start_pages_of_the_kansli_and_the_coordinator(dp, org, halland, sam_halland, kansli):
    _old(dp, 100)
    kansliets = {s.nyckel: s for s in start_for(kansli)}["genomforandeplaner"]
    assert kansliets.antal == 4
    hallands = {s.nyckel: s for s in start_for(sam_halland)}["genomforandeplaner"]
    assert [p.url for p in hallands.poster] == [
        reverse("inforande:plan", args=[dp.referens, halland.pk])
    ]


def test_the_start_page_stays_within_its_budget_with_missing_plans(
    org, kansli, lg_members, client, django_assert_max_num_queries
):
    for i in range(3):
        _old(make_project(org, kansli, lg_members, titel=f"Projekt {i}"), 100)
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("start"))
    assert "Genomförandeplaner som saknas" in response.content.decode()


# --- Pages -----------------------------------------------------------------------------


def test_the_coordinator_writes_the_plan_in_the_browser_form(
    client, dp, halland, sam_halland, django_assert_max_num_queries
):
    client.force_login(sam_halland)
    url = reverse("inforande:plan_andra", args=[dp.referens, halland.pk])
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(15):
        response = client.post(url, post_data())
    assert response.status_code == 302
    plan = Genomforandeplan.objects.get(region=halland)
    assert plan.milstolpar == [MILSTOLPE]
    assert plan.linjechef == "Lina Linjechef"


def test_bad_input_in_the_form_gets_a_swedish_message_and_nothing_saved(
    client, dp, halland, sam_halland
):
    client.force_login(sam_halland)
    url = reverse("inforande:plan_andra", args=[dp.referens, halland.pk])
    response = client.post(url, post_data(m0_nar="första mars"))
    assert response.status_code == 400
    assert "Skriv datumet som ÅÅÅÅ-MM-DD." in response.content.decode()
    response = client.post(url, post_data(m0_ansvarig=""))
    assert response.status_code == 400
    assert "Milstolpe 1 behöver vad, när och ansvarig." in response.content.decode()
    assert not Genomforandeplan.objects.exists()


def test_a_stale_form_in_the_browser_is_told_so(client, dp, halland, sam_halland, kansli):
    save(dp, halland, kansli)
    client.force_login(sam_halland)
    url = reverse("inforande:plan_andra", args=[dp.referens, halland.pk])
    response = client.post(url, post_data(andring=0, budskap="Skrivet i en gammal flik"))
    assert response.status_code == 400
    assert "Någon annan har sparat genomförandeplanen" in response.content.decode()
    assert Genomforandeplan.objects.get(region=halland).budskap == TEXTER["budskap"]


@pytest.mark.parametrize("who", ["other_coordinator", "lg", "reader"])
def test_others_get_403_on_the_form(client, dp, halland, skane, lg_members, reader, who):
    user = {
        "other_coordinator": lambda: samordnare(skane, "sam_skane"),
        "lg": lambda: lg_members[0],
        "reader": lambda: reader,
    }[who]()
    client.force_login(user)
    url = reverse("inforande:plan_andra", args=[dp.referens, halland.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, post_data()).status_code == 403
    assert (
        client.post(
            reverse("inforande:plan_faststall", args=[dp.referens, halland.pk]), {"andring": 0}
        ).status_code
        == 403
    )
    assert not Genomforandeplan.objects.exists()


def test_an_outsider_does_not_learn_the_project_exists(client, dp, halland, outsider):
    client.force_login(outsider)
    assert client.get(reverse("inforande:plan", args=[dp.referens, halland.pk])).status_code == 404


def test_a_region_not_concerned_is_404(client, org, kansli, lg_members, sam_halland):
    dp = make_project(org, kansli, lg_members)
    dp.regioner.remove(org.regioner[1])
    client.force_login(kansli)
    url = reverse("inforande:plan", args=[dp.referens, org.regioner[1].pk])
    assert client.get(url).status_code == 404


def test_the_plan_page_and_the_matrix_show_the_status_within_budget(
    client, dp, org, halland, sam_halland, lg_members, django_assert_max_num_queries
):
    save(dp, halland, sam_halland)
    plan_faststall(delprojekt=dp, region=halland, user=sam_halland, andring=1)
    client.force_login(lg_members[0])
    with django_assert_max_num_queries(15):
        response = client.get(reverse("inforande:plan", args=[dp.referens, halland.pk]))
    html = response.content.decode()
    assert TEXTER["budskap"] in html and "Version 1 (PDF)" in html
    assert "Fastställ som ny version" not in html  # a reader of the plan does not freeze it
    with django_assert_max_num_queries(15):
        response = client.get(reverse("uppfoljning:inforande", args=[dp.referens]))
    html = response.content.decode()
    assert "Version 1" in html and html.count("Plan saknas") == 3


def test_freezing_from_the_page_and_the_pdf_is_pdfa(client, dp, halland, sam_halland):
    save(dp, halland, sam_halland)
    client.force_login(sam_halland)
    response = client.post(
        reverse("inforande:plan_faststall", args=[dp.referens, halland.pk]), {"andring": 1}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("inforande:plan_faststall", args=[dp.referens, halland.pk]), {"andring": 1}
    )
    assert Planversion.objects.count() == 1  # the double click froze one version
    response = client.get(reverse("inforande:plan_pdf", args=[dp.referens, halland.pk, 1]))
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert _is_pdfa_3a(pdf)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Genomförandeplan för Region Halland" in text
    assert TEXTER["budskap"] in text and MILSTOLPE["vad"] in text
    missing = reverse("inforande:plan_pdf", args=[dp.referens, halland.pk, 2])
    assert client.get(missing).status_code == 404
