"""The 403 page says what is true for the case: a page one may not see, or a change one may
not make."""

from __future__ import annotations

from django.urls import reverse


def test_a_page_one_may_not_see_does_not_say_one_can_read_it(client, org, outsider):
    client.force_login(outsider)
    response = client.get(reverse("beslut:oversikt"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Du har inte behörighet att se den här sidan." in html
    assert "kan läsa" not in html


def test_a_refused_change_says_nothing_was_saved(client, reader, project_a):
    client.force_login(reader)
    response = client.post(
        reverse("delprojekt:resurser", args=[project_a.referens]),
        {"formular": "kostnad", "kostnad-kostnadsuppskattning": "Cirka 1 kr."},
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "Du har inte behörighet att göra den här ändringen, och ingenting har sparats." in html
    assert "se den här sidan" not in html
