"""Every page of the journeys fits a phone: at 390 px nothing scrolls the page sideways
(wide tables scroll inside their own box), the header stays compact and carries the
link Hjälp to the user guide (whose pages, /hjalp/, the walk reaches through it).

The pages are found, not listed: as each demo persona the test follows the links from
the start page, visiting each kind of page (URL name) a few times, and then checks that
every URL name of the URLconf was visited, unless it is named below as no page to look
at. A new page is therefore either reached from the others or makes this test fail."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from playwright.sync_api import Page, expect

from delprojekt.models import Atgardsforslag, Beredningskontakt, Delprojekt, Delrapport, Status
from demo.loader import DEMO_PASSWORD, load_demo
from processtod.models import Processtodstjanst
from tests.browser.axe import assert_accessible
from tests.browser.test_journey import login
from verksamhet.models import Aktivitet, Mandat

pytestmark = pytest.mark.browser

WIDTH = 390
HEADER_MAX_PX = 120
#: How many pages of one kind (URL name and its non-identifying arguments) each persona
#: visits: enough to meet the demo's long titles and wide tables, few enough to be quick.
PER_KIND = 2

PERSONAS = [
    "kansli1",  # kansli, contact person: sees every form
    "lg-halland",  # ledningsgrupp member who chairs its meetings
    "ordforande",  # chair of a running working group: the report and its chapters
    "samordnare-blekinge",  # regional coordinator: the regions' decisions, införande
    "tidigare-ordforande",  # former chair writing an overdue follow-up report
]

#: URL names that are no page to look at: files, and actions that only take a POST.
NOT_PAGES = {
    "logout",
    "delprojekt:portfolio_xlsx",
    "delprojekt:portfolio_csv",
    "delprojekt:mine_xlsx",
    "delprojekt:mine_csv",
    "statistik:manadsrapport",
    "statistik:xlsx",
    "delprojekt:huvudmannabeslut_utdrag",
    "delprojekt:arkivpaket",
    "delprojekt:uppdrag_pdf",
    "delprojekt:arbetsgrupp_lista_pdf",
    "delprojekt:arbetsgrupp_csv",
    "delprojekt:slutrapport_pdf",
    "delprojekt:rapportversion",
    "delprojekt:bilaga",
    "delprojekt:atgardsforslag_remove",
    "delprojekt:uppdrag_las",
    "delprojekt:kompetenskrav_remove",
    "delprojekt:kompetenskrav_flytta",
    "delprojekt:milstolpe_remove",
    "delprojekt:uppfoljningsparameter_remove",
    "delprojekt:uppfoljningsparameter_flytta",
    "delprojekt:arbetsgrupp_member",
    "delprojekt:arbetsgrupp_patientrepresentant",
    "delprojekt:arbetsgrupp_kompetens_skal",
    "delprojekt:slutrapport_patientperspektiv",
    "delprojekt:anteckningsratt",
    "delprojekt:delrapport_skicka",
    "delprojekt:stod_svar",
    "delprojekt:post_ta_bort",
    "delprojekt:kommentar_ny",
    "delprojekt:bilaga_ny",
    "delprojekt:bilaga_ta_bort",
    "delprojekt:slutrapport_huvudansvarig",
    "delprojekt:kapitel_skribent",
    "delprojekt:kapitel_kommentar_status",
    # The implementation plans: freezing a version is a POST, a version is a PDF.
    "inforande:plan_faststall",
    "inforande:plan_pdf",
    "uppfoljning:ansvarig_add",
    "uppfoljning:ansvarig_answer",
    "uppfoljning:ansvarig_remove",
    "uppfoljning:omgang_action",
    "uppfoljning:redovisning_add",
    "uppfoljning:redovisning_remove",
    "uppfoljning:matvarde_mall",
    "uppfoljning:matvarde_remove",
    "uppfoljning:rapport_pdf",
    "uppfoljning:rapport_lamna_in",
    "uppfoljning:rapport_inlamnad_pdf",
    "beslut:register_xlsx",
    "sammantrade:lagg_till",
    "sammantrade:fri_punkt",
    "sammantrade:flytta",
    "sammantrade:ta_bort",
    "sammantrade:protokollfor",
    "sammantrade:omedelbar",
    "sammantrade:kallelse",
    "sammantrade:narvaro",
    "sammantrade:fardigstall",
    "sammantrade:justera",
    "sammantrade:korrigera",
    "sammantrade:kallelse_pdf",
    "sammantrade:protokoll_pdf",
    "sammantrade:utdrag_pdf",
    "sammantrade:kalender_ny",
    "sammantrade:kalender_feed",
    # The portfolio import's files and POST, and its preview, which needs an uploaded file
    # (tests/browser/test_portfoljimport.py checks it on a phone and with axe).
    "delprojekt:import_mall_xlsx",
    "delprojekt:import_mall_csv",
    "delprojekt:import_genomfor",
    "delprojekt:import_forhandsvisning",
    "epost:skicka_igen_alla",
    "epost:skicka_igen",
    "personuppgifter:utdrag_json",
    "personuppgifter:utdrag_pdf",
    "notiser:markera_last",
    "notiser:markera_alla_lasta",
    # The public part's files and feed, and the page a sent report lands on.
    "oppet:slutrapport",
    "oppet:uppfoljningsrapport",
    "oppet:flode",
    "oppet:data_zip",
    "oppet:data_json",
    "oppet:tack",
    # The API: JSON for other systems, and Swagger UI's page of its own without the site's
    # header (tests/browser/test_api_nycklar.py checks that page on a phone and with axe).
    "api_nycklar:aterkalla",
    # Processtöd: the overview's spreadsheet and the removal of an invoice (a POST).
    "processtod:oversikt_xlsx",
    "processtod:faktura_ta_bort",
    # The account pages a signed-in persona does not reach: the password reset (for those
    # who cannot log in), the code step after the password and the removal (a POST).
    # tests/browser/test_konton.py checks them on a phone and with axe.
    "konton:losenord_glomt",
    "konton:losenord_skickat",
    "konton:losenord_ny",
    "konton:losenord_klart",
    "konton:verifiera",
    "konton:tvasteg_ta_bort",
    "konton:reservkoder",
    # Login with the region's account: redirects to and from the provider, no pages of
    # their own (404 unless configured; tests/browser/test_sso.py walks them).
    "sso:inloggning",
    "sso:callback",
    "api:schema",
    "api:docs",
    # The bodies' year: the buttons (POST) and the PDFs.
    "verksamhet:godkann",
    "verksamhet:las",
    "verksamhet:publicera",
    "verksamhet:aktivitet_ta_bort",
    "verksamhet:berattelse_pdf",
    "verksamhet:oppet_pdf",
    "verksamhet:arbetsgrupp_godkann",
    "verksamhet:arbetsgrupp_las",
    "verksamhet:arbetsgrupp_berattelse_pdf",
    *(
        f"api:{resource}-{kind}"
        for resource in (
            "delprojekt",
            "beslut",
            "sammantrade",
            "rekommendation",
            "huvudmannabeslut",
            "inforande",
            "uppfoljningsparameter",
            "matvarde",
        )
        for kind in ("list", "detail")
    ),
}

_SKIP_PATH = re.compile(r"\.(pdf|csv|xlsx|ics|zip|json|atom)$|^/logga-ut/|^/admin/|^/api/")

#: Arguments that only say which object: two pages differing only in these are one kind.
_IDENTIFYING = {"referens", "pk", "nummer", "nyckel", "punkt", "vpk", "token", "region_pk"}

_MEASURE = """() => ({
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  header: document.querySelector('.site-header').getBoundingClientRect().height,
  links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
  hjalp: [...document.querySelectorAll('.site-header a[rel="help"]')]
    .map((a) => a.getAttribute('href')),
})"""

#: Pages without the header's Hjälp link: the public part (/oppet/) has its own layout
#: for the public, who do not use the system and whom the user guide does not address.
_UTAN_HJALP = re.compile(r"^/oppet/")


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(resolver: URLResolver, namespace: str | None) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if p.namespace != "admin":
                    walk(p, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver(), None)
    return names


def kind_of(path: str) -> tuple[str, str] | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    plain = ",".join(f"{v}" for k, v in sorted(match.kwargs.items()) if k not in _IDENTIFYING)
    return match.view_name, plain


def unlinked_pages() -> list[str]:
    """Pages reached by a typed address or a form rather than a link."""
    handed_over = Delprojekt.objects.filter(status=Status.NULAGE).order_by("referens").first()
    waiting_lg = Delprojekt.objects.filter(status=Status.LEDNINGSGRUPP).order_by("referens").first()
    namnd = Delprojekt.objects.filter(status=Status.NAMND).order_by("referens").first()
    with_proposals = Atgardsforslag.objects.select_related("delprojekt").order_by("pk").first()
    in_uppdrag = Delprojekt.objects.filter(status=Status.UPPDRAG).order_by("referens").first()
    implementing = Delprojekt.objects.filter(status=Status.INFORANDE).order_by("referens").first()
    delrapport = Delrapport.objects.select_related("delprojekt").order_by("pk").first()
    kontakt = Beredningskontakt.objects.select_related("delprojekt").order_by("pk").first()
    assert kontakt is not None, "demodata saknas"
    # The bodies' year: the walk's few visits per kind reach the body pages but may miss
    # the forms of one mandate and one activity.
    mandat = Mandat.objects.order_by("pk").first()
    aktivitet = Aktivitet.objects.filter(organ__isnull=False).order_by("pk").first()
    assert mandat is not None and aktivitet is not None, "demodata saknas"
    assert handed_over and waiting_lg and namnd and with_proposals, "demodata saknas"
    assert in_uppdrag and implementing and delrapport, "demodata saknas"
    region = implementing.regioner.order_by("pk").first()
    assert region is not None
    # Every demo post has invoices, so no post links its removal; the page still asks.
    tjanst = Processtodstjanst.objects.order_by("pk").first()
    assert tjanst is not None, "demodata saknas"
    return [
        reverse("processtod:ta_bort", args=[tjanst.pk]),
        # The header's search box sends its form here.
        reverse("sok") + "?q=kirurgi",
        reverse("delprojekt:kompetenskrav", args=[in_uppdrag.referens]),
        reverse("delprojekt:milstolpar", args=[in_uppdrag.referens]),
        reverse("uppfoljning:inforande_region", args=[implementing.referens, region.pk]),
        reverse(
            "delprojekt:delrapport_andra", args=[delrapport.delprojekt.referens, delrapport.pk]
        ),
        reverse("delprojekt:positions", args=[waiting_lg.referens]),
        # The walk's few visits per kind may miss the one project with logged contacts.
        reverse(
            "delprojekt:beredningskontakt_andra",
            args=[kontakt.delprojekt.referens, kontakt.pk],
        ),
        reverse("verksamhet:mandat", args=[mandat.medlemskap_id]),
        reverse("verksamhet:aktivitet", args=[aktivitet.pk]),
        reverse("delprojekt:uppdrag_andring", args=[handed_over.referens]),
        reverse("delprojekt:uppdrag_versioner", args=[handed_over.referens]) + "?a=1&b=1",
        reverse("delprojekt:arbetsgrupp_utse", args=[handed_over.referens]),
        reverse("beslut:beslutsforslag", args=[waiting_lg.referens]),
        reverse("delprojekt:transition", args=[namnd.referens, "rekommendera"]),
        reverse(
            "delprojekt:atgardsforslag_edit",
            args=[with_proposals.delprojekt.referens, with_proposals.pk],
        ),
    ]


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Att göra")


def test_every_page_of_the_journeys_fits_a_phone(page: Page, live_server):
    assert load_demo() is True
    base = live_server.url
    page.set_viewport_size({"width": WIDTH, "height": 844})
    problems: list[str] = []
    visited: set[str] = set()
    checked_for_axe: set[tuple[str, str]] = set()

    def check(path: str, who: str) -> list[str]:
        response = page.goto(f"{base}{path}")
        assert response is not None
        if "text/html" not in response.headers.get("content-type", ""):
            return []
        m = page.evaluate(_MEASURE)
        if m["overflow"] > 0:
            problems.append(f"{path} ({who}): {m['overflow']} px för bred")
        if m["header"] > HEADER_MAX_PX:
            problems.append(f"{path} ({who}): sidhuvudet är {m['header']:.0f} px högt")
        if not _UTAN_HJALP.search(urlsplit(path).path) and not (
            len(m["hjalp"]) == 1 and m["hjalp"][0].startswith("/hjalp/")
        ):
            problems.append(f"{path} ({who}): ingen länk Hjälp till användarguiden")
        kind = kind_of(path)
        if kind is not None and kind not in checked_for_axe and response.status == 200:
            checked_for_axe.add(kind)
            assert_accessible(page)
        return m["links"]

    check("/logga-in/", "utloggad")
    visited.add("login")

    for who in PERSONAS:
        log_in(page, base, who)
        seen_paths: set[str] = set()
        per_kind: Counter[tuple[str, str]] = Counter()
        queue = ["/", *unlinked_pages()]
        while queue:
            path = queue.pop(0)
            if path in seen_paths:
                continue
            seen_paths.add(path)
            kind = kind_of(path)
            if kind is None or per_kind[kind] >= PER_KIND:
                continue
            per_kind[kind] += 1
            visited.add(kind[0])
            for href in check(path, who):
                url = urlsplit(urljoin(f"{base}{path}", href))
                if url.netloc != urlsplit(base).netloc or _SKIP_PATH.search(url.path):
                    continue
                target = url.path + (f"?{url.query}" if url.query else "")
                if target not in seen_paths:
                    queue.append(target)

    # The error pages: 404 for the kansli, 403 for a former chair on the kansli's outbox.
    for who, path, status in [
        ("tidigare-ordforande", reverse("epost:lista"), 403),
        ("kansli1", "/delprojekt/SFBV-1999-999/", 404),
        ("kansli1", "/finns-inte/", 404),
    ]:
        if who != "kansli1" or path == "/delprojekt/SFBV-1999-999/":
            log_in(page, base, who)
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == status, path
        check(path, f"{who}, {status}")

    assert not problems, "Sidor som inte passar 390 px eller saknar Hjälp:\n" + "\n".join(problems)
    forgotten = url_names() - NOT_PAGES - visited
    assert not forgotten, (
        "Sidor som testet inte nådde (länka dem, lägg till dem i unlinked_pages eller, "
        f"om de inte är sidor, i NOT_PAGES): {sorted(forgotten)}"
    )


def test_the_menu_folds_into_a_disclosure_on_a_phone(page: Page, live_server, kansli):
    page.set_viewport_size({"width": WIDTH, "height": 844})
    login(page, live_server.url, "kansli")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    expect(nav).to_be_hidden()
    toggle = page.locator("summary.site-menu__toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    assert_accessible(page)
    nav.get_by_role("link", name="Sammanträden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammanträden")
    expect(nav).to_be_hidden()

    # Wide, the menu is always shown and the disclosure's button is not.
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(nav).to_be_visible()
    expect(toggle).to_be_hidden()
