"""Notifications as each person wants them: per kind at once, in the daily summary or
not at all (but always in the list in the application); duty reminders always mailed;
the summary sent once; the list read/unread and only one's own."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from delprojekt.models import Notis, Notisinstallning, Notistyp, Notisval, Person, Utskick
from delprojekt.services.errors import Invalid, NotAllowed
from delprojekt.services.notiser import (
    notis_markera_last,
    notisinstallningar_save,
    notisinstallningar_stang_av,
    sammanfattning_skicka,
)
from delprojekt.services.sammantrade import (
    dagordning_add_free,
    protokoll_finalise,
    punkt_record,
    sammantrade_create,
)
from tests.conftest import deliver_mail, person_of, valj_notiser
from tests.workflow_helpers import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(project_a):
    person = Person.objects.create(namn="Karin Kontakt", epost="karin.kontakt@example.test")
    project_a.kontaktperson = person
    project_a.save(update_fields=["kontaktperson"])
    return person


def utskick_till(person: Person) -> list[str]:
    return list(Utskick.objects.filter(person=person).values_list("amne", flat=True))


# --- Choices per kind ------------------------------------------------------------------


def test_by_default_a_decision_is_mailed_at_once_and_listed(kansli, project_a, contact):
    run(project_a, "bered", kansli)
    assert len(utskick_till(contact)) == 1
    notis = Notis.objects.get(person=contact)
    assert notis.typ == Notistyp.BESLUT
    assert notis.epost == Notisval.DIREKT and notis.mejlad is not None
    assert notis.last is None
    assert notis.text == utskick_till(contact)[0]
    assert notis.lank == project_a.get_absolute_url()


def test_summary_choice_queues_no_mail_now_but_puts_it_in_the_summary(
    kansli, project_a, contact, mailoutbox
):
    valj_notiser(contact, Notisval.SAMMANFATTNING, Notistyp.BESLUT)
    run(project_a, "bered", kansli)
    assert utskick_till(contact) == []
    notis = Notis.objects.get(person=contact)
    assert notis.epost == Notisval.SAMMANFATTNING and notis.mejlad is None

    resultat = sammanfattning_skicka()
    assert (resultat.personer, resultat.notiser) == (1, 1)
    [amne] = utskick_till(contact)
    assert amne.startswith("Sammanfattning från SFBV")
    assert deliver_mail() >= 1
    [mail] = [m for m in mailoutbox if m.to == [contact.epost]]
    assert notis.text in mail.body
    assert project_a.get_absolute_url() in mail.body
    assert "Beslut och statusändringar i mina delprojekt" in mail.body
    notis.refresh_from_db()
    assert notis.mejlad is not None


def test_not_at_all_sends_no_mail_but_the_notification_is_listed(
    client, kansli, project_a, contact
):
    valj_notiser(contact, Notisval.AV)
    run(project_a, "bered", kansli)
    assert utskick_till(contact) == []
    notis = Notis.objects.get(person=contact)
    assert notis.epost == Notisval.AV and notis.mejlad is None
    # Nor in the summary.
    assert sammanfattning_skicka().personer == 0
    assert utskick_till(contact) == []


def test_a_choice_for_one_kind_leaves_the_others_at_once(kansli, project_a, ordforande):
    chair = person_of(ordforande)
    valj_notiser(chair, Notisval.AV, Notistyp.KOMMENTAR, Notistyp.SAMMANTRADE)
    run(project_a, "bered", kansli)
    assert len(utskick_till(chair)) == 1


def test_the_actor_gets_no_notification_about_their_own_change(kansli, project_a):
    project_a.kontaktperson = person_of(kansli)
    project_a.save(update_fields=["kontaktperson"])
    run(project_a, "bered", kansli)
    assert not Notis.objects.filter(person=person_of(kansli)).exists()


def test_a_person_without_address_still_gets_the_notification_in_the_list(
    kansli, project_a, contact
):
    contact.epost = ""
    contact.save(update_fields=["epost"])
    run(project_a, "bered", kansli)
    assert utskick_till(contact) == []
    notis = Notis.objects.get(person=contact)
    assert notis.epost == Notisval.DIREKT and notis.mejlad is None


# --- Duty reminders --------------------------------------------------------------------


def finalised_meeting(org, kansli, lg_members):
    s = sammantrade_create(
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
    dagordning_add_free(sammantrade=s, user=kansli, typ="information", rubrik="Läget", text="")
    for p in s.punkter.all():
        punkt_record(punkt=p, user=kansli)
    protokoll_finalise(sammantrade=s, user=kansli)
    return s


def test_the_chair_and_justerare_are_always_asked_to_sign(org, kansli, lg_members, mailoutbox):
    justerare = person_of(lg_members[1])
    valj_notiser(justerare, Notisval.AV)
    Notisinstallning.objects.create(person=justerare, typ=Notistyp.PLIKT, val=Notisval.AV)
    s = finalised_meeting(org, kansli, lg_members)
    for member in (person_of(lg_members[0]), justerare):
        [amne] = utskick_till(member)
        assert amne.startswith("Justera protokollet")
        notis = Notis.objects.get(person=member)
        assert notis.typ == Notistyp.PLIKT and notis.epost == Notisval.DIREKT
        assert notis.lank == reverse("sammantrade:detalj", args=[s.pk])
    # Not the secretary, who is neither.
    assert not Notis.objects.filter(person=person_of(kansli)).exists()
    deliver_mail()
    assert any("väntar på att du justerar" in m.body for m in mailoutbox)


def test_duty_reminders_cannot_be_switched_off(kansli):
    val = dict.fromkeys(
        ["beslut", "ko", "kommentar", "sammantrade", "paminnelse"], Notisval.AV.value
    )
    with pytest.raises(Invalid) as exc:
        notisinstallningar_save(user=kansli, val={**val, "plikt": Notisval.AV})
    assert "plikt" in exc.value.field_errors
    assert not Notisinstallning.objects.exists()


def test_settings_refuse_an_unknown_choice_and_save_nothing(kansli):
    val = dict.fromkeys(
        ["beslut", "ko", "kommentar", "sammantrade", "paminnelse"], Notisval.AV.value
    )
    with pytest.raises(Invalid):
        notisinstallningar_save(user=kansli, val={**val, "ko": "ibland"})
    assert not Notisinstallning.objects.exists()


# --- The daily summary -----------------------------------------------------------------


def test_the_summary_is_sent_once_however_often_it_runs(kansli, project_a, contact, ordforande):
    valj_notiser(contact, Notisval.SAMMANFATTNING)
    valj_notiser(person_of(ordforande), Notisval.SAMMANFATTNING)
    run(project_a, "bered", kansli)
    run(project_a, "avbryt", kansli, kommentar="Inte längre aktuellt.")
    assert Notis.objects.filter(person=contact).count() == 2
    assert not Utskick.objects.exists()

    out = io.StringIO()
    call_command("skicka_sammanfattning", "--bara-koa", stdout=out)
    assert "Sammanfattningar köade: 2 (med 4 notiser)" in out.getvalue()
    # One mail per person, with both notifications.
    assert len(utskick_till(contact)) == 1
    assert len(utskick_till(person_of(ordforande))) == 1
    assert Utskick.objects.count() == 2

    again = sammanfattning_skicka()
    assert (again.personer, again.notiser) == (0, 0)
    assert Utskick.objects.count() == 2


def test_the_summary_leaves_out_old_and_immediate_notifications(kansli, project_a, contact):
    valj_notiser(contact, Notisval.SAMMANFATTNING)
    run(project_a, "bered", kansli)
    Notis.objects.filter(person=contact).update(skapad=timezone.now() - datetime.timedelta(days=8))
    assert sammanfattning_skicka().personer == 0
    assert utskick_till(contact) == []


# --- The list in the application -------------------------------------------------------


@pytest.fixture
def mine(kansli):
    me = person_of(kansli)
    return [
        Notis.objects.create(
            person=me, typ=Notistyp.BESLUT, text=f"SFBV-2026-000{i}: Under beredning", epost="av"
        )
        for i in range(1, 4)
    ]


def test_the_list_shows_my_notifications_and_the_header_counts_the_unread(client, kansli, mine):
    other = Notis.objects.create(
        person=Person.objects.create(namn="Olle Annan"), typ="ko", text="Inte din", epost="av"
    )
    client.force_login(kansli)
    page = client.get(reverse("notiser:lista")).content.decode()
    for n in mine:
        assert n.text in page
    assert other.text not in page
    assert "3 olästa notiser." in page
    assert '(3)</span><span class="visually-hidden"> olästa</span>' in page


def test_marking_one_as_read(client, kansli, mine):
    client.force_login(kansli)
    response = client.post(reverse("notiser:markera_last", args=[mine[0].pk]), follow=True)
    assert response.status_code == 200
    mine[0].refresh_from_db()
    assert mine[0].last is not None
    assert Notis.objects.filter(last__isnull=True).count() == 2
    assert "2 olästa notiser." in response.content.decode()
    # Again: nothing changes.
    first = mine[0].last
    client.post(reverse("notiser:markera_last", args=[mine[0].pk]))
    mine[0].refresh_from_db()
    assert mine[0].last == first


def test_marking_all_as_read(client, kansli, mine):
    other = Notis.objects.create(
        person=Person.objects.create(namn="Olle Annan"), typ="ko", text="Inte din", epost="av"
    )
    client.force_login(kansli)
    response = client.post(reverse("notiser:markera_alla_lasta"), follow=True)
    page = response.content.decode()
    assert "3 notiser är markerade som lästa." in page
    assert not Notis.objects.filter(person=person_of(kansli), last__isnull=True).exists()
    other.refresh_from_db()
    assert other.last is None
    response = client.post(reverse("notiser:markera_alla_lasta"), follow=True)
    assert "Det fanns inga olästa notiser." in response.content.decode()


def test_someone_elses_notification_is_not_found_and_stays_unread(client, outsider, mine):
    client.force_login(outsider)
    response = client.post(reverse("notiser:markera_last", args=[mine[0].pk]))
    assert response.status_code == 404
    mine[0].refresh_from_db()
    assert mine[0].last is None
    with pytest.raises(NotAllowed):
        notis_markera_last(notis=mine[0], user=outsider)
    assert client.get(reverse("notiser:markera_last", args=[mine[0].pk])).status_code == 405


def test_an_account_without_a_person_has_no_notifications(client, django_user_model):
    user = django_user_model.objects.create_user("utan_person", password="x")
    client.force_login(user)
    page = client.get(reverse("notiser:lista")).content.decode()
    assert "inte kopplat till någon person" in page
    assert client.post(reverse("notiser:markera_alla_lasta")).status_code == 403


# --- The settings page -----------------------------------------------------------------


def test_the_settings_page_saves_the_choices(client, kansli):
    client.force_login(kansli)
    page = client.get(reverse("notiser:installningar")).content.decode()
    assert "<fieldset" in page and "<legend" in page
    assert "Daglig sammanfattning" in page and "Inte alls" in page
    assert "kan inte stängas av" in page
    data = {
        "beslut": "sammanfattning",
        "ko": "direkt",
        "kommentar": "av",
        "sammantrade": "direkt",
        "paminnelse": "av",
        # A duty reminder is not a choice: a value for it is ignored.
        "plikt": "av",
    }
    response = client.post(reverse("notiser:installningar"), data)
    assert response.status_code == 302
    saved = dict(
        Notisinstallning.objects.filter(person=person_of(kansli)).values_list("typ", "val")
    )
    assert saved == {k: v for k, v in data.items() if k != "plikt"}
    page = client.get(reverse("notiser:installningar")).content.decode()
    assert re.search(r'<input [^>]*name="beslut" value="sammanfattning"[^>]* checked', page)
    assert not re.search(r'<input [^>]*name="beslut" value="direkt"[^>]* checked', page)


def test_the_settings_page_refuses_a_missing_choice(client, kansli):
    client.force_login(kansli)
    response = client.post(reverse("notiser:installningar"), {"beslut": "av", "ko": "aldrig"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Välj när du vill få e-post." in page
    assert "Välj ett av alternativen." in page
    assert not Notisinstallning.objects.exists()


# --- Query budgets ---------------------------------------------------------------------


def test_the_pages_stay_within_the_query_budget(
    client, kansli, mine, django_assert_max_num_queries
):
    me = person_of(kansli)
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        client.get(reverse("notiser:lista"))
    Notis.objects.bulk_create(
        Notis(person=me, typ="ko", text=f"Ärende {i}", lank="/", epost="av") for i in range(200)
    )
    with django_assert_max_num_queries(15):
        page = client.get(reverse("notiser:lista")).content.decode()
    assert "203 olästa notiser." in page
    with django_assert_max_num_queries(15):
        client.get(reverse("notiser:installningar"))
    with django_assert_max_num_queries(15):
        client.get(reverse("start"))


def test_the_kansli_sees_a_persons_choices_in_the_admin(client, kansli):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("admin", "admin@example.test", "x")
    valj_notiser(person_of(kansli), Notisval.SAMMANFATTNING, Notistyp.KO)
    client.force_login(admin_user)
    response = client.get(reverse("admin:delprojekt_person_change", args=[person_of(kansli).pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="notisinstallningar-TOTAL_FORMS" value="1"' in page
    # A duty reminder is no choice there either.
    assert 'value="plikt"' not in page


def test_switching_everything_off_keeps_the_duty_reminders(kansli, project_a, contact):
    notisinstallningar_stang_av(person=contact)
    notisinstallningar_stang_av(person=contact)  # again: nothing more
    assert Notisinstallning.objects.filter(person=contact, val=Notisval.AV).count() == 5
    run(project_a, "bered", kansli)
    assert utskick_till(contact) == []
    assert not Notisinstallning.objects.filter(typ=Notistyp.PLIKT).exists()
