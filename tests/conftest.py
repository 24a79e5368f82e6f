"""Shared fixtures: the organisation and named personas.

Personas: ``kansli`` (kansli, contact person), ``lg_members`` (one ledningsgrupp
member per region), ``samarbetsgrupp``, ``ordforande`` (chair of ``project_a``),
``ledamot_b`` (member of ``project_b``), ``reader`` (Läsare) and ``outsider``
(logged in, no role).
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from delprojekt.models import Delprojekt, Organ, Person, Samverkan, Ursprung
from delprojekt.permissions import GRUPP_LASARE
from delprojekt.services.delprojekt import delprojekt_register
from oppet.innehall import glom_dataversion
from tests import factories as f

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # CI runs the browser tests in a pytest call of their own (`-m browser`), apart from
    # the rest that runs in parallel (`-m "not browser"`). Mark every test that drives a
    # browser or a live server, so a forgotten marker cannot put one in the parallel run
    # or leave it out of both.
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if BROWSER_TESTS in item.path.parents or {"live_server", "page"} & fixtures:
            item.add_marker(pytest.mark.browser)


REGIONER = [
    ("Region Blekinge", "BLE"),
    ("Region Halland", "HAL"),
    ("Region Kronoberg", "KRO"),
    ("Region Skåne", "SKA"),
]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # The production hasher is slow on purpose; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploads go to a throw-away folder, never into the working tree.
    settings.MEDIA_ROOT = tmp_path / "media"
    # The outbox's worker delivers into the test mailbox (pytest-django's mailoutbox).
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # What one test cached (the samverkan, say) is not another test's row, nor the
    # public data's fingerprint another test's data (rows made in bulk send no signal).
    cache.clear()
    glom_dataversion()
    yield
    cache.clear()
    glom_dataversion()


def deliver_mail() -> int:
    """One pass of the outbox's worker, as `manage.py skicka_epost` runs it. Returns the
    number of messages delivered into the test mailbox."""
    from delprojekt.services import utkorg

    return utkorg.leverera().skickade


@dataclass
class Org:
    regioner: list
    fokus: list
    ledningsgrupp: Organ
    samarbetsgrupp: Organ
    politisk_styrgrupp: Organ
    namnd: Organ
    kansli: Organ
    chefsamrad: Organ


@pytest.fixture
def samverkan(db) -> Samverkan:
    """The collaboration, made explicitly: ``Samverkan.current()`` never creates one."""
    return Samverkan.objects.create(
        kortnamn="SFBV",
        namn="Samarbete för bättre vård",
        sjukvardsregion="Södra sjukvårdsregionen",
        namnd_namn="Södra regionvårdsnämnden",
        referens_prefix="SFBV",
    )


@pytest.fixture(autouse=True)
def _samverkan_configured(request):
    """Every test with a database starts in a configured installation, as after
    ``manage.py load_organisation``: ``Samverkan.current()`` never creates one itself.
    A test of a fresh installation is marked ``ingen_samverkan``."""
    uses_db = {"db", "transactional_db", "live_server", "django_db_setup"} & set(
        request.fixturenames
    ) or request.node.get_closest_marker("django_db")
    if uses_db and not request.node.get_closest_marker("ingen_samverkan"):
        request.getfixturevalue("samverkan")


@pytest.fixture
def org(db, samverkan) -> Org:
    regioner = [
        f.RegionFactory(namn=namn, kortnamn=kort, ordning=i)
        for i, (namn, kort) in enumerate(REGIONER)
    ]
    fokus = [
        f.FokusomradeFactory(namn=n, ordning=i)
        for i, n in enumerate(
            ["Jämlikhet", "Tillgänglighet", "Kompetensförsörjning", "Ekonomi", "Helhetslösning"]
        )
    ]
    return Org(
        regioner=regioner,
        fokus=fokus,
        ledningsgrupp=f.OrganFactory(namn="Ledningsgruppen", typ=Organ.Typ.LEDNINGSGRUPP),
        samarbetsgrupp=f.OrganFactory(namn="Samarbetsgruppen", typ=Organ.Typ.SAMARBETSGRUPP),
        politisk_styrgrupp=f.OrganFactory(
            namn="Politiska styrgruppen", typ=Organ.Typ.POLITISK_STYRGRUPP
        ),
        namnd=f.OrganFactory(namn="Södra regionvårdsnämnden", typ=Organ.Typ.NAMND),
        kansli=f.OrganFactory(namn="Kansliet", typ=Organ.Typ.KANSLI),
        chefsamrad=f.OrganFactory(namn="Chefsamråd ortopedi", typ=Organ.Typ.CHEFSAMRAD),
    )


def _person_user(username: str, namn: str, region=None):
    user = f.UserFactory(username=username, first_name=namn.split()[0], last_name=namn.split()[-1])
    person = f.PersonFactory(namn=namn, user=user, region=region)
    return user, person


@pytest.fixture
def kansli(org):
    user, person = _person_user("kansli", "Kerstin Kanslisson")
    f.OrganmedlemskapFactory(person=person, organ=org.kansli, roll="kontaktperson")
    return user


@pytest.fixture
def lg_members(org):
    users = []
    for i, region in enumerate(org.regioner):
        user, person = _person_user(f"lg{i}", f"Ledamot {region.kortnamn} Lundgren", region)
        f.OrganmedlemskapFactory(person=person, organ=org.ledningsgrupp)
        users.append(user)
    return users


@pytest.fixture
def samarbetsgrupp_user(org):
    user, person = _person_user("sg", "Sara Samarbete", org.regioner[1])
    f.OrganmedlemskapFactory(person=person, organ=org.samarbetsgrupp)
    return user


@pytest.fixture
def reader(org):
    user, _person = _person_user("lasare", "Lars Läsare")
    user.groups.add(Group.objects.get_or_create(name=GRUPP_LASARE)[0])
    return user


@pytest.fixture
def outsider(org):
    user, _person = _person_user("utomstaende", "Ulla Utomstående")
    return user


def register(user, **kwargs) -> Delprojekt:
    defaults = {"titel": "Testprojekt", "ursprung": Ursprung.LEDNINGSGRUPP}
    defaults.update(kwargs)
    return delprojekt_register(user=user, **defaults)


@pytest.fixture
def project_a(kansli, org):
    return register(kansli, titel="Ryggkirurgi")


@pytest.fixture
def ordforande(project_a, org):
    user, person = _person_user("ordf", "Olof Ordförande", org.regioner[3])
    f.ArbetsgruppsmedlemskapFactory(delprojekt=project_a, person=person, roll="ordforande")
    return user


@pytest.fixture
def project_b(kansli, org):
    return register(kansli, titel="Barnreumatologi")


@pytest.fixture
def ledamot_b(project_b, org):
    user, person = _person_user("ledb", "Linnea Ledamot", org.regioner[0])
    f.ArbetsgruppsmedlemskapFactory(delprojekt=project_b, person=person, roll="ledamot")
    return user


def today() -> datetime.date:
    return timezone.localdate()


def person_of(user) -> Person:
    return Person.objects.get(user=user)


def valj_notiser(person: Person, val: str, *typer: str) -> None:
    """Save ``person``'s choice of mail (``Notisval``) for ``typer`` (all that can be
    chosen when none is named), as the settings page does."""
    from delprojekt.models import VALBARA_TYPER, Notisinstallning

    for typ in typer or VALBARA_TYPER:
        Notisinstallning.objects.update_or_create(person=person, typ=typ, defaults={"val": val})
