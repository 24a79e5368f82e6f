"""The bodies' year: the aktivitetsplan, the verksamhetsberättelse (draft from the data,
approval under a § of a held meeting of the same body, frozen PDF/A, publication on the
public pages) and the members' mandates from their regions."""

from __future__ import annotations

import datetime
import hashlib
import io
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from delprojekt.models import (
    Beslut,
    Dagordningspunkt,
    Handelse,
    Organmedlemskap,
    Rekommendation,
    Sammantrade,
    Status,
)
from delprojekt.services.errors import GuardFailed, Invalid, Locked, NotAllowed, StaleState
from tests.conftest import person_of
from uppfoljning.models import Inforandestatus, Redovisning, Uppfoljningsomgang
from verksamhet.models import Aktivitet, Mandat, Verksamhetsberattelse
from verksamhet.services.berattelse import (
    berattelse_godkann,
    berattelse_las,
    berattelse_publicera,
    berattelse_text_save,
)
from verksamhet.services.berattelse_pdf import berattelse_pdf
from verksamhet.services.mandat import mandat_save
from verksamhet.services.underlag import berattelse_underlag

pytestmark = pytest.mark.django_db

AR = timezone.localdate().year - 1


def _mote(organ, *, dagar_sedan: int, nummer: int | None = 1, ar: int | None = None):
    start = timezone.now() - datetime.timedelta(days=dagar_sedan)
    s = Sammantrade.objects.create(organ=organ, start=start, plats="Växjö")
    punkt = Dagordningspunkt.objects.create(
        sammantrade=s,
        ordning=1,
        typ=Dagordningspunkt.Typ.ARENDE,
        rubrik="Verksamhetsberättelse",
        paragraf_organ=organ if nummer else None,
        paragraf_ar=(ar or start.year) if nummer else None,
        paragraf_nummer=nummer,
    )
    return s, punkt


@pytest.fixture
def held(org):
    """A held ledningsgrupp meeting this year with a numbered paragraph."""
    return _mote(org.ledningsgrupp, dagar_sedan=1, nummer=41)[1]


@pytest.fixture
def draft(org, kansli):
    return berattelse_text_save(user=kansli, organ=org.ledningsgrupp, ar=AR, text="Vårt år.")


# --- The draft from the data -------------------------------------------------------------


def test_the_draft_gathers_meetings_decisions_projects_follow_ups_and_implementation(
    org, kansli, project_a, project_b
):
    lg = org.ledningsgrupp
    i_aret = timezone.make_aware(datetime.datetime(AR, 5, 10, 9, 30))
    held = Sammantrade.objects.create(organ=lg, start=i_aret)
    Sammantrade.objects.create(organ=lg, start=i_aret.replace(year=AR - 1))  # another year
    Sammantrade.objects.create(organ=org.samarbetsgrupp, start=i_aret)  # another body
    Beslut.objects.create(
        delprojekt=project_a,
        organ=lg,
        datum=datetime.date(AR, 5, 10),
        utfall=Beslut.Utfall.START,
        beslutstext="Start.",
        paragraf=f"§ 3/{AR}",
    )
    Beslut.objects.create(
        delprojekt=project_b,
        organ=lg,
        datum=datetime.date(AR, 5, 10),
        utfall=Beslut.Utfall.VILANDE,
        beslutstext="Vilande.",
        paragraf=f"§ 4/{AR}",
    )
    Beslut.objects.create(
        delprojekt=project_b,
        organ=org.samarbetsgrupp,
        datum=datetime.date(AR, 5, 10),
        utfall=Beslut.Utfall.TILLSTYRKT,
        beslutstext="Tillstyrkt.",
    )
    Handelse.objects.create(
        delprojekt=project_b,
        typ=Handelse.Typ.OVERGANG,
        till_status=Status.AVSLUTAD,
        aktor="Kansliet",
        text="Avslutat",
        tidpunkt=i_aret,
    )
    omgang = Uppfoljningsomgang.objects.create(
        delprojekt=project_a, forfallodatum=datetime.date(AR, 6, 1)
    )
    Redovisning.objects.create(omgang=omgang, organ_typ=lg.typ, datum=datetime.date(AR, 6, 2))
    rekbeslut = Beslut.objects.create(
        delprojekt=project_a,
        organ=org.namnd,
        datum=datetime.date(AR, 3, 1),
        utfall=Beslut.Utfall.REKOMMENDATION,
        beslutstext="Rekommenderar.",
    )
    rek = Rekommendation.objects.create(
        beslut=rekbeslut,
        atgardsforslag=_atgardsforslag(project_a),
        text="Gör så här.",
    )
    Inforandestatus.objects.create(
        rekommendation=rek, region=org.regioner[1], status=Inforandestatus.Status.GENOMFORT
    )

    u = berattelse_underlag(organ=lg, ar=AR)

    assert [s.pk for s in u.moten] == [held.pk]
    assert u.antal_beslut == 2
    assert [(s.utfall, [b.paragraf for b in s.beslut]) for s in u.beslut_per_slag] == [
        ("start", [f"§ 3/{AR}"]),
        ("vilande", [f"§ 4/{AR}"]),
    ]
    assert [b.delprojekt for b in u.startade] == [project_a]
    assert [h.delprojekt for h in u.avslutade] == [project_b]
    assert [r.omgang for r in u.uppfoljningar] == [omgang]
    assert u.inforande[0]["region"] == org.regioner[1].namn
    genomfort = [v for v, _ in u.inforande_statusar].index("genomfort")
    assert u.inforande[0]["celler"][genomfort] == 1


