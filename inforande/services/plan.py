"""A region's implementation plan: saving the working text with an optimistic version
check, freezing numbered versions, and the status per region shown beside the
implementation matrix and on the start pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import Delprojekt, Handelse, Region, Status
from delprojekt.permissions import is_kansli, roller_for
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed, StaleState
from delprojekt.services.events import record_event
from delprojekt.services.personnummer import warning_for
from delprojekt.types import Actor, Viewer
from inforande.models import FALT, FRAGOR, Genomforandeplan, Planversion

#: The project states in which plans are written (the board has recommended, the
#: project has not ended).
PLAN_I = (Status.HUVUDMANNABESLUT, Status.INFORANDE, Status.UPPFOLJNING)
TEXT_MAX = 5000
MILSTOLPAR_MAX = 30
KORT_MAX = 200


def may_write(user: Viewer, dp: Delprojekt, region: Region) -> bool:
    """The region's coordinator; the kansli for every region (as in the matrix)."""
    if not user.has_perm("inforande.write_plan", dp):
        return False
    return bool(is_kansli(user)) or roller_for(user).samordnare_region_id == region.pk


def is_open_for_plans(dp: Delprojekt) -> bool:
    return dp.status in PLAN_I


# --- Status per region -----------------------------------------------------------------


@dataclass(frozen=True)
class Planstatus:
    region: Region
    plan: Genomforandeplan | None
    senaste: Planversion | None

    @property
    def finns(self) -> bool:
        return self.plan is not None

    @property
    def andrad_sedan_version(self) -> bool:
        return (
            self.plan is not None
            and self.senaste is not None
            and self.plan.andring != self.senaste.andring
        )

    @property
    def kod(self) -> str:
        """ "saknas", "utkast" or "version"."""
        if self.plan is None:
            return "saknas"
        return "version" if self.senaste is not None else "utkast"

    @property
    def text(self) -> str:
        if self.plan is None:
            return _("Plan saknas")
        if self.senaste is None:
            return _("Utkast")
        text = _("Version %(nr)s") % {"nr": self.senaste.nummer}
        if self.andrad_sedan_version:
            text += " " + _("(utkast ändrat sedan)")
        return text


def planer(dp: Delprojekt) -> QuerySet[Genomforandeplan]:
    return (
        Genomforandeplan.objects.filter(delprojekt=dp)
        .select_related("region", "uppdaterad_av__person")
        .prefetch_related(
            Prefetch(
                "versioner",
                queryset=Planversion.objects.order_by("-nummer").select_related(
                    "skapad_av__person"
                ),
            )
        )
    )


def planstatus(dp: Delprojekt, regioner: list[Region]) -> list[Planstatus]:
    """The plan of each of ``regioner`` (two queries)."""
    per_region = {p.region_id: p for p in planer(dp)}
    out = []
    for r in regioner:
        plan = per_region.get(r.pk)
        versioner = list(plan.versioner.all()) if plan is not None else []
        out.append(Planstatus(region=r, plan=plan, senaste=versioner[0] if versioner else None))
    return out


def plan_for(dp: Delprojekt, region: Region) -> Genomforandeplan | None:
    return planer(dp).filter(region=region).first()


# --- Saving ----------------------------------------------------------------------------


def _require_write(user: Actor, dp: Delprojekt, region: Region) -> None:
    if not user.has_perm("inforande.write_plan", dp):
        raise NotAllowed(_("Du får inte skriva genomförandeplaner i det här delprojektet."))
    if not may_write(user, dp, region):
        raise NotAllowed(_("Som regional samordnare skriver du bara din egen regions plan."))
    if not is_open_for_plans(dp):
        raise GuardFailed(
            _(
                "Genomförandeplanen skrivs när nämnden har rekommenderat regionerna "
                "och så länge delprojektet pågår."
            )
        )
    if not dp.regioner.filter(pk=region.pk).exists():
        raise Invalid(_("%(region)s berörs inte av delprojektet.") % {"region": region.namn})


