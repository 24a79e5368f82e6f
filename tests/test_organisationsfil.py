"""``manage.py load_organisation``: the example files load, a second run changes nothing,
every error is named with its line, and a file with an error writes nothing."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from delprojekt.models import Organ, Organmedlemskap, Person, Region, Samverkan
from delprojekt.services.organisationsfil import Organisationsfel, organisation_load_text

pytestmark = [pytest.mark.django_db, pytest.mark.ingen_samverkan]

ORGANISATION = Path(settings.BASE_DIR) / "organisation"


def _load(name: str) -> str:
    out = StringIO()
    call_command("load_organisation", str(ORGANISATION / name), stdout=out)
    return out.getvalue()


def _snapshot() -> dict:
    return {
        model.__name__: sorted(map(repr, model.objects.values_list()))
        for model in (Samverkan, Region, Organ, Person, Organmedlemskap, get_user_model())
    }


def test_sodra_loads_four_regions_and_the_full_chain():
    out = _load("sodra.yaml")
    assert "4 region skapade" in out
    s = Samverkan.current()
    assert (s.kortnamn, s.referens_prefix, s.max_atgardsforslag) == ("SFBV", "SFBV", 5)
    assert s.organkedja == ("samarbetsgrupp", "ledningsgrupp", "politisk_styrgrupp", "namnd")
    assert Region.objects.count() == 4
    kansli1 = Person.objects.get(user__username="kansli1")
    assert kansli1.medlemskap.get().organ.typ == Organ.Typ.KANSLI
    assert not kansli1.user.has_usable_password()
    assert get_user_model().objects.get(username="admin").is_superuser


def test_mellansverige_loads_seven_regions_its_own_brand_and_a_shorter_chain():
    _load("mellansverige.yaml")
    s = Samverkan.current()
    assert (s.kortnamn, s.referens_prefix, s.namnd_namn) == (
        "SRM",
        "SRM",
        "Samverkansnämnden Mellansverige",
    )
    assert s.organkedja == ("samarbetsgrupp", "ledningsgrupp", "namnd")
    assert list(Region.objects.values_list("kortnamn", flat=True)) == [
        "DAL",
        "GAV",
        "UPP",
        "VRM",
        "VMA",
        "ORE",
        "SRL",
    ]
    assert not Organ.objects.filter(typ=Organ.Typ.POLITISK_STYRGRUPP).exists()
    text = (ORGANISATION / "mellansverige.yaml").read_text(encoding="utf-8")
    assert "SFBV" not in text and "Södra" not in text


@pytest.mark.parametrize("name", ["sodra.yaml", "mellansverige.yaml"])
def test_a_second_run_changes_nothing(name):
    _load(name)
    before = _snapshot()
    out = _load(name)
    assert "inget att ändra" in out
    assert _snapshot() == before


def test_a_changed_file_updates_what_changed_and_says_so():
    _load("mellansverige.yaml")
    text = (ORGANISATION / "mellansverige.yaml").read_text(encoding="utf-8")
    text = text.replace("min_regioner: 4", "min_regioner: 5").replace(
        "kedja: [samarbetsgrupp, ledningsgrupp, namnd]", "kedja: [ledningsgrupp, namnd]"
    )
    rapport = organisation_load_text(text)
    assert rapport.andrade == {"samverkan": 1}
    assert sum(rapport.skapade.values()) == 0
    s = Samverkan.current()
    assert (s.min_regioner, s.med_samarbetsgrupp) == (5, False)


def test_json_is_read_too():
    rapport = organisation_load_text(
        """{"samverkan": {"kortnamn": "SRX", "namn": "Samverkan X", "sjukvardsregion": "X",
        "namnd_namn": "Nämnden X", "referens_prefix": "SRX"},
        "regioner": [{"namn": "Region A", "kortnamn": "A"}],
        "organ": [{"namn": "LG", "typ": "ledningsgrupp"}, {"namn": "Nämnden X", "typ": "namnd"},
                  {"namn": "Kansliet", "typ": "kansli"}, {"namn": "SG", "typ": "samarbetsgrupp"},
                  {"namn": "PS", "typ": "politisk_styrgrupp"}]}"""
    )
    assert rapport.skapade["region"] == 1
    assert Samverkan.current().kortnamn == "SRX"


BAD = """\
samverkan:
  kortnamn: SRM
  namn: Samverkan
  sjukvardsregion: Mellan
  namnd_namn: Nämnden
  referens_prefix: SR/M
  rapport_sidor_min: 7
  kedja: [ledningsgrupp, samarbetsgrupp, namnd]
regioner:
  - {namn: Region Dalarna, kortnamn: DAL}
  - {namn: Region Dalarna igen, kortnamn: DAL}
organ:
  - {namn: Ledningsgruppen, typ: ledningsgrupp}
  - {namn: Nämnden, typ: nämnd}
  - {namn: Kansliet, typ: kansli, region: XYZ}
personer:
  - namn: Vera Kanslifors
    epost: inte-en-adress
    anvandare: kansli
    medlemskap:
      - {organ: Kansliet, roll: chef}
      - {organ: Ingenstans, roll: ledamot}
  - namn: Olle Okänd
    farg: blå
    grupper: [Läsare]
"""


def test_every_error_is_named_with_its_line():
    with pytest.raises(Organisationsfel) as info:
        organisation_load_text(BAD)
    fel = info.value.fel
    expected = [
        ("rad 6:", "referens_prefix"),
        ("rad 7:", "rapport_sidor_max"),
        ("rad 8:", "kedjans ordning"),
        ("rad 11:", "regionen DAL finns två gånger"),
        ("rad 14:", "okänd typ »nämnd«"),
        ("rad 15:", "regionen XYZ finns inte"),
        ("rad 18:", "ingen giltig e-postadress"),
        ("rad 21:", "okänd roll »chef«"),
        ("rad 22:", "organet »Ingenstans« finns inte"),
        ("rad 24:", "okänd nyckel »farg«"),
        ("rad 23:", "inget användarnamn"),
    ]
    for rad, text in expected:
        assert any(f.startswith(rad) and text in f for f in fel), (rad, text, fel)
    assert not Samverkan.objects.exists() and not Region.objects.exists()


def test_the_command_lists_the_errors_and_saves_nothing(tmp_path):
    path = tmp_path / "fel.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError, match=r"ingenting sparades(.|\n)*rad 6:"):
        call_command("load_organisation", str(path), stdout=StringIO())
    assert not Person.objects.exists()


def test_a_syntax_error_is_named_with_its_line():
    with pytest.raises(Organisationsfel, match="rad 3:"):
        organisation_load_text("samverkan:\n  namn: x\n  kortnamn: SRM: x\n")


def test_an_error_found_while_writing_leaves_nothing(django_user_model):
    # The username belongs to someone else already: found only when writing, and then the
    # whole file is rolled back, not just that person.
    other = django_user_model.objects.create(username="kansli")
    Person.objects.create(namn="Någon annan", user=other)
    with pytest.raises(CommandError, match="rad 55: användaren kansli hör redan till en annan"):
        _load("mellansverige.yaml")
    assert not Samverkan.objects.exists()
    assert not Region.objects.exists()
    assert Person.objects.count() == 1


def test_without_a_samverkan_pages_say_how_to_configure_one(client, django_user_model):
    user = django_user_model.objects.create(username="tidig")
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 503
    assert "kör manage.py load_organisation FIL" in response.content.decode()
    assert not Samverkan.objects.exists()
