"""The outbox: one row per e-mail to one recipient, beside django-mailer's queue.

The message itself (with its attachments) waits in django-mailer's ``Message`` table
until it is delivered; every attempt is written to its ``MessageLog``. This row is what
the application knows about the mail: to whom, about what, and how its delivery went,
so the kansli can see what could not be sent and a meeting can say whether its
kallelse reached everyone.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisation import Person
from .sammantrade import Sammantrade


class Utskick(models.Model):
    class Status(models.TextChoices):
        KOAD = "koad", _("Köad")
        SKICKAD = "skickad", _("Skickad")
        MISSLYCKAD = "misslyckad", _("Kunde inte skickas")

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    meddelande = models.ForeignKey(
        "mailer.Message",
        verbose_name=_("meddelande i kön"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Tomt när meddelandet har levererats och lämnat kön."),
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("mottagare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="utskick",
    )
    adress = models.CharField(_("adress"), max_length=254)
    amne = models.CharField(_("ämne"), max_length=255)
    sammantrade = models.ForeignKey(
        Sammantrade,
        verbose_name=_("kallelse till sammanträde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="utskick",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.KOAD, db_index=True
    )
    koad = models.DateTimeField(_("köad"), default=timezone.now)
    forsok = models.PositiveIntegerField(_("försök"), default=0)
    senaste_forsok = models.DateTimeField(_("senaste försök"), null=True, blank=True)
    senaste_fel = models.TextField(_("senaste fel"), blank=True)
    nasta_forsok = models.DateTimeField(
        _("nästa försök"),
        null=True,
        blank=True,
        help_text=_("Tomt när inga fler automatiska försök görs."),
    )
    skickad = models.DateTimeField(_("levererad"), null=True, blank=True)

    class Meta:
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")
        ordering = ["-koad", "-pk"]
        indexes = [models.Index(fields=["status", "nasta_forsok"], name="utskick_att_forsoka")]

    def __str__(self) -> str:
        return f"{self.amne} → {self.adress}"
