"""The outbox's worker: deliver the queued mail and retry what failed.

Run it every minute from a systemd timer (docs/deploy.md), or with ``--loop`` as a
long-running service. A pass in which some mail could not be sent exits non-zero, so
the timer's unit shows the failure; the mail stays queued and is tried again.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db import close_old_connections

from delprojekt.services import utkorg


def leverera_och_rapportera(stdout: OutputWrapper) -> None:
    """One pass of the worker, its figures written to ``stdout``; fails the command when
    some mail could not be sent (it stays queued and is tried again)."""
    leverans = utkorg.leverera()
    stdout.write(f"E-post skickad: {leverans.skickade}, kunde inte skickas: {leverans.misslyckade}")
    if leverans.misslyckade:
        raise CommandError(
            f"{leverans.misslyckade} e-postmeddelanden kunde inte skickas; de försöks igen "
            "automatiskt och syns för kansliet under E-post."
        )


class Command(BaseCommand):
    help = (
        "Skickar e-postkön och försöker igen med det som inte kunde skickas. "
        "Avslutas med felkod när e-post inte kunde skickas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Fortsätt tills processen stoppas, ett pass var --intervall sekund.",
        )
        parser.add_argument("--intervall", type=float, default=10.0)

    def handle(self, *args, **options) -> None:
        if not options["loop"]:
            leverera_och_rapportera(self.stdout)
            return
        while True:
            close_old_connections()
            utkorg.leverera()
            time.sleep(options["intervall"])
