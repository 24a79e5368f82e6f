"""The follow-up report: writing it with version checks, its PDF and page count,
handing it in with a frozen PDF, and who may do what."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from delprojekt.models import Handelse, Status
from delprojekt.services.errors import GuardFailed, Invalid, Locked, NotAllowed
from tests import factories as f
from tests.conftest import deliver_mail, person_of, register
from tests.workflow_helpers import walk_to
from uppfoljning.models import Omgangsstatus, Uppfoljningsansvarig, Uppfoljningsrapport
from uppfoljning.services import omgang as omgang_svc
from uppfoljning.services import rapport as svc

pytestmark = pytest.mark.django_db

#: A personnummer with a valid check digit (fictional).
PERSONNUMMER = "19121212-1212"

STYCKE = (
    "Regionerna har i olika takt infört arbetssättet som slutrapporten föreslog. I Halland "
    "och Skåne används den gemensamma remissmallen sedan våren, medan Blekinge och Kronoberg "
    "fortfarande anpassar sina journalsystem. Verksamhetscheferna beskriver att "
    "samordningen mellan enheterna har blivit tydligare och att patienterna får besked "
    "snabbare än tidigare. "
)


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def lang_text(stycken: int) -> str:
    return "\n\n".join(f"{STYCKE * 3}" for _ in range(stycken))


def person_user(username: str, namn: str, dp=None, roll: str = "ledamot"):
    user = f.UserFactory(username=username, first_name=namn.split()[0], last_name=namn.split()[-1])
    person = f.PersonFactory(namn=namn, user=user)
    if dp is not None:
        f.ArbetsgruppsmedlemskapFactory(delprojekt=dp, person=person, roll=roll)
    return user


@pytest.fixture
def dp(org, kansli, lg_members):
    return walk_to(
        register(kansli, titel="Höftprotesflöde"),
        Status.UPPFOLJNING,
        org=org,
        kansli=kansli,
        lg_members=lg_members,
    )


@pytest.fixture
def omgang(dp):
    return dp.uppfoljningsomgangar.get(nummer=1)


@pytest.fixture
def skribent(dp, omgang, kansli):
    """A former group member who accepted to write the report (the round is now pågår)."""
    user = person_user("skribent", "Siv Skribent", dp)
    a = omgang_svc.ansvarig_add(omgang=omgang, person=person_of(user), user=kansli)
    omgang_svc.ansvarig_answer(ansvarig=a, user=user, accept=True)
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.PAGAR
    return user


@pytest.fixture
def tillfragad(dp, omgang, kansli):
    """Asked, no answer yet."""
    user = person_user("tillfragad", "Tore Tillfrågad", dp)
    omgang_svc.ansvarig_add(omgang=omgang, person=person_of(user), user=kansli)
    return user


def url(omgang, name: str = "rapport") -> str:
    return reverse(f"uppfoljning:{name}", args=[omgang.delprojekt.referens, omgang.nummer])


def form_data(version: int = 0, **kw) -> dict:
    data = {
        "version": version,
        "sammanfattning": "Införandet har kommit långt i två av fyra regioner.",
        "inforande_kommentar": "",
        "effekter_kommentar": "",
        "enkat": "",
        "kontakter": "",
        "slutsatser": "Arbetssättet fungerar och bör följas upp igen.",
        "ytterligare_uppfoljning": "ja",
        "ytterligare_motivering": "Två regioner har inte kommit igång.",
    }
    data.update(kw)
    return data


def service_data(**kw) -> dict:
    data = {k: v for k, v in form_data().items() if k != "version"}
    data["ytterligare_uppfoljning"] = True
    data.update(kw)
    return data


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# --- Saving ----------------------------------------------------------------------------


def test_writer_saves_the_report_version_history_event_and_page_count(client, dp, omgang, skribent):
    client.force_login(skribent)
    response = client.get(url(omgang))
    assert response.status_code == 200
    assert 'name="sammanfattning"' in response.content.decode()
    response = client.post(url(omgang), form_data())
    assert response.status_code == 302
    assert "Rapporten är sparad." in msgs(response)
    r = Uppfoljningsrapport.objects.get(omgang=omgang)
    assert r.version == 1
    assert r.sammanfattning.startswith("Införandet har kommit långt")
    assert r.ytterligare_uppfoljning is True
    assert r.andrad_av == skribent
    assert r.history.first().history_user == skribent
    assert Handelse.objects.filter(
        delprojekt=dp, typ=Handelse.Typ.UPPFOLJNING, text__contains="rapporten ändrades"
    ).exists()
    assert r.sidantal is not None and r.sidantal_version == 1


def test_kansli_may_write_too(client, omgang, skribent, kansli):
    client.force_login(kansli)
    response = client.post(url(omgang), form_data(sammanfattning="Kansliets text."))
    assert response.status_code == 302
    assert Uppfoljningsrapport.objects.get(omgang=omgang).sammanfattning == "Kansliets text."


def test_a_stale_version_is_refused_and_the_users_text_is_kept(client, omgang, skribent, kansli):
    svc.rapport_save(omgang=omgang, user=kansli, data=service_data(), version=0)
    client.force_login(skribent)
    response = client.post(url(omgang), form_data(version=0, sammanfattning="Min egen version."))
    assert response.status_code == 409
    body = response.content.decode()
    assert "Någon annan har sparat rapporten sedan du öppnade den" in body
    # The user's own text stays in the form, the saved one is shown to compare.
    assert "Min egen version." in body
    assert "Den sparade texten, att jämföra med" in body
    r = Uppfoljningsrapport.objects.get(omgang=omgang)
    assert r.version == 1
    assert r.sammanfattning.startswith("Införandet har kommit långt")
    # The re-shown form carries the current version, so saving again works.
    assert response.context["form"]["version"].value() == 1
    response = client.post(url(omgang), form_data(version=1, sammanfattning="Min egen version."))
    assert response.status_code == 302
    assert Uppfoljningsrapport.objects.get(omgang=omgang).sammanfattning == "Min egen version."


def test_saving_unchanged_text_changes_nothing(omgang, skribent):
    svc.rapport_save(omgang=omgang, user=skribent, data=service_data(), version=0)
    r, changed = svc.rapport_save(omgang=omgang, user=skribent, data=service_data(), version=1)
    assert not changed
    assert r.version == 1


@pytest.mark.parametrize("who", ["tillfragad", "reader", "lg_member"])
def test_others_who_see_the_project_may_read_but_not_write(client, request, omgang, skribent, who):
    user = request.getfixturevalue(who) if who != "lg_member" else None
    if who == "lg_member":
        user = request.getfixturevalue("lg_members")[0]
    client.force_login(user)
    response = client.get(url(omgang))
    assert response.status_code == 200
    assert 'name="sammanfattning"' not in response.content.decode()
    response = client.post(url(omgang), form_data())
    assert response.status_code == 403
    response = client.post(url(omgang, "rapport_lamna_in"))
    assert response.status_code == 403
    assert not Uppfoljningsrapport.objects.filter(omgang=omgang, version__gt=0).exists()
    with pytest.raises(NotAllowed):
        svc.rapport_save(omgang=omgang, user=user, data=service_data(), version=0)


def test_outsider_gets_404_everywhere(client, omgang, skribent, outsider):
    client.force_login(outsider)
    for name in ("rapport", "rapport_pdf", "rapport_inlamnad_pdf"):
        assert client.get(url(omgang, name)).status_code == 404
    assert client.post(url(omgang), form_data()).status_code == 404
    assert client.post(url(omgang, "rapport_lamna_in")).status_code == 404


def test_wrong_method_is_refused(client, omgang, skribent):
    client.force_login(skribent)
    assert client.get(url(omgang, "rapport_lamna_in")).status_code == 405
    assert client.post(url(omgang, "rapport_pdf")).status_code == 405


def test_a_planned_round_asks_to_accept_the_assignment_first(client, omgang, kansli):
    assert omgang.status == Omgangsstatus.PLANERAD
    client.force_login(kansli)
    response = client.get(url(omgang))
    assert "Omgången har inte börjat" in response.content.decode()
    assert 'name="sammanfattning"' not in response.content.decode()
    response = client.post(url(omgang), form_data())
    assert response.status_code == 400
    assert "Åta dig uppdraget" in response.content.decode()
    assert not Uppfoljningsrapport.objects.filter(omgang=omgang, version__gt=0).exists()


def test_invalid_choice_is_a_field_error_and_nothing_is_saved(client, omgang, skribent):
    client.force_login(skribent)
    response = client.post(url(omgang), form_data(ytterligare_uppfoljning="kanske"))
    assert response.status_code == 400
    assert response.context["form"].errors["ytterligare_uppfoljning"]
    assert not Uppfoljningsrapport.objects.filter(omgang=omgang, version__gt=0).exists()


def test_personnummer_warns_after_saving(client, omgang, skribent):
    client.force_login(skribent)
    response = client.post(url(omgang), form_data(kontakter=f"Patient {PERSONNUMMER} ringde."))
    assert response.status_code == 302
    assert any("liknar ett personnummer" in m for m in msgs(response))


def test_markdown_is_rendered_and_sanitised(client, omgang, skribent, reader):
    svc.rapport_save(
        omgang=omgang,
        user=skribent,
        data=service_data(sammanfattning="**Viktigt** <script>alert(1)</script>"),
        version=0,
    )
    client.force_login(reader)
    body = client.get(url(omgang)).content.decode()
    assert "<strong>Viktigt</strong>" in body
    assert "<script>alert(1)</script>" not in body


# --- The PDF and its page count --------------------------------------------------------


def test_stored_page_count_is_the_real_pdfs(client, omgang, skribent):
    svc.rapport_save(
        omgang=omgang, user=skribent, data=service_data(sammanfattning=lang_text(6)), version=0
    )
    r = Uppfoljningsrapport.objects.get(omgang=omgang)
    client.force_login(skribent)
    response = client.get(url(omgang, "rapport_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert pages(response.content) == r.sidantal


def test_pdf_has_cover_sections_and_reference_to_the_final_report(client, dp, omgang, skribent):
    svc.rapport_save(omgang=omgang, user=skribent, data=service_data(), version=0)
    client.force_login(skribent)
    pdf = client.get(url(omgang, "rapport_pdf")).content
    text = pdf_text(pdf)
    assert "Uppföljningsrapport" in text
    assert dp.titel in text and dp.referens in text
    assert "Omgång 1" in text
    assert "Innehåll" in text
    for rubrik in (
        "1. Sammanfattning",
        "2. Hur långt har införandet kommit",
        "3. Uppmätta effekter",
    ):
        assert rubrik in text
    assert "Slutsatser och fortsatt uppföljning" in text
    assert "hänvisning till delprojektets slutrapport" in text
    assert f"Sida 1 av {pages(pdf)}" in text


def test_short_report_gets_a_page_warning(client, omgang, skribent):
    svc.rapport_save(omgang=omgang, user=skribent, data=service_data(), version=0)
    r = Uppfoljningsrapport.objects.get(omgang=omgang)
    assert r.sidantal in (1, 2)
    client.force_login(skribent)
    body = client.get(url(omgang)).content.decode()
    assert f"PDF:en blir {r.sidantal} sid" in body
    assert "notice notice--warning" in body
    assert "kortare än de cirka 3–6 sidor" in body


def test_a_three_to_six_page_report_gets_no_warning(client, omgang, skribent):
    data = service_data(
        sammanfattning=lang_text(3),
        inforande_kommentar=lang_text(3),
        effekter_kommentar=lang_text(3),
        slutsatser=lang_text(3),
    )
    svc.rapport_save(omgang=omgang, user=skribent, data=data, version=0)
    r = Uppfoljningsrapport.objects.get(omgang=omgang)
    assert 3 <= r.sidantal <= 6
    client.force_login(skribent)
    body = client.get(url(omgang)).content.decode()
    assert f"PDF:en blir {r.sidantal} sidor" in body
    assert "cirka 3–6 sidor som arbetsmetoden anger" not in body


# --- Handing in ------------------------------------------------------------------------


def test_hand_in_requires_summary_conclusions_and_the_yes_no(client, omgang, skribent):
    svc.rapport_save(
        omgang=omgang,
        user=skribent,
        data=service_data(sammanfattning="", slutsatser=" ", ytterligare_uppfoljning=None),
        version=0,
    )
    client.force_login(skribent)
    response = client.post(url(omgang, "rapport_lamna_in"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"sammanfattning", "slutsatser", "ytterligare_uppfoljning"}
    assert "Svara ja eller nej" in " ".join(errors["ytterligare_uppfoljning"])
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.PAGAR
    assert not Uppfoljningsrapport.objects.get(omgang=omgang).pdf


def test_hand_in_is_refused_with_a_personnummer(omgang, skribent):
    svc.rapport_save(
        omgang=omgang,
        user=skribent,
        data=service_data(enkat=f"Svar från {PERSONNUMMER}."),
        version=0,
    )
    with pytest.raises(GuardFailed) as exc:
        svc.rapport_lamna_in(omgang=omgang, user=skribent)
    assert "enkat" in exc.value.field_errors
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.PAGAR


def test_hand_in_with_a_personnummer_shows_the_field_and_changes_nothing(client, omgang, skribent):
    svc.rapport_save(
        omgang=omgang,
        user=skribent,
        data=service_data(kontakter=f"Chefen nämnde {PERSONNUMMER}."),
        version=0,
    )
    client.force_login(skribent)
    response = client.post(url(omgang, "rapport_lamna_in"))
    assert response.status_code == 400
    form = response.context["form"]
    assert "personnummer" in " ".join(form.errors["kontakter"])
    assert "Patientuppgifter får aldrig skrivas här" in " ".join(form.non_field_errors())
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.PAGAR
    assert not Uppfoljningsrapport.objects.get(omgang=omgang).pdf


def test_hand_in_freezes_the_pdf_and_mails_the_contact_person(
    client, dp, omgang, skribent, django_capture_on_commit_callbacks
):
    svc.rapport_save(omgang=omgang, user=skribent, data=service_data(), version=0)
    client.force_login(skribent)
    deliver_mail()  # what the set-up queued
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(omgang, "rapport_lamna_in"))
    assert response.status_code == 302
    assert any("Rapporten är inlämnad" in m for m in msgs(response))
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.INLAMNAD
    assert omgang.inlamnad is not None and omgang.inlamnad_av == skribent
    r = Uppfoljningsrapport.objects.get(omgang=omgang)
    with r.pdf.open("rb") as fh:
        stored = fh.read()
    assert hashlib.sha256(stored).hexdigest() == r.pdf_sha256
    assert pages(stored) == r.sidantal
    assert "Inlämnad" in pdf_text(stored)
    assert Handelse.objects.filter(
        delprojekt=dp, typ=Handelse.Typ.UPPFOLJNING, text__contains="lämnades in"
    ).exists()
    deliver_mail()
    assert [m.to for m in mail.outbox] == [[dp.kontaktperson.epost]]
    assert dp.referens in mail.outbox[0].subject
    # The frozen PDF, for everyone who may see the project.
    response = client.get(url(omgang, "rapport_inlamnad_pdf"))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == stored
    # The page shows the frozen PDF with its checksum, and no form.
    body = client.get(url(omgang)).content.decode()
    assert r.pdf_sha256 in body
    assert 'name="sammanfattning"' not in body


def test_a_double_submit_hands_in_once(client, omgang, skribent):
    svc.rapport_save(omgang=omgang, user=skribent, data=service_data(), version=0)
    client.force_login(skribent)
    assert client.post(url(omgang, "rapport_lamna_in")).status_code == 302
    sha = Uppfoljningsrapport.objects.get(omgang=omgang).pdf_sha256
    response = client.post(url(omgang, "rapport_lamna_in"))
    assert response.status_code == 302
    assert any("redan inlämnad" in m for m in msgs(response))
    assert Uppfoljningsrapport.objects.get(omgang=omgang).pdf_sha256 == sha
    assert (
        Handelse.objects.filter(typ=Handelse.Typ.UPPFOLJNING, text__contains="lämnades in").count()
        == 1
    )


def test_a_handed_in_report_is_read_only(omgang, skribent):
    svc.rapport_save(omgang=omgang, user=skribent, data=service_data(), version=0)
    svc.rapport_lamna_in(omgang=omgang, user=skribent)
    with pytest.raises(Locked, match="inlämnad"):
        svc.rapport_save(omgang=omgang, user=skribent, data=service_data(), version=1)


def test_frozen_pdf_is_404_before_hand_in(client, omgang, skribent, reader):
    client.force_login(reader)
    assert client.get(url(omgang, "rapport_inlamnad_pdf")).status_code == 404


def test_only_the_asked_person_who_accepted_may_write(omgang, tillfragad):
    a = Uppfoljningsansvarig.objects.get(omgang=omgang, person=person_of(tillfragad))
    assert a.svar == Uppfoljningsansvarig.Svar.TILLFRAGAD
    with pytest.raises(NotAllowed):
        svc.rapport_lamna_in(omgang=omgang, user=tillfragad)


# --- The generated sections ------------------------------------------------------------


def fill_generated(dp, org, user) -> None:
    """Halland has implemented the first recommendation; values per region for a parameter."""
    import datetime
    from decimal import Decimal

    from delprojekt.services.regionbeslut import current_rekommendationer
    from uppfoljning.models import Inforandestatus, Matvarde

    rek = current_rekommendationer(dp)[0]
    halland = org.regioner[1]
    Inforandestatus.objects.create(
        rekommendation=rek,
        region=halland,
        status=Inforandestatus.Status.GENOMFORT,
        kommentar="Infört på alla kliniker.",
        uppdaterad_av=user,
    )
    parameter = dp.uppfoljningsparametrar.first()
    parameter.utgangsvarde = Decimal("60")
    parameter.save(update_fields=["utgangsvarde"])
    for region, varden in ((halland, (52, 41)), (org.regioner[3], (58, 55))):
        for i, varde in enumerate(varden):
            Matvarde.objects.create(
                parameter=parameter,
                region=region,
                datum=datetime.date(2026, 3 + 3 * i, 1),
                varde=Decimal(varde),
                registrerad_av=user,
            )


def test_generated_sections_show_the_matrix_and_the_charts_on_the_page(
    client, dp, org, omgang, skribent, kansli
):
    fill_generated(dp, org, kansli)
    client.force_login(skribent)
    body = client.get(url(omgang)).content.decode()
    assert "Införande per rekommendation och region" in body
    assert "Infört på alla kliniker." in body
    assert "Genomfört" in body
    assert "<svg" in body
    assert "Mätvärden för Väntetid" in body


def test_pdf_draws_the_charts_as_vectors_with_the_matrix_and_data_tables(
    client, dp, org, omgang, skribent, kansli
):
    fill_generated(dp, org, kansli)
    client.force_login(skribent)
    pdf = client.get(url(omgang, "rapport_pdf")).content
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Införande per rekommendation och region" in text
    assert "Genomfört" in text and "Infört på alla" in text
    assert "Region Halland" in text
    assert "Mätvärden: Väntetid" in text
    assert "41" in text and "55" in text
    # The chart is vector graphics: no raster image anywhere in the file.
    for page in reader.pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {}) or {}
        for ref in xobjects.values():
            assert ref.get_object().get("/Subtype") != "/Image"


def test_the_report_refers_to_the_approved_final_report_version(client, dp, omgang, skribent):
    from delprojekt.models import Rapportversion

    sha = hashlib.sha256(b"slutrapporten").hexdigest()
    Rapportversion.objects.create(
        delprojekt=dp, nummer=2, sha256=sha, sidor=20, fil="slutrapporter/x.pdf"
    )
    client.force_login(skribent)
    body = client.get(url(omgang)).content.decode()
    assert "fastställd version 2" in body and sha in body
    assert f"godkände {dp.namnd_beslutsdatum:%Y-%m-%d}" in body
    text = pdf_text(client.get(url(omgang, "rapport_pdf")).content)
    assert "fastställd version 2" in text
    assert f"{dp.namnd_beslutsdatum:%Y-%m-%d}" in text


def test_the_round_page_links_to_the_report(client, omgang, skribent, reader):
    client.force_login(skribent)
    body = client.get(reverse("uppfoljning:omgang", args=[omgang.delprojekt.referens, 1]))
    assert url(omgang) in body.content.decode()
    assert "Skriv rapporten" in body.content.decode()
    client.force_login(reader)
    body = client.get(reverse("uppfoljning:omgang", args=[omgang.delprojekt.referens, 1]))
    assert "Läs rapporten" in body.content.decode()


def test_the_kansli_may_hand_in_and_history_records_who(omgang, skribent, kansli):
    svc.rapport_save(omgang=omgang, user=skribent, data=service_data(), version=0)
    svc.rapport_lamna_in(omgang=omgang, user=kansli)
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.INLAMNAD
    assert omgang.history.first().history_user == kansli
    assert Uppfoljningsrapport.objects.get(omgang=omgang).history.first().history_user == kansli


def test_report_page_for_a_reader_stays_within_a_query_budget(
    client, dp, org, omgang, skribent, kansli, reader, django_assert_max_num_queries
):
    fill_generated(dp, org, kansli)
    svc.rapport_save(omgang=omgang, user=skribent, data=service_data(), version=0)
    client.force_login(reader)
    with django_assert_max_num_queries(15):
        response = client.get(url(omgang))
    assert response.status_code == 200
    # Reading writes nothing.
    assert Uppfoljningsrapport.objects.get(omgang=omgang).version == 1


def test_service_keeps_sections_left_out_and_refuses_too_long_text(omgang, skribent):
    svc.rapport_save(omgang=omgang, user=skribent, data=service_data(), version=0)
    r, changed = svc.rapport_save(
        omgang=omgang, user=skribent, data={"enkat": "Fem av sex svarade."}, version=1
    )
    assert changed and r.version == 2
    r.refresh_from_db()
    assert r.enkat == "Fem av sex svarade."
    assert r.sammanfattning.startswith("Införandet har kommit långt")
    with pytest.raises(Invalid) as exc:
        svc.rapport_save(
            omgang=omgang, user=skribent, data={"slutsatser": "x" * (svc.MAX_TEXT + 1)}, version=2
        )
    assert "slutsatser" in exc.value.field_errors
    r.refresh_from_db()
    assert r.version == 2 and r.slutsatser.startswith("Arbetssättet")


def test_a_rolled_back_hand_in_leaves_no_pdf(settings, omgang, skribent):
    svc.rapport_save(omgang=omgang, user=skribent, data=service_data(), version=0)
    media = Path(settings.MEDIA_ROOT)
    before = {p for p in media.rglob("*") if p.is_file()}

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        rapport = svc.rapport_lamna_in(omgang=omgang, user=skribent)
        assert (media / rapport.pdf.name).is_file()
        raise Boom
    assert {p for p in media.rglob("*") if p.is_file()} == before
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.PAGAR
    assert not Uppfoljningsrapport.objects.get(omgang=omgang).pdf
