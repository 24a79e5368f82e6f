"""Logging in with the region's account: who the person is, and which body memberships
and permissions (Läsare, Regional samordnare) the identity provider's groups give.

The person is found by e-mail address (any case) in the register (``Person.epost``) or
among the accounts (``User.email``), or created. The memberships are set again at every
login: what the groups give and the person lacks is added, and what an earlier login
gave and the groups no longer give is ended. A membership or permission given by hand is
never touched. Every change carries the person as its author and a reason in the history.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from delprojekt.models import Organ, Organmedlemskap, Person, Region
from sso.models import (
    GRUPPNAMN,
    Behorighet,
    Gruppmappning,
    SsoBehorighet,
    SsoIdentitet,
    SsoMedlemskap,
)

logger = logging.getLogger(__name__)

KANSLI = "kansli"


class InloggningNekad(Exception):
    """The provider vouched for someone this application will not log in this way."""


@dataclass(frozen=True)
class Tilldelning:
    """A body membership that a group gives."""

    organ_id: int
    roll: str
    claim_varde: str


@dataclass
class Synk:
    """What one login changed."""

    tillagda: list[Organmedlemskap] = field(default_factory=list)
    avslutade: list[Organmedlemskap] = field(default_factory=list)
    behorigheter_givna: list[str] = field(default_factory=list)
    behorigheter_tagna: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Behorighetstilldelning:
    """A permission group that a group gives (and, for a coordinator, the region)."""

    behorighet: str
    claim_varde: str
    region_id: int | None = None


def _historik(obj: models.Model, user: User, orsak: str) -> None:
    """Author and reason of the next history row, which simple-history reads from the
    instance on save and delete (the login's request has no user yet)."""
    obj._history_user = user  # type: ignore[attr-defined]
    obj._change_reason = orsak  # type: ignore[attr-defined]


def grupper_utelamnade(claims: Mapping[str, object]) -> bool:
    """Whether the provider left the groups out and points elsewhere for them.

    Entra ID does this for a person in more groups than a token holds (its "groups
    overage": ``_claim_names`` names the claim, ``_claim_sources`` says where to ask).
    The groups are then unknown, not none: a login must neither give nor take
    memberships on them."""
    namn = claims.get("_claim_names")
    return (
        settings.SFBV_OIDC_GRUPP_CLAIM not in claims
        and isinstance(namn, Mapping)
        and settings.SFBV_OIDC_GRUPP_CLAIM in namn
    )


def grupper_i(claims: Mapping[str, object]) -> list[str]:
    """The values of the group claim (a list, or one value), as strings."""
    value = claims.get(settings.SFBV_OIDC_GRUPP_CLAIM)
    if value is None:
        return []
    if isinstance(value, str | int):
        return [str(value)]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if isinstance(v, str | int)]
    return []


def tilldelningar_for(grupper: Iterable[str]) -> list[Tilldelning]:
    """What the groups give: the setting SFBV_OIDC_GRUPPER and the admin's mappings."""
    grupper = set(grupper)
    if not grupper:
        return []
    result: dict[tuple[int, str], Tilldelning] = {}
    wanted_names: list[tuple[str, str, str]] = []
    for grupp, mal in settings.SFBV_OIDC_GRUPPER.items():
        if grupp not in grupper:
            continue
        for ett in mal if isinstance(mal, list) else [mal]:
            if isinstance(ett, dict) and "behorighet" in ett:
                continue  # behorigheter_for
            if ett == KANSLI:
                wanted_names.append(("", Organmedlemskap.Roll.KONTAKTPERSON, grupp))
            else:
                wanted_names.append((ett["organ"], ett.get("roll", "ledamot"), grupp))
    if wanted_names:
        organ_by_name = {
            o.namn: o.pk
            for o in Organ.objects.filter(
                aktiv=True, namn__in=[n for n, _r, _g in wanted_names if n]
            )
        }
        kansli = Organ.of_kind(Organ.Typ.KANSLI)
        for namn, roll, grupp in wanted_names:
            organ_id = organ_by_name.get(namn) if namn else (kansli.pk if kansli else None)
            if organ_id is None:
                logger.warning(
                    "SFBV_OIDC_GRUPPER: gruppen %s pekar på ett organ som saknas eller är "
                    "inaktivt: %s",
                    grupp,
                    namn or "kansliet",
                )
                continue
            result.setdefault((organ_id, roll), Tilldelning(organ_id, roll, grupp))
    for m in Gruppmappning.objects.filter(claim_varde__in=grupper, organ__aktiv=True).order_by(
        "pk"
    ):
        if m.organ_id is not None:  # the filter on the body's activity leaves only these
            result.setdefault((m.organ_id, m.roll), Tilldelning(m.organ_id, m.roll, m.claim_varde))
    return list(result.values())


