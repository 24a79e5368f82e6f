"""Write a backup of the database and the media folder into a directory (see docs/backup.md).

uv run manage.py sakerhetskopiera /var/backups/sfbv/sfbv-20260314T021500Z

``bin/sfbv-backup`` chooses the timestamped directory and calls this command.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from delprojekt.services.sakerhetskopia import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar databasen (pg_dump) och mediamappen till en tom mapp, "
        "med radantal per tabell och SHA-256 för filerna."
    )

    def add_arguments(self, parser):
        parser.add_argument("mapp", help="Mappen som säkerhetskopian skrivs till (ny eller tom).")

    def handle(self, *args, mapp, **options):
        target = Path(mapp)
        try:
            figures = backup_write(target=target, media_root=Path(settings.MEDIA_ROOT))
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"Säkerhetskopia i {target}: {figures['tabeller']} tabeller, "
            f"{figures['rader']} rader, {figures['mediafiler']} mediafiler."
        )
