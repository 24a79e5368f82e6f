"""Writes docs/lifecycle.md from the lifecycle's declaration (``delprojekt.workflow``)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from delprojekt.workflow import lifecycle_markdown

DOC = Path(settings.BASE_DIR) / "docs" / "lifecycle.md"


class Command(BaseCommand):
    help = "Skriver docs/lifecycle.md (diagram och tabell) från livscykelns deklaration."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Ändra inget; avsluta med fel om filen är inaktuell.",
        )

    def handle(self, *args, check: bool = False, **options):
        text = lifecycle_markdown()
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if check:
            if current != text:
                raise SystemExit("docs/lifecycle.md är inaktuell: kör manage.py livscykel")
            self.stdout.write("docs/lifecycle.md är aktuell.")
            return
        DOC.write_text(text, encoding="utf-8")
        self.stdout.write(f"Skrev {DOC.relative_to(settings.BASE_DIR)}.")
