"""The demo: Södra sjukvårdsregionen, every persona, projects in every state."""

from __future__ import annotations

import hashlib
import io
import threading

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.utils import timezone

from delprojekt.models import (
    ArbetsgruppRoll,
    Delprojekt,
    Handelse,
    Nomineringsstatus,
    Person,
    Rapportversion,
    Region,
    Status,
)
from delprojekt.pdf import page_count
from delprojekt.permissions import delprojekt_visible_for, roller_for
from demo.loader import DEMO_LOGINS, DEMO_PASSWORD, load_demo
from demo.management.commands.rundemo import freeze_in_background, prepare_demo


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert load_demo() is True


def user(username):
    return get_user_model().objects.get(username=username)


def test_demo_has_projects_in_every_state(demo):
    assert Delprojekt.objects.count() >= 12
    assert set(Delprojekt.objects.values_list("status", flat=True)) == set(Status.values)
    assert Person.objects.count() >= 25
    assert Region.objects.count() == 4


def test_every_demo_login_works_with_the_shared_password(demo, rf):
    for username, _role in DEMO_LOGINS:
        request = rf.post("/logga-in/")
        assert authenticate(request, username=username, password=DEMO_PASSWORD), username


def test_demo_roles_come_out_right(demo):
    assert roller_for(user("kansli1")).kansli
    assert roller_for(user("kansli2")).kansli
    for region in ("blekinge", "halland", "kronoberg", "skane"):
        assert roller_for(user(f"lg-{region}")).ledningsgrupp
    assert roller_for(user("samarbetsgrupp")).samarbetsgrupp
    halland = Region.objects.get(kortnamn="HAL")
    assert roller_for(user("samordnare-halland")).samordnare_region_id == halland.pk
    assert delprojekt_visible_for(user("lasare")).count() == Delprojekt.objects.count()
    assert (
        not delprojekt_visible_for(user("utomstaende"))
        .exclude(forslagsstallare__user__username="utomstaende")
        .exists()
    )
    assert user("admin").is_superuser


def test_the_chair_and_member_personas_work_in_a_running_project(demo):
    running = Delprojekt.objects.filter(
        medlemskap__person__user__username="ordforande",
        medlemskap__roll=ArbetsgruppRoll.ORDFORANDE,
        medlemskap__status=Nomineringsstatus.UTSEDD,
        status__in=[Status.NULAGE, Status.ANALYS, Status.ATGARDSFORSLAG, Status.SLUTRAPPORT],
    )
    assert running.exists()
    assert Delprojekt.objects.filter(
        medlemskap__person__user__username="ledamot", status=Status.ANALYS
    ).exists()


def test_projects_show_the_work_in_progress_where_they_stopped(demo):
    from delprojekt.models import Stallningstagande
    from delprojekt.services.guards import current_arende
    from delprojekt.workflow import missing

    forming = Delprojekt.objects.get(status=Status.ARBETSGRUPP)
    statuses = set(forming.medlemskap.values_list("status", flat=True))
    assert {"utsedd", "tillfragad", "nominerad"} <= statuses
    assert any(
        "Nomineringar som inte är avgjorda" in m for m in missing(forming, "overlamna_uppdrag")
    )

    deciding = Delprojekt.objects.get(status=Status.LEDNINGSGRUPP)
    arende = current_arende(deciding)
    assert Stallningstagande.objects.filter(delprojekt=deciding, arende=arende).count() == 2
    assert missing(deciding, "besluta")

    regions = Delprojekt.objects.get(status=Status.HUVUDMANNABESLUT)
    assert 0 < regions.huvudmannabeslut.count() < regions.regioner.count()
    assert all(b.protokollsutdrag for b in regions.huvudmannabeslut.all())

    writing = Delprojekt.objects.get(status=Status.UPPDRAG)
    assert missing(writing, "bilda_arbetsgrupp") == ["Uppdraget saknar: Avgränsningar, Tidplan."]


def test_demo_histories_are_complete_and_in_the_past(demo):
    now = timezone.now()
    for dp in Delprojekt.objects.all():
        events = list(dp.handelser.order_by("tidpunkt", "pk"))
        assert events[0].typ == Handelse.Typ.REGISTRERING
        assert str(dp.ar) == dp.referens.split("-")[1]
        if dp.status != Status.FORSLAG:
            assert any(e.typ == Handelse.Typ.OVERGANG for e in events), dp.referens
        assert all(e.tidpunkt <= now for e in events)
    assert not Handelse.objects.filter(tidpunkt__gt=now).exists()
    # The branches are there: återremiss, vilande → återupptagen, avbruten with a reason.
    assert Handelse.objects.filter(overgang="aterremittera").exists()
    assert Handelse.objects.filter(overgang="ateruppta").exists()
    avbrott = Handelse.objects.get(overgang="avbryt")
    assert avbrott.kommentar


