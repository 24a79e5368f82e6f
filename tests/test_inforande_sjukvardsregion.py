"""Recommendations aimed at the sjukvårdsregion itself: the board's sentence names the
sjukvårdsregion, the regions' cells are not relevant, and the kansli keeps the
sjukvårdsregion's own row of the implementation matrix."""

from __future__ import annotations

import pytest
from django.urls import reverse

from delprojekt.forms import rekommendation_forslag
from delprojekt.models import Atgardsforslag
from delprojekt.services.errors import Invalid, NotAllowed
from delprojekt.services.regionbeslut import current_rekommendationer
from inforande.models import Sjukvardsregionstatus
from inforande.services.sjukvardsregion import sjukvardsregion_rader, sjukvardsregion_save
from tests.test_uppfoljning_inforande import make_project, samordnare
from uppfoljning.services.inforande import inforande_matris


@pytest.fixture
def dp(org, kansli, lg_members):
    project = make_project(org, kansli, lg_members)
    rek = current_rekommendationer(project)[-1]
    Atgardsforslag.objects.filter(pk=rek.atgardsforslag_id).update(sjukvardsregional=True)
    return project


def test_the_boards_sentence_names_the_sjukvardsregion():
    assert rekommendation_forslag("Nämnden", "Inrätta ett register", "Södra sjukvårdsregionen") == (
        "Nämnden rekommenderar Södra sjukvårdsregionen att inrätta ett register."
    )
    assert rekommendation_forslag("Nämnden", "Inrätta ett register") == (
        "Nämnden rekommenderar regionerna att inrätta ett register."
    )


def test_the_regions_cells_are_not_relevant_and_the_row_is_the_sjukvardsregions(dp):
    reks = current_rekommendationer(dp)
    m = inforande_matris(dp)
    assert {c.status for c in m.rader[-1].celler} == {"ej_aktuellt"}
    assert {c.status for c in m.rader[0].celler} == {"ej_paborjat"}
    [rad] = sjukvardsregion_rader(reks)
    assert rad.rekommendation == reks[-1] and rad.status == "ej_paborjat"


def test_the_kansli_keeps_the_row_and_no_one_else(dp, org, kansli):
    rek = current_rekommendationer(dp)[-1]
    sam = samordnare(org.regioner[1])
    with pytest.raises(NotAllowed):
        sjukvardsregion_save(delprojekt=dp, user=sam, data={rek.pk: ("pagar", "")})
    with pytest.raises(Invalid):
        sjukvardsregion_save(delprojekt=dp, user=kansli, data={rek.pk: ("klart", "")})
    other = current_rekommendationer(dp)[0]
    with pytest.raises(Invalid):
        sjukvardsregion_save(delprojekt=dp, user=kansli, data={other.pk: ("pagar", "")})
    assert not Sjukvardsregionstatus.objects.exists()
    assert sjukvardsregion_save(delprojekt=dp, user=kansli, data={rek.pk: ("pagar", "På gång")})
    assert Sjukvardsregionstatus.objects.get().status == "pagar"
    assert not sjukvardsregion_save(delprojekt=dp, user=kansli, data={rek.pk: ("pagar", "På gång")})


def test_the_pages(client, dp, org, kansli, django_assert_max_num_queries):
    rek = current_rekommendationer(dp)[-1]
    url = reverse("inforande:sjukvardsregion", args=[dp.referens])
    client.force_login(samordnare(org.regioner[1]))
    assert client.get(url).status_code == 403
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    response = client.post(url, {f"status_{rek.pk}": "okänd", f"kommentar_{rek.pk}": ""})
    assert response.status_code == 400
    assert not Sjukvardsregionstatus.objects.exists()
    response = client.post(url, {f"status_{rek.pk}": "genomfort", f"kommentar_{rek.pk}": "Klart"})
    assert response.status_code == 302
    with django_assert_max_num_queries(15):
        html = client.get(reverse("uppfoljning:inforande", args=[dp.referens])).content.decode()
    assert "Södra sjukvårdsregionen" in html and "Klart" in html


def test_the_follow_up_report_shows_the_sjukvardsregions_row(client, org, kansli, lg_members):
    from delprojekt.models import Status
    from uppfoljning.services.rapport import rapport_context

    project = make_project(org, kansli, lg_members, status=Status.UPPFOLJNING)
    rek = current_rekommendationer(project)[-1]
    Atgardsforslag.objects.filter(pk=rek.atgardsforslag_id).update(sjukvardsregional=True)
    sjukvardsregion_save(delprojekt=project, user=kansli, data={rek.pk: ("pagar", "Upphandlas")})
    omgang = project.uppfoljningsomgangar.get(nummer=1)
    context = rapport_context(omgang)
    [rad] = context["sjukvardsregion"]
    assert rad.rekommendation == rek and rad.status == "pagar"
    client.force_login(kansli)
    html = client.get(
        reverse("uppfoljning:rapport", args=[project.referens, omgang.nummer])
    ).content.decode()
    assert "Rekommendationer till Södra sjukvårdsregionen (genomförs av kansliet)" in html
    assert "Upphandlas" in html
