"""``manage.py oidc_miljo ISSUER``: the provider's endpoints as environment variables.

Reads the provider's discovery document (``ISSUER/.well-known/openid-configuration``)
once, when the installation is set up, and prints the ``OIDC_OP_*`` and
``SFBV_OIDC_ISSUER`` lines to put in the environment file. The application itself never
reads the discovery document: its endpoints stay fixed and reviewed in the environment.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.error import URLError
from urllib.request import Request, urlopen

from django.core.management.base import BaseCommand, CommandError, CommandParser

#: Environment variable ← the discovery document's key.
FALT = (
    ("SFBV_OIDC_ISSUER", "issuer"),
    ("OIDC_OP_AUTHORIZATION_ENDPOINT", "authorization_endpoint"),
    ("OIDC_OP_TOKEN_ENDPOINT", "token_endpoint"),
    ("OIDC_OP_USER_ENDPOINT", "userinfo_endpoint"),
    ("OIDC_OP_JWKS_ENDPOINT", "jwks_uri"),
    ("OIDC_OP_LOGOUT_URL", "end_session_endpoint"),
)
KRAVS = {"issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"}


class Command(BaseCommand):
    help = "Skriver identitetsleverantörens adresser som miljövariabler (OIDC_OP_*)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("issuer", help="Leverantörens issuer, t.ex. https://login.example/")
        parser.add_argument(
            "--tillat-http",
            action="store_true",
            help="Godta http:// (bara för en testleverantör på den egna datorn).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        issuer: str = options["issuer"].rstrip("/")
        tillatna = ("https://", "http://") if options["tillat_http"] else ("https://",)
        if not issuer.startswith(tillatna):
            raise CommandError("Leverantörens adress måste börja med https://.")
        adress = f"{issuer}/.well-known/openid-configuration"
        try:
            fraga = Request(adress, headers={"Accept": "application/json"})  # noqa: S310 (http(s) only, above)
            with urlopen(fraga, timeout=15) as r:  # noqa: S310
                dokument = json.loads(r.read().decode("utf-8"))
        except (URLError, TimeoutError, OSError) as exc:
            raise CommandError(f"Kunde inte läsa {adress}: {exc}") from exc
        except ValueError as exc:
            raise CommandError(f"{adress} är inte JSON: {exc}") from exc
        if not isinstance(dokument, dict):
            raise CommandError(f"{adress} är inte ett discovery-dokument.")
        saknas = sorted(k for k in KRAVS if not isinstance(dokument.get(k), str))
        if saknas:
            raise CommandError(f"{adress} saknar {', '.join(saknas)}.")
        if dokument["issuer"].rstrip("/") != issuer:
            raise CommandError(
                f"Dokumentet anger issuer {dokument['issuer']}, inte {issuer}: "
                "kontrollera adressen."
            )
        algoritmer = dokument.get("id_token_signing_alg_values_supported") or []
        for variabel, nyckel in FALT:
            varde = dokument.get(nyckel)
            if isinstance(varde, str) and varde:
                self.stdout.write(f"{variabel}={varde}")
        if algoritmer and "RS256" not in algoritmer:
            self.stdout.write(f"OIDC_RP_SIGN_ALGO={algoritmer[0]}")
        self.stderr.write(
            "Lägg till OIDC_RP_CLIENT_ID och OIDC_RP_CLIENT_SECRET från registreringen "
            "av applikationen hos leverantören."
        )
