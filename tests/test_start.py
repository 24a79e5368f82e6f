"""The start page: each section for the right person only, linked to the exact place,
and a bounded number of queries whatever the amount of data."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delprojekt.beslutsko import KO_TYPER, beslutsko_for, koernas_langd
from delprojekt.models import (
    Beslut,
    Delprojekt,
    Delrapport,
    Dokument,
    Forankring,
    Granskningskommentar,
    Handelse,
    Huvudmannabeslut,
    Kapitel,
    Organ,
    Rekommendation,
    Rekommendationsutfall,
    Sammantrade,
    Stallningstagande,
    Status,
    Ursprung,
    Utskick,
)
from delprojekt.permissions import GRUPP_SAMORDNARE
from delprojekt.services.regionbeslut import oversikt
from tests import factories as f
from tests.conftest import person_of, register
from uppfoljning.models import (
    Inforandestatus,
    Omgangsstatus,
    Redovisning,
    Uppfoljningsansvarig,
    Uppfoljningsomgang,
)

START = "/"


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(START)
    assert response.status_code == 200
    return response.content.decode()


def section(body: str, nyckel: str) -> str:
    """The HTML of one section of the start page, or "" when it is not shown."""
    start = body.find(f'<section class="start-sektion" id="{nyckel}"')
    if start < 0:
        return ""
    return body[start : body.index("</section>", start)]


@pytest.fixture
def samordnare(org):
    user = f.UserFactory(username="samordnare")
    f.PersonFactory(namn="Siri Samordnare", user=user, region=org.regioner[2])
    user.groups.add(Group.objects.get_or_create(name=GRUPP_SAMORDNARE)[0])
    return user


def meeting(organ, **kwargs) -> Sammantrade:
    defaults = {"start": timezone.now() + datetime.timedelta(days=3)}
    defaults.update(kwargs)
    return Sammantrade.objects.create(organ=organ, **defaults)


def chapter(dp: Delprojekt, nyckel: str, skribent) -> Kapitel:
    dokument, _created = Dokument.objects.get_or_create(delprojekt=dp, typ="slutrapport")
    kapitel, _created = Kapitel.objects.update_or_create(
        dokument=dokument, nyckel=nyckel, defaults={"skribent": skribent}
    )
    return kapitel


def round_of(dp: Delprojekt, *, due: datetime.date, status=Omgangsstatus.PAGAR):
    omgang = Uppfoljningsomgang.objects.create(delprojekt=dp, nummer=1, forfallodatum=due)
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(status=status)
    return omgang


def test_start_replaces_the_redirect_and_the_portfolio_keeps_its_url(client, kansli):
    client.force_login(kansli)
    response = client.get(START)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Att göra</h1>" in body
    assert f'href="{reverse("delprojekt:portfolio")}"' in body
    assert client.get(reverse("delprojekt:portfolio")).status_code == 200


def test_an_anonymous_visitor_is_sent_to_log_in(client, org):
    response = client.get(START)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_nothing_to_do_says_so(client, outsider):
    body = page(client, outsider)
    assert "Inget att göra just nu." in body
    assert 'class="start-sektion"' not in body


def test_meetings_of_my_bodies_in_the_next_two_weeks(client, org, lg_members, kansli, reader):
    sent = meeting(org.ledningsgrupp, kallelse_skickad=timezone.now())
    unsent = meeting(org.ledningsgrupp, start=timezone.now() + datetime.timedelta(days=5))
    later = meeting(org.ledningsgrupp, start=timezone.now() + datetime.timedelta(days=20))
    other = meeting(org.namnd)
    html = section(page(client, lg_members[0]), "sammantraden")
    assert f'href="{reverse("sammantrade:detalj", args=[sent.pk])}"' in html
    assert f'href="{reverse("sammantrade:detalj", args=[unsent.pk])}"' in html
    assert "Kallelsen skickades" in html and "Kallelsen är inte skickad" in html
    assert reverse("sammantrade:detalj", args=[later.pk]) + '"' not in html
    assert reverse("sammantrade:detalj", args=[other.pk]) + '"' not in html
    # A reader reads every meeting but is a member of no body.
    assert section(page(client, reader), "sammantraden") == ""


def test_protocols_wait_for_my_justering(client, org, lg_members):
    chair, justerare, other = (person_of(u) for u in lg_members[:3])
    s = meeting(
        org.ledningsgrupp,
        start=timezone.now() - datetime.timedelta(days=2),
        ordforande=chair,
        justerare=justerare,
        protokoll_klart=timezone.now(),
    )
    link = reverse("sammantrade:detalj", args=[s.pk]) + "#justering"
    assert link in section(page(client, lg_members[0]), "justering")
    assert link in section(page(client, lg_members[1]), "justering")
    assert section(page(client, lg_members[2]), "justering") == ""
    Sammantrade.objects.filter(pk=s.pk).update(ordforande_justerat=timezone.now())
    assert section(page(client, lg_members[0]), "justering") == ""
    assert link in section(page(client, lg_members[1]), "justering")
    del other


def test_a_protocol_not_finished_waits_for_no_one(client, org, lg_members):
    meeting(org.ledningsgrupp, ordforande=person_of(lg_members[0]))
    assert section(page(client, lg_members[0]), "justering") == ""


def test_my_chapters_and_their_open_comments(client, project_a, ordforande, ledamot_b, kansli):
    writer = person_of(ordforande)
    analys = chapter(project_a, "analys", writer)
    chapter(project_a, "nulage", person_of(ledamot_b))
    link = reverse("delprojekt:kapitel", args=[project_a.referens, "slutrapport", "analys"])
    body = page(client, ordforande)
    assert f'href="{link}"' in section(body, "kapitel")
    assert "nulage" not in section(body, "kapitel")
    assert section(body, "kommentarer") == ""
    Granskningskommentar.objects.create(
        kapitel=analys, text="Löst", skriven_av=kansli, lost=timezone.now()
    )
    oldest = Granskningskommentar.objects.create(kapitel=analys, text="Källa?", skriven_av=kansli)
    html = section(page(client, ordforande), "kommentarer")
    comments = reverse("delprojekt:kapitel_kommentarer", args=[project_a.referens, "analys"])
    assert f'href="{comments}#kommentar-{oldest.pk}"' in html
    assert "1 öppen kommentar" in html
    # The anchor is on the comments page, at that comment.
    client.force_login(ordforande)
    assert f'id="kommentar-{oldest.pk}"' in client.get(comments).content.decode()
    assert section(page(client, ledamot_b), "kommentarer") == ""
    # A finished project's chapters are no longer work to do.
    Delprojekt.objects.filter(pk=project_a.pk).update(status=Status.AVSLUTAD)
    assert section(page(client, ordforande), "kapitel") == ""


def test_my_missing_positions_in_the_ledningsgrupp(client, project_a, lg_members, kansli):
    Delprojekt.objects.filter(pk=project_a.pk).update(status=Status.LEDNINGSGRUPP)
    arende = Handelse.objects.create(
        delprojekt=project_a,
        typ=Handelse.Typ.OVERGANG,
        till_status=Status.LEDNINGSGRUPP,
        text="Till ledningsgruppen",
    )
    Stallningstagande.objects.create(
        delprojekt=project_a,
        arende=arende,
        person=person_of(lg_members[0]),
        position=Stallningstagande.Position.INSTAMMER,
    )
    link = project_a.get_absolute_url() + "#stallningstaganden"
    assert section(page(client, lg_members[0]), "stallningstaganden") == ""
    assert link in section(page(client, lg_members[1]), "stallningstaganden")
    assert section(page(client, kansli), "stallningstaganden") == ""


def test_kansli_sees_its_projects_stuck_projects_queues_meetings_and_failed_mail(
    client, org, kansli, lg_members, settings
):
    settings.SFBV_STUCK_DAYS = 30
    mine = f.PersonFactory(namn="Annan Kontakt")
    dp = register(kansli, titel="Fastnat", kontaktperson=person_of(kansli))
    Delprojekt.objects.filter(pk=dp.pk).update(
        status=Status.LEDNINGSGRUPP, status_andrad=timezone.now() - datetime.timedelta(days=40)
    )
    other = register(kansli, titel="Annans", kontaktperson=mine)
    unsent = meeting(org.namnd, start=timezone.now() + datetime.timedelta(days=30))
    Utskick.objects.create(
        message_id="<x@example.test>",
        adress="a@example.test",
        amne="Kallelse",
        status=Utskick.Status.MISSLYCKAD,
    )
    body = page(client, kansli)
    dp.refresh_from_db()
    assert f'href="{dp.get_absolute_url()}"' in section(body, "kontaktprojekt")
    assert "i 40 dagar" in section(body, "kontaktprojekt")
    assert other.get_absolute_url() + '"' not in section(body, "kontaktprojekt")
    assert f'href="{dp.get_absolute_url()}"' in section(body, "fastnade")
    assert other.get_absolute_url() + '"' not in section(body, "fastnade")
    queues = section(body, "beslutskoer")
    assert f'href="{reverse("beslut:organ", args=["ledningsgrupp"])}"' in queues
    assert "väntat 40 dagar" in queues
    kallelse = reverse("sammantrade:detalj", args=[unsent.pk]) + "#kallelse"
    assert f'href="{kallelse}"' in section(body, "utan_kallelse")
    assert f'href="{reverse("epost:lista")}"' in section(body, "epost")
    for nyckel in ("kontaktprojekt", "fastnade", "beslutskoer", "utan_kallelse", "epost"):
        assert section(page(client, lg_members[0]), nyckel) == ""


def _decided_project(org, region, kansli):
    dp = register(kansli, titel="Beslutat")
    Delprojekt.objects.filter(pk=dp.pk).update(
        status=Status.INFORANDE, namnd_beslutsdatum=timezone.localdate()
    )
    dp.regioner.set([region])
    beslut = Beslut.objects.create(
        delprojekt=dp,
        organ=org.namnd,
        datum=timezone.localdate(),
        utfall=Beslut.Utfall.REKOMMENDATION,
        beslutstext="Nämnden rekommenderar.",
    )
    rek = Rekommendation.objects.create(beslut=beslut, text="Inför vårdprogrammet.")
    return dp, rek


def test_regions_missing_decisions_for_the_kansli_and_the_regions_coordinator(
    client, org, kansli, samordnare, reader
):
    dp, _rek = _decided_project(org, org.regioner[2], kansli)
    region = org.regioner[2]
    kansli_html = section(page(client, kansli), "regionbeslut")
    assert f"?region={region.pk}" in kansli_html
    coordinator_html = section(page(client, samordnare), "regionbeslut")
    assert f'href="{reverse("delprojekt:regionbeslut", args=[dp.referens])}"' in coordinator_html
    assert section(page(client, reader), "regionbeslut") == ""


def test_incomplete_region_decisions_say_what_is_missing(client, org, kansli, samordnare):
    region = org.regioner[2]
    dp, rek = _decided_project(org, region, kansli)
    beslut = Huvudmannabeslut.objects.create(
        delprojekt=dp,
        region=region,
        niva=Huvudmannabeslut.Niva.POLITISK,
        organ_namn="Regionstyrelsen",
        datum=timezone.localdate(),
    )
    html = section(page(client, samordnare), "regionbeslut")
    assert "Beslutet saknar protokollsutdrag och utfall för 1 av 1 rekommendationer" in html
    assert "1 ofullständigt beslut" in section(page(client, kansli), "regionbeslut")
    Rekommendationsutfall.objects.create(
        huvudmannabeslut=beslut, rekommendation=rek, utfall=Rekommendationsutfall.Utfall.BIFALL
    )
    assert "saknar protokollsutdrag." in section(page(client, samordnare), "regionbeslut")
    Huvudmannabeslut.objects.filter(pk=beslut.pk).update(protokollsutdrag="utdrag.pdf")
    # Complete: the section is gone for both, and the overview agrees.
    assert section(page(client, samordnare), "regionbeslut") == ""
    assert section(page(client, kansli), "regionbeslut") == ""
    assert not any(lista.rader for lista in oversikt(region=region))


def test_working_groups_out_of_touch_with_the_line(client, org, kansli, lg_members):
    dp = register(kansli, titel="Tyst grupp")
    Delprojekt.objects.filter(pk=dp.pk).update(status=Status.ANALYS)
    link = reverse("delprojekt:forankring", args=[dp.referens])
    html = section(page(client, kansli), "forankring")
    assert f'href="{link}"' in html and "Ingen kontakt med linjen registrerad" in html
    old = timezone.localdate() - datetime.timedelta(days=120)
    Forankring.objects.create(delprojekt=dp, datum=old, diskuterat="Läget")
    assert f"Senaste kontakt med linjen {old.isoformat()}" in section(
        page(client, kansli), "forankring"
    )
    assert section(page(client, lg_members[0]), "forankring") == ""
    Forankring.objects.create(delprojekt=dp, datum=timezone.localdate(), diskuterat="Läget")
    assert section(page(client, kansli), "forankring") == ""


def test_queue_counts_are_what_the_queues_hold(client, org, kansli, lg_members):
    """Projects, delrapporter and follow-up reports: the start page counts each body's
    queue as the queue page builds it, and a body's members see their own queues."""
    waiting = register(kansli, titel="Väntar")
    Delprojekt.objects.filter(pk=waiting.pk).update(status=Status.LEDNINGSGRUPP)
    Delrapport.objects.create(
        delprojekt=waiting, titel="Läget", skickad_till=Organ.Typ.SAMARBETSGRUPP,
        skickad=timezone.now() - datetime.timedelta(days=5),
    )  # fmt: skip
    for i, redovisad in enumerate(((), (Organ.Typ.SAMARBETSGRUPP,))):
        dp = register(kansli, titel=f"Uppföljt {i}")
        o = Uppfoljningsomgang.objects.create(
            delprojekt=dp,
            nummer=1,
            forfallodatum=timezone.localdate(),
            status=Omgangsstatus.INLAMNAD,
            inlamnad=timezone.now() - datetime.timedelta(days=9),
        )
        for typ in redovisad:
            Redovisning.objects.create(omgang=o, organ_typ=typ, datum=timezone.localdate())
    langd = koernas_langd()
    for typ in KO_TYPER:
        organ = Organ.objects.filter(typ=typ).first() or f.OrganFactory(typ=typ)
        ko = beslutsko_for(organ)
        if ko:
            assert langd[typ][0] == len(ko), typ
            assert langd[typ][1] == min(k.sedan for k in ko), typ
        else:
            assert typ not in langd, typ
    assert langd[Organ.Typ.SAMARBETSGRUPP][0] == 2  # a delrapport, a follow-up report
    queues = section(page(client, kansli), "beslutskoer")
    assert "Samarbetsgrupp: 2 ärenden" in queues and "väntat 9 dagar" in queues
    mine = section(page(client, lg_members[0]), "mina_koer")
    assert f'href="{reverse("beslut:organ", args=["ledningsgrupp"])}"' in mine
    assert "samarbetsgrupp" not in mine
    assert section(page(client, kansli), "mina_koer") == ""


