"""Start the application with demo data: migrate, load the demo if empty, serve.

On the first run the approved slutrapports are frozen (rendered to PDF/A, stored with
their SHA-256) by a background thread once the server is up, not before it: the first
page comes a few seconds sooner, and the versions are there a couple of seconds later.

The outbox is delivered in the same process, by a thread that runs a pass of the mail
worker every few seconds through EMAIL_BACKEND (the console, unless configured), so
the demo needs no second command.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands.runserver import Command as RunserverCommand
from django.db import close_old_connections, connection

from delprojekt.services import utkorg
from delprojekt.services.slutrapport_pdf import rapportversion_freeze
from demo.loader import DEMO_LOGINS, DEMO_PASSWORD, load_demo

logger = logging.getLogger(__name__)

MAIL_INTERVAL = 5.0
# Seconds the background freezing waits, so that the server is listening first.
FREEZE_DELAY = 1.0


def deliver_mail_forever(interval: float = MAIL_INTERVAL) -> None:
    while True:
        time.sleep(interval)
        close_old_connections()
        try:
            utkorg.leverera()
        except Exception:
            logger.exception("E-postkön kunde inte skickas")
        finally:
            connection.close()


def freeze_in_background(
    pending: list[tuple[int, int]], stdout=None, *, delay: float = FREEZE_DELAY
) -> None:
    """Freeze the slutrapports the demo approved (``rapportversion_freeze``, idempotent)."""
    time.sleep(delay)
    close_old_connections()
    try:
        for delprojekt_id, beslut_id in pending:
            try:
                rapportversion_freeze(delprojekt_id, beslut_id)
            except Exception:
                logger.exception("Slutrapporten kunde inte låsas (delprojekt %s)", delprojekt_id)
        if stdout is not None:
            stdout.write(f"Demons {len(pending)} godkända slutrapporter är låsta som PDF.\n")
    finally:
        connection.close()


def prepare_demo(stdout, pending: list[tuple[int, int]] | None = None) -> bool:
    """Migrate and load the demo into an empty database. Returns True if it loaded.

    With ``pending`` (a list), the approved slutrapports are not frozen while loading;
    they are added to the list for ``freeze_in_background``.
    """
    call_command("migrate", interactive=False, verbosity=0)
    stdout.write("Databasen är migrerad.\n")
    loaded = load_demo(stdout=stdout, deferred_freezes=pending)
    if loaded:
        stdout.write("Demodata inläst.\n")
    else:
        stdout.write("Databasen innehåller redan data – den behålls som den är.\n")
    stdout.write(f"\nDemokonton (lösenord för alla: {DEMO_PASSWORD}):\n")
    for username, role in DEMO_LOGINS:
        stdout.write(f"  {username:<22} {role}\n")
    stdout.write("\n")
    return loaded


class Command(RunserverCommand):
    help = (
        "Migrerar databasen, läser in demodata om den är tom och startar servern "
        "(som runserver, standard 127.0.0.1:8000)."
    )

    def inner_run(self, *args, **options):
        # Only in the serving process, not in the autoreloader's parent.
        pending: list[tuple[int, int]] = []
        prepare_demo(self.stdout, pending)
        if pending:
            threading.Thread(
                target=freeze_in_background,
                args=(pending, self.stdout),
                name="slutrapporter",
                daemon=True,
            ).start()
        threading.Thread(target=deliver_mail_forever, name="epost", daemon=True).start()
        self.stdout.write(
            f"E-postkön levereras var {MAIL_INTERVAL:g}:e sekund via {settings.EMAIL_BACKEND}.\n"
        )
        super().inner_run(*args, **options)
