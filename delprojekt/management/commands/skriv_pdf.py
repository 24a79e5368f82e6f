"""Write a document of a delprojekt as PDF to a file, e.g. to look at the demo's reports:

uv run manage.py skriv_pdf SFBV-2024-002 slutrapport.pdf
uv run manage.py skriv_pdf SFBV-2025-005 uppdrag.pdf --dokument uppdrag
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from delprojekt.models import Delprojekt
from delprojekt.services.slutrapport_pdf import slutrapport_pdf
from delprojekt.services.uppdrag_pdf import uppdrag_pdf_bytes


class Command(BaseCommand):
    help = "Skriver delprojektets slutrapport (eller uppdrag) som PDF till en fil."

    def add_arguments(self, parser):
        parser.add_argument("referens", help="Delprojektets referens, t.ex. SFBV-2024-002.")
        parser.add_argument("fil", help="Filen som PDF:en skrivs till.")
        parser.add_argument("--dokument", choices=["slutrapport", "uppdrag"], default="slutrapport")

    def handle(self, *args, referens, fil, dokument, **options):
        dp = Delprojekt.objects.filter(referens=referens).first()
        if dp is None:
            raise CommandError(f"Det finns inget delprojekt med referensen {referens}.")
        pdf = slutrapport_pdf(dp) if dokument == "slutrapport" else uppdrag_pdf_bytes(dp)
        Path(fil).write_bytes(pdf)
        self.stdout.write(f"{dokument} för {dp.referens} skriven till {fil} ({len(pdf)} byte).")
