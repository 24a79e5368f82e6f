"""The organisation is editable in the admin; a delprojekt's state is not, the record
(events, decisions) is shown read-only and no history is reverted to."""

import datetime

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from delprojekt.admin import HistoryAdmin
from delprojekt.models import Beslut, Handelse, Organ, Person, Sammantrade, Samverkan, Status
from tests.conftest import person_of
from tests.workflow_helpers import walk_to
from uppfoljning.models import Uppfoljningsomgang


def test_superuser_edits_the_organisation_in_the_admin(client, org):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.test", "x")
    client.force_login(admin)
    for model in ["samverkan", "region", "fokusomrade", "organ", "person", "organmedlemskap"]:
        assert client.get(reverse(f"admin:delprojekt_{model}_changelist")).status_code == 200
    response = client.post(
        reverse("admin:delprojekt_organ_add"),
        {
            "namn": "Chefsamråd urologi",
            "typ": "chefsamrad",
            "aktiv": "on",
            "medlemskap-TOTAL_FORMS": "0",
            "medlemskap-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Organ.objects.filter(namn="Chefsamråd urologi", typ="chefsamrad").exists()


def test_admin_shows_the_state_read_only_and_cannot_add_projects(client, project_a):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.test", "x")
    client.force_login(admin)
    url = reverse("admin:delprojekt_delprojekt_change", args=[project_a.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page
    assert client.get(reverse("admin:delprojekt_delprojekt_add")).status_code == 403
    client.post(url, {"titel": "Nytt namn", "ursprung": "ledningsgrupp", "status": "avslutad"})
    project_a.refresh_from_db()
    assert project_a.status == Status.FORSLAG


# --- The record is never changed or reverted in the admin ---------------------------------


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.test", "x")


def test_history_revert_is_refused_and_keeps_the_protected_state(
    client, superuser, org, kansli, lg_members, project_a
):
    dp = walk_to(project_a, Status.UPPDRAG, org=org, kansli=kansli, lg_members=lg_members)
    forslag = dp.history.filter(status=Status.FORSLAG).earliest("history_date")
    url = reverse("admin:delprojekt_delprojekt_simple_history", args=[dp.pk, forslag.history_id])
    events = list(Handelse.objects.filter(delprojekt=dp).values_list("pk", flat=True))
    versions = dp.history.count()
    client.force_login(superuser)

    response = client.post(url, {"titel": dp.titel, "ursprung": dp.ursprung, "_save": "Revert"})
    assert response.status_code == 403
    dp.refresh_from_db()
    assert dp.status == Status.UPPDRAG
    assert list(Handelse.objects.filter(delprojekt=dp).values_list("pk", flat=True)) == events
    assert dp.history.count() == versions

    # The old version is shown, read-only, with nothing to submit.
    page = client.get(url).content.decode()
    assert "Förslag" in page
    assert 'name="_save"' not in page
    assert 'name="titel"' not in page


def test_no_admin_reverts_history(superuser):
    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True
    history_admins = [
        ma for ma in admin.site._registry.values() if isinstance(ma, SimpleHistoryAdmin)
    ]
    assert history_admins
    assert all(isinstance(ma, HistoryAdmin) for ma in history_admins)
    # The follow-up round has a protected state too; it has no admin page at all.
    assert not admin.site.is_registered(Uppfoljningsomgang)


def test_decisions_are_read_only_in_the_admin(client, superuser, org, kansli, project_a):
    beslut = Beslut.objects.create(
        delprojekt=project_a,
        organ=org.ledningsgrupp,
        datum=datetime.date(2026, 3, 10),
        utfall=Beslut.Utfall.START,
        beslutstext="Ledningsgruppen beslutar att starta delprojektet.",
        paragraf="§ 4/2026",
    )
    client.force_login(superuser)
    change = reverse("admin:delprojekt_beslut_change", args=[beslut.pk])
    page = client.get(change).content.decode()
    assert "Ledningsgruppen beslutar att starta delprojektet." in page
    assert 'name="beslutstext"' not in page and 'name="_save"' not in page
    assert client.post(change, {"beslutstext": "Ändrat.", "paragraf": ""}).status_code == 403
    delete = reverse("admin:delprojekt_beslut_delete", args=[beslut.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:delprojekt_beslut_add")).status_code == 403
    beslut.refresh_from_db()
    assert beslut.beslutstext == "Ledningsgruppen beslutar att starta delprojektet."
    assert beslut.paragraf == "§ 4/2026"


def test_event_log_cannot_be_changed_or_deleted_in_the_admin(client, superuser, project_a):
    with pytest.raises(NoReverseMatch):
        reverse("admin:delprojekt_handelse_change", args=[1])
    events = list(Handelse.objects.filter(delprojekt=project_a).values())
    assert events
    client.force_login(superuser)
    url = reverse("admin:delprojekt_delprojekt_change", args=[project_a.pk])
    page = client.get(url).content.decode()
    assert "handelser-0-DELETE" not in page and 'name="handelser-0-text"' not in page
    data = {
        "titel": "Ryggkirurgi i hela regionen",
        "ursprung": project_a.ursprung,
        "handelser-TOTAL_FORMS": str(len(events)),
        "handelser-INITIAL_FORMS": str(len(events)),
        "handelser-MIN_NUM_FORMS": "0",
        "handelser-MAX_NUM_FORMS": "1000",
    }
    for i, h in enumerate(events):
        data |= {
            f"handelser-{i}-id": str(h["id"]),
            f"handelser-{i}-delprojekt": str(project_a.pk),
            f"handelser-{i}-text": "Ändrad händelse",
            f"handelser-{i}-DELETE": "on",
        }
    response = client.post(url, data)
    assert response.status_code == 302  # the project's own fields are saved ...
    project_a.refresh_from_db()
    assert project_a.titel == "Ryggkirurgi i hela regionen"
    # ... its timeline is not touched.
    assert list(Handelse.objects.filter(delprojekt=project_a).values()) == events
    delete = reverse("admin:delprojekt_delprojekt_delete", args=[project_a.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Handelse.objects.filter(delprojekt=project_a).count() == len(events)


def _samverkan_form(samverkan) -> dict:
    form = {
        f: getattr(samverkan, f)
        for f in (
            "kortnamn",
            "namn",
            "sjukvardsregion",
            "namnd_namn",
            "referens_prefix",
            "min_regioner",
            "max_atgardsforslag",
            "rapport_sidor_min",
            "rapport_sidor_max",
            "forsta_uppfoljning_manader",
            "nasta_uppfoljning_manader_min",
            "nasta_uppfoljning_manader_max",
        )
    }
    form.update(med_samarbetsgrupp="on", med_politisk_beredning="on")
    return form


def test_the_admin_edits_the_brand_the_methods_numbers_and_the_chain(client, superuser, org):
    samverkan = Samverkan.current()
    client.force_login(superuser)
    url = reverse("admin:delprojekt_samverkan_change", args=[samverkan.pk])
    page = client.get(url).content.decode()
    assert "Arbetsmetodens tal" in page and "Beslutskedjan" in page
    form = _samverkan_form(samverkan)
    bad = {**form, "rapport_sidor_min": 7}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "Får inte vara mindre än det minsta sidantalet." in response.content.decode()
    samverkan.refresh_from_db()
    assert samverkan.rapport_sidor_min == 3
    form.update(kortnamn="SRM", max_atgardsforslag=4)
    del form["med_politisk_beredning"]  # an unchecked box is not posted
    assert client.post(url, form).status_code == 302
    current = Samverkan.current()
    assert (current.kortnamn, current.max_atgardsforslag) == ("SRM", 4)
    assert current.organkedja == ("samarbetsgrupp", "ledningsgrupp", "namnd")
    assert "– SRM</title>" in client.get(reverse("start")).content.decode()


def test_a_reference_prefix_that_would_break_urls_is_refused(client, superuser, org):
    samverkan = Samverkan.current()
    client.force_login(superuser)
    url = reverse("admin:delprojekt_samverkan_change", args=[samverkan.pk])
    form = _samverkan_form(samverkan)
    response = client.post(url, {**form, "referens_prefix": "SR/M"})
    assert response.status_code == 200
    assert "Använd bara versaler och siffror" in response.content.decode()
    samverkan.refresh_from_db()
    assert samverkan.referens_prefix == "SFBV"
    assert client.post(url, {**form, "referens_prefix": "SRM"}).status_code == 302
    samverkan.refresh_from_db()
    assert samverkan.referens_prefix == "SRM"


def test_someone_who_attended_a_signed_meeting_cannot_be_deleted(
    client, superuser, org, kansli, lg_members
):
    attended = person_of(lg_members[0])
    s = Sammantrade.objects.create(organ=org.ledningsgrupp, start=timezone.now())
    s.narvarande.set([attended])
    client.force_login(superuser)
    delete = reverse("admin:delprojekt_person_delete", args=[attended.pk])
    assert client.get(delete).status_code == 200
    Sammantrade.objects.filter(pk=s.pk).update(
        ordforande_justerat=timezone.now(), justerare_justerat=timezone.now()
    )
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Person.objects.filter(pk=attended.pk).exists()