def behorigheter_for(grupper: Iterable[str]) -> dict[str, Behorighetstilldelning]:
    """The permissions the groups give: the setting SFBV_OIDC_GRUPPER and the admin's
    mappings, by permission (the first group that gives one wins)."""
    grupper = set(grupper)
    result: dict[str, Behorighetstilldelning] = {}
    if not grupper:
        return result
    regioner = {r.namn: r.pk for r in Region.objects.all()}
    for grupp, mal in settings.SFBV_OIDC_GRUPPER.items():
        if grupp not in grupper:
            continue
        for ett in mal if isinstance(mal, list) else [mal]:
            if not (isinstance(ett, dict) and "behorighet" in ett):
                continue
            region_id = None
            if ett.get("region"):
                region_id = regioner.get(ett["region"])
                if region_id is None:
                    logger.warning(
                        "SFBV_OIDC_GRUPPER: gruppen %s pekar på en region som saknas: %s",
                        grupp,
                        ett["region"],
                    )
                    continue
            result.setdefault(
                ett["behorighet"], Behorighetstilldelning(ett["behorighet"], grupp, region_id)
            )
    for m in (
        Gruppmappning.objects.filter(claim_varde__in=grupper).exclude(behorighet="").order_by("pk")
    ):
        result.setdefault(
            m.behorighet, Behorighetstilldelning(m.behorighet, m.claim_varde, m.region_id)
        )
    return result


def namn_i(claims: Mapping[str, object], epost: str) -> str:
    namn = claims.get("name")
    if not isinstance(namn, str) or not namn.strip():
        delar = [claims.get("given_name"), claims.get("family_name")]
        namn = " ".join(d for d in delar if isinstance(d, str) and d.strip())
    return (namn or epost).strip()[:200]


def _nytt_anvandarnamn(epost: str) -> str:
    bas = epost.lower()[:140]
    namn, n = bas, 1
    while User.objects.filter(username__iexact=namn).exists():
        n += 1
        namn = f"{bas}-{n}"
    return namn


def anvandare_for(
    *, epost: str, namn: str, skapa: bool, issuer: str = "", sub: str = ""
) -> User | None:
    """The account of the person the provider vouches for; created when nobody has it.

    With the provider's identity (``issuer`` + ``sub``) an account bound to it earlier is
    the answer, whatever the address says now. Otherwise the person is found by e-mail
    address and the identity is bound to the account; an account already bound to
    another identity of the same provider is refused (the address has moved to someone
    else there). Refuses (``InloggningNekad``) when the address is ambiguous, and for staff
    and superuser accounts, which log in with their password only: an identity provider
    outside the application should not open the administration."""
    if sub:
        bunden = SsoIdentitet.objects.select_related("user").filter(issuer=issuer, sub=sub).first()
        if bunden is not None:
            if bunden.user.is_staff or bunden.user.is_superuser:
                raise InloggningNekad("administratörer loggar in med lösenord")
            SsoIdentitet.objects.filter(pk=bunden.pk).update(senast=timezone.now())
            return bunden.user
    user = _anvandare_via_epost(epost=epost, namn=namn, skapa=skapa)
    if user is not None and sub:
        with transaction.atomic():
            annan = SsoIdentitet.objects.filter(user=user, issuer=issuer).exclude(sub=sub)
            if annan.exists():
                raise InloggningNekad(
                    "kontot är kopplat till en annan identitet hos identitetsleverantören"
                )
            SsoIdentitet.objects.get_or_create(
                issuer=issuer, sub=sub, defaults={"user": user, "senast": timezone.now()}
            )
    return user


def _anvandare_via_epost(*, epost: str, namn: str, skapa: bool) -> User | None:
    personer = list(Person.objects.filter(epost__iexact=epost).select_related("user"))
    if len(personer) > 1:
        med_konto = [p for p in personer if p.user_id is not None]
        if len(med_konto) != 1:
            raise InloggningNekad(f"{len(personer)} personer har e-postadressen")
        personer = med_konto
    person = personer[0] if personer else None
    user: User | None = person.user if person is not None else None
    if user is None:
        konton = list(User.objects.filter(email__iexact=epost))
        if len(konton) > 1:
            raise InloggningNekad(f"{len(konton)} konton har e-postadressen")
        user = konton[0] if konton else None
        if (
            user is not None
            and Person.objects.filter(user=user)
            .exclude(pk__in=[person.pk] if person is not None else [])
            .exists()
        ):
            # The account belongs to another person of the register.
            raise InloggningNekad("kontot hör till en annan person i registret")
    if user is not None and (user.is_staff or user.is_superuser):
        raise InloggningNekad("administratörer loggar in med lösenord")
    if user is None and person is None and not skapa:
        return None
    with transaction.atomic():
        if user is None:
            fornamn, _, efternamn = namn.partition(" ")
            user = User.objects.create_user(
                _nytt_anvandarnamn(epost),
                email=epost,
                first_name=fornamn[:150],
                last_name=efternamn[:150],
            )
        if person is None:
            person = Person.objects.filter(user=user).first()
        if person is None:
            person = Person(namn=namn, epost=epost, user=user)
            _historik(person, user, "Skapad vid inloggning med regionens konto")
            person.save()
        elif person.user_id is None:
            person.user = user
            _historik(person, user, "Kopplad till konto vid inloggning med regionens konto")
            person.save(update_fields=["user"])
    return user


