"""A record that cannot change once signed: a justerat protocol, its paragraphs and
decisions.

The meeting services refuse with ``Locked`` and a Swedish message; only a recorded
correction is added. The admin's part is in ``test_admin.py``.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from delprojekt.models import (
    Beslut,
    Dagordningspunkt,
    Paragrafserie,
    Protokollkorrigering,
    Sammantrade,
    Status,
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
from tests.conftest import person_of
from tests.workflow_helpers import all_agree, walk_to

pytestmark = pytest.mark.django_db

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
