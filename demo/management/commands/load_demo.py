from django.core.management.base import BaseCommand

from demo.loader import DEMO_LOGINS, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Läser in demo-organisationen och demoprojekten i en tom databas."

    def handle(self, *args, **options):
        if load_demo(stdout=self.stdout):
            self.stdout.write(self.style.SUCCESS("Demodata inläst."))
            for username, role in DEMO_LOGINS:
                self.stdout.write(f"  {username:<22} {role}")
            self.stdout.write(f"Lösenord för alla demokonton: {DEMO_PASSWORD}")
        else:
            self.stdout.write("Databasen innehåller redan data – inget har ändrats.")
