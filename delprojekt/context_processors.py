from django.http import HttpRequest

from delprojekt.models import Samverkan
from delprojekt.permissions import roller_for


def sfbv(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "roller": roller_for(user) if user is not None else None,
        "samverkan_namn": "Samarbete för bättre vård",
        "samverkan": Samverkan.objects.order_by("pk").first,  # evaluated lazily by templates
    }
