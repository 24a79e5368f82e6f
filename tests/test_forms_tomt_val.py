"""The empty choice of a select says "Välj …", never Django's "---------"."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from delprojekt.forms import SvenskForm
from delprojekt.models import Region


class Exempel(SvenskForm, forms.Form):
    region = forms.ModelChoiceField(queryset=Region.objects.all())
    annan_region = forms.ModelChoiceField(queryset=Region.objects.all(), required=False)
    farg = forms.ChoiceField(choices=[("", "---------"), ("r", "Röd")], required=False)
    alla = forms.ModelChoiceField(queryset=Region.objects.all(), required=False, empty_label="Alla")


@pytest.mark.django_db
def test_the_empty_choice_says_valj_and_keeps_required_and_optional(org):
    html = str(Exempel())
    assert "---------" not in html
    assert html.count(">Välj …</option>") == 3
    assert ">Alla</option>" in html  # a label of its own is kept
    form = Exempel(data={"region": "", "annan_region": "", "farg": "", "alla": ""})
    assert not form.is_valid()
    assert list(form.errors) == ["region"]
    region = Region.objects.first()
    form = Exempel(data={"region": region.pk, "annan_region": "", "farg": ""})
    assert form.is_valid() and form.cleaned_data["annan_region"] is None


def test_no_dashes_on_the_resource_page(client, ordforande, project_a):
    client.force_login(ordforande)
    html = client.get(reverse("delprojekt:resurser", args=[project_a.referens])).content.decode()
    assert '<option value="" selected>Välj …</option>' in html
    assert "---------" not in html
