"""Check a restored database and media folder against the backup (see docs/backup.md).

DATABASE_URL=postgres://…/sfbv_restored uv run manage.py kontrollera_aterstallning \\
    --antal /var/backups/sfbv/sfbv-20260314T021500Z/antal.json --media /srv/sfbv/media-restored

Exits with status 1 when a table's row count differs, a file is missing or a frozen PDF
does not have the SHA-256 recorded in the database.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from delprojekt.services.sakerhetskopia import (
    check_files,
    compare_counts,
    read_counts,
    table_counts,
)


class Command(BaseCommand):
    help = (
        "Kontrollerar en återställd databas och mediamapp: radantal per tabell mot "
        "säkerhetskopians antal.json och varje fryst PDF mot sin registrerade SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--antal",
            help="antal.json från säkerhetskopian (radantalen databasen ska ha).",
        )
        parser.add_argument(
            "--media", help="Den återställda mediamappen (standard: DJANGO_MEDIA_ROOT)."
        )
        parser.add_argument(
            "--minst-frysta",
            type=int,
            default=0,
            help="Misslyckas om färre frysta PDF:er än så kontrollerades.",
        )
        parser.add_argument(
            "--skriv-antal",
            metavar="FIL",
            help="Skriv bara databasens radantal per tabell till FIL och avsluta.",
        )

    def handle(self, *args, antal, media, minst_frysta, skriv_antal, **options):
        if skriv_antal:
            counts = table_counts()
            Path(skriv_antal).write_text(
                json.dumps({"tabeller": counts}, indent=1, sort_keys=True) + "\n"
            )
            self.stdout.write(f"{len(counts)} tabeller, {sum(counts.values())} rader.")
            return
        problems: list[str] = []
        actual = table_counts()
        if antal:
            problems += compare_counts(read_counts(Path(antal)), actual)
        media_root = Path(media) if media else Path(settings.MEDIA_ROOT)
        files = check_files(media_root)
        problems += files.problems
        if files.frozen < minst_frysta:
            problems.append(
                f"bara {files.frozen} frysta PDF:er kontrollerades, minst {minst_frysta} krävs"
            )
        self.stdout.write(f"Tabeller jämförda:        {len(actual) if antal else 0}")
        self.stdout.write(f"Rader totalt:             {sum(actual.values())}")
        self.stdout.write(f"Filer kontrollerade:      {files.files}")
        self.stdout.write(f"Frysta PDF:er (SHA-256):  {files.frozen}")
        self.stdout.write(f"Avvikelser:               {len(problems)}")
        if problems:
            for p in problems:
                self.stderr.write(f"  {p}")
            raise CommandError(f"Återställningen är inte fullständig: {len(problems)} avvikelser.")
        self.stdout.write(self.style.SUCCESS("Återställningen är fullständig."))
