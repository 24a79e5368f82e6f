"""Queue the follow-up reminders that are due and deliver the outbox. Idempotent: run it
every hour from a systemd timer or cron; it exits non-zero when mail could not be sent."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from delprojekt.management.commands.skicka_epost import leverera_och_rapportera
from uppfoljning.services.paminnelser import skicka_paminnelser


class Command(BaseCommand):
    help = (
        "Köar påminnelser om uppföljningsrapporter 60 och 14 dagar före förfallodatum "
        "och dagen efter att de blivit försenade – var och en en gång – och skickar "
        "sedan e-postkön. Avslutas med felkod när e-post inte kunde skickas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bara-koa",
            action="store_true",
            help="Lägg påminnelserna i e-postkön men låt `skicka_epost` leverera dem.",
        )

    def handle(self, *args, **options) -> None:
        resultat = skicka_paminnelser()
        self.stdout.write(f"Påminnelser köade: {resultat.skickade}")
        if resultat.utan_mottagare:
            self.stdout.write(
                f"Omgångar utan någon att påminna (ingen e-postadress): {resultat.utan_mottagare}"
            )
        if options["bara_koa"]:
            return
        leverera_och_rapportera(self.stdout)
