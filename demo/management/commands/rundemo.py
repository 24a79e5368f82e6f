"""Start the application with demo data: migrate, load the demo if empty, serve.

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
from demo.loader import DEMO_LOGINS, DEMO_PASSWORD, load_demo

logger = logging.getLogger(__name__)

MAIL_INTERVAL = 5.0


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


def prepare_demo(stdout) -> bool:
    """Migrate and load the demo into an empty database. Returns True if it loaded."""
    call_command("migrate", interactive=False, verbosity=0)
    stdout.write("Databasen är migrerad.\n")
    loaded = load_demo(stdout=stdout)
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
        prepare_demo(self.stdout)
        threading.Thread(target=deliver_mail_forever, name="epost", daemon=True).start()
        self.stdout.write(
            f"E-postkön levereras var {MAIL_INTERVAL:g}:e sekund via {settings.EMAIL_BACKEND}.\n"
        )
        super().inner_run(*args, **options)
