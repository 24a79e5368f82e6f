"""The working group's record types, each declared once.

Everything that differs between the types is in its ``Posttyp``: which records take
comments and files (``POST_MODELS``), who may change them, how one is deleted and where
the user returns, the project's URLs for its page and for editing one record, and what
the generic record page needs. A new record type is one declaration here plus its
model, form and template; ``vyer`` names views of its own only when the generic record
page does not fit.

Views and forms are above this layer, so they are named here and looked up by the
views (``delprojekt.views.grupparbete``) and the URLs (``delprojekt.urls_grupparbete``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from delprojekt.models import (
    Beredningskontakt,
    Delprojekt,
    Delrapport,
    Forankring,
    Kommunikationsaktivitet,
    Minnesanteckning,
    Resursinsats,
    Samfinansiering,
    Stodbegaran,
)
from delprojekt.services import grupparbete as svc
from delprojekt.types import Actor, Viewer


def andra_grupparbete(user: Viewer, delprojekt: Delprojekt, post: Any | None) -> bool:
    """The group's leaders and the kansli change the group's records and their files."""
    return user.has_perm("delprojekt.edit_grupparbete", delprojekt)


def _andra_anteckning(user: Viewer, delprojekt: Delprojekt, note: Minnesanteckning | None) -> bool:
    if note is None:
        return user.has_perm("delprojekt.write_minnesanteckning", delprojekt)
    return svc.may_edit_minnesanteckning(user, note, delprojekt)


@dataclass(frozen=True)
class Posttyp:
    """One kind of record the working group keeps.

    Paths are under the project's ``<str:referens>/``; URL names are in the
    ``delprojekt`` namespace.
    """

    #: The key, also in the delete URL ``poster/<slug>/<pk>/ta-bort/``.
    slug: str
    model: type[models.Model]
    #: ``far_andra(user, delprojekt, post)``: may the user change the record (``None``: add
    #: one) and its files.
    far_andra: Callable[[Viewer, Delprojekt, Any | None], bool]
    #: ``ta_bort(post, user)``: the service that deletes one; may return a warning.
    ta_bort: Callable[[Any, Actor], str | None]
    borttagen: Promise
    #: The page that lists the records, where the user returns after a change.
    sida: str
    sida_namn: str
    mall: str
    #: The route that edits one record; its path holds the record's key.
    andra: str
    andra_namn: str
    #: The record's own page, if it has one (a refused delete returns there).
    detalj: str | None = None
    #: Views of its own in ``delprojekt.views.grupparbete``: (the page, the edit route).
    #: ``None``: the generic record page serves both, from the fields below.
    vyer: tuple[str, str] | None = None
    #: For the generic record page: the save service ``spara(delprojekt=, user=, data=,
    #: instance=)``, the form's name in ``delprojekt.forms.grupparbete``, the message
    #: after saving, the list's order and its related rows.
    spara: Callable[..., Any] | None = None
    formular: str | None = None
    sparad: Promise | None = None
    ordning: tuple[str, ...] = ("-registrerad", "-pk")
    relaterade: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.vyer is None and not (self.spara and self.formular and self.sparad):
            raise ValueError(f"{self.slug}: the generic page needs spara, formular and sparad")
        if self.vyer is None and "<int:pk>" not in self.andra:
            raise ValueError(f"{self.slug}: the generic page edits by <int:pk>")

    @property
    def etikett(self) -> str:
        return str(self.model._meta.verbose_name)


POSTTYPER: dict[str, Posttyp] = {
    t.slug: t
    for t in (
        Posttyp(
            slug="anteckning",
            model=Minnesanteckning,
            far_andra=_andra_anteckning,
            ta_bort=lambda post, user: svc.minnesanteckning_delete(note=post, user=user),
            borttagen=_("Minnesanteckningarna är borttagna."),
            sida="anteckningar/",
            sida_namn="anteckningar",
            mall="delprojekt/grupparbete/anteckningar.html",
            andra="anteckningar/<int:pk>/andra/",
            andra_namn="anteckning_andra",
            detalj="anteckning",
            vyer=("anteckningar", "anteckning_form"),
        ),
        Posttyp(
            slug="forankring",
            model=Forankring,
            far_andra=andra_grupparbete,
            ta_bort=lambda post, user: svc.forankring_delete(forankring=post, user=user),
            borttagen=_("Kontakten är borttagen."),
            sida="forankring/",
            sida_namn="forankring",
            mall="delprojekt/grupparbete/forankring.html",
            andra="forankring/<int:pk>/",
            andra_namn="forankring_andra",
            spara=svc.forankring_save,
            formular="ForankringForm",
            sparad=_("Kontakten med linjen är sparad."),
            ordning=("-datum", "-pk"),
            relaterade=("organ", "region"),
        ),
        Posttyp(
            slug="beredningskontakt",
            model=Beredningskontakt,
            far_andra=lambda user, dp, post: user.has_perm("delprojekt.edit_beredningskontakt", dp),
            ta_bort=lambda post, user: svc.beredningskontakt_delete(kontakt=post, user=user),
            borttagen=_("Kontakten är borttagen."),
            sida="beredning/kontakter/",
            sida_namn="beredningskontakter",
            mall="delprojekt/grupparbete/beredningskontakter.html",
            andra="beredning/kontakter/<int:pk>/",
            andra_namn="beredningskontakt_andra",
            spara=svc.beredningskontakt_save,
            formular="BeredningskontaktForm",
            sparad=_("Kontakten under beredningen är sparad."),
            ordning=("-datum", "-pk"),
            relaterade=("organ",),
        ),
        Posttyp(
            slug="delrapport",
            model=Delrapport,
            far_andra=andra_grupparbete,
            ta_bort=lambda post, user: svc.delrapport_delete(delrapport=post, user=user),
            borttagen=_("Delrapporten är borttagen."),
            sida="delrapporter/",
            sida_namn="delrapporter",
            mall="delprojekt/grupparbete/delrapporter.html",
            andra="delrapporter/<int:pk>/andra/",
            andra_namn="delrapport_andra",
            detalj="delrapport",
            vyer=("delrapporter", "delrapport_andra"),
        ),
        Posttyp(
            slug="stod",
            model=Stodbegaran,
            far_andra=andra_grupparbete,
            ta_bort=lambda post, user: svc.stodbegaran_delete(stodbegaran=post, user=user),
            borttagen=_("Begäran om stöd är borttagen."),
            sida="stod/",
            sida_namn="stod",
            mall="delprojekt/grupparbete/stod.html",
            andra="stod/<int:pk>/",
            andra_namn="stod_andra",
            vyer=("stod", "stod"),
        ),
        Posttyp(
            slug="kommunikation",
            model=Kommunikationsaktivitet,
            far_andra=andra_grupparbete,
            ta_bort=lambda post, user: svc.kommunikationsaktivitet_delete(
                aktivitet=post, user=user
            ),
            borttagen=_("Aktiviteten är borttagen."),
            sida="stod/",
            sida_namn="stod",
            mall="delprojekt/grupparbete/stod.html",
            andra="stod/kommunikation/<int:aktivitet>/",
            andra_namn="kommunikation_andra",
            vyer=("stod", "stod"),
        ),
        Posttyp(
            slug="resursinsats",
            model=Resursinsats,
            far_andra=andra_grupparbete,
            ta_bort=lambda post, user: svc.resursinsats_delete(insats=post, user=user),
            borttagen=_("Resursinsatsen är borttagen."),
            sida="resurser/",
            sida_namn="resurser",
            mall="delprojekt/grupparbete/resurser.html",
            andra="resurser/insats/<int:insats>/",
            andra_namn="resursinsats_andra",
            vyer=("resurser", "resurser"),
        ),
        Posttyp(
            slug="samfinansiering",
            model=Samfinansiering,
            far_andra=andra_grupparbete,
            ta_bort=lambda post, user: svc.samfinansiering_delete(samfinansiering=post, user=user),
            borttagen=_("Samfinansieringen är borttagen."),
            sida="resurser/",
            sida_namn="resurser",
            mall="delprojekt/grupparbete/resurser.html",
            andra="resurser/samfinansiering/<int:finansiering>/",
            andra_namn="samfinansiering_andra",
            vyer=("resurser", "resurser"),
        ),
    )
}

#: The records a file or a comment may be attached to: all have a ``delprojekt``.
POST_MODELS: tuple[type[models.Model], ...] = tuple(t.model for t in POSTTYPER.values())

_BY_MODEL: dict[type[models.Model], Posttyp] = {t.model: t for t in POSTTYPER.values()}


def posttyp_for(post: Any) -> Posttyp | None:
    """The declared type of a record, or None for anything else."""
    return _BY_MODEL.get(type(post))
