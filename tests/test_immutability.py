"""A record that cannot change once signed: a justerat protocol, its paragraphs and
decisions, the event log and the frozen versions.

Two layers are tested here: the meeting services refuse with ``Locked`` and a Swedish
message, and on PostgreSQL the database refuses a raw UPDATE or DELETE. The admin's
part is in ``test_admin.py``.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from delprojekt import skrivskydd
from delprojekt.models import (
    Beslut,
    Dagordningspunkt,
    Handelse,
    Paragrafserie,
    Protokollkorrigering,
    Rapportversion,
    Rekommendation,
    Sammantrade,
    Status,
    Uppdragsversion,
)
from delprojekt.services.errors import Locked
from delprojekt.services.protokoll_pdf import protokoll_pdf, protokollsutdrag_pdf
from delprojekt.services.sammantrade import (
    LAST,
    dagordning_add_free,
    dagordning_add_from_queue,
    dagordning_move,
    dagordning_remove,
    kallelse_send,
    narvaro_save,
    protokoll_finalise,
    protokoll_justera,
    protokoll_korrigera,
    punkt_omedelbar_justering,
    punkt_record,
    sammantrade_create,
    sammantrade_update,
)
from delprojekt.services.workflow import positions_record
from oppet.services.publicering import publicering_record
from tests.conftest import person_of
from tests.workflow_helpers import all_agree, walk_to
from uppfoljning.models import Omgangsstatus, Uppfoljningsomgang, Uppfoljningsrapport

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="the database's own guard is PostgreSQL triggers",
)

BESLUTSTEXT = "Ledningsgruppen beslutar att starta delprojektet."


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def _meeting(org, kansli, lg_members) -> Sammantrade:
    return sammantrade_create(
        user=kansli,
        organ=org.ledningsgrupp,
        data={
            "start": timezone.now() - datetime.timedelta(days=1),
            "plats": "Regionhuset, sal 3",
            "ordforande": person_of(lg_members[0]),
            "sekreterare": person_of(kansli),
            "justerare": person_of(lg_members[1]),
        },
    )


@pytest.fixture
def justerat(org, kansli, lg_members, project_a) -> Sammantrade:
    """A ledningsgrupp meeting that started project A, with an information item,
    attendance, § numbers, and the protocol signed by the chair and the justerare."""
    dp = walk_to(project_a, Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members)
    positions_record(delprojekt=dp, user=kansli, positioner=all_agree())
    s = _meeting(org, kansli, lg_members)
    narvaro_save(sammantrade=s, user=kansli, personer=[person_of(u) for u in lg_members])
    arende = dagordning_add_from_queue(sammantrade=s, nyckel=f"delprojekt:{dp.pk}", user=kansli)
    info = dagordning_add_free(
        sammantrade=s, user=kansli, typ=Dagordningspunkt.Typ.INFORMATION, rubrik="Lägesrapport"
    )
    punkt_record(punkt=arende, user=kansli, overgang="starta", beslutstext=BESLUTSTEXT)
    punkt_record(punkt=info, user=kansli)
    protokoll_finalise(sammantrade=s, user=kansli)
    protokoll_justera(sammantrade=s, user=lg_members[0])
    protokoll_justera(sammantrade=s, user=lg_members[1])
    s.refresh_from_db()
    assert s.justerat
    return s


def _punkter(s: Sammantrade) -> tuple[Dagordningspunkt, Dagordningspunkt]:
    arende, info = s.punkter.order_by("ordning")
    return arende, info


def _snapshot(s: Sammantrade) -> tuple:
    """Everything the signed protocol consists of, as stored."""
    return (
        Sammantrade.objects.filter(pk=s.pk).values().get(),
        list(Dagordningspunkt.objects.filter(sammantrade=s).order_by("pk").values()),
        list(Beslut.objects.filter(dagordningspunkter__sammantrade=s).order_by("pk").values()),
        list(s.narvarande.order_by("pk").values_list("pk", flat=True)),
        list(Paragrafserie.objects.order_by("pk").values()),
    )


# --- The services ----------------------------------------------------------------------


def test_immediate_justering_refused_on_signed_protocol(client, justerat, lg_members):
    arende, _info = _punkter(justerat)
    before = _snapshot(justerat)
    with pytest.raises(Locked) as exc:
        punkt_omedelbar_justering(punkt=arende, user=lg_members[0])
    assert exc.value.messages == [LAST]

    client.force_login(lg_members[0])
    url = reverse("sammantrade:omedelbar", args=[justerat.pk, arende.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert LAST in response.content.decode()
    assert _snapshot(justerat) == before
    arende.refresh_from_db()
    assert arende.omedelbart_justerad is None and arende.omedelbart_justerad_av is None
    assert "Omedelbart justerad" not in _text(protokoll_pdf(justerat))
    assert "Omedelbart justerad" not in _text(protokollsutdrag_pdf(arende))


def test_signed_protocol_page_offers_no_immediate_justering(client, justerat, lg_members):
    client.force_login(lg_members[0])
    page = client.get(reverse("sammantrade:detalj", args=[justerat.pk])).content.decode()
    assert "Protokollet är justerat." in page
    assert "Justera paragrafen omedelbart" not in page


def test_every_meeting_service_refuses_a_signed_protocol(justerat, kansli, lg_members, org):
    arende, info = _punkter(justerat)
    before = _snapshot(justerat)
    calls = {
        "sammantrade_update": lambda: sammantrade_update(
            sammantrade=justerat, user=kansli, data={"plats": "Annan sal"}
        ),
        "narvaro_save": lambda: narvaro_save(
            sammantrade=justerat, user=kansli, personer=[person_of(lg_members[0])]
        ),
        "dagordning_add_free": lambda: dagordning_add_free(
            sammantrade=justerat, user=kansli, typ=Dagordningspunkt.Typ.OVRIGT, rubrik="Sent"
        ),
        "dagordning_add_from_queue": lambda: dagordning_add_from_queue(
            sammantrade=justerat, nyckel="delprojekt:0", user=kansli
        ),
        "dagordning_move": lambda: dagordning_move(punkt=info, user=kansli, riktning="upp"),
        "dagordning_remove": lambda: dagordning_remove(punkt=info, user=kansli),
        "kallelse_send": lambda: kallelse_send(sammantrade=justerat, user=kansli),
        "punkt_record": lambda: punkt_record(punkt=info, user=kansli),
        "protokoll_finalise": lambda: protokoll_finalise(sammantrade=justerat, user=kansli),
        "punkt_omedelbar_justering": lambda: punkt_omedelbar_justering(
            punkt=arende, user=lg_members[1]
        ),
    }
    for name, call in calls.items():
        with pytest.raises(Locked) as exc:
            call()
        assert exc.value.messages == [LAST], name
    assert _snapshot(justerat) == before


def test_a_correction_is_the_only_change_to_a_signed_protocol(justerat, kansli):
    arende, _info = _punkter(justerat)
    before = _snapshot(justerat)
    k = protokoll_korrigera(
        sammantrade=justerat, user=kansli, punkt=arende, text="Beslutet gäller från 1 mars."
    )
    assert Protokollkorrigering.objects.get() == k
    assert _snapshot(justerat) == before


def test_corrections_show_on_the_protocol_page_and_in_both_pdfs(client, justerat, kansli):
    arende, info = _punkter(justerat)
    protokoll_korrigera(
        sammantrade=justerat, user=kansli, punkt=arende, text="Beslutet gäller från 1 mars."
    )
    protokoll_korrigera(
        sammantrade=justerat, user=kansli, text="Sammanträdet hölls i sal 4, inte sal 3."
    )
    protokoll_korrigera(
        sammantrade=justerat, user=kansli, punkt=info, text="Rapporten gällde kvartal 3."
    )
    client.force_login(kansli)
    page = client.get(reverse("sammantrade:detalj", args=[justerat.pk])).content.decode()
    pdf = _text(protokoll_pdf(justerat))
    for text in (
        "Beslutet gäller från 1 mars.",
        "Sammanträdet hölls i sal 4, inte sal 3.",
        "Rapporten gällde kvartal 3.",
    ):
        assert text in page
        assert text in pdf
    assert f"({arende.paragraf}): Beslutet gäller från 1 mars." in pdf

    utdrag = _text(protokollsutdrag_pdf(arende))
    assert "Korrigeringar" in utdrag
    assert "Beslutet gäller från 1 mars." in utdrag
    assert "(hela protokollet): Sammanträdet hölls i sal 4, inte sal 3." in utdrag
    assert "Rapporten gällde kvartal 3." not in utdrag  # another paragraph's


# --- The database (PostgreSQL) ---------------------------------------------------------


def _raw(sql: str, params: list) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _refused(sql: str, params: list) -> None:
    with pytest.raises(IntegrityError) as exc:
        _raw(sql, params)
    assert exc.value.__cause__.sqlstate == "23000"  # integrity_constraint_violation
    assert "är skrivskyddad" in str(exc.value)


@pytest.fixture
def records(justerat, kansli, project_a) -> dict[str, tuple[int, str]]:
    """One row of every protected table, with a change to try on it."""
    arende, _info = _punkter(justerat)
    beslut = arende.beslut
    rekommendation = Rekommendation.objects.create(beslut=beslut, text="Inför vårdprogrammet.")
    korrigering = protokoll_korrigera(sammantrade=justerat, user=kansli, text="Stavfel rättat.")
    uppdrag = Uppdragsversion.objects.create(
        delprojekt=project_a, nummer=1, innehall={"kapitel": []}, skapad_av=kansli
    )
    rapport = Rapportversion.objects.create(
        delprojekt=project_a, nummer=1, fil="slutrapporter/v1.pdf", sha256="a" * 64, sidor=12
    )
    omgang = Uppfoljningsomgang.objects.create(
        delprojekt=project_a, forfallodatum=timezone.localdate()
    )
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(status=Omgangsstatus.INLAMNAD)
    uppfoljning = Uppfoljningsrapport.objects.create(
        omgang=omgang, slutsatser="Genomfört.", pdf="uppfoljning/r.pdf", pdf_sha256="b" * 64
    )
    narvaro = Sammantrade.narvarande.through.objects.filter(sammantrade=justerat).first()
    publicering = publicering_record(delprojekt=project_a, user=kansli, publicerad=True)
    return {
        "delprojekt_handelse": (
            Handelse.objects.filter(delprojekt=project_a).first().pk,
            "text = 'Något annat hände'",
        ),
        "delprojekt_beslut": (beslut.pk, "beslutstext = 'Ett annat beslut'"),
        "delprojekt_rekommendation": (rekommendation.pk, "text = 'Något annat'"),
        "delprojekt_sammantrade": (justerat.pk, "plats = 'Annan sal'"),
        "delprojekt_dagordningspunkt": (arende.pk, "beslutstext = 'Ett annat beslut'"),
        "delprojekt_sammantrade_narvarande": (narvaro.pk, f"person_id = {person_of(kansli).pk}"),
        "delprojekt_protokollkorrigering": (korrigering.pk, "text = 'Något annat'"),
        "delprojekt_uppdragsversion": (uppdrag.pk, """innehall = '{"kapitel": ["nytt"]}'"""),
        "delprojekt_rapportversion": (rapport.pk, "sha256 = repeat('c', 64)"),
        "uppfoljning_uppfoljningsrapport": (uppfoljning.pk, "slutsatser = 'Inte genomfört.'"),
        "oppet_publiceringsbeslut": (publicering.pk, "publicerad = false"),
    }


PROTECTED = [
    "delprojekt_handelse",
    "delprojekt_beslut",
    "delprojekt_rekommendation",
    "delprojekt_sammantrade",
    "delprojekt_dagordningspunkt",
    "delprojekt_sammantrade_narvarande",
    "delprojekt_protokollkorrigering",
    "delprojekt_uppdragsversion",
    "delprojekt_rapportversion",
    "uppfoljning_uppfoljningsrapport",
    "oppet_publiceringsbeslut",
]


@postgres_only
@pytest.mark.parametrize("table", PROTECTED)
def test_database_refuses_raw_update_and_delete_of_a_protected_row(records, table):
    pk, change = records[table]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT to_jsonb(t) FROM {table} t WHERE id = %s", [pk])  # noqa: S608
        before = cursor.fetchone()
    _refused(f"UPDATE {table} SET {change} WHERE id = %s", [pk])  # noqa: S608
    _refused(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT to_jsonb(t) FROM {table} t WHERE id = %s", [pk])  # noqa: S608
        assert cursor.fetchone() == before


@postgres_only
def test_database_refuses_unsigning_a_signed_protocol(justerat):
    _refused(
        "UPDATE delprojekt_sammantrade SET justerare_justerat = NULL WHERE id = %s", [justerat.pk]
    )
    arende, _info = _punkter(justerat)
    _refused(
        "UPDATE delprojekt_dagordningspunkt SET omedelbart_justerad = now() WHERE id = %s",
        [arende.pk],
    )
    _refused(
        "UPDATE delprojekt_dagordningspunkt SET paragraf_nummer = 99 WHERE id = %s", [arende.pk]
    )


@postgres_only
def test_database_allows_edits_until_the_second_signature_and_that_signature(
    org, kansli, lg_members
):
    s = _meeting(org, kansli, lg_members)
    punkt = dagordning_add_free(
        sammantrade=s, user=kansli, typ=Dagordningspunkt.Typ.INFORMATION, rubrik="Lägesrapport"
    )
    narvaro_save(sammantrade=s, user=kansli, personer=[person_of(lg_members[0])])
    update = "UPDATE delprojekt_sammantrade SET {} WHERE id = %s"
    assert _raw(update.format("ordforande_justerat = now()"), [s.pk]) == 1
    assert _raw(update.format("plats = 'Sal 4'"), [s.pk]) == 1
    assert (
        _raw("UPDATE delprojekt_dagordningspunkt SET rubrik = 'Läget' WHERE id = %s", [punkt.pk])
        == 1
    )
    assert _raw(update.format("justerare_justerat = now()"), [s.pk]) == 1
    _refused(update.format("plats = 'Sal 5'"), [s.pk])
    _refused("UPDATE delprojekt_dagordningspunkt SET rubrik = 'Nytt' WHERE id = %s", [punkt.pk])
    _refused("DELETE FROM delprojekt_sammantrade_narvarande WHERE sammantrade_id = %s", [s.pk])
    s.refresh_from_db()
    assert s.plats == "Sal 4" and s.justerat


@postgres_only
def test_database_lets_the_protocol_write_the_paragraph_into_a_decision_once(org, project_a):
    beslut = Beslut.objects.create(
        delprojekt=project_a,
        organ=org.ledningsgrupp,
        datum=timezone.localdate(),
        utfall=Beslut.Utfall.START,
        beslutstext=BESLUTSTEXT,
    )
    update = "UPDATE delprojekt_beslut SET paragraf = %s WHERE id = %s"
    assert _raw(update, ["§ 4/2026", beslut.pk]) == 1
    _refused(update, ["§ 5/2026", beslut.pk])
    _refused(update, ["", beslut.pk])
    # Writing the same value again changes nothing and passes (a repeated save).
    assert _raw(update, ["§ 4/2026", beslut.pk]) == 1
    beslut.refresh_from_db()
    assert beslut.paragraf == "§ 4/2026"


@postgres_only
def test_database_lets_a_deleted_user_leave_the_record(records, justerat, kansli, lg_members):
    arende, _info = _punkter(justerat)
    get_user_model().objects.filter(pk__in=[kansli.pk, lg_members[0].pk]).delete()
    justerat.refresh_from_db()
    assert justerat.justerat
    assert justerat.registrerat_av is None and justerat.ordforande_justerat_av is None
    assert justerat.justerare_justerat_av == lg_members[1]
    assert not Handelse.objects.filter(anvandare_id=kansli.pk).exists()
    assert Handelse.objects.filter(anvandare__isnull=True).exists()
    assert Beslut.objects.get(pk=arende.beslut_id).registrerat_av is None
    assert Protokollkorrigering.objects.get().registrerad_av is None
    assert Uppdragsversion.objects.get().skapad_av is None


@postgres_only
def test_database_lets_a_follow_up_report_change_until_it_is_handed_in(project_a):
    omgang = Uppfoljningsomgang.objects.create(
        delprojekt=project_a, forfallodatum=timezone.localdate()
    )
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(status=Omgangsstatus.PAGAR)
    rapport = Uppfoljningsrapport.objects.create(omgang=omgang, slutsatser="Utkast.")
    update = "UPDATE uppfoljning_uppfoljningsrapport SET slutsatser = %s WHERE id = %s"
    assert _raw(update, ["Andra utkastet.", rapport.pk]) == 1
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(status=Omgangsstatus.INLAMNAD)
    _refused(update, ["Tredje utkastet.", rapport.pk])
    # Sent back for completion, the round is under way again.
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(status=Omgangsstatus.PAGAR)
    assert _raw(update, ["Kompletterat.", rapport.pk]) == 1


@postgres_only
def test_the_guard_is_off_only_inside_suspended(project_a):
    h = Handelse.objects.filter(delprojekt=project_a).first()
    update = "UPDATE delprojekt_handelse SET text = %s WHERE id = %s"
    with skrivskydd.suspended():
        assert _raw(update, ["Daterad i demon", h.pk]) == 1
    _refused(update, ["Igen", h.pk])
    with pytest.raises(RuntimeError), skrivskydd.suspended():
        _raw(update, ["Avbruten", h.pk])
        raise RuntimeError
    _refused(update, ["Igen", h.pk])
    h.refresh_from_db()
    assert h.text == "Daterad i demon"
