"""The authentication backend for logging in with the region's account (OpenID Connect).

mozilla-django-oidc runs the code flow (state, nonce, PKCE) and verifies the ID token;
this backend decides who the verified claims are (sso.services) and sets the
memberships their groups give at every login.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from sso.services import (
    InloggningNekad,
    anvandare_for,
    grupper_i,
    grupper_utelamnade,
    medlemskap_synka,
    namn_i,
)

logger = logging.getLogger(__name__)


class RegionensKonto(OIDCAuthenticationBackend):
    def verify_token(self, token: str, **kwargs: Any) -> dict:
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:
            # The ID token (the userinfo answer, when signed, comes without a nonce). The
            # library checks signature, expiry and nonce; the audience and the issuer too.
            aud = payload.get("aud")
            audiences = aud if isinstance(aud, list) else [aud]
            if self.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("ID-token är utfärdat för en annan klient")
            if "exp" not in payload:
                raise SuspiciousOperation("ID-token saknar giltighetstid")
            issuer = settings.SFBV_OIDC_ISSUER
            if issuer and payload.get("iss") != issuer:
                raise SuspiciousOperation("ID-token är utfärdat av en annan leverantör")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict) -> dict:
        # Entra ID puts the groups in the ID token only, not in the userinfo answer:
        # the verified ID token's claims, completed by the userinfo endpoint's.
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if isinstance(userinfo, dict) and userinfo.get("sub") not in (None, payload.get("sub")):
            raise SuspiciousOperation("userinfo och ID-token gäller olika personer")
        return {**payload, **(userinfo if isinstance(userinfo, dict) else {})}

    @staticmethod
    def epost(claims: dict) -> str:
        value = claims.get(settings.SFBV_OIDC_EPOST_CLAIM)
        return value.strip() if isinstance(value, str) and "@" in value else ""

    def verify_claims(self, claims: dict) -> bool:
        if claims.get("email_verified") is False:
            return False
        return bool(self.epost(claims))

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict) -> Any:
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("inloggningen saknar en bekräftad e-postadress")
        epost = self.epost(claims)
        sub = claims.get("sub")
        if not isinstance(sub, str) or not sub.strip():
            raise SuspiciousOperation("inloggningen saknar personens id (sub)")
        try:
            user = anvandare_for(
                epost=epost,
                namn=namn_i(claims, epost),
                skapa=self.get_settings("OIDC_CREATE_USER", True),
                issuer=str(claims.get("iss") or settings.SFBV_OIDC_ISSUER or ""),
                sub=sub.strip(),
            )
        except InloggningNekad as exc:
            logger.warning("Inloggning med regionens konto nekad för %s: %s", epost, exc)
            return None
        if user is None or not user.is_active:
            return None
        if grupper_utelamnade(claims):
            # Too many groups for the token: the memberships stay as they are.
            logger.warning(
                "Inloggning med regionens konto för %s utan grupper (för många för "
                "token); medlemskap och behörigheter lämnas som de är.",
                epost,
            )
        else:
            medlemskap_synka(user=user, grupper=grupper_i(claims))
        return user
