"""Creating, checking and revoking personal API tokens."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken
from delprojekt.services.errors import Invalid, NotAllowed
from delprojekt.types import Actor

#: The start of every key, so that a leaked one is recognised (secret scanners, logs).
KEY_PREFIX = "sfbv_"
#: A token's last use is written at most this often: not a write per request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)
MAX_ACTIVE_TOKENS = 20


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str


def api_token_create(*, user: Actor, name: str) -> NewToken:
    """A new token for ``user``; the returned key is never stored and cannot be shown again."""
    name = " ".join(name.split())
    if not name:
        raise Invalid(_("Ge nyckeln ett namn, t.ex. vad den ska användas till."))
    if len(name) > 100:
        raise Invalid(_("Namnet får vara högst 100 tecken."))
    if not user.is_active:
        raise NotAllowed(_("Kontot är inte aktivt."))
    with transaction.atomic():
        active = ApiToken.objects.active().filter(user=user)
        if active.count() >= MAX_ACTIVE_TOKENS:
            raise Invalid(
                _("Du har redan %(antal)s aktiva nycklar. Återkalla någon först.")
                % {"antal": MAX_ACTIVE_TOKENS}
            )
        prefix = secrets.token_hex(6)
        key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(
            user=user, name=name, prefix=prefix, hashed_key=hash_key(key)
        )
    return NewToken(token=token, key=key)


def api_token_revoke(*, user: Actor, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens; someone else's is as if it did not exist."""
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update()
            .filter(pk=token_id, user=user, revoked_at__isnull=True)
            .first()
        )
        if token is None:
            raise Invalid(_("Nyckeln finns inte eller är redan återkallad."))
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_tokens_revoke_as_admin(*, user: Actor, tokens: QuerySet[ApiToken]) -> int:
    """Revoke any holder's keys, for an administrator with the right to change them.
    Already revoked keys keep their date. Returns the number revoked now."""
    if not user.has_perm("api.change_apitoken"):
        raise NotAllowed(_("Du får inte återkalla andras API-nycklar."))
    with transaction.atomic():
        return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_token_authenticate(key: str) -> ApiToken | None:
    """The active token whose key this is (with its user), or None. Notes its use."""
    parts = key.split("_")
    if len(parts) < 3 or not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    prefix = parts[1]
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(prefix=prefix, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.hashed_key, hash_key(key)):
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token