def _clean_milstolpar(rader: list[dict]) -> tuple[list[dict], dict[str, list[str]]]:
    """Drop empty rows; each kept row needs what, when (a date) and who."""
    ut: list[dict] = []
    fel: dict[str, list[str]] = {}
    for i, rad in enumerate(rader):
        vad = str(rad.get("vad") or "").strip()
        nar = rad.get("nar")
        ansvarig = str(rad.get("ansvarig") or "").strip()
        if not vad and not nar and not ansvarig:
            continue
        nr = i + 1
        if not vad or not nar or not ansvarig:
            fel.setdefault("milstolpar", []).append(
                _("Milstolpe %(nr)s behöver vad, när och ansvarig.") % {"nr": nr}
            )
            continue
        if isinstance(nar, datetime.date):
            nar = nar.isoformat()
        try:
            datetime.date.fromisoformat(str(nar))
        except ValueError:
            fel.setdefault("milstolpar", []).append(
                _("Milstolpe %(nr)s: skriv datumet som ÅÅÅÅ-MM-DD.") % {"nr": nr}
            )
            continue
        if len(vad) > KORT_MAX or len(ansvarig) > KORT_MAX:
            fel.setdefault("milstolpar", []).append(
                _("Milstolpe %(nr)s: högst %(max)s tecken per fält.") % {"nr": nr, "max": KORT_MAX}
            )
            continue
        ut.append({"vad": vad, "nar": str(nar), "ansvarig": ansvarig})
    if len(ut) > MILSTOLPAR_MAX:
        fel.setdefault("milstolpar", []).append(
            _("Högst %(max)s milstolpar.") % {"max": MILSTOLPAR_MAX}
        )
    ut.sort(key=lambda m: (m["nar"], m["vad"]))
    return ut, fel


def plan_save(
    *,
    delprojekt: Delprojekt,
    region: Region,
    user: Actor,
    texter: dict[str, str],
    milstolpar: list[dict],
    linjechef: str,
    andring: int | None,
) -> tuple[Genomforandeplan, bool]:
    """Save the region's plan (created on first save). ``andring`` is the plan's
    ``andring`` the form started from (0 for a new plan); when someone else has saved
    since, nothing is saved (``StaleState``). Returns the plan and whether it changed."""
    dp = delprojekt
    _require_write(user, dp, region)
    fel: dict[str, list[str]] = {}
    rena: dict[str, str] = {}
    for falt in FALT:
        text = str(texter.get(falt) or "").replace("\r\n", "\n").strip()
        if len(text) > TEXT_MAX:
            fel[falt] = [_("Högst %(max)s tecken.") % {"max": TEXT_MAX}]
        rena[falt] = text
    linjechef = (linjechef or "").strip()
    if len(linjechef) > KORT_MAX:
        fel["linjechef"] = [_("Högst %(max)s tecken.") % {"max": KORT_MAX}]
    rena_milstolpar, mfel = _clean_milstolpar(milstolpar)
    fel.update(mfel)
    if fel:
        raise Invalid(
            _("Genomförandeplanen sparades inte. Rätta felen och försök igen."), field_errors=fel
        )
    with transaction.atomic():
        Delprojekt.objects.select_for_update().only("pk").get(pk=dp.pk)
        plan = (
            Genomforandeplan.objects.select_for_update()
            .filter(delprojekt=dp, region=region)
            .first()
        )
        nu = plan.andring if plan is not None else 0
        if andring is not None and andring != nu:
            raise StaleState(
                _(
                    "Någon annan har sparat genomförandeplanen sedan du öppnade den. Ingen "
                    "ändring gjordes – läs den aktuella planen och för in dina ändringar igen."
                )
            )
        ny = plan is None
        if plan is None:
            plan = Genomforandeplan(delprojekt=dp, region=region)
        fore = plan.innehall()
        for falt, text in rena.items():
            setattr(plan, falt, text)
        plan.milstolpar = rena_milstolpar
        plan.linjechef = linjechef
        if not ny and plan.innehall() == fore:
            return plan, False
        plan.andring = nu + 1
        plan.uppdaterad = timezone.now()
        plan.uppdaterad_av = user
        set_history_user(plan, user)
        plan.save()
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.UPPFOLJNING,
            text=(
                _("Genomförandeplanen för %(region)s påbörjades.")
                if ny
                else _("Genomförandeplanen för %(region)s ändrades.")
            )
            % {"region": region.namn},
        )
    return plan, True


