"""factory_boy factories for the domain. Fictional people only."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from delprojekt.models import (
    Arbetsgruppsmedlemskap,
    Atgardsforslag,
    Fokusomrade,
    Nomineringsstatus,
    Organ,
    Organmedlemskap,
    Person,
    Region,
)

PASSWORD = "test-lösenord-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"anvandare{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("namn",)

    namn = factory.Sequence(lambda n: f"Region {n}")
    kortnamn = factory.Sequence(lambda n: f"R{n}")


class FokusomradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fokusomrade
        django_get_or_create = ("namn",)

    namn = factory.Sequence(lambda n: f"Fokus {n}")


class OrganFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organ
        django_get_or_create = ("namn",)

    namn = factory.Sequence(lambda n: f"Organ {n}")
    typ = Organ.Typ.CHEFSAMRAD


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    namn = factory.Sequence(lambda n: f"Testperson {n}")
    epost = factory.Sequence(lambda n: f"person{n}@example.test")
    profession = "Läkare"


class OrganmedlemskapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organmedlemskap

    person = factory.SubFactory(PersonFactory)
    organ = factory.SubFactory(OrganFactory)
    roll = Organmedlemskap.Roll.LEDAMOT
    fran = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))


class ArbetsgruppsmedlemskapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Arbetsgruppsmedlemskap

    person = factory.SubFactory(PersonFactory)
    roll = "ledamot"
    status = Nomineringsstatus.UTSEDD
    avstamt_med_chef = True


class AtgardsforslagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Atgardsforslag

    ordning = factory.Sequence(lambda n: n + 1)
    titel = factory.Sequence(lambda n: f"Åtgärdsförslag {n}")
    genomforbarhet = "Genomförbart inom befintliga resurser."
    undantrangning = "Liten risk."