def _atgardsforslag(dp):
    from delprojekt.models import Atgardsforslag

    return Atgardsforslag.objects.create(
        delprojekt=dp, ordning=1, titel="Förslag", genomforbarhet="Ja", undantrangning="Nej"
    )


def test_the_draft_pdf_is_pdf_a_3a_with_the_data_and_marked_as_draft(org, kansli, draft):
    _mote(org.ledningsgrupp, dagar_sedan=400, nummer=None)
    pdf = berattelse_pdf(organ=org.ledningsgrupp, ar=AR)
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(?:>|=\")3", xmp)
    assert re.search(r"pdfaid:conformance(?:>|=\")A", xmp)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Verksamhetsberättelse" in text
    assert "Vårt år." in text
    assert "Utkast" in text
    assert "Sammanträden" in text
    assert "SFBV" not in text.replace(org.ledningsgrupp.namn, "")


# --- Approval only at a held meeting of the same body ---------------------------------------


def test_approval_is_recorded_under_a_paragraph_of_a_held_meeting_of_the_body(
    org, kansli, draft, held
):
    b = berattelse_godkann(user=kansli, organ=org.ledningsgrupp, ar=AR, punkt_id=held.pk)
    b.refresh_from_db()
    assert b.godkand_punkt == held
    assert b.godkand_av == kansli


@pytest.mark.parametrize(
    ("fall", "meddelande"),
    [
        ("annat_organ", "ett annat organs"),
        ("framtida", "inte hållits"),
        ("utan_paragraf", "ingen paragraf"),
        ("saknas", "Välj paragrafen"),
    ],
)
def test_approval_is_refused_unless_the_meeting_is_a_held_one_of_the_body(
    org, kansli, draft, fall, meddelande
):
    if fall == "annat_organ":
        punkt_id = _mote(org.samarbetsgrupp, dagar_sedan=1)[1].pk
    elif fall == "framtida":
        punkt_id = _mote(org.ledningsgrupp, dagar_sedan=-3)[1].pk
    elif fall == "utan_paragraf":
        punkt_id = _mote(org.ledningsgrupp, dagar_sedan=1, nummer=None)[1].pk
    else:
        punkt_id = 999999
    with pytest.raises(Invalid, match=meddelande):
        berattelse_godkann(user=kansli, organ=org.ledningsgrupp, ar=AR, punkt_id=punkt_id)
    assert Verksamhetsberattelse.objects.get(pk=draft.pk).godkand is None


def test_a_meeting_before_the_year_cannot_approve_it(org, kansli, draft):
    punkt = _mote(org.ledningsgrupp, dagar_sedan=800, nummer=2)[1]
    with pytest.raises(Invalid, match="före året"):
        berattelse_godkann(user=kansli, organ=org.ledningsgrupp, ar=AR, punkt_id=punkt.pk)


def test_only_the_kansli_records_the_approval_and_only_once(org, kansli, lg_members, draft, held):
    with pytest.raises(NotAllowed):
        berattelse_godkann(user=lg_members[0], organ=org.ledningsgrupp, ar=AR, punkt_id=held.pk)
    berattelse_godkann(user=kansli, organ=org.ledningsgrupp, ar=AR, punkt_id=held.pk)
    with pytest.raises(StaleState):
        berattelse_godkann(user=kansli, organ=org.ledningsgrupp, ar=AR, punkt_id=held.pk)


