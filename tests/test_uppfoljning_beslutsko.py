"""A handed-in follow-up report in the bodies' decision queues: the samarbetsgrupp first,
then the ledningsgrupp, then the nämnd, each presentation recorded from the meeting."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delprojekt.beslutsko import KO_TYPER, beslutsko_for
from delprojekt.models import Dagordningspunkt, Handelse, Organ, Status
from delprojekt.services.errors import Invalid, StaleState
from delprojekt.services.sammantrade import (
    dagordning_add_from_queue,
    protokoll_finalise,
    punkt_record,
    sammantrade_create,
)
from tests import factories as f
from tests.conftest import person_of, register
from tests.workflow_helpers import walk_to
from uppfoljning.models import (
    Omgangsstatus,
    Redovisning,
    Uppfoljningsomgang,
    Uppfoljningsrapport,
)
from uppfoljning.services import omgang as omgang_svc
from uppfoljning.services import rapport as rapport_svc

pytestmark = pytest.mark.django_db


def organ_of(org, typ: str) -> Organ:
    return {
        Organ.Typ.SAMARBETSGRUPP: org.samarbetsgrupp,
        Organ.Typ.LEDNINGSGRUPP: org.ledningsgrupp,
        Organ.Typ.POLITISK_STYRGRUPP: org.politisk_styrgrupp,
        Organ.Typ.NAMND: org.namnd,
    }[typ]


def queues_with(org, nyckel: str) -> list[str]:
    """The kinds of body whose queue holds ``nyckel``."""
    return [
        typ for typ in KO_TYPER if nyckel in {k.nyckel for k in beslutsko_for(organ_of(org, typ))}
    ]


def item(org, typ: str, nyckel: str):
    return next(k for k in beslutsko_for(organ_of(org, typ)) if k.nyckel == nyckel)


@pytest.fixture
def inlamnad(org, kansli, lg_members):
    """A project in follow-up whose first round's report is handed in."""
    dp = walk_to(
        register(kansli, titel="Höftprotesflöde"),
        Status.UPPFOLJNING,
        org=org,
        kansli=kansli,
        lg_members=lg_members,
    )
    omgang = dp.uppfoljningsomgangar.get(nummer=1)
    user = f.UserFactory(username="skribent", first_name="Siv", last_name="Skribent")
    person = f.PersonFactory(namn="Siv Skribent", user=user)
    f.ArbetsgruppsmedlemskapFactory(delprojekt=dp, person=person)
    a = omgang_svc.ansvarig_add(omgang=omgang, person=person, user=kansli)
    omgang_svc.ansvarig_answer(ansvarig=a, user=user, accept=True)
    rapport_svc.rapport_save(
        omgang=omgang,
        user=user,
        data={
            "sammanfattning": "Två regioner har infört arbetssättet.",
            "slutsatser": "Fortsätt.",
            "ytterligare_uppfoljning": False,
        },
        version=0,
    )
    rapport_svc.rapport_lamna_in(omgang=omgang, user=user)
    omgang.refresh_from_db()
    return omgang


def meeting(kansli, organ):
    return sammantrade_create(
        user=kansli,
        organ=organ,
        data={"start": timezone.now() - datetime.timedelta(minutes=5)},
    )


def present_at_meeting(org, kansli, omgang, typ: str):
    """A meeting of the body takes the report from its queue and notes it."""
    s = meeting(kansli, organ_of(org, typ))
    p = dagordning_add_from_queue(sammantrade=s, nyckel=f"uppfoljning:{omgang.pk}", user=kansli)
    assert p.typ == Dagordningspunkt.Typ.UPPFOLJNING
    assert p.uppfoljningsomgang_id == omgang.pk
    assert p.delprojekt_id == omgang.delprojekt_id
    assert item(org, typ, f"uppfoljning:{omgang.pk}").pa_dagordning
    punkt_record(punkt=p, user=kansli)
    return s, p


def test_a_handed_in_report_waits_for_the_samarbetsgrupp_only(org, inlamnad):
    nyckel = f"uppfoljning:{inlamnad.pk}"
    assert queues_with(org, nyckel) == [Organ.Typ.SAMARBETSGRUPP]
    k = item(org, Organ.Typ.SAMARBETSGRUPP, nyckel)
    dp = inlamnad.delprojekt
    assert k.typ == Dagordningspunkt.Typ.UPPFOLJNING
    assert not k.for_beslut
    assert not k.beslutsforslag and not k.overgangar
    assert k.rubrik == f"{dp.referens} {dp.titel}: uppföljningsrapport, omgång 1"
    assert k.sedan == inlamnad.inlamnad
    assert k.uppfoljningsomgang == inlamnad
    assert not k.pa_dagordning
    urls = [d.url for d in k.dokument]
    assert reverse("uppfoljning:rapport_inlamnad_pdf", args=[dp.referens, 1]) in urls
    assert reverse("uppfoljning:rapport", args=[dp.referens, 1]) in urls
    assert any(d.pdf for d in k.dokument)


