"""A working group's year: its verksamhetsberättelse (draft from the group's meetings,
delrapporter, förankringar, the project's decisions and state changes), written by the
chair or the kansli, approved at one of the group's held meetings of the year, frozen
as PDF/A from the same mall as the bodies' reports, and never published."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from delprojekt.models import (
    Beslut,
    Delrapport,
    Forankring,
    Handelse,
    Minnesanteckning,
    Status,
    Vagval,
)
from delprojekt.services.errors import GuardFailed, Invalid, Locked, NotAllowed, StaleState
from tests import factories as f
from tests.conftest import person_of
from verksamhet.models import Verksamhetsberattelse
from verksamhet.services.berattelse import (
    arbetsgrupp_berattelse_godkann,
    arbetsgrupp_berattelse_las,
    arbetsgrupp_berattelse_text_save,
    berattelse_publicera,
    berattelse_text_save,
)
from verksamhet.services.berattelse_pdf import arbetsgrupp_berattelse_pdf
from verksamhet.services.underlag import arbetsgrupp_underlag

pytestmark = pytest.mark.django_db

AR = timezone.localdate().year - 1


def _mote(dp, datum: datetime.date, **kwargs) -> Minnesanteckning:
    return Minnesanteckning.objects.create(delprojekt=dp, datum=datum, plats="Växjö", **kwargs)


@pytest.fixture
def mote(project_a):
    """A meeting of project A's group in the report's year."""
    return _mote(project_a, datetime.date(AR, 11, 20))


@pytest.fixture
def ledamot_a(project_a, org):
    """An ordinary member of project A's group: reads, does not write."""
    person = f.PersonFactory(namn="Lena Ledamot", user=f.UserFactory(username="leda"))
    f.ArbetsgruppsmedlemskapFactory(delprojekt=project_a, person=person, roll="ledamot")
    return person.user


@pytest.fixture
def draft(project_a, ordforande):
    return arbetsgrupp_berattelse_text_save(
        user=ordforande, delprojekt=project_a, ar=AR, text="Gruppens år."
    )


@pytest.fixture
def frozen(project_a, ordforande, draft, mote):
    arbetsgrupp_berattelse_godkann(user=ordforande, delprojekt=project_a, ar=AR, mote_id=mote.pk)
    return arbetsgrupp_berattelse_las(user=ordforande, delprojekt=project_a, ar=AR)


# --- The model -------------------------------------------------------------------------------