def test_loading_the_demo_twice_changes_nothing_and_sends_no_mail(demo):
    before = (Delprojekt.objects.count(), Handelse.objects.count(), Person.objects.count())
    assert load_demo() is False
    assert (Delprojekt.objects.count(), Handelse.objects.count(), Person.objects.count()) == before
    assert mail.outbox == []


def test_rundemo_prepares_an_empty_database_and_keeps_an_existing_one(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    assert prepare_demo(out) is True
    assert "kansli1" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
    count = Delprojekt.objects.count()
    out = io.StringIO()
    assert prepare_demo(out) is False
    assert "behålls" in out.getvalue()
    assert Delprojekt.objects.count() == count


@pytest.mark.django_db(transaction=True)
def test_rundemo_freezes_the_approved_reports_in_the_background(settings):
    """The first start serves before the approved slutrapports are rendered; a thread
    freezes them afterwards, each with its file's SHA-256 and page count."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    pending: list[tuple[int, int]] = []
    assert prepare_demo(io.StringIO(), pending) is True
    assert pending, "the demo approves slutrapports"
    assert not Rapportversion.objects.exists()

    out = io.StringIO()
    thread = threading.Thread(target=freeze_in_background, args=(pending, out), kwargs={"delay": 0})
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert f"{len(pending)} godkända slutrapporter" in out.getvalue()

    versions = Rapportversion.objects.order_by("delprojekt_id")
    assert sorted((v.delprojekt_id, v.beslut_id) for v in versions) == sorted(pending)
    for v in versions:
        with v.fil.open("rb") as handle:
            data = handle.read()
        assert hashlib.sha256(data).hexdigest() == v.sha256
        assert page_count(data) == v.sidor >= 3
    # Idempotent: a second pass (say, after a restart) adds nothing.
    freeze_in_background(pending, delay=0)
    assert Rapportversion.objects.count() == len(pending)


def test_demo_groups_have_their_own_records(demo):
    from delprojekt.models import Forankring, Vagval
    from demo.arbete import WORKING

    handed_over = Delprojekt.objects.filter(overlamnat_datum__isnull=False)
    assert handed_over.exists()
    intros = 0
    for dp in handed_over:
        kapitel = dp.dokument.get(typ="slutrapport").kapitel.get(nyckel="uppdrag")
        if "överlämnades till arbetsgruppen" in kapitel.text:
            intros += 1
            assert f"arbetsgruppen {dp.overlamnat_datum:%Y-%m-%d}." in kapitel.text, dp.referens
    assert intros
    for dp in handed_over:
        assert dp.minnesanteckningar.exists(), dp.referens
        assert dp.kompetenskrav.count() == 4
        assert dp.milstolpar.count() == 4
        assert dp.stodbegaran.exists()
        assert dp.resursinsatser.exists()
    assert Vagval.objects.filter(minnesanteckning__delprojekt__in=handed_over).count() >= 2
    # Some working groups have kept in touch with the line lately and some have not, so the
    # kansli's overview has something to show.
    recent = timezone.localdate() - timezone.timedelta(days=90)
    working = Delprojekt.objects.filter(status__in=WORKING)
    touched = {
        f.delprojekt_id
        for f in Forankring.objects.filter(delprojekt__in=working, datum__gte=recent)
    }
    assert touched
    assert set(working.values_list("pk", flat=True)) - touched


def test_demo_members_cover_the_uppdrag_competences(demo):
    from delprojekt.models import Arbetsgruppsmedlemskap

    dp = Delprojekt.objects.get(status=Status.ARBETSGRUPP)
    covered = set(
        Arbetsgruppsmedlemskap.objects.filter(delprojekt=dp).values_list(
            "kompetenser__benamning", flat=True
        )
    )
    assert "Omvårdnad" in covered or "Medicinsk specialistkompetens inom området" in covered


def test_demo_meetings_have_signed_protocols_and_gap_free_paragraphs(demo):
    from collections import defaultdict

    from delprojekt.models import Beslut, Dagordningspunkt, Organ, Sammantrade

    numbered = Dagordningspunkt.objects.filter(paragraf_nummer__isnull=False)
    series = defaultdict(list)
    for p in numbered:
        series[(p.paragraf_organ_id, p.paragraf_ar)].append(p.paragraf_nummer)
    assert series
    for numbers in series.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    past = Sammantrade.objects.filter(protokoll_klart__isnull=False)
    assert past.exists() and all(m.justerat for m in past)
    # Every decision of a body was taken at a meeting and carries its paragraph.
    assert not Beslut.objects.filter(organ__typ=Organ.Typ.LEDNINGSGRUPP, paragraf="").exists()
    upcoming = Sammantrade.objects.get(protokoll_klart__isnull=True)
    assert upcoming.organ.typ == Organ.Typ.LEDNINGSGRUPP
    assert upcoming.punkter.filter(typ=Dagordningspunkt.Typ.ARENDE).count() >= 2
    waiting = Delprojekt.objects.filter(status__in=[Status.STARTBESLUT, Status.NAMND])
    assert all(dp.beslutsforslag for dp in waiting)


def test_the_demo_publishes_some_projects_and_withdraws_one(demo):
    from demo.loader import AVPUBLICERADE, PUBLICERADE
    from oppet.models import Publicering, Publiceringsbeslut

    publicerade = set(
        Publicering.objects.filter(publicerad=True).values_list("delprojekt__titel", flat=True)
    )
    assert publicerade == set(PUBLICERADE)
    (titel,) = AVPUBLICERADE
    logg = Publiceringsbeslut.objects.filter(delprojekt__titel=titel).order_by("pk")
    assert [b.publicerad for b in logg] == [True, False]
    ordforande = Publicering.objects.get(delprojekt__titel__startswith="Ryggkirurgi").roller
    assert ordforande == ["ordforande"]


def test_the_demo_people_have_notifications_of_their_projects_decisions(demo, client):
    from delprojekt.models import Notis

    notiser = Notis.objects.filter(person__user__username="kansli2")
    assert notiser.exists()
    assert notiser.filter(last__isnull=True).exists()
    assert notiser.filter(last__isnull=False).exists()
    # Each is about a decision on a project where the person is the contact person or
    # the proposer (the kansli is no working group's chair).
    from django.db.models import Q

    egna = {
        dp.get_absolute_url()
        for dp in Delprojekt.objects.filter(
            Q(kontaktperson__user__username="kansli2")
            | Q(forslagsstallare__user__username="kansli2")
        )
    }
    assert {n.lank for n in notiser} <= egna
    client.force_login(user("kansli2"))
    response = client.get("/notiser/")
    assert notiser.first().text in response.content.decode()


@pytest.mark.parametrize("klockan", ["06:30", "23:30"])
def test_the_ledningsgrupp_s_next_meeting_is_on_its_members_start_page_at_any_hour(
    db, settings, client, klockan
):
    import datetime

    import time_machine

    from delprojekt.start import start_for

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    timme, minut = (int(x) for x in klockan.split(":"))
    moment = timezone.make_aware(datetime.datetime(2026, 12, 3, timme, minut))
    with time_machine.travel(moment, tick=False):
        assert load_demo() is True
        ids = {s.nyckel for s in start_for(user("lg-halland"))}
    assert "sammantraden" in ids


def test_the_demo_holds_the_five_processtod_posts_with_a_year_of_invoices(demo):
    from processtod.models import Processtodsfaktura, Processtodstjanst

    tjanster = list(Processtodstjanst.objects.select_related("region").order_by("benamning"))
    assert [t.region.kortnamn for t in tjanster] == ["SKA", "SKA", "BLE", "KRO", "HAL"]
    assert {(t.medfinansiering, t.tid_sjukvardsregion) for t in tjanster} == {(50, 20)}
    fakturor = Processtodsfaktura.objects.all()
    assert fakturor.count() == 10
    assert set(fakturor.values_list("status", flat=True)) == {"forvantad", "mottagen", "betald"}
    undantag = [t for t in tjanster if t.undantag_skal]
    assert [t.benamning for t in undantag] == ["Processtöd 5"]
    assert undantag[0].delprojekt.filter(titel="Strokerehabilitering").exists()


def test_the_demo_holds_the_ledningsgrupps_year(demo):
    from django.utils import timezone

    from delprojekt.models import Organ
    from verksamhet.models import Aktivitet, Mandat, Verksamhetsberattelse

    lg = Organ.of_kind(Organ.Typ.LEDNINGSGRUPP)
    i_ar = timezone.localdate().year
    b = Verksamhetsberattelse.objects.get(organ=lg, ar=i_ar - 1)
    assert b.godkand_punkt.sammantrade.organ == lg
    assert b.godkand_punkt.sammantrade.justerat and b.godkand_punkt.paragraf
    assert b.last and b.sha256 and b.publicerad
    assert Aktivitet.objects.filter(organ=lg, ar=i_ar).count() >= 5
    medlemmar = lg.medlemskap.current().count()
    assert Mandat.objects.filter(medlemskap__organ=lg).count() == medlemmar > 0


def test_the_demo_holds_a_working_groups_frozen_and_a_draft_report(demo):
    from django.utils import timezone

    from verksamhet.models import Verksamhetsberattelse

    i_ar = timezone.localdate().year
    frusen = Verksamhetsberattelse.objects.select_related("godkand_mote").get(
        delprojekt__isnull=False, ar=i_ar - 1
    )
    assert frusen.godkand_mote.delprojekt_id == frusen.delprojekt_id
    assert frusen.godkand_mote.datum.year == i_ar - 1
    assert frusen.last and frusen.sha256 and frusen.publicerad is None
    utkast = Verksamhetsberattelse.objects.get(delprojekt__isnull=False, ar=i_ar)
    assert utkast.text and utkast.godkand is None
