"""Implementation per region: the matrix of a project, updating a region (the kansli any
region, a coordinator their own), and the portfolio view per region."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from delprojekt.models import Handelse, Huvudmannabeslut, Rekommendationsutfall, Status
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed
from delprojekt.services.regionbeslut import current_rekommendationer
from tests import factories as f
from tests.conftest import register
from tests.workflow_helpers import walk_to
from uppfoljning.models import Inforandestatus
from uppfoljning.services.inforande import (
    andelar,
    inforande_matris,
    inforande_oversikt,
    inforande_save,
    stapel,
)

S = Inforandestatus.Status


def url(name, *args):
    return reverse(f"uppfoljning:{name}", args=args)


def samordnare(region, username="samordnare"):
    user = f.UserFactory(username=username)
    f.PersonFactory(user=user, region=region, namn=f"Sam Samordnare {region.kortnamn}")
    user.groups.add(Group.objects.get_or_create(name="Regional samordnare")[0])
    return user


def make_project(org, kansli, lg_members, *, titel="Palliativ vård", status=Status.INFORANDE):
    """A project after the board's recommendation, with two recommendations, concerning
    all four regions (every region said bifall on the way to implementation)."""
    project = walk_to(
        register(kansli, titel=titel),
        Status.SLUTRAPPORT,
        org=org,
        kansli=kansli,
        lg_members=lg_members,
    )
    project.atgardsforslag.update(ordning=1)
    f.AtgardsforslagFactory(delprojekt=project, ordning=2, titel="Gemensam vårdplan")
    return walk_to(project, status, org=org, kansli=kansli, lg_members=lg_members)


@pytest.fixture
def dp(org, kansli, lg_members):
    return make_project(org, kansli, lg_members)


@pytest.fixture
def halland(org):
    return org.regioner[1]


@pytest.fixture
def sam_halland(halland):
    return samordnare(halland)


def reks(project):
    return current_rekommendationer(project)


def set_avslag(project, region, rek):
    beslut = Huvudmannabeslut.objects.filter(delprojekt=project, region=region).first()
    if beslut is None:
        beslut = Huvudmannabeslut.objects.create(
            delprojekt=project,
            region=region,
            niva="politisk",
            organ_namn="Regionstyrelsen",
            datum="2026-10-01",
        )
    Rekommendationsutfall.objects.update_or_create(
        huvudmannabeslut=beslut, rekommendation=rek, defaults={"utfall": "avslag"}
    )


def form_data(project, region, changes):
    """POST data as the browser sends it: every row, with the values the user saw as the
    hidden initial values, and ``changes`` (rekommendation -> (status, kommentar)) applied."""
    m = inforande_matris(project)
    data = {}
    for rek, cell in zip([r.rekommendation for r in m.rader], m.kolumn(region), strict=True):
        status, kommentar = changes.get(rek, (cell.status, cell.kommentar))
        data[f"status_{rek.pk}"] = status
        data[f"kommentar_{rek.pk}"] = kommentar
        data[f"initial-status_{rek.pk}"] = cell.status
        data[f"initial-kommentar_{rek.pk}"] = cell.kommentar
    return data


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- The matrix ------------------------------------------------------------------------


def test_default_statuses_not_started_and_not_relevant_after_avslag(dp, org):
    first, second = reks(dp)
    kronoberg = org.regioner[2]
    set_avslag(dp, kronoberg, second)
    m = inforande_matris(dp)
    assert not m.tom
    assert [r.namn for r in m.regioner] == [r.namn for r in org.regioner]
    assert [rad.rekommendation for rad in m.rader] == [first, second]
    cells = {(rad.rekommendation.pk, c.region.pk): c for rad in m.rader for c in rad.celler}
    avslag = cells[(second.pk, kronoberg.pk)]
    assert avslag.status == S.EJ_AKTUELLT
    assert avslag.status_label == "Ej aktuellt"
    assert avslag.regionens_beslut == "Avslag"
    assert avslag.uppdaterad is None and avslag.uppdaterad_av == "" and avslag.kommentar == ""
    bifall = cells[(first.pk, kronoberg.pk)]
    assert bifall.status == S.EJ_PABORJAT and bifall.status_label == "Ej påbörjat"
    assert bifall.regionens_beslut == "Bifall"
    assert m.summa == {"genomfort": 0, "pagar": 0, "ej_paborjat": 7, "ej_aktuellt": 1}


def test_matrix_is_empty_before_the_boards_recommendation(client, kansli, org, lg_members):
    project = walk_to(register(kansli), Status.NAMND, org=org, kansli=kansli, lg_members=lg_members)
    m = inforande_matris(project)
    assert m.tom and m.rader == []
    client.force_login(kansli)
    page = client.get(url("inforande", project.referens)).content.decode()
    assert "Nämnden har inte rekommenderat regionerna något ännu" in page
    assert "Uppdatera Region" not in page


def test_matrix_reads_stored_rows_with_who_and_when(dp, kansli, halland):
    first, _second = reks(dp)
    inforande_save(
        delprojekt=dp, region=halland, user=kansli, data={first.pk: ("pagar", "Utbildning i höst.")}
    )
    cell = inforande_matris(dp).kolumn(halland)[0]
    assert cell.status == "pagar" and cell.status_label == "Pågår"
    assert cell.kommentar == "Utbildning i höst."
    assert cell.uppdaterad is not None
    assert cell.uppdaterad_av == "Kerstin Kanslisson"


def test_matrix_page_shows_text_labels_symbols_legend_and_summary(client, dp, kansli, halland):
    first, _second = reks(dp)
    inforande_save(
        delprojekt=dp, region=halland, user=kansli, data={first.pk: ("genomfort", "Klart i maj.")}
    )
    client.force_login(kansli)
    response = client.get(url("inforande", dp.referens))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<span aria-hidden="true" class="inforande-status__ikon">✓</span> Genomfört' in page
    assert "Ej påbörjat" in page
    assert "Klart i maj." in page
    assert "uppdaterad " in page and "av Kerstin Kanslisson" in page
    assert "Förklaring" in page and "Ej aktuellt" in page
    assert "Genomfört</span>: 1 av 8 (13 %)" in page  # genomfört
    assert "7 av 8 (88 %)" in page  # ej påbörjat
    assert "<caption>" in page and 'scope="col"' in page and 'scope="row"' in page
    for region in ("Blekinge", "Halland", "Kronoberg", "Skåne"):
        assert f"Uppdatera Region {region}" in page


def test_matrix_page_query_count_does_not_grow(
    client, org, kansli, lg_members, django_assert_max_num_queries
):
    project = make_project(org, kansli, lg_members)
    client.force_login(kansli)
    for i in range(3, 7):
        f.AtgardsforslagFactory(delprojekt=project, ordning=i)
    client.get(url("inforande", project.referens))
    with django_assert_max_num_queries(15):
        response = client.get(url("inforande", project.referens))
    assert response.status_code == 200


def test_coordinator_sees_update_link_for_own_region_only(client, dp, sam_halland):
    client.force_login(sam_halland)
    page = client.get(url("inforande", dp.referens)).content.decode()
    assert "Uppdatera Region Halland" in page
    assert "Uppdatera Region Skåne" not in page
    assert "Uppdatera Region Blekinge" not in page


def test_reader_reads_the_matrix_but_may_not_update(client, dp, reader, halland):
    first, _second = reks(dp)
    client.force_login(reader)
    page = client.get(url("inforande", dp.referens))
    assert page.status_code == 200
    assert "Uppdatera Region" not in page.content.decode()
    assert client.get(url("inforande_region", dp.referens, halland.pk)).status_code == 403
    response = client.post(
        url("inforande_region", dp.referens, halland.pk),
        form_data(dp, halland, {first: ("genomfort", "")}),
    )
    assert response.status_code == 403
    assert not Inforandestatus.objects.exists()


def test_outsider_gets_404(client, dp, outsider, halland):
    client.force_login(outsider)
    assert client.get(url("inforande", dp.referens)).status_code == 404
    assert client.get(url("inforande_region", dp.referens, halland.pk)).status_code == 404
    assert client.post(url("inforande_region", dp.referens, halland.pk), {}).status_code == 404
    assert client.get(url("inforande_oversikt")).status_code == 403


# --- Updating a region -----------------------------------------------------------------


def test_kansli_updates_any_region(client, dp, kansli, org):
    first, second = reks(dp)
    skane = org.regioner[3]
    client.force_login(kansli)
    page = client.get(url("inforande_region", dp.referens, skane.pk))
    assert page.status_code == 200
    assert "Uppdatera införandet i Region Skåne" in page.content.decode()
    assert "Status för rekommendation 1" in page.content.decode()
    response = client.post(
        url("inforande_region", dp.referens, skane.pk),
        form_data(
            dp, skane, {first: ("genomfort", "Infört på alla sjukhus."), second: ("pagar", "")}
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == url("inforande", dp.referens)
    rows = {r.rekommendation_id: r for r in Inforandestatus.objects.filter(region=skane)}
    assert rows[first.pk].status == "genomfort"
    assert rows[first.pk].kommentar == "Infört på alla sjukhus."
    assert rows[first.pk].uppdaterad_av == kansli
    assert rows[second.pk].status == "pagar"
    assert "Införandet i Region Skåne är sparat (2 ändringar)." in messages_of(response)
    # History records who acted.
    assert rows[first.pk].history.get().history_user == kansli
    # One event on the timeline, summarising the change.
    event = Handelse.objects.filter(delprojekt=dp, typ=Handelse.Typ.UPPFOLJNING).latest("pk")
    assert event.text == (
        "Införandet i Region Skåne uppdaterades: rekommendation 1 genomfört, "
        "rekommendation 2 pågår."
    )
    assert event.anvandare == kansli
    # Another region as well.
    blekinge = org.regioner[0]
    response = client.post(
        url("inforande_region", dp.referens, blekinge.pk),
        form_data(dp, blekinge, {first: ("pagar", "")}),
    )
    assert response.status_code == 302
    assert Inforandestatus.objects.get(region=blekinge).status == "pagar"


def test_coordinator_updates_own_region_only(client, dp, sam_halland, halland, org):
    first, _second = reks(dp)
    client.force_login(sam_halland)
    response = client.post(
        url("inforande_region", dp.referens, halland.pk),
        form_data(dp, halland, {first: ("pagar", "Rutinen är under framtagande.")}),
    )
    assert response.status_code == 302
    row = Inforandestatus.objects.get(region=halland, rekommendation=first)
    assert row.status == "pagar" and row.uppdaterad_av == sam_halland
    assert row.history.get().history_user == sam_halland
    skane = org.regioner[3]
    assert client.get(url("inforande_region", dp.referens, skane.pk)).status_code == 403
    response = client.post(
        url("inforande_region", dp.referens, skane.pk),
        form_data(dp, skane, {first: ("genomfort", "")}),
    )
    assert response.status_code == 403
    assert not Inforandestatus.objects.filter(region=skane).exists()


def test_service_refuses_a_coordinator_another_region(dp, sam_halland, org):
    first, _second = reks(dp)
    with pytest.raises(NotAllowed) as exc:
        inforande_save(
            delprojekt=dp, region=org.regioner[3], user=sam_halland, data={first.pk: ("pagar", "")}
        )
    assert "egen region" in str(exc.value)
    assert not Inforandestatus.objects.exists()
    assert (
        not Handelse.objects.filter(delprojekt=dp, typ=Handelse.Typ.UPPFOLJNING)
        .filter(text__startswith="Införandet")
        .exists()
    )


def test_service_refuses_someone_without_the_permission(dp, reader, lg_members, halland):
    first, _second = reks(dp)
    for user in (reader, lg_members[0]):
        with pytest.raises(NotAllowed):
            inforande_save(delprojekt=dp, region=halland, user=user, data={first.pk: ("pagar", "")})
    assert not Inforandestatus.objects.exists()


def test_invalid_status_is_a_swedish_error_and_nothing_is_saved(client, dp, kansli, halland):
    first, second = reks(dp)
    client.force_login(kansli)
    response = client.post(
        url("inforande_region", dp.referens, halland.pk),
        form_data(dp, halland, {first: ("klar", ""), second: ("genomfort", "")}),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Något behöver rättas" in page
    assert "Välj ett giltigt alternativ" in page
    assert not Inforandestatus.objects.exists()
    assert not Handelse.objects.filter(text__startswith="Införandet").exists()


def test_service_rejects_invalid_status_unknown_recommendation_and_long_comment(
    dp, kansli, halland, org, lg_members
):
    first, second = reks(dp)
    other = make_project(org, kansli, lg_members, titel="Annat projekt")
    cases = [
        ({first.pk: ("klar", "")}, "Välj en giltig status för rekommendation 1."),
        ({reks(other)[0].pk: ("pagar", "")}, "finns inte bland nämndens aktuella"),
        ({second.pk: ("pagar", "x" * 501)}, "högst 500 tecken"),
    ]
    for data, message in cases:
        # A valid row alongside: nothing of it may be saved either.
        data = {**data, first.pk: data.get(first.pk, ("genomfort", ""))}
        with pytest.raises(Invalid) as exc:
            inforande_save(delprojekt=dp, region=halland, user=kansli, data=data)
        text = " ".join(exc.value.messages) + " " + str(exc.value.field_errors)
        assert message in text
        assert "Införandet sparades inte" in exc.value.messages[0]
    assert not Inforandestatus.objects.exists()
    assert not Handelse.objects.filter(text__startswith="Införandet").exists()


def test_region_not_concerned_is_refused(client, dp, kansli, org):
    first, _second = reks(dp)
    skane = org.regioner[3]
    dp.regioner.remove(skane)
    with pytest.raises(Invalid) as exc:
        inforande_save(delprojekt=dp, region=skane, user=kansli, data={first.pk: ("pagar", "")})
    assert "Region Skåne berörs inte av delprojektet." in exc.value.messages
    client.force_login(kansli)
    assert client.get(url("inforande_region", dp.referens, skane.pk)).status_code == 404
    assert client.post(url("inforande_region", dp.referens, skane.pk), {}).status_code == 404
    assert not Inforandestatus.objects.exists()


def test_nothing_before_the_boards_recommendation(client, kansli, org, lg_members):
    project = walk_to(register(kansli), Status.NAMND, org=org, kansli=kansli, lg_members=lg_members)
    region = org.regioner[0]
    with pytest.raises(GuardFailed) as exc:
        inforande_save(delprojekt=project, region=region, user=kansli, data={})
    assert "först när nämnden har rekommenderat" in str(exc.value)
    client.force_login(kansli)
    page = client.get(url("inforande_region", project.referens, region.pk)).content.decode()
    assert "Införandet kan registreras när nämndens beslut finns." in page
    assert "<form" not in page.split("<main", 1)[-1]


def test_only_changed_rows_are_written(dp, kansli, halland):
    first, second = reks(dp)
    # Values equal to the defaults create no rows and no event.
    data = {first.pk: ("ej_paborjat", ""), second.pk: ("ej_paborjat", "  ")}
    assert inforande_save(delprojekt=dp, region=halland, user=kansli, data=data) == 0
    assert not Inforandestatus.objects.exists()
    data = {first.pk: ("pagar", "Start i januari."), second.pk: ("ej_paborjat", "")}
    assert inforande_save(delprojekt=dp, region=halland, user=kansli, data=data) == 1
    assert inforande_save(delprojekt=dp, region=halland, user=kansli, data=data) == 0
    row = Inforandestatus.objects.get()
    assert row.history.count() == 1
    # A new comment alone is a change.
    data[first.pk] = ("pagar", "Start i februari.")
    assert inforande_save(delprojekt=dp, region=halland, user=kansli, data=data) == 1
    assert row.history.count() == 2
    events = Handelse.objects.filter(delprojekt=dp, text__startswith="Införandet i Region Halland")
    assert [e.text for e in events.order_by("pk")] == [
        "Införandet i Region Halland uppdaterades: rekommendation 1 pågår.",
        "Införandet i Region Halland uppdaterades: rekommendation 1 ny kommentar.",
    ]


def test_a_stale_form_does_not_undo_someone_elses_change(client, dp, kansli, sam_halland, halland):
    first, second = reks(dp)
    seen = form_data(dp, halland, {})  # the kansli opens the form
    inforande_save(delprojekt=dp, region=halland, user=sam_halland, data={first.pk: ("pagar", "")})
    seen[f"status_{second.pk}"] = "genomfort"  # the kansli changes only the second row
    client.force_login(kansli)
    response = client.post(url("inforande_region", dp.referens, halland.pk), seen)
    assert response.status_code == 302
    assert Inforandestatus.objects.get(rekommendation=first).status == "pagar"
    assert Inforandestatus.objects.get(rekommendation=second).status == "genomfort"


def test_personnummer_in_a_comment_gives_a_warning(client, dp, kansli, halland):
    first, _second = reks(dp)
    client.force_login(kansli)
    response = client.post(
        url("inforande_region", dp.referens, halland.pk),
        form_data(dp, halland, {first: ("pagar", "Gäller patient 19121212-1212.")}),
    )
    assert response.status_code == 302
    assert any("liknar ett personnummer" in m for m in messages_of(response))


def test_no_updates_in_a_finished_project(client, dp, kansli, halland):
    first, _second = reks(dp)
    type(dp).objects.filter(pk=dp.pk).update(status=Status.AVSLUTAD)
    dp.refresh_from_db()
    with pytest.raises(NotAllowed):
        inforande_save(delprojekt=dp, region=halland, user=kansli, data={first.pk: ("pagar", "")})
    client.force_login(kansli)
    page = client.get(url("inforande", dp.referens)).content.decode()
    assert "Uppdatera Region" not in page
    assert client.get(url("inforande_region", dp.referens, halland.pk)).status_code == 403


# --- The portfolio view ----------------------------------------------------------------


@pytest.fixture
def portfolio(org, kansli, lg_members):
    """Two projects with two recommendations each, some statuses recorded; a third project
    still before the board's decision (not counted)."""
    a = make_project(org, kansli, lg_members, titel="Palliativ vård")
    b = make_project(org, kansli, lg_members, titel="Barnreumatologi", status=Status.UPPFOLJNING)
    b.regioner.remove(org.regioner[3])  # Skåne is not concerned by b
    walk_to(
        register(kansli, titel="Ännu inte beslutat"),
        Status.NAMND,
        org=org,
        kansli=kansli,
        lg_members=lg_members,
    )
    _blekinge, halland, kronoberg, _skane = org.regioner
    a1, a2 = reks(a)
    b1, b2 = reks(b)
    inforande_save(
        delprojekt=a,
        region=halland,
        user=kansli,
        data={a1.pk: ("genomfort", ""), a2.pk: ("pagar", "")},
    )
    inforande_save(delprojekt=b, region=halland, user=kansli, data={b1.pk: ("genomfort", "")})
    set_avslag(b, kronoberg, b2)
    return a, b