def plan_warning(plan: Genomforandeplan) -> str:
    """A warning when the plan holds something like a personnummer."""
    return warning_for(" ".join(str(v) for v in plan.innehall().values())) or ""


def saknas(plan: Genomforandeplan) -> list[str]:
    """The questions a plan has not answered (a version can be frozen anyway)."""
    return [str(q) for f, q in FRAGOR if not getattr(plan, f)]


def plan_faststall(
    *, delprojekt: Delprojekt, region: Region, user: Actor, andring: int | None
) -> Planversion:
    """Freeze the working text as the next numbered version. Refused when nothing is
    written, when the text is already the latest version, or when someone saved since
    the page was opened."""
    dp = delprojekt
    _require_write(user, dp, region)
    with transaction.atomic():
        plan = (
            Genomforandeplan.objects.select_for_update()
            .filter(delprojekt=dp, region=region)
            .first()
        )
        if plan is None:
            raise GuardFailed(_("Skriv och spara planen innan du fastställer en version."))
        if andring is not None and andring != plan.andring:
            raise StaleState(
                _(
                    "Planen har ändrats sedan du öppnade sidan. Ingen version fastställdes – "
                    "läs den aktuella planen och försök igen."
                )
            )
        senaste = plan.versioner.order_by("-nummer").first()
        if senaste is not None and senaste.andring == plan.andring:
            raise StaleState(
                _("Planen är redan fastställd som version %(nr)s; inget har ändrats sedan.")
                % {"nr": senaste.nummer}
            )
        if not any(plan.innehall()[f] for f in FALT):
            raise GuardFailed(_("Besvara minst en av frågorna innan du fastställer en version."))
        nummer = (senaste.nummer if senaste is not None else 0) + 1
        try:
            with transaction.atomic():
                version = Planversion.objects.create(
                    plan=plan,
                    nummer=nummer,
                    innehall=plan.innehall(),
                    andring=plan.andring,
                    skapad_av=user,
                )
        except IntegrityError as exc:  # pragma: no cover - the row lock serialises this
            raise StaleState(_("Versionen fastställdes redan av någon annan.")) from exc
        record_event(
            delprojekt=dp,
            user=user,
            typ=Handelse.Typ.UPPFOLJNING,
            text=_("Genomförandeplanen för %(region)s fastställdes som version %(nr)s.")
            % {"region": region.namn, "nr": nummer},
        )
    return version


# --- Regions without a plan ------------------------------------------------------------


def plan_grans(today: datetime.date | None = None) -> datetime.datetime:
    """Projects that entered införande before this moment should have their plans."""
    today = today or timezone.localdate()
    start = datetime.datetime.combine(
        today, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    return start - datetime.timedelta(days=settings.SFBV_GENOMFORANDEPLAN_DAGAR)


def regioner_utan_plan(
    *, today: datetime.date | None = None, region_id: int | None = None
) -> QuerySet:
    """(project, region) rows — ``Delprojekt.regioner.through`` — of projects in
    införande for longer than ``SFBV_GENOMFORANDEPLAN_DAGAR`` whose region has no
    frozen version of its plan; one query with the project and region."""
    genom = Delprojekt.regioner.through
    qs = genom.objects.filter(
        delprojekt__status=Status.INFORANDE,
        delprojekt__status_andrad__lt=plan_grans(today),
    ).exclude(
        Exists(
            Planversion.objects.filter(
                plan__delprojekt_id=OuterRef("delprojekt_id"), plan__region_id=OuterRef("region_id")
            )
        )
    )
    if region_id is not None:
        qs = qs.filter(region_id=region_id)
    return qs.annotate(
        utkast=Exists(
            Genomforandeplan.objects.filter(
                delprojekt_id=OuterRef("delprojekt_id"), region_id=OuterRef("region_id")
            )
        )
    ).select_related("delprojekt", "region")
