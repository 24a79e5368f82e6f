"""The follow-up's sections of the start page (registered in ``delprojekt.start``)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.start import MAX_POSTER, Post, Sektion, Underlag, begransa, dagar_text, sektion
from uppfoljning.models import Inforandestatus, Omgangsstatus, Uppfoljningsansvarig

#: An implementation status not updated for this long is shown to the region's coordinator.
INFORANDE_INAKTUELL_DAGAR = 183

_OPPNA = (Omgangsstatus.PLANERAD, Omgangsstatus.PAGAR)
#: Rows fetched for the two sections that share one query.
_GRANS = 200


def _mina_omgangar(u: Underlag) -> list[Uppfoljningsansvarig]:
    """In one query: open rounds I have agreed to write or been asked to."""

    def hamta() -> list[Uppfoljningsansvarig]:
        return list(
            Uppfoljningsansvarig.objects.filter(
                person_id=u.roller.person_id,
                svar__in=(
                    Uppfoljningsansvarig.Svar.ACCEPTERAD,
                    Uppfoljningsansvarig.Svar.TILLFRAGAD,
                ),
                omgang__status__in=_OPPNA,
            )
            .select_related("omgang__delprojekt")
            .order_by("omgang__forfallodatum", "pk")[:_GRANS]
        )

    return u.en_gang("uppfoljning", hamta)


@sektion
def uppfoljningsrapporter(u: Underlag) -> Sektion | None:
    """Follow-up reports I have agreed to write and not yet handed in, with the due date."""
    if u.roller.person_id is None:
        return None
    rader = [a for a in _mina_omgangar(u) if a.svar == Uppfoljningsansvarig.Svar.ACCEPTERAD]
    poster = []
    for a in rader:
        o = a.omgang
        kvar = o.dagar_kvar(u.today)
        if kvar < 0:
            detalj = _("Ska vara klar %(d)s – försenad %(n)s") % {
                "d": o.forfallodatum.isoformat(),
                "n": dagar_text(-kvar),
            }
        else:
            detalj = _("Ska vara klar %(d)s (om %(n)s)") % {
                "d": o.forfallodatum.isoformat(),
                "n": dagar_text(kvar),
            }
        poster.append(
            Post(
                text=_("Uppföljning %(nr)d av %(ref)s %(titel)s")
                % {"nr": o.nummer, "ref": o.delprojekt.referens, "titel": o.delprojekt.titel},
                url=reverse("uppfoljning:rapport", args=[o.delprojekt.referens, o.nummer]),
                detalj=detalj,
                varning=kvar < 0,
            )
        )
    return begransa("uppfoljningsrapporter", _("Uppföljningsrapporter som jag skriver"), poster)


@sektion
def fragor(u: Underlag) -> Sektion | None:
    """I have been asked to write a follow-up report and have not answered."""
    if u.roller.person_id is None:
        return None
    rader = sorted(
        (a for a in _mina_omgangar(u) if a.svar == Uppfoljningsansvarig.Svar.TILLFRAGAD),
        key=lambda a: (a.tillfragad, a.pk),
    )
    poster = [
        Post(
            text=_("Vill du skriva uppföljning %(nr)d av %(ref)s %(titel)s?")
            % {
                "nr": a.omgang.nummer,
                "ref": a.omgang.delprojekt.referens,
                "titel": a.omgang.delprojekt.titel,
            },
            url=reverse("uppfoljning:omgang", args=[a.omgang.delprojekt.referens, a.omgang.nummer])
            + f"#svar-{a.pk}",
            detalj=_("Tillfrågad %(d)s") % {"d": timezone.localdate(a.tillfragad).isoformat()},
        )
        for a in rader
    ]
    return begransa("fragor", _("Frågor till mig"), poster)


@sektion
def inforande(u: Underlag) -> Sektion | None:
    """For a regional coordinator: their region's implementation statuses of open
    recommendations not updated for half a year."""
    region_id = u.roller.samordnare_region_id
    if region_id is None:
        return None
    grans = timezone.now() - datetime.timedelta(days=INFORANDE_INAKTUELL_DAGAR)
    rader = list(
        Inforandestatus.objects.filter(region_id=region_id, uppdaterad__lt=grans)
        .exclude(status__in=(Inforandestatus.Status.GENOMFORT, Inforandestatus.Status.EJ_AKTUELLT))
        .select_related("rekommendation__beslut__delprojekt")
        .order_by("uppdaterad", "pk")[: MAX_POSTER + 1]
    )
    poster = []
    for s in rader:
        dp = s.rekommendation.beslut.delprojekt
        poster.append(
            Post(
                text=_("%(ref)s: rekommendation %(nr)d")
                % {"ref": dp.referens, "nr": s.rekommendation.ordning},
                url=reverse("uppfoljning:inforande", args=[dp.referens]),
                detalj=_("%(status)s, senast uppdaterad %(d)s")
                % {
                    "status": s.get_status_display(),
                    "d": timezone.localdate(s.uppdaterad).isoformat(),
                },
            )
        )
    return begransa(
        "inforande",
        _("Införandestatus som inte uppdaterats på ett halvår"),
        poster,
        reverse("uppfoljning:inforande_oversikt"),
    )