def medlemskap_synka(*, user: User, grupper: Iterable[str]) -> Synk:
    """Give the memberships the groups give and end those an earlier login gave that
    the groups no longer give. Memberships added by hand stay as they are."""
    synk = Synk()
    person = Person.objects.filter(user=user).first()
    if person is None:
        return synk
    onskade = {(t.organ_id, t.roll): t for t in tilldelningar_for(grupper)}
    idag = timezone.localdate()
    with transaction.atomic():
        # Lock the person's row: two logins at once must not both add a membership.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        gallande = list(
            Organmedlemskap.objects.current()
            .filter(person=person)
            .filter(Q(sso__isnull=False) | Q(organ_id__in=[k[0] for k in onskade]))
            .select_related("sso", "organ")
        )
        har = {(m.organ_id, m.roll) for m in gallande}
        for m in gallande:
            if not hasattr(m, "sso") or (m.organ_id, m.roll) in onskade:
                continue
            grupp = m.sso.claim_varde
            _historik(m, user, f"Avslutat vid inloggning: gruppen {grupp} ges inte längre")
            if m.fran is not None and m.fran >= idag:
                m.delete()
            else:
                m.till = idag - datetime.timedelta(days=1)
                m.save(update_fields=["till"])
            synk.avslutade.append(m)
        for nyckel, t in onskade.items():
            if nyckel in har:
                continue
            m = Organmedlemskap(person=person, organ_id=t.organ_id, roll=t.roll, fran=idag)
            _historik(m, user, f"Från inloggning med regionens konto (gruppen {t.claim_varde})")
            m.save()
            SsoMedlemskap.objects.create(medlemskap=m, claim_varde=t.claim_varde)
            synk.tillagda.append(m)
    _behorigheter_synka(user=user, person=person, grupper=grupper, synk=synk)
    if synk.behorigheter_givna or synk.behorigheter_tagna:
        logger.info(
            "Inloggning med regionens konto: %s fick behörigheterna %s och förlorade %s",
            user.get_username(),
            synk.behorigheter_givna,
            synk.behorigheter_tagna,
        )
    if synk.tillagda or synk.avslutade:
        logger.info(
            "Inloggning med regionens konto: %s fick %d och förlorade %d medlemskap",
            user.get_username(),
            len(synk.tillagda),
            len(synk.avslutade),
        )
    return synk


def _behorigheter_synka(*, user: User, person: Person, grupper: Iterable[str], synk: Synk) -> None:
    """Give the permission groups the groups give; take those an earlier login gave and
    the groups no longer give. A permission given by hand (no mark) stays. A coordinator's
    region is set on the person when the register has none, and never changed."""
    onskade = behorigheter_for(grupper)
    with transaction.atomic():
        markerade = {
            m.behorighet: m for m in SsoBehorighet.objects.select_for_update().filter(user=user)
        }
        har = set(user.groups.values_list("name", flat=True))
        for behorighet, mark in markerade.items():
            if behorighet in onskade:
                continue
            user.groups.remove(*Group.objects.filter(name=GRUPPNAMN[Behorighet(behorighet)]))
            _historik(
                mark, user, f"Tagen vid inloggning: gruppen {mark.claim_varde} ges inte längre"
            )
            mark.delete()
            synk.behorigheter_tagna.append(behorighet)
        for behorighet, t in onskade.items():
            namn = GRUPPNAMN[Behorighet(behorighet)]
            if behorighet == Behorighet.SAMORDNARE and t.region_id is not None:
                if person.region_id is None:
                    person.region_id = t.region_id
                    _historik(person, user, f"Region från inloggning (gruppen {t.claim_varde})")
                    person.save(update_fields=["region"])
                elif person.region_id != t.region_id:
                    logger.warning(
                        "Inloggning med regionens konto: %s är samordnare för en annan region "
                        "enligt gruppen %s än registrets; registrets region gäller",
                        user.get_username(),
                        t.claim_varde,
                    )
            if namn in har:
                continue  # given by hand or by an earlier login
            user.groups.add(Group.objects.get_or_create(name=namn)[0])
            mark = SsoBehorighet(user=user, behorighet=behorighet, claim_varde=t.claim_varde)
            _historik(mark, user, f"Från inloggning med regionens konto (gruppen {t.claim_varde})")
            mark.save()
            synk.behorigheter_givna.append(behorighet)