def test_a_round_not_handed_in_is_in_no_queue(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.UPPFOLJNING, org=org, kansli=kansli, lg_members=lg_members
    )
    omgang = dp.uppfoljningsomgangar.get(nummer=1)
    assert queues_with(org, f"uppfoljning:{omgang.pk}") == []


def test_the_report_moves_from_body_to_body_as_each_meeting_notes_it(org, kansli, inlamnad):
    nyckel = f"uppfoljning:{inlamnad.pk}"

    s, p = present_at_meeting(org, kansli, inlamnad, Organ.Typ.SAMARBETSGRUPP)
    r = Redovisning.objects.get(omgang=inlamnad, organ_typ=Organ.Typ.SAMARBETSGRUPP)
    assert r.dagordningspunkt == p
    assert r.datum == timezone.localtime(s.start).date()
    assert r.form == Redovisning.Form.SKRIFTLIG
    assert queues_with(org, nyckel) == [Organ.Typ.LEDNINGSGRUPP]
    assert item(org, Organ.Typ.LEDNINGSGRUPP, nyckel).sedan == r.registrerad
    # Still on the samarbetsgrupp's open agenda, but not on the ledningsgrupp's.
    assert not item(org, Organ.Typ.LEDNINGSGRUPP, nyckel).pa_dagordning
    protokoll_finalise(sammantrade=s, user=kansli)

    _s, p = present_at_meeting(org, kansli, inlamnad, Organ.Typ.LEDNINGSGRUPP)
    assert Redovisning.objects.get(omgang=inlamnad, organ_typ="ledningsgrupp").dagordningspunkt == p
    assert queues_with(org, nyckel) == [Organ.Typ.NAMND]

    _s, p = present_at_meeting(org, kansli, inlamnad, Organ.Typ.NAMND)
    assert Redovisning.objects.get(omgang=inlamnad, organ_typ="namnd").dagordningspunkt == p
    inlamnad.refresh_from_db()
    assert inlamnad.status == Omgangsstatus.REDOVISAD
    assert queues_with(org, nyckel) == []
    assert Handelse.objects.filter(
        delprojekt=inlamnad.delprojekt,
        typ=Handelse.Typ.UPPFOLJNING,
        text__contains="redovisad för alla organ",
    ).exists()


def test_an_item_already_on_an_agenda_cannot_be_added_twice(org, kansli, inlamnad):
    s = meeting(kansli, org.samarbetsgrupp)
    nyckel = f"uppfoljning:{inlamnad.pk}"
    dagordning_add_from_queue(sammantrade=s, nyckel=nyckel, user=kansli)
    with pytest.raises(StaleState, match="redan på dagordningen"):
        dagordning_add_from_queue(
            sammantrade=meeting(kansli, org.samarbetsgrupp), nyckel=nyckel, user=kansli
        )


def test_a_presentation_the_kansli_registered_by_hand_is_kept(org, kansli, inlamnad):
    s = meeting(kansli, org.samarbetsgrupp)
    p = dagordning_add_from_queue(sammantrade=s, nyckel=f"uppfoljning:{inlamnad.pk}", user=kansli)
    omgang_svc.redovisning_record(
        omgang=inlamnad, user=kansli, organ_typ="samarbetsgrupp", datum=timezone.localdate()
    )
    punkt_record(punkt=p, user=kansli)
    r = Redovisning.objects.get(omgang=inlamnad, organ_typ="samarbetsgrupp")
    assert r.dagordningspunkt is None
    p.refresh_from_db()
    assert p.protokollford is not None


def test_a_refused_presentation_records_nothing_from_the_meeting(org, kansli, inlamnad):
    """A meeting dated before the hand-in cannot have received the report."""
    s = sammantrade_create(
        user=kansli,
        organ=org.samarbetsgrupp,
        data={"start": timezone.now() - datetime.timedelta(days=3)},
    )
    p = dagordning_add_from_queue(sammantrade=s, nyckel=f"uppfoljning:{inlamnad.pk}", user=kansli)
    with pytest.raises(Invalid, match="före den lämnades in"):
        punkt_record(punkt=p, user=kansli)
    p.refresh_from_db()
    assert p.protokollford is None
    assert not Redovisning.objects.filter(omgang=inlamnad).exists()


