"""Queue the daily summary: one mail per person with the notifications they chose to
get once a day. Idempotent: a notification is mailed in one summary only, so running
it twice, or by two timers at once, sends nothing twice. Run it once a day from a
systemd timer or cron (docs/deploy.md); the outbox's worker delivers the mail."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from delprojekt.management.commands.skicka_epost import leverera_och_rapportera
from delprojekt.services.notiser import sammanfattning_skicka


class Command(BaseCommand):
    help = (
        "Lägger en daglig sammanfattning i e-postkön till varje person som har notiser "
        "som väntar på den – varje notis bara en gång – och skickar sedan e-postkön. "
        "Avslutas med felkod när e-post inte kunde skickas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bara-koa",
            action="store_true",
            help="Lägg sammanfattningarna i e-postkön men låt `skicka_epost` leverera dem.",
        )

    def handle(self, *args, **options) -> None:
        resultat = sammanfattning_skicka()
        self.stdout.write(
            f"Sammanfattningar köade: {resultat.personer} (med {resultat.notiser} notiser)"
        )
        if options["bara_koa"]:
            return
        leverera_och_rapportera(self.stdout)