def test_portfolio_counts_per_region(portfolio, org):
    a, b = portfolio
    per_region = {rs.region.namn: rs for rs in inforande_oversikt()}
    assert per_region["Region Halland"].summa == {
        "genomfort": 2,
        "pagar": 1,
        "ej_paborjat": 1,
        "ej_aktuellt": 0,
    }
    assert per_region["Region Kronoberg"].summa == {
        "genomfort": 0,
        "pagar": 0,
        "ej_paborjat": 3,
        "ej_aktuellt": 1,
    }
    assert per_region["Region Skåne"].antal == 2  # only project a
    assert per_region["Region Blekinge"].antal == 4
    halland = per_region["Region Halland"]
    assert [p.procent for p in halland.andelar()] == [50, 25, 25, 0]
    assert "".join(t for _s, t in halland.stapel()) == "✓" * 10 + "◐" * 5 + "○" * 5
    assert [(ps.delprojekt.pk, ps.summa["genomfort"]) for ps in halland.projekt] == [
        (a.pk, 1),
        (b.pk, 1),
    ]


def test_equal_counts_show_equal_shares():
    shares = andelar({"genomfort": 1, "pagar": 0, "ej_paborjat": 4, "ej_aktuellt": 1})
    assert [a.procent for a in shares] == [17, 0, 67, 17]
    assert [a.label for a in shares] == ["Genomfört", "Pågår", "Ej påbörjat", "Ej aktuellt"]
    assert [a.procent for a in andelar({})] == [0, 0, 0, 0]