def test_meeting_page_and_kallelse_show_the_report(client, org, kansli, inlamnad):
    s = meeting(kansli, org.samarbetsgrupp)
    client.force_login(kansli)
    body = client.get(reverse("sammantrade:detalj", args=[s.pk])).content.decode()
    assert "uppföljningsrapport, omgång 1" in body
    dagordning_add_from_queue(sammantrade=s, nyckel=f"uppfoljning:{inlamnad.pk}", user=kansli)
    body = client.get(reverse("sammantrade:detalj", args=[s.pk])).content.decode()
    assert "Uppföljningsrapport för kännedom" in body
    pdf_url = reverse("uppfoljning:rapport_inlamnad_pdf", args=[inlamnad.delprojekt.referens, 1])
    assert pdf_url in body


def test_kallelse_and_protocol_pdfs_show_the_report(org, kansli, inlamnad):
    import io

    from pypdf import PdfReader

    from delprojekt.services.protokoll_pdf import kallelse_pdf, protokoll_pdf

    def text(pdf: bytes) -> str:
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)

    s = meeting(kansli, org.samarbetsgrupp)
    dagordning_add_from_queue(sammantrade=s, nyckel=f"uppfoljning:{inlamnad.pk}", user=kansli)
    kallelse = text(kallelse_pdf(s))
    assert "Uppföljningsrapport för kännedom" in kallelse
    assert "Underlag: uppföljningsrapporten, omgång 1" in kallelse
    for p in s.punkter.all():
        punkt_record(punkt=p, user=kansli)
    protokoll_finalise(sammantrade=s, user=kansli)
    s.refresh_from_db()
    protokoll = " ".join(text(protokoll_pdf(s)).split())
    assert re.search(r"§ \d+/\d{4}", protokoll) and "uppföljningsrapport, omgång 1" in protokoll
    assert "Informationen antecknas." in protokoll


# --- Query budget ----------------------------------------------------------------------


def handed_in_rounds(kansli, antal: int, *, redovisad_for: tuple[str, ...] = ()) -> list:
    rounds = []
    for i in range(antal):
        dp = register(kansli, titel=f"Projekt {i}")
        o = Uppfoljningsomgang.objects.create(
            delprojekt=dp,
            nummer=1,
            forfallodatum=timezone.localdate(),
            status=Omgangsstatus.INLAMNAD,
            inlamnad=timezone.now() - datetime.timedelta(days=i + 1),
        )
        Uppfoljningsrapport.objects.create(
            omgang=o, pdf=f"uppfoljning/{dp.referens}.pdf", pdf_sha256="0" * 64
        )
        for typ in redovisad_for:
            Redovisning.objects.create(omgang=o, organ_typ=typ, datum=timezone.localdate())
        rounds.append(o)
    return rounds


@pytest.mark.parametrize(
    ("typ", "redovisad_for"),
    [
        ("samarbetsgrupp", ()),
        ("ledningsgrupp", ("samarbetsgrupp",)),
        ("namnd", ("samarbetsgrupp", "ledningsgrupp")),
    ],
)
def test_the_source_costs_the_same_queries_however_many_rounds(org, kansli, typ, redovisad_for):
    handed_in_rounds(kansli, 1, redovisad_for=redovisad_for)
    with CaptureQueriesContext(connection) as one:
        assert len(rapport_items(typ)) == 1
    handed_in_rounds(kansli, 6, redovisad_for=redovisad_for)
    with CaptureQueriesContext(connection) as seven:
        assert len(rapport_items(typ)) == 7
    assert len(seven) == len(one) <= 2


def rapport_items(typ: str) -> list:
    from uppfoljning.beslutsko import uppfoljningsrapporter

    items = list(uppfoljningsrapporter(typ))
    for k in items:
        # Everything a queue page shows of the item, without further queries.
        assert k.rubrik and k.dokument and k.lank and k.delprojekt.referens
        assert k.uppfoljningsomgang.nummer == 1
    return items


def test_queue_page_with_several_reports_stays_within_budget(
    client, org, kansli, samarbetsgrupp_user, django_assert_max_num_queries
):
    handed_in_rounds(kansli, 8)
    for user in (kansli, samarbetsgrupp_user):
        client.force_login(user)
        with django_assert_max_num_queries(15):
            response = client.get(reverse("beslut:organ", args=["samarbetsgrupp"]))
        assert response.status_code == 200
        assert response.content.decode().count("uppföljningsrapport, omgång 1") == 8
        assert "Uppföljningsrapport för kännedom" in response.content.decode()
    # "Min beslutskö" of a samarbetsgrupp member and the kansli's overview count them too.
    client.force_login(samarbetsgrupp_user)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("beslut:mina"))
    assert response.content.decode().count("uppföljningsrapport, omgång 1") == 8
    client.force_login(kansli)
    response = client.get(reverse("beslut:oversikt"))
    assert response.status_code == 200
    rad = next(r for r in response.context["rader"] if r["organ"] == org.samarbetsgrupp)
    assert rad["antal"] == 8 and rad["beslut"] == 0
    assert person_of(samarbetsgrupp_user) is not None
