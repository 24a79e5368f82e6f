"""The kansli's publication decisions: the one way a project becomes public or stops being.

Every decision is a new ``Publiceringsbeslut`` row and an event on the project's
timeline; the project's ``Publicering`` row follows the latest one. Nothing is changed
in place or deleted, so withdrawing is recorded like publishing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import Delprojekt, Handelse
from delprojekt.services.errors import Invalid, NotAllowed, StaleState
from delprojekt.services.events import actor_name, record_event
from delprojekt.types import Actor
from oppet.models import ROLLKODER, Publicering, Publiceringsbeslut


def publicering_record(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    publicerad: bool,
    roller: Iterable[str] = (),
    motivering: str = "",
    datum: datetime.date | None = None,
    publicerad_nu: bool | None = None,
) -> Publiceringsbeslut | None:
    """Record the kansli's decision to publish ``delprojekt`` (showing the names of the
    holders of ``roller``) or to withdraw it.

    ``publicerad_nu`` is the state the user saw when opening the form: if it has changed
    since, the decision is refused (``StaleState``) instead of being taken twice.
    Returns the new decision, or None when it would change nothing.
    """
    if not user.has_perm("oppet.publicera", delprojekt):
        raise NotAllowed(_("Bara kansliet beslutar om publicering."))
    valda = sorted(set(roller))
    okanda = [r for r in valda if r not in ROLLKODER]
    if okanda:
        message = _("Okänd roll: %(roller)s.") % {"roller": ", ".join(okanda)}
        raise Invalid(message, field_errors={"roller": [message]})
    idag = timezone.localdate()
    datum = datum or idag
    if datum > idag:
        message = _("Beslutsdatumet kan inte ligga i framtiden.")
        raise Invalid(message, field_errors={"datum": [message]})
    motivering = motivering.strip()
    if not publicerad:
        valda = []
    with transaction.atomic():
        # One decision at a time per project: the row lock orders two kansli users.
        Delprojekt.objects.select_for_update().only("pk").get(pk=delprojekt.pk)
        nu = Publicering.objects.select_for_update().filter(delprojekt=delprojekt).first()
        ar_publicerad = bool(nu and nu.publicerad)
        if publicerad_nu is not None and publicerad_nu != ar_publicerad:
            raise StaleState(
                _("Någon annan har ändrat publiceringen sedan du öppnade sidan. Se efter igen.")
            )
        if not publicerad and not ar_publicerad:
            raise Invalid(_("Delprojektet är inte publicerat."))
        if nu is not None and nu.publicerad == publicerad and sorted(nu.roller) == valda:
            return None
        beslut = Publiceringsbeslut(
            delprojekt=delprojekt,
            publicerad=publicerad,
            datum=datum,
            roller=valda,
            motivering=motivering,
            beslutat_av=user,
            beslutat_av_namn=actor_name(user),
        )
        set_history_user(beslut, user)
        beslut.save()
        sedan = (nu.publicerad_sedan if ar_publicerad and nu else None) or datum
        if nu is None:
            nu = Publicering(delprojekt=delprojekt)
        nu.beslut = beslut
        nu.publicerad = publicerad
        nu.roller = valda
        nu.publicerad_sedan = sedan if publicerad else None
        nu.andrad = timezone.now()
        set_history_user(nu, user)
        nu.save()
        if publicerad and ar_publicerad:
            text = _("Publiceringen ändrad: namn som visas öppet")
        elif publicerad:
            text = _("Publicerat på den öppna webbplatsen")
        else:
            text = _("Publiceringen återkallad: delprojektet visas inte längre öppet")
        namn = ", ".join(beslut.roll_etiketter()) if publicerad else ""
        if publicerad:
            text += (
                " ("
                + (_("namn visas för: %(roller)s") % {"roller": namn} if namn else _("inga namn"))
                + ")"
            )
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.ANDRING,
            text=text,
            kommentar=motivering,
        )
    return beslut


def publicering_for(delprojekt: Delprojekt) -> Publicering | None:
    """The project's current publication (None: never decided, so not public). Read from
    the project when its page's query joined it (``DETALJ_RELATIONER``), else one query."""
    if Delprojekt.publicering.is_cached(delprojekt):
        return getattr(delprojekt, "publicering", None)
    return Publicering.objects.select_related("beslut").filter(delprojekt=delprojekt).first()
