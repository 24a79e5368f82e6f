"""The implementation matrix's row for the sjukvårdsregion itself: the board's
recommendations aimed at the sjukvårdsregion (``Atgardsforslag.sjukvardsregional``) are
carried out by the kansli, which records their status here; the regions' cells of
those recommendations default to "ej aktuellt"."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import Delprojekt, Handelse, Rekommendation, Samverkan
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed
from delprojekt.services.events import record_event
from delprojekt.services.regionbeslut import current_rekommendationer
from delprojekt.types import Actor
from inforande.models import Sjukvardsregionstatus
from inforande.services.plan import is_open_for_plans
from uppfoljning.models import Inforandestatus

S = Inforandestatus.Status
KOMMENTAR_MAX = 500


def riktad_till_sjukvardsregionen(rek: Rekommendation) -> bool:
    a = rek.atgardsforslag
    return bool(a is not None and a.sjukvardsregional)


@dataclass(frozen=True)
class Rad:
    rekommendation: Rekommendation
    status: str
    status_label: str
    kommentar: str
    uppdaterad: object


def sjukvardsregion_rader(rekommendationer: list[Rekommendation]) -> list[Rad]:
    """The recommendations aimed at the sjukvårdsregion with their status (one query;
    ``rekommendationer`` come with their åtgärdsförslag)."""
    egna = [r for r in rekommendationer if riktad_till_sjukvardsregionen(r)]
    if not egna:
        return []
    lagrade = {
        s.rekommendation_id: s
        for s in Sjukvardsregionstatus.objects.filter(rekommendation__in=egna)
    }
    out = []
    for r in egna:
        s = lagrade.get(r.pk)
        status = s.status if s is not None else S.EJ_PABORJAT
        out.append(
            Rad(
                rekommendation=r,
                status=status,
                status_label=str(S(status).label),
                kommentar=s.kommentar if s is not None else "",
                uppdaterad=s.uppdaterad if s is not None else None,
            )
        )
    return out


def sjukvardsregion_save(
    *, delprojekt: Delprojekt, user: Actor, data: dict[int, tuple[str, str]]
) -> int:
    """Record the sjukvårdsregion's status and comment per recommendation aimed at it
    (the kansli). Returns how many rows changed; nothing is saved on a bad value."""
    dp = delprojekt
    if not user.has_perm("inforande.update_sjukvardsregion", dp):
        raise NotAllowed(_("Bara kansliet uppdaterar sjukvårdsregionens införande."))
    if not is_open_for_plans(dp):
        raise GuardFailed(
            _("Införandet registreras när nämnden har rekommenderat och delprojektet pågår.")
        )
    egna = {r.pk: r for r in current_rekommendationer(dp) if riktad_till_sjukvardsregionen(r)}
    fel: dict[str, list[str]] = {}
    for rek_id, (status, kommentar) in data.items():
        if rek_id not in egna:
            fel.setdefault("__all__", []).append(
                _("Rekommendationen gäller inte sjukvårdsregionen.")
            )
        if status not in S.values:
            fel[f"status_{rek_id}"] = [_("Välj en giltig status.")]
        if len(kommentar or "") > KOMMENTAR_MAX:
            fel[f"kommentar_{rek_id}"] = [_("Högst %(max)s tecken.") % {"max": KOMMENTAR_MAX}]
    if fel:
        raise Invalid(
            _("Införandet sparades inte. Rätta felen och försök igen."),
            *fel.pop("__all__", []),
            field_errors=fel,
        )
    andrade = 0
    with transaction.atomic():
        befintliga = {
            s.rekommendation_id: s
            for s in Sjukvardsregionstatus.objects.select_for_update().filter(
                rekommendation_id__in=list(data)
            )
        }
        for rek_id, (status, kommentar) in data.items():
            kommentar = (kommentar or "").strip()
            s = befintliga.get(rek_id)
            if s is not None and (s.status, s.kommentar) == (status, kommentar):
                continue
            if s is None and status == S.EJ_PABORJAT and not kommentar:
                continue
            if s is None:
                s = Sjukvardsregionstatus(rekommendation_id=rek_id)
            s.status, s.kommentar = status, kommentar
            s.uppdaterad, s.uppdaterad_av = timezone.now(), user
            set_history_user(s, user)
            s.save()
            andrade += 1
        if andrade:
            record_event(
                delprojekt=dp,
                user=user,
                typ=Handelse.Typ.UPPFOLJNING,
                text=_("Införandet i %(rad)s uppdaterades (%(n)s rekommendationer).")
                % {"rad": Samverkan.current().sjukvardsregion, "n": andrade},
            )
    return andrade
