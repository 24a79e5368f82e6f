"""Send the follow-up reminders that are due. Idempotent: run it every hour from cron."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from uppfoljning.services.paminnelser import skicka_paminnelser


class Command(BaseCommand):
    help = (
        "Skickar påminnelser om uppföljningsrapporter 60 och 14 dagar före förfallodatum "
        "och dagen efter att de blivit försenade – var och en en gång."
    )

    def handle(self, *args, **options) -> None:
        resultat = skicka_paminnelser()
        self.stdout.write(f"Påminnelser skickade: {resultat.skickade}")
        if resultat.utan_mottagare:
            self.stdout.write(
                f"Omgångar utan någon att påminna (ingen e-postadress): {resultat.utan_mottagare}"
            )