def test_a_report_belongs_to_exactly_one_body_or_group(org, project_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Verksamhetsberattelse.objects.create(organ=org.ledningsgrupp, delprojekt=project_a, ar=AR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Verksamhetsberattelse.objects.create(ar=AR)
    Verksamhetsberattelse.objects.create(delprojekt=project_a, ar=AR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Verksamhetsberattelse.objects.create(delprojekt=project_a, ar=AR)
    # The body's and the group's reports of the same year live side by side.
    Verksamhetsberattelse.objects.create(organ=org.ledningsgrupp, ar=AR)


# --- The draft from the data -----------------------------------------------------------------


def test_the_draft_gathers_the_groups_meetings_reports_anchoring_decisions_and_states(
    org, kansli, project_a, project_b, ordforande
):
    held = _mote(project_a, datetime.date(AR, 3, 4))
    held.deltagare.set(project_a.medlemskap.all())
    Vagval.objects.create(minnesanteckning=held, val="Avgränsa", motivering="Tiden räcker inte.")
    _mote(project_a, datetime.date(AR - 1, 12, 1))  # another year
    _mote(project_b, datetime.date(AR, 3, 4))  # another group
    rapport = Delrapport.objects.create(
        delprojekt=project_a,
        titel="Nulägesanalys",
        registrerad=timezone.make_aware(datetime.datetime(AR, 4, 1, 10)),
    )
    Delrapport.objects.create(
        delprojekt=project_a,
        titel="Förra året",
        registrerad=timezone.make_aware(datetime.datetime(AR - 1, 4, 1, 10)),
    )
    forankring = Forankring.objects.create(
        delprojekt=project_a,
        datum=datetime.date(AR, 5, 2),
        organ=org.ledningsgrupp,
        diskuterat="Avgränsningen.",
    )
    Beslut.objects.create(
        delprojekt=project_a,
        organ=org.ledningsgrupp,
        datum=datetime.date(AR, 2, 1),
        utfall=Beslut.Utfall.START,
        beslutstext="Start.",
        paragraf=f"§ 7/{AR}",
    )
    Beslut.objects.create(
        delprojekt=project_b,
        organ=org.ledningsgrupp,
        datum=datetime.date(AR, 2, 1),
        utfall=Beslut.Utfall.START,
        beslutstext="Start.",
    )
    andring = Handelse.objects.create(
        delprojekt=project_a,
        typ=Handelse.Typ.OVERGANG,
        fran_status=Status.BEREDNING,
        till_status=Status.ANALYS,
        aktor="Kansliet",
        text="Analys",
        tidpunkt=timezone.make_aware(datetime.datetime(AR, 2, 2, 9)),
    )

    u = arbetsgrupp_underlag(delprojekt=project_a, ar=AR)

    assert [m.pk for m in u.moten] == [held.pk]
    assert u.moten[0].antal_narvarande == project_a.medlemskap.count()
    assert u.moten[0].antal_vagval == 1
    assert u.delrapporter == [rapport]
    assert u.forankringar == [forankring]
    assert u.antal_beslut == 1
    assert [(s.utfall, [b.paragraf for b in s.beslut]) for s in u.beslut_per_slag] == [
        ("start", [f"§ 7/{AR}"])
    ]
    assert u.statusandringar == [andring]


def test_the_draft_pdf_is_pdf_a_from_the_mall_and_marked_as_draft(project_a, draft, mote):
    reader = PdfReader(io.BytesIO(arbetsgrupp_berattelse_pdf(delprojekt=project_a, ar=AR)))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid" in xmp
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Verksamhetsberättelse" in text
    assert "Arbetsgruppens berättelse" in text
    assert "Gruppens år." in text
    assert "Utkast" in text
    assert f"{mote.datum:%Y-%m-%d}" in text


# --- Writing ---------------------------------------------------------------------------------


def test_the_chair_and_the_kansli_write_the_text_and_nobody_else(
    project_a, kansli, ordforande, ledamot_a, reader, outsider
):
    arbetsgrupp_berattelse_text_save(user=kansli, delprojekt=project_a, ar=AR, text="Kansliet.")
    b = arbetsgrupp_berattelse_text_save(
        user=ordforande, delprojekt=project_a, ar=AR, text="  Ordföranden.\r\n"
    )
    b.refresh_from_db()
    assert b.text == "Ordföranden." and b.andrad_av == ordforande and b.organ is None
    for user in (ledamot_a, reader, outsider):
        with pytest.raises(NotAllowed):
            arbetsgrupp_berattelse_text_save(user=user, delprojekt=project_a, ar=AR, text="Nej.")
    assert Verksamhetsberattelse.objects.get(delprojekt=project_a).text == "Ordföranden."


def test_a_coming_year_or_a_too_long_text_is_refused_and_nothing_saved(project_a, ordforande):
    with pytest.raises(Invalid):
        arbetsgrupp_berattelse_text_save(
            user=ordforande, delprojekt=project_a, ar=AR + 2, text="Framtid."
        )
    with pytest.raises(Invalid):
        arbetsgrupp_berattelse_text_save(
            user=ordforande, delprojekt=project_a, ar=AR, text="x" * 50_001
        )
    assert not Verksamhetsberattelse.objects.exists()


def test_the_chair_of_another_project_does_not_write(project_a, ledamot_b, project_b, org):
    person = person_of(ledamot_b)
    f.ArbetsgruppsmedlemskapFactory(delprojekt=project_b, person=person, roll="ordforande")
    with pytest.raises(NotAllowed):
        arbetsgrupp_berattelse_text_save(user=ledamot_b, delprojekt=project_a, ar=AR, text="Nej.")


# --- Approval at one of the group's meetings -------------------------------------------------


def test_the_chair_records_the_approval_at_a_meeting_of_the_year(
    project_a, ordforande, draft, mote
):
    b = arbetsgrupp_berattelse_godkann(
        user=ordforande, delprojekt=project_a, ar=AR, mote_id=mote.pk
    )
    b.refresh_from_db()
    assert b.godkand_mote == mote and b.godkand_av == ordforande and b.godkand is not None
    assert b.godkand_punkt is None


def test_approval_is_refused_for_a_meeting_of_another_group_or_year_or_none(
    project_a, project_b, ordforande, draft
):
    andra = _mote(project_b, datetime.date(AR, 6, 1))
    fjol = _mote(project_a, datetime.date(AR - 1, 12, 10))
    for mote_id in (andra.pk, fjol.pk, None, 999_999):
        with pytest.raises(Invalid):
            arbetsgrupp_berattelse_godkann(
                user=ordforande, delprojekt=project_a, ar=AR, mote_id=mote_id
            )
    assert Verksamhetsberattelse.objects.get(delprojekt=project_a).godkand is None


def test_a_meeting_not_yet_held_cannot_approve_it(project_a, ordforande):
    i_ar = AR + 1
    with time_machine.travel(datetime.datetime(i_ar, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        arbetsgrupp_berattelse_text_save(user=ordforande, delprojekt=project_a, ar=i_ar, text="Å")
        kommande = _mote(project_a, datetime.date(i_ar, 6, 20))
        with pytest.raises(Invalid) as exc:
            arbetsgrupp_berattelse_godkann(
                user=ordforande, delprojekt=project_a, ar=i_ar, mote_id=kommande.pk
            )
    assert "inte hållits" in exc.value.messages[0]


def test_approval_needs_the_chair_or_kansli_a_text_and_happens_once(
    project_a, kansli, ordforande, ledamot_a, mote
):
    arbetsgrupp_berattelse_text_save(user=kansli, delprojekt=project_a, ar=AR, text="")
    with pytest.raises(GuardFailed):
        arbetsgrupp_berattelse_godkann(user=kansli, delprojekt=project_a, ar=AR, mote_id=mote.pk)
    arbetsgrupp_berattelse_text_save(user=kansli, delprojekt=project_a, ar=AR, text="Året.")
    with pytest.raises(NotAllowed):
        arbetsgrupp_berattelse_godkann(user=ledamot_a, delprojekt=project_a, ar=AR, mote_id=mote.pk)
    arbetsgrupp_berattelse_godkann(user=kansli, delprojekt=project_a, ar=AR, mote_id=mote.pk)
    with pytest.raises(StaleState):
        arbetsgrupp_berattelse_godkann(
            user=ordforande, delprojekt=project_a, ar=AR, mote_id=mote.pk
        )
    with pytest.raises(Locked):
        arbetsgrupp_berattelse_text_save(user=kansli, delprojekt=project_a, ar=AR, text="Nytt.")


# --- Frozen as PDF/A -------------------------------------------------------------------------


def test_freezing_needs_the_approval_and_the_chair_or_kansli(
    project_a, ordforande, ledamot_a, draft, mote
):
    with pytest.raises(GuardFailed):
        arbetsgrupp_berattelse_las(user=ordforande, delprojekt=project_a, ar=AR)
    arbetsgrupp_berattelse_godkann(user=ordforande, delprojekt=project_a, ar=AR, mote_id=mote.pk)
    with pytest.raises(NotAllowed):
        arbetsgrupp_berattelse_las(user=ledamot_a, delprojekt=project_a, ar=AR)
    assert Verksamhetsberattelse.objects.get(delprojekt=project_a).last is None


def test_the_frozen_pdf_is_stored_with_its_checksum_and_names_the_meeting(frozen, mote):
    frozen.refresh_from_db()
    with frozen.pdf.open("rb") as fh:
        data = fh.read()
    assert hashlib.sha256(data).hexdigest() == frozen.sha256
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == frozen.sidor
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert f"Godkänd av arbetsgruppen vid mötet {mote.datum:%Y-%m-%d}" in text
    assert "UTKAST" not in text


def test_a_frozen_report_cannot_be_frozen_again_changed_or_published(
    project_a, kansli, ordforande, frozen
):
    with pytest.raises(Locked):
        arbetsgrupp_berattelse_las(user=ordforande, delprojekt=project_a, ar=AR)
    with pytest.raises(Locked):
        arbetsgrupp_berattelse_text_save(
            user=kansli, delprojekt=project_a, ar=AR, text="Ändrat i efterhand."
        )
    frozen.refresh_from_db()
    assert frozen.text == "Gruppens år."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database's guard")
def test_the_database_refuses_to_change_a_frozen_group_report(frozen):
    with pytest.raises(IntegrityError), transaction.atomic():
        Verksamhetsberattelse.objects.filter(pk=frozen.pk).update(text="Ändrat")
    with pytest.raises(IntegrityError), transaction.atomic():
        Verksamhetsberattelse.objects.filter(pk=frozen.pk).update(godkand_mote=None)


def test_the_bodies_reports_are_unchanged_by_a_groups_report(org, kansli, frozen):
    # The body's report of the same year is its own row; the publishing service only
    # knows bodies, so a group's report never reaches the open pages.
    b = berattelse_text_save(user=kansli, organ=org.ledningsgrupp, ar=AR, text="Organet.")
    assert b.pk != frozen.pk and b.delprojekt is None
    with pytest.raises(GuardFailed):
        berattelse_publicera(user=kansli, organ=org.ledningsgrupp, ar=AR, publicera=True)


# --- The pages -------------------------------------------------------------------------------


def test_the_chair_writes_approves_and_freezes_through_the_page_within_budget(
    client, project_a, ordforande, mote, django_assert_max_num_queries
):
    client.force_login(ordforande)
    url = reverse("verksamhet:arbetsgrupp_berattelse", args=[project_a.referens, AR])
    assert client.post(url, {"text": "## Året\n\nVi möttes."}).status_code == 302
    with django_assert_max_num_queries(15):
        page = client.get(url)
    html = page.content.decode()
    assert "<h4>Året</h4>" in html and f"{mote.datum:%Y-%m-%d}" in html
    args = [project_a.referens, AR]
    assert (
        client.post(reverse("verksamhet:arbetsgrupp_godkann", args=args), {"mote": mote.pk})
    ).status_code == 302
    client.post(reverse("verksamhet:arbetsgrupp_las", args=args))
    b = Verksamhetsberattelse.objects.get(delprojekt=project_a, ar=AR)
    assert b.godkand_mote == mote and b.last is not None
    with django_assert_max_num_queries(15):
        page = client.get(url)
    assert "Spara texten" not in page.content.decode()
    with django_assert_max_num_queries(15):
        pdf = client.get(reverse("verksamhet:arbetsgrupp_berattelse_pdf", args=args))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content) == b.pdf.open("rb").read()
    b.pdf.close()


def test_a_member_reads_the_page_without_forms_and_an_outsider_gets_404(
    client, project_a, ordforande, ledamot_a, outsider, draft, django_assert_max_num_queries
):
    url = reverse("verksamhet:arbetsgrupp_berattelse", args=[project_a.referens, AR])
    client.force_login(ledamot_a)
    with django_assert_max_num_queries(15):
        html = client.get(url).content.decode()
    assert "Gruppens år." in html and "Spara texten" not in html
    assert client.post(url, {"text": "Nej"}).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_approving_with_another_groups_meeting_through_the_page_says_so(
    client, project_a, project_b, ordforande, draft
):
    andra = _mote(project_b, datetime.date(AR, 6, 1))
    client.force_login(ordforande)
    args = [project_a.referens, AR]
    response = client.post(
        reverse("verksamhet:arbetsgrupp_godkann", args=args), {"mote": andra.pk}, follow=True
    )
    assert "Välj arbetsgruppens möte" in response.content.decode()
    assert Verksamhetsberattelse.objects.get(delprojekt=project_a).godkand is None


def test_a_coming_year_has_no_page_and_a_too_long_text_gives_a_message(
    client, project_a, ordforande
):
    client.force_login(ordforande)
    assert (
        client.get(
            reverse("verksamhet:arbetsgrupp_berattelse", args=[project_a.referens, AR + 2])
        ).status_code
        == 404
    )
    url = reverse("verksamhet:arbetsgrupp_berattelse", args=[project_a.referens, AR])
    response = client.post(url, {"text": "x" * 50_001})
    assert response.status_code == 400
    assert "Texten är för lång." in response.content.decode()
    assert not Verksamhetsberattelse.objects.exists()


def test_the_group_page_links_last_years_and_this_years_report(client, project_a, ordforande):
    client.force_login(ordforande)
    i_ar = timezone.localdate().year
    html = client.get(reverse("delprojekt:arbetsgrupp", args=[project_a.referens])).content.decode()
    for ar in (i_ar - 1, i_ar):
        url = reverse("verksamhet:arbetsgrupp_berattelse", args=[project_a.referens, ar])
        assert f'href="{url}">Verksamhetsberättelse {ar}<' in html