def test_an_empty_report_is_not_approved(org, kansli, held):
    berattelse_text_save(user=kansli, organ=org.ledningsgrupp, ar=AR, text="   ")
    with pytest.raises(GuardFailed):
        berattelse_godkann(user=kansli, organ=org.ledningsgrupp, ar=AR, punkt_id=held.pk)


def test_the_text_no_longer_changes_once_approved(org, kansli, draft, held):
    berattelse_godkann(user=kansli, organ=org.ledningsgrupp, ar=AR, punkt_id=held.pk)
    with pytest.raises(Locked):
        berattelse_text_save(user=kansli, organ=org.ledningsgrupp, ar=AR, text="Annat.")
    assert Verksamhetsberattelse.objects.get(pk=draft.pk).text == "Vårt år."


# --- Freezing and publishing ---------------------------------------------------------------


@pytest.fixture
def frozen(org, kansli, draft, held):
    berattelse_godkann(user=kansli, organ=org.ledningsgrupp, ar=AR, punkt_id=held.pk)
    return berattelse_las(user=kansli, organ=org.ledningsgrupp, ar=AR)


def test_freezing_needs_the_approval(org, kansli, draft):
    with pytest.raises(GuardFailed):
        berattelse_las(user=kansli, organ=org.ledningsgrupp, ar=AR)


def test_the_frozen_pdf_is_stored_with_its_checksum_and_names_the_meeting(org, frozen, held):
    frozen.refresh_from_db()
    with frozen.pdf.open("rb") as fh:
        data = fh.read()
    assert hashlib.sha256(data).hexdigest() == frozen.sha256
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == frozen.sidor
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert held.paragraf in text
    assert "Godkänd" in text
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(?:>|=\")3", xmp)


def test_a_frozen_report_cannot_be_frozen_again_or_changed(org, kansli, frozen):
    with pytest.raises(Locked):
        berattelse_las(user=kansli, organ=org.ledningsgrupp, ar=AR)
    with pytest.raises(Locked):
        berattelse_text_save(user=kansli, organ=org.ledningsgrupp, ar=AR, text="Nytt.")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database's guard")
def test_the_database_refuses_to_change_a_frozen_report_but_allows_publishing(org, frozen):
    with pytest.raises(IntegrityError), transaction.atomic():
        Verksamhetsberattelse.objects.filter(pk=frozen.pk).update(text="Ändrat i efterhand")
    with pytest.raises(IntegrityError), transaction.atomic():
        Verksamhetsberattelse.objects.filter(pk=frozen.pk).delete()
    Verksamhetsberattelse.objects.filter(pk=frozen.pk).update(publicerad=timezone.now())


def test_publishing_needs_a_frozen_report_and_the_kansli(org, kansli, lg_members, draft):
    with pytest.raises(GuardFailed):
        berattelse_publicera(user=kansli, organ=org.ledningsgrupp, ar=AR, publicera=True)
    with pytest.raises(NotAllowed):
        berattelse_publicera(user=lg_members[0], organ=org.ledningsgrupp, ar=AR, publicera=True)


