"""The working group's record types are declared once; attachments, comments, the edit and
delete routes and the generic record page all follow from that declaration."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from delprojekt import models as m
from delprojekt.models.grupparbete import Registrerad
from delprojekt.services.bilagor import bilaga_add, resolve_post
from delprojekt.services.grupparbete_typer import POSTTYPER, posttyp_for
from tests.conftest import person_of
from tests.test_bilagor import PNG

DAY = datetime.date(2026, 1, 15)

#: What each record type looked like before it was declared once: (page, edit path).
EXPECTED = {
    "anteckning": ("anteckningar", "anteckningar/{pk}/andra/"),
    "forankring": ("forankring", "forankring/{pk}/"),
    "beredningskontakt": ("beredning/kontakter", "beredning/kontakter/{pk}/"),
    "delrapport": ("delrapporter", "delrapporter/{pk}/andra/"),
    "stod": ("stod", "stod/{pk}/"),
    "kommunikation": ("stod", "stod/kommunikation/{pk}/"),
    "resursinsats": ("resurser", "resurser/insats/{pk}/"),
    "samfinansiering": ("resurser", "resurser/samfinansiering/{pk}/"),
}


def make(slug: str, dp, kansli):
    """One record of the type, made directly (the services are tested elsewhere)."""
    return {
        "anteckning": lambda: m.Minnesanteckning.objects.create(delprojekt=dp, datum=DAY),
        "forankring": lambda: m.Forankring.objects.create(
            delprojekt=dp, datum=DAY, diskuterat="Uppdraget"
        ),
        "beredningskontakt": lambda: m.Beredningskontakt.objects.create(
            delprojekt=dp, datum=DAY, person="Kunskapsstöd", fragan="Området"
        ),
        "delrapport": lambda: m.Delrapport.objects.create(delprojekt=dp, titel="Del 1", text="T"),
        "stod": lambda: m.Stodbegaran.objects.create(delprojekt=dp, typ="data", beskrivning="D"),
        "kommunikation": lambda: m.Kommunikationsaktivitet.objects.create(
            delprojekt=dp, vad="Nyhet"
        ),
        "resursinsats": lambda: m.Resursinsats.objects.create(
            delprojekt=dp, person=person_of(kansli), roll="Stöd", andel=Decimal(20), fran=DAY
        ),
        "samfinansiering": lambda: m.Samfinansiering.objects.create(
            delprojekt=dp, avser="Processtöd", finansiar="Region Skåne", andel=Decimal(50)
        ),
    }[slug]()


def test_every_group_record_model_is_declared_once():
    declared = [t.model for t in POSTTYPER.values()]
    assert len(declared) == len(set(declared))
    concrete = {
        model
        for model in apps.get_models()
        if issubclass(model, Registrerad) and not model._meta.abstract
    }
    assert set(declared) == concrete
    assert sorted(POSTTYPER) == sorted(EXPECTED)
    assert all(slug == t.slug for slug, t in POSTTYPER.items())


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_record_type_keeps_its_urls(client, kansli, project_a, slug):
    post = make(slug, project_a, kansli)
    typ = posttyp_for(post)
    assert typ is POSTTYPER[slug]
    sida, andra = EXPECTED[slug]
    base = f"/delprojekt/{project_a.referens}/"
    assert reverse(f"delprojekt:{typ.andra_namn}", args=[project_a.referens, post.pk]) == (
        base + andra.format(pk=post.pk)
    )
    assert reverse(f"delprojekt:{typ.sida_namn}", args=[project_a.referens]) == f"{base}{sida}/"
    client.force_login(kansli)
    assert client.get(base + andra.format(pk=post.pk)).status_code == 200


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_record_type_takes_comments_and_files(client, kansli, project_a, slug):
    post = make(slug, project_a, kansli)
    ct = ContentType.objects.get_for_model(post)
    assert resolve_post(project_a, ct.pk, post.pk) == post
    client.force_login(kansli)
    response = client.post(
        reverse("delprojekt:kommentar_ny", args=[project_a.referens]),
        {"content_type": ct.pk, "object_id": post.pk, "text": "Bra."},
    )
    assert response.status_code == 302
    assert m.Kommentar.objects.get().post == post
    fil = SimpleUploadedFile("bild.png", PNG, content_type="image/png")
    assert bilaga_add(delprojekt=project_a, user=kansli, fil=fil, post=post).post == post


def test_other_models_take_neither_comments_nor_files(kansli, project_a):
    note = make("anteckning", project_a, kansli)
    vagval = m.Vagval.objects.create(minnesanteckning=note, ordning=1, val="A", motivering="B")
    ct = ContentType.objects.get_for_model(vagval)
    assert resolve_post(project_a, ct.pk, vagval.pk) is None
    assert posttyp_for(vagval) is None


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_record_type_is_deleted_back_to_its_page(client, kansli, project_a, slug):
    post = make(slug, project_a, kansli)
    client.force_login(kansli)
    response = client.post(
        reverse("delprojekt:post_ta_bort", args=[project_a.referens, slug, post.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == f"/delprojekt/{project_a.referens}/{EXPECTED[slug][0]}/"
    assert not type(post).objects.filter(pk=post.pk).exists()
    messages = [str(x) for x in get_messages(response.wsgi_request)]
    assert str(POSTTYPER[slug].borttagen) in messages
    assert m.Handelse.objects.filter(
        delprojekt=project_a, typ=m.Handelse.Typ.GRUPPARBETE, text__contains="togs bort"
    ).exists()


def test_deleting_an_undeclared_type_is_404(client, kansli, project_a):
    client.force_login(kansli)
    note = make("anteckning", project_a, kansli)
    response = client.post(
        reverse("delprojekt:post_ta_bort", args=[project_a.referens, "vagval", note.pk])
    )
    assert response.status_code == 404
    assert m.Minnesanteckning.objects.filter(pk=note.pk).exists()


def test_a_refused_delete_returns_to_the_records_own_page(client, kansli, project_a):
    rapport = make("delrapport", project_a, kansli)
    m.Delrapport.objects.filter(pk=rapport.pk).update(
        skickad_till="ledningsgrupp", skickad=datetime.datetime(2026, 1, 16, tzinfo=datetime.UTC)
    )
    client.force_login(kansli)
    response = client.post(
        reverse("delprojekt:post_ta_bort", args=[project_a.referens, "delrapport", rapport.pk])
    )
    assert response["Location"] == reverse(
        "delprojekt:delrapport", args=[project_a.referens, rapport.pk]
    )
    assert m.Delrapport.objects.filter(pk=rapport.pk).exists()
