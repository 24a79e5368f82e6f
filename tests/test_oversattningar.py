"""The web pages keep Django's own Swedish where an installed app translates the same
message differently (locale/sv overrides Django REST framework's wording)."""

from __future__ import annotations

import gettext
from pathlib import Path

import django
import rest_framework
from django.utils import translation

DJANGO_SV = Path(django.__file__).parent / "conf/locale/sv/LC_MESSAGES/django.mo"
DRF_SV = Path(rest_framework.__file__).parent / "locale/sv/LC_MESSAGES/django.mo"


def test_every_message_both_translate_keeps_djangos_wording():
    with DJANGO_SV.open("rb") as f:
        django_sv = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    with DRF_SV.open("rb") as f:
        drf_sv = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    shared = [k for k in drf_sv if isinstance(k, str) and k and k in django_sv]
    assert shared, "inga gemensamma meddelanden: testet prövar ingenting"
    with translation.override("sv"):
        for msgid in shared:
            assert translation.gettext(msgid) == django_sv[msgid], msgid
