from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from delprojekt.views.auth import LoginView
from delprojekt.views.sok import sok_sida
from delprojekt.views.start import start
from sso.views import Utloggning

urlpatterns = [
    path("", start, name="start"),
    path("logga-in/", LoginView.as_view(), name="login"),
    path("logga-ut/", Utloggning.as_view(), name="logout"),
    # Logging in with the region's account (OpenID Connect); 404 unless configured.
    path("oidc/", include("sso.urls")),
    path("sok/", sok_sida, name="sok"),
    # The kansli's publication decision on a project (the oppet app owns it).
    path("delprojekt/", include("oppet.urls_publicering")),
    path("delprojekt/", include("delprojekt.urls")),
    path("uppfoljning/", include("uppfoljning.urls")),
    path("inforande/", include("inforande.urls")),
    path("statistik/", include("uppfoljning.urls_statistik")),
    path("beslut/", include("delprojekt.urls_beslut")),
    path("sammantraden/", include("delprojekt.urls_sammantrade")),
    path("epost/", include("delprojekt.urls_epost")),
    path("personuppgifter/", include("delprojekt.urls_personuppgifter")),
    path("oppet/", include("oppet.urls")),
    path("processtod/", include("processtod.urls")),
    # The bodies' year: activity plans, verksamhetsberättelser (also public), mandates.
    path("", include("verksamhet.urls")),
    path("api/v1/", include("api.urls")),
    path("konto/api-nycklar/", include("api.urls_konto")),
    # /konto/ (password, authenticator app) and the code step /logga-in/kod/.
    path("", include("konton.urls")),
    # /notiser/ and /konto/notiser/: a person's notifications and their choices.
    path("", include("delprojekt.urls_notiser")),
    path("hjalp/", include("hjalp.urls")),
    path("admin/", admin.site.urls),
]

if settings.SFBV_BENCH:
    from sfbv.bench import golv, golv_oppet, tom_sida

    urlpatterns.append(path("bench/golv/", golv, name="bench_golv"))
    urlpatterns.append(path("bench/tom-sida/", tom_sida, name="bench_tom_sida"))
    urlpatterns.append(path("bench/golv-oppet/", golv_oppet, name="bench_golv_oppet"))
