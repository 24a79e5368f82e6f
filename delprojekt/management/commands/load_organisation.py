"""Load the samverkan, its regions, bodies, people and memberships from a file:

uv run manage.py load_organisation organisation/mellansverige.yaml

The format is in docs/organisation.md. The whole file is checked first and every error
is named with its line; only a file without errors is written, in one transaction. A
second run of the same file changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from delprojekt.services.organisationsfil import Organisationsfel, organisation_load


class Command(BaseCommand):
    help = (
        "Läser in samverkan, regioner, organ, personer och medlemskap från en YAML- eller JSON-fil."
    )

    def add_arguments(self, parser):
        parser.add_argument("fil", help="Organisationsfilen (YAML eller JSON).")

    def handle(self, *args, fil, **options):
        try:
            rapport = organisation_load(fil)
        except Organisationsfel as exc:
            antal = len(exc.fel)
            raise CommandError(
                f"{fil}: {antal} fel, ingenting sparades.\n" + "\n".join(exc.fel)
            ) from None
        for rad in rapport.detaljer:
            self.stdout.write(rad)
        if rapport.andringar == 0:
            self.stdout.write(self.style.SUCCESS(f"{fil}: inget att ändra, allt stämmer redan."))
            return
        delar = [f"{n} {slag} skapade" for slag, n in rapport.skapade.items()]
        delar += [f"{n} {slag} ändrade" for slag, n in rapport.andrade.items()]
        self.stdout.write(self.style.SUCCESS(f"{fil}: " + ", ".join(delar) + "."))