def test_logging_in_lands_on_the_start_page(client, kansli):
    kansli.set_password("hemligt-lösen-2026")
    kansli.save()
    response = client.post(
        reverse("login"), {"username": kansli.username, "password": "hemligt-lösen-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == START


def test_the_coordinator_sees_old_implementation_statuses_of_the_region(
    client, org, samordnare, kansli
):
    dp, rek = _decided_project(org, org.regioner[2], kansli)
    old = timezone.now() - datetime.timedelta(days=200)
    Inforandestatus.objects.create(rekommendation=rek, region=org.regioner[2], uppdaterad=old)
    Inforandestatus.objects.create(rekommendation=rek, region=org.regioner[0], uppdaterad=old)
    html = section(page(client, samordnare), "inforande")
    assert html.count(f'href="{reverse("uppfoljning:inforande", args=[dp.referens])}"') == 1
    assert section(page(client, kansli), "inforande") == ""
    Inforandestatus.objects.filter(region=org.regioner[2]).update(uppdaterad=timezone.now())
    assert section(page(client, samordnare), "inforande") == ""


def test_follow_up_reports_i_write_overdue_in_red(client, project_a, ordforande, ledamot_b):
    omgang = round_of(project_a, due=timezone.localdate() - datetime.timedelta(days=3))
    Uppfoljningsansvarig.objects.create(
        omgang=omgang, person=person_of(ordforande), svar=Uppfoljningsansvarig.Svar.ACCEPTERAD
    )
    html = section(page(client, ordforande), "uppfoljningsrapporter")
    link = reverse("uppfoljning:rapport", args=[project_a.referens, 1])
    assert f'href="{link}"' in html
    assert "försenad 3 dagar" in html
    assert 'class="start-detalj sen"' in html
    assert section(page(client, ledamot_b), "uppfoljningsrapporter") == ""
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(status=Omgangsstatus.INLAMNAD)
    assert section(page(client, ordforande), "uppfoljningsrapporter") == ""


def test_a_question_to_me_links_to_my_answer(client, project_a, ordforande, ledamot_b):
    omgang = round_of(project_a, due=timezone.localdate() + datetime.timedelta(days=60))
    fraga = Uppfoljningsansvarig.objects.create(omgang=omgang, person=person_of(ledamot_b))
    html = section(page(client, ledamot_b), "fragor")
    link = reverse("uppfoljning:omgang", args=[project_a.referens, 1]) + f"#svar-{fraga.pk}"
    assert f'href="{link}"' in html
    assert section(page(client, ordforande), "fragor") == ""
    assert section(page(client, ledamot_b), "uppfoljningsrapporter") == ""


def test_the_menu_shows_the_count_of_the_last_visit(client, project_a, ordforande, ledamot_b):
    chapter(project_a, "analys", person_of(ordforande))
    chapter(project_a, "nulage", person_of(ordforande))
    body = page(client, ordforande)
    assert '<span class="main-nav__antal">(2' in body
    portfolio = client.get(reverse("delprojekt:portfolio")).content.decode()
    assert '<span class="main-nav__antal">(2' in portfolio
    # Another user in the same browser does not get this count in the menu.
    client.force_login(ledamot_b)
    other = client.get(reverse("delprojekt:portfolio")).content.decode()
    assert "main-nav__antal" not in other


def test_the_menu_count_costs_other_pages_no_query_and_the_start_page_no_session_write(
    client, project_a, ordforande
):
    chapter(project_a, "analys", person_of(ordforande))
    page(client, ordforande)
    with CaptureQueriesContext(connection) as ctx:
        client.get(START)
    assert not [
        q for q in ctx.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]
    ]


# --- The query budget, with a lot of data -------------------------------------------------


@pytest.fixture
def lots(org, kansli, lg_members, samordnare, project_a, ordforande, ledamot_b):
    """1,000 projects in varied states with chapters, comments, positions, meetings,
    delrapporter, follow-up rounds, failed mail, region decisions, contacts with the line
    and implementation statuses for every persona."""
    kansli_p, chair_p, member_p = person_of(kansli), person_of(ordforande), person_of(ledamot_b)
    states = [
        Status.LEDNINGSGRUPP,
        Status.BEREDNING,
        Status.INFORANDE,
        Status.UPPDRAG,
        Status.ANALYS,
    ]
    old = timezone.now() - datetime.timedelta(days=400)
    projects = Delprojekt.objects.bulk_create(
        Delprojekt(
            referens=f"SFBV-2020-{i:03d}",
            ar=2020,
            lopnummer=i,
            titel=f"Projekt {i}",
            ursprung=Ursprung.LEDNINGSGRUPP,
            status=states[i % len(states)],
            status_andrad=old,
            kontaktperson=kansli_p,
            namnd_beslutsdatum=timezone.localdate(),
        )
        for i in range(1, 1001)
    )
    through = Delprojekt.regioner.through
    through.objects.bulk_create(
        through(delprojekt=dp, region=r) for dp in projects for r in org.regioner
    )
    handelser = Handelse.objects.bulk_create(
        Handelse(
            delprojekt=dp, typ=Handelse.Typ.OVERGANG, till_status=dp.status, text="x", tidpunkt=old
        )
        for dp in projects
    )
    Stallningstagande.objects.bulk_create(
        Stallningstagande(
            delprojekt=h.delprojekt,
            arende=h,
            person=person_of(lg_members[1]),
            position=Stallningstagande.Position.INSTAMMER,
        )
        for h in handelser[::2]
    )
    dokument = Dokument.objects.bulk_create(
        Dokument(delprojekt=dp, typ="slutrapport") for dp in projects
    )
    kapitel = Kapitel.objects.bulk_create(
        Kapitel(dokument=d, nyckel=nyckel, skribent=chair_p if i % 2 else member_p)
        for i, d in enumerate(dokument)
        for nyckel in ("nulage", "analys")
    )
    Granskningskommentar.objects.bulk_create(
        Granskningskommentar(kapitel=k, text="Fråga", skriven_av=kansli) for k in kapitel
    )
    for i in range(40):
        meeting(
            [org.ledningsgrupp, org.namnd, org.kansli][i % 3],
            start=timezone.now() + datetime.timedelta(days=i % 20, hours=1),
            protokoll_klart=timezone.now() if i % 2 else None,
            ordforande=person_of(lg_members[0]),
            justerare=chair_p,
        )
    omgangar = Uppfoljningsomgang.objects.bulk_create(
        Uppfoljningsomgang(
            delprojekt=dp,
            nummer=1,
            forfallodatum=timezone.localdate() + datetime.timedelta(days=i - 100),
        )
        for i, dp in enumerate(projects)
    )
    Uppfoljningsansvarig.objects.bulk_create(
        Uppfoljningsansvarig(
            omgang=o,
            person=chair_p if i % 2 else member_p,
            svar=Uppfoljningsansvarig.Svar.ACCEPTERAD if i % 3 else "tillfragad",
        )
        for i, o in enumerate(omgangar)
    )
    beslut = Beslut.objects.bulk_create(
        Beslut(
            delprojekt=dp,
            organ=org.namnd,
            datum=timezone.localdate(),
            utfall=Beslut.Utfall.REKOMMENDATION,
            beslutstext="Rek.",
        )
        for dp in projects
    )
    rek = Rekommendation.objects.bulk_create(Rekommendation(beslut=b, text="R") for b in beslut)
    Inforandestatus.objects.bulk_create(
        Inforandestatus(rekommendation=r, region=org.regioner[2], uppdaterad=old) for r in rek
    )
    Delrapport.objects.bulk_create(
        Delrapport(
            delprojekt=dp,
            titel="Läget",
            skickad_till=Organ.Typ.SAMARBETSGRUPP,
            skickad=old,
        )
        for dp in projects[::3]
    )
    Forankring.objects.bulk_create(
        Forankring(delprojekt=dp, datum=old.date(), diskuterat="Läget") for dp in projects[::2]
    )
    Huvudmannabeslut.objects.bulk_create(
        Huvudmannabeslut(
            delprojekt=dp,
            region=org.regioner[2],
            niva=Huvudmannabeslut.Niva.POLITISK,
            organ_namn="Regionstyrelsen",
            datum=old.date(),
        )
        for dp in projects[::2]
    )
    Utskick.objects.bulk_create(
        Utskick(
            message_id=f"<{i}@example.test>",
            adress="a@example.test",
            amne="Kallelse",
            status=Utskick.Status.MISSLYCKAD,
        )
        for i in range(30)
    )
    return {
        "kansli": kansli,
        "ledningsgrupp": lg_members[1],
        "ordforande": ordforande,
        "ledamot": ledamot_b,
        "samordnare": samordnare,
    }


def test_the_start_page_stays_within_its_query_budget(
    client, lots, reader, django_assert_max_num_queries
):
    """Every persona at 1,000 projects (one data set for all, which is slow to build)."""
    for persona in ("kansli", "ledningsgrupp", "ordforande", "ledamot", "samordnare", "lasare"):
        user = reader if persona == "lasare" else lots[persona]
        client.force_login(user)
        with django_assert_max_num_queries(15):
            response = client.get(START)
        assert response.status_code == 200, persona
        body = response.content.decode()
        if persona != "lasare":
            assert "och " in body and " till" in body, persona  # long lists are cut