def test_the_public_list_and_pdf_show_a_published_report_only(
    client, org, kansli, frozen, settings
):
    lista = reverse("verksamhet:oppet_lista")
    pdf_url = reverse("verksamhet:oppet_pdf", args=[org.ledningsgrupp.pk, AR])
    assert client.get(pdf_url).status_code == 404
    assert org.ledningsgrupp.namn not in client.get(lista).content.decode()

    berattelse_publicera(user=kansli, organ=org.ledningsgrupp, ar=AR, publicera=True)
    response = client.get(lista)
    assert response.status_code == 200 and org.ledningsgrupp.namn in response.content.decode()
    assert "public" in response["Cache-Control"] and response.has_header("ETag")
    assert client.get(lista, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200
    assert pdf["ETag"] == f'"{frozen.sha256}"'
    # Reading the whole stream closes the file (the test client's wrapper).
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    berattelse_publicera(user=kansli, organ=org.ledningsgrupp, ar=AR, publicera=False)
    ny = client.get(lista)
    assert ny["ETag"] != response["ETag"]
    assert org.ledningsgrupp.namn not in ny.content.decode()
    assert client.get(pdf_url).status_code == 404

    berattelse_publicera(user=kansli, organ=org.ledningsgrupp, ar=AR, publicera=True)
    settings.SFBV_OPPET = False
    assert client.get(lista).status_code == 404
    assert client.get(pdf_url).status_code == 404


# --- The pages ------------------------------------------------------------------------------


def test_the_kansli_writes_approves_freezes_and_publishes_through_the_page(
    client, org, kansli, held, django_assert_max_num_queries
):
    client.force_login(kansli)
    url = reverse("verksamhet:berattelse", args=[org.ledningsgrupp.pk, AR])
    assert client.post(url, {"text": "## Året\n\nVi arbetade."}).status_code == 302
    with django_assert_max_num_queries(15):
        page = client.get(url)
    assert held.paragraf in page.content.decode()
    assert "<h4>Året</h4>" in page.content.decode()
    args = [org.ledningsgrupp.pk, AR]
    client.post(reverse("verksamhet:godkann", args=args), {"punkt": held.pk})
    client.post(reverse("verksamhet:las", args=args))
    client.post(reverse("verksamhet:publicera", args=args), {"publicera": "1"})
    b = Verksamhetsberattelse.objects.get(organ=org.ledningsgrupp, ar=AR)
    assert b.godkand_punkt == held and b.last and b.publicerad
    with django_assert_max_num_queries(15):
        pdf = client.get(reverse("verksamhet:berattelse_pdf", args=args))
    pdf.close()
    assert pdf.status_code == 200


def test_markdown_in_the_text_is_sanitised(client, org, kansli):
    client.force_login(kansli)
    url = reverse("verksamhet:berattelse", args=[org.ledningsgrupp.pk, AR])
    client.post(url, {"text": "<script>alert(1)</script> [x](javascript:alert(1))"})
    body = client.get(url).content.decode()
    assert "<script>alert(1)" not in body
    assert 'href="javascript:' not in body


def test_a_too_long_text_is_refused_with_a_message_and_nothing_saved(client, org, kansli):
    client.force_login(kansli)
    url = reverse("verksamhet:berattelse", args=[org.ledningsgrupp.pk, AR])
    response = client.post(url, {"text": "x" * 50_001})
    assert response.status_code == 400
    assert "för lång" in response.content.decode()
    assert not Verksamhetsberattelse.objects.filter(text__startswith="xxx").exists()


def test_a_coming_year_has_no_report_page(client, org, kansli):
    client.force_login(kansli)
    nasta = timezone.localdate().year + 1
    assert (
        client.get(reverse("verksamhet:berattelse", args=[org.ledningsgrupp.pk, nasta])).status_code
        == 404
    )


def test_approving_with_a_paragraph_of_another_body_through_the_page_says_so(
    client, org, kansli, draft
):
    client.force_login(kansli)
    annan = _mote(org.samarbetsgrupp, dagar_sedan=1)[1]
    response = client.post(
        reverse("verksamhet:godkann", args=[org.ledningsgrupp.pk, AR]),
        {"punkt": annan.pk},
        follow=True,
    )
    assert "Välj paragrafen" in response.content.decode()
    assert Verksamhetsberattelse.objects.get(pk=draft.pk).godkand is None


def test_the_body_page_lists_members_with_mandates_within_budget(
    client, org, kansli, lg_members, django_assert_max_num_queries
):
    for user in lg_members:
        m = Organmedlemskap.objects.get(person=person_of(user), organ=org.ledningsgrupp)
        mandat_save(
            user=kansli,
            medlemskap=m,
            data={"omfattning": f"Beslut för {user.username}", "givet_av": "Regiondirektören"},
        )
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        body = client.get(reverse("verksamhet:organ", args=[org.ledningsgrupp.pk])).content.decode()
    for user in lg_members:
        assert f"Beslut för {user.username}" in body


# --- The aktivitetsplan -----------------------------------------------------------------------


def test_the_kansli_adds_changes_and_removes_activities(
    client, org, kansli, lg_members, django_assert_max_num_queries
):
    client.force_login(kansli)
    ar = timezone.localdate().year
    url = reverse("verksamhet:plan", args=[org.ledningsgrupp.pk, ar])
    ansvarig = person_of(lg_members[1])
    response = client.post(
        url,
        {"vad": "Workshop", "ansvarig": ansvarig.pk, "nar": f"{ar}-05-01", "status": "planerad"},
    )
    assert response.status_code == 302
    a = Aktivitet.objects.get(organ=org.ledningsgrupp, ar=ar)
    assert (a.vad, a.ansvarig, a.nar) == ("Workshop", ansvarig, datetime.date(ar, 5, 1))
    with django_assert_max_num_queries(15):
        assert "Workshop" in client.get(url).content.decode()
    client.post(
        reverse("verksamhet:aktivitet", args=[a.pk]),
        {"vad": "Workshop", "nar": f"{ar}-05-02", "status": "klar"},
    )
    a.refresh_from_db()
    assert a.status == Aktivitet.Status.KLAR and a.ansvarig is None
    client.post(reverse("verksamhet:aktivitet_ta_bort", args=[a.pk]))
    assert not Aktivitet.objects.filter(pk=a.pk).exists()


@pytest.mark.parametrize(
    ("data", "fel"),
    [
        ({"vad": "", "nar": "2026-05-01", "status": "planerad"}, "måste fyllas i"),
        ({"vad": "X", "nar": "1999-05-01", "status": "planerad"}, "planens år"),
        ({"vad": "X", "nar": "inte ett datum", "status": "planerad"}, "datum"),
        ({"vad": "X", "nar": "2026-05-01", "status": "okänd"}, "giltigt alternativ"),
    ],
)
def test_bad_activities_are_refused_with_a_message_and_nothing_saved(
    client, org, kansli, data, fel
):
    client.force_login(kansli)
    ar = timezone.localdate().year
    data = {**data, "nar": data["nar"].replace("2026", str(ar))}
    response = client.post(reverse("verksamhet:plan", args=[org.ledningsgrupp.pk, ar]), data)
    assert response.status_code == 400
    assert fel in response.content.decode()
    assert not Aktivitet.objects.exists()


def test_the_chair_of_the_body_edits_the_plan_but_an_ordinary_member_does_not(
    client, org, lg_members
):
    ar = timezone.localdate().year
    url = reverse("verksamhet:plan", args=[org.ledningsgrupp.pk, ar])
    data = {"vad": "Möte", "nar": f"{ar}-03-01", "status": "planerad"}
    client.force_login(lg_members[0])
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    Organmedlemskap.objects.filter(person=person_of(lg_members[1]), organ=org.ledningsgrupp).update(
        roll=Organmedlemskap.Roll.ORDFORANDE
    )
    client.force_login(lg_members[1])
    assert client.post(url, data).status_code == 302
    assert Aktivitet.objects.filter(organ=org.ledningsgrupp).count() == 1


def test_a_working_groups_plan_is_the_chairs_and_hidden_from_outsiders(
    client, org, project_a, ordforande, ledamot_b, outsider
):
    ar = timezone.localdate().year
    url = reverse("verksamhet:arbetsgrupp_plan", args=[project_a.referens, ar])
    client.force_login(ordforande)
    assert (
        client.post(
            url, {"vad": "Nulägesanalys", "nar": f"{ar}-04-01", "status": "pagar"}
        ).status_code
        == 302
    )
    assert Aktivitet.objects.get().delprojekt == project_a
    for user in (ledamot_b, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404


# --- Mandates --------------------------------------------------------------------------------


def test_a_member_records_their_own_mandate_but_not_anothers(client, org, lg_members):
    egen = Organmedlemskap.objects.get(person=person_of(lg_members[0]), organ=org.ledningsgrupp)
    annan = Organmedlemskap.objects.get(person=person_of(lg_members[1]), organ=org.ledningsgrupp)
    client.force_login(lg_members[0])
    data = {
        "omfattning": "Tillstyrka starter",
        "givet_av": "Hälso- och sjukvårdsdirektören",
        "giltigt_till": "",
    }
    assert client.post(reverse("verksamhet:mandat", args=[egen.pk]), data).status_code == 302
    assert Mandat.objects.get(medlemskap=egen).givet_av == "Hälso- och sjukvårdsdirektören"
    assert client.post(reverse("verksamhet:mandat", args=[annan.pk]), data).status_code == 403
    assert not Mandat.objects.filter(medlemskap=annan).exists()


def test_a_mandate_that_has_run_out_is_refused(client, org, kansli, lg_members):
    m = Organmedlemskap.objects.get(person=person_of(lg_members[0]), organ=org.ledningsgrupp)
    client.force_login(kansli)
    response = client.post(
        reverse("verksamhet:mandat", args=[m.pk]),
        {"omfattning": "X", "givet_av": "Y", "giltigt_till": "2000-01-01"},
    )
    assert response.status_code == 400
    assert "gått ut" in response.content.decode()
    assert not Mandat.objects.exists()


def test_the_kansli_has_no_mandate_to_record(org, kansli):
    m = Organmedlemskap.objects.get(person=person_of(kansli), organ=org.kansli)
    with pytest.raises(NotAllowed):
        mandat_save(user=kansli, medlemskap=m, data={"omfattning": "X", "givet_av": "Y"})
