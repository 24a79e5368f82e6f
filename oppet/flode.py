"""The Atom feed of the public part (``/oppet/flode.atom``): the newest decisions of
published projects and their published reports, newest first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from delprojekt.models import Samverkan
from oppet import innehall

#: Entries in the feed.
ANTAL = 40


@dataclass
class Post:
    titel: str
    text: str
    lank: str
    tid: datetime.datetime
    guid: str


def _tid(datum: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(12)))


def poster() -> list[Post]:
    """The newest decisions, slutrapports and follow-up reports, merged by date."""
    ut: list[Post] = []
    for b in innehall.offentliga_beslut().order_by("-datum", "-pk")[:ANTAL]:
        dp = b.delprojekt
        assert dp is not None
        paragraf = f" {b.paragraf}" if b.paragraf else ""
        ut.append(
            Post(
                titel=f"{b.organ.namn}{paragraf}: {dp.titel} – {b.get_utfall_display()}",
                text=b.beslutstext,
                lank=reverse("oppet:delprojekt", args=[dp.referens]) + f"#beslut-{b.pk}",
                tid=_tid(b.datum),
                guid=f"beslut-{b.pk}",
            )
        )
    for v in innehall.slutrapporter().select_related("delprojekt").order_by("-skapad")[:ANTAL]:
        ut.append(
            Post(
                titel=_("Slutrapport: %(titel)s") % {"titel": v.delprojekt.titel},
                text=_("Den godkända slutrapporten för %(ref)s (PDF, %(sidor)s sidor).")
                % {"ref": v.delprojekt.referens, "sidor": v.sidor},
                lank=reverse("oppet:slutrapport", args=[v.delprojekt.referens, v.nummer]),
                tid=v.skapad,
                guid=f"slutrapport-{v.pk}",
            )
        )
    for r in innehall.uppfoljningsrapporter().order_by("-omgang__inlamnad")[:ANTAL]:
        dp = r.omgang.delprojekt
        ut.append(
            Post(
                titel=_("Uppföljningsrapport %(nr)s: %(titel)s")
                % {"nr": r.omgang.nummer, "titel": dp.titel},
                text=_("Inlämnad uppföljningsrapport för %(ref)s (PDF).") % {"ref": dp.referens},
                lank=reverse("oppet:uppfoljningsrapport", args=[dp.referens, r.omgang.nummer]),
                tid=r.omgang.inlamnad or r.andrad,
                guid=f"uppfoljningsrapport-{r.pk}",
            )
        )
    ut.sort(key=lambda p: (p.tid, p.guid), reverse=True)
    return ut[:ANTAL]


class OppetFlode(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("%(namn)s – beslut och rapporter") % {"namn": Samverkan.current().namn}

    def link(self) -> str:
        return reverse("oppet:lista")

    def subtitle(self) -> str:
        return _("Nya beslut och publicerade rapporter i de delprojekt som visas öppet.")

    def feed_url(self) -> str:
        return reverse("oppet:flode")

    def items(self) -> list[Post]:
        return poster()

    def item_title(self, item: Post) -> str:
        return item.titel

    def item_description(self, item: Post) -> str:
        # Atom's summary is read as HTML: the decision's plain text is escaped.
        return escape(item.text)

    def item_link(self, item: Post) -> str:
        return item.lank

    def item_guid(self, item: Post) -> str:
        return f"{item.lank}#{item.guid}" if "#" not in item.lank else item.lank

    def item_pubdate(self, item: Post) -> datetime.datetime:
        return item.tid

    def item_updateddate(self, item: Post) -> datetime.datetime:
        return item.tid
