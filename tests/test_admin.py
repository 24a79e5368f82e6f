"""The organisation is editable in the admin; a delprojekt's state is not."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from delprojekt.models import Organ, Status


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