def test_text_bar_always_has_its_width():
    assert stapel({"genomfort": 1, "pagar": 1, "ej_paborjat": 1, "ej_aktuellt": 0}, 20)
    assert sum(len(t) for _s, t in stapel({"genomfort": 1, "pagar": 1, "ej_paborjat": 1})) == 20
    assert stapel({}) == []


def test_portfolio_page_with_and_without_region_filter(
    client, portfolio, kansli, org, django_assert_max_num_queries
):
    a, b = portfolio
    client.force_login(kansli)
    client.get(url("inforande_oversikt"))
    with django_assert_max_num_queries(15):
        response = client.get(url("inforande_oversikt"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Införandet per region" in page
    assert "Genomfört" in page and "Ej påbörjat" in page
    assert '2 <span class="small muted">(50 %)</span>' in page
    halland = org.regioner[1]
    with django_assert_max_num_queries(15):
        response = client.get(url("inforande_oversikt"), {"region": halland.pk})
    page = response.content.decode()
    assert "Delprojekt som berör Region Halland" in page
    assert url("inforande", a.referens) in page and url("inforande", b.referens) in page
    assert "Ännu inte beslutat" not in page
    # A region value that is not a region shows every region, without an error.
    response = client.get(url("inforande_oversikt"), {"region": "x"})
    assert response.status_code == 200
    assert "Region Skåne" in response.content.decode()


def test_portfolio_query_count_does_not_grow_with_projects(
    client, org, kansli, lg_members, django_assert_max_num_queries
):
    for i in range(3):
        make_project(org, kansli, lg_members, titel=f"Projekt {i}")
    client.force_login(kansli)
    client.get(url("inforande_oversikt"))
    with django_assert_max_num_queries(15):
        response = client.get(url("inforande_oversikt"))
    assert response.status_code == 200
    assert '<td class="num">6</td>' in response.content.decode()


def test_portfolio_is_open_to_readers_and_coordinators(client, portfolio, reader, sam_halland):
    for user in (reader, sam_halland):
        client.force_login(user)
        assert client.get(url("inforande_oversikt")).status_code == 200


def test_too_long_comment_in_the_form_is_refused(client, dp, sam_halland, halland):
    first, _second = reks(dp)
    client.force_login(sam_halland)
    response = client.post(
        url("inforande_region", dp.referens, halland.pk),
        form_data(dp, halland, {first: ("pagar", "Lång text. " * 60)}),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kommentar till rekommendation 1" in page
    assert "500 tecken" in page
    assert not Inforandestatus.objects.exists()


def test_edit_page_shows_the_regions_decision_and_current_values(client, dp, kansli, org):
    first, second = reks(dp)
    kronoberg = org.regioner[2]
    set_avslag(dp, kronoberg, second)
    inforande_save(
        delprojekt=dp, region=kronoberg, user=kansli, data={first.pk: ("pagar", "Pilot i Växjö.")}
    )
    client.force_login(kansli)
    page = client.get(url("inforande_region", dp.referens, kronoberg.pk)).content.decode()
    assert "Regionens beslut: avslag." in page
    assert "Pilot i Växjö." in page
    assert '<option value="ej_aktuellt" selected>Ej aktuellt</option>' in page
    assert '<option value="pagar" selected>Pågår</option>' in page
