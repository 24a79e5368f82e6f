"""Apply the retention rule for personal data (docs/personuppgifter.md).

Without ``--verkstall`` nothing changes: the command lists what it would do (a dry
run is the default, ``--dry-run`` says so explicitly). With ``--verkstall`` it
anonymises the eligible people and removes the comments in projects ended longer ago
than the rule. Running it again finds nothing new: it is idempotent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from delprojekt.services import personuppgifter


class Command(BaseCommand):
    help = (
        "Gallrar personuppgifter enligt regeln i docs/personuppgifter.md. Utan --verkstall "
        "visas bara vad som skulle göras."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        grupp = parser.add_mutually_exclusive_group()
        grupp.add_argument(
            "--dry-run",
            action="store_true",
            help="Visa bara vad som skulle göras (standard).",
        )
        grupp.add_argument(
            "--verkstall",
            action="store_true",
            help="Anonymisera och gallra på riktigt. Går inte att ångra.",
        )
        parser.add_argument(
            "--manader",
            type=int,
            default=None,
            help="Månader utan roll och inloggning (standard: SFBV_GALLRING_MANADER).",
        )

    def handle(self, *args: object, **options: object) -> None:
        manader = options["manader"] or settings.SFBV_GALLRING_MANADER
        if not isinstance(manader, int) or manader < 1:
            raise CommandError("--manader måste vara minst 1.")
        verkstall = bool(options["verkstall"])
        resultat = personuppgifter.gallra(manader=manader, verkstall=verkstall)
        lage = "Gallring" if verkstall else "Provkörning (inget ändras)"
        self.stdout.write(f"{lage}: regeln är {manader} månader.")
        verb = "anonymiserades" if verkstall else "skulle anonymiseras"
        self.stdout.write(f"Personer som {verb}: {len(resultat.personer)}")
        for pk in resultat.personer:
            self.stdout.write(f"  person {pk}")
        verb = "gallrades" if verkstall else "skulle gallras"
        antal = sum(n for _ref, n in resultat.projekt)
        self.stdout.write(
            f"Kommentarer i avslutade delprojekt som {verb}: {antal} "
            f"i {len(resultat.projekt)} delprojekt"
        )
        for referens, n in resultat.projekt:
            self.stdout.write(f"  {referens}: {n}")
        if resultat.tomt:
            self.stdout.write("Inget att gallra.")
        elif not verkstall:
            self.stdout.write("Kör med --verkstall för att gallra.")
