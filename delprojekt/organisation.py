"""The organisation as the filter forms read it, cached: regions, focus areas, the
kansli's people and the years that have projects.

These change rarely (an administrator renames a region, someone joins the kansli, the
first project of a new year is registered) but are read on every portfolio page and
statistics page. They are kept in Django's cache under one key and dropped whenever a
row of the tables they come from is saved or deleted (``connect_invalidation``, called
from ``DelprojektConfig.ready``), so the next request reads them again.

The default cache is in memory, per process: a change made in one worker drops only
that worker's copy, and another worker's copy lives at most ``SFBV_ORGANISATION_CACHE_SECONDS``.
Deployed with several workers, ``CACHE_URL`` points every worker at one shared cache
(Redis), where one invalidation reaches all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import CharField, F, IntegerField, Value
from django.db.models.signals import post_delete, post_save

from delprojekt.models import Fokusomrade, Organ, Organmedlemskap, Person, Referensserie, Region

CACHE_KEY = "sfbv:organisation:v1"

#: A choice list: (primary key, name) in display order.
Val = tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Organisation:
    regioner: Val
    fokusomraden: Val
    #: Everyone who is or has been in the kansli: the people a project's contact person
    #: is chosen from (``DelprojektForm``).
    kontaktpersoner: Val
    #: Years with a reference series (every registration creates its year's), newest first.
    ar: tuple[int, ...]


def _las() -> Organisation:
    """Everything in one query: a UNION of (source, sort key, name, id) rows."""

    def rader(qs, kalla: str, sortering, namn, nyckel):
        return (
            qs.annotate(kalla=Value(kalla), sortering=sortering, etikett=namn, nyckel=nyckel)
            .values_list("kalla", "sortering", "etikett", "nyckel")
            .order_by()
        )

    kansli = Organmedlemskap.objects.filter(organ__typ=Organ.Typ.KANSLI).values("person_id")
    delar = [
        rader(Region.objects.all(), "region", F("ordning"), F("namn"), F("pk")),
        rader(Fokusomrade.objects.all(), "fokus", F("ordning"), F("namn"), F("pk")),
        rader(
            Person.objects.filter(pk__in=kansli),
            "kontakt",
            Value(0, output_field=IntegerField()),
            F("namn"),
            F("pk"),
        ),
        rader(
            Referensserie.objects.all(),
            "ar",
            Value(0, output_field=IntegerField()),
            Value("", output_field=CharField()),
            F("ar"),
        ),
    ]
    listor: dict[str, list] = {"region": [], "fokus": [], "kontakt": [], "ar": []}
    alla = delar[0].union(*delar[1:], all=True).order_by("kalla", "sortering", "etikett", "nyckel")
    for kalla, _sortering, namn, nyckel in alla:
        listor[kalla].append(nyckel if kalla == "ar" else (nyckel, namn))
    return Organisation(
        regioner=tuple(listor["region"]),
        fokusomraden=tuple(listor["fokus"]),
        kontaktpersoner=tuple(listor["kontakt"]),
        ar=tuple(sorted(set(listor["ar"]), reverse=True)),
    )


def organisation() -> Organisation:
    """The cached organisation, read from the database (one query) when missing."""
    value = cache.get(CACHE_KEY)
    if value is None:
        value = _las()
        cache.set(CACHE_KEY, value, settings.SFBV_ORGANISATION_CACHE_SECONDS)
    return value


def glom_organisationen() -> None:
    """Drop the cached organisation now and again when the current transaction commits:
    a request that read the old rows in between must not keep them."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def _andrad(sender, **kwargs) -> None:
    glom_organisationen()


#: The tables ``Organisation`` is read from.
KALLOR = (Region, Fokusomrade, Person, Organ, Organmedlemskap, Referensserie)


def connect_invalidation() -> None:
    for model in KALLOR:
        uid = f"sfbv-organisation-{model._meta.label_lower}"
        post_save.connect(_andrad, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_andrad, sender=model, dispatch_uid=f"{uid}-delete")
