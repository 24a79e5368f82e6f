"""The user guide's pictures, made from the demo by a browser doing each step as a user.

Run by ``bin/guide-bilder``, which starts the demo on a throw-away database; by hand:
``uv run python -m hjalp.bilder --bas http://127.0.0.1:8000 --ut docs/guide/bilder``.
Each step clicks, fills and sends forms as a user would, checks the page it lands on
(its heading, so never a login or error page) and saves a picture named as the
chapters name it (``docs/guide/*.md``). A step that cannot be done stops the run with
the step's name and exit status 1: the guide describes something the application no
longer does. Development only (Playwright and Debian's ``/usr/bin/chromium``).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "sfbv2026"  # noqa: S105 - the demo's password, printed in the README
BRED = {"width": 1024, "height": 640}
SMAL = {"width": 390, "height": 700}
#: Colours per picture after reduction: screenshots of these pages have few colours, and
#: a palette keeps each picture small enough for the repository and a phone.
FARGER = 96


class StegMisslyckades(Exception):
    def __init__(self, steg: str, orsak: BaseException) -> None:
        super().__init__(f"{steg}: {orsak}")
        self.steg = steg


class Fotograf:
    def __init__(self, browser: Browser, bas: str, ut: Path) -> None:
        self.browser = browser
        self.bas = bas.rstrip("/")
        self.ut = ut
        self.bilder: list[Path] = []
        #: The last picture saved, to say where a failing step was.
        self.senaste = "–"

    def som(self, anvandare: str | None, storlek: dict[str, int] = BRED) -> Page:
        """A fresh browser as ``anvandare``, logged in through the login form."""
        context = self.browser.new_context(viewport=storlek, locale="sv-SE")  # type: ignore[arg-type]
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto(f"{self.bas}/logga-in/")
        if anvandare:
            page.get_by_label("Användarnamn").fill(anvandare)
            page.get_by_label("Lösenord").fill(PASSWORD)
            page.get_by_role("button", name="Logga in").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Att göra")
        return page

    def bild(
        self,
        page: Page,
        namn: str,
        rubrik: str | re.Pattern[str],
        *,
        vid: str | Locator = "",
    ) -> None:
        """Check the page's heading, then save what the user sees (scrolled to ``vid``)."""
        expect(page.get_by_role("heading", level=1)).to_have_text(rubrik)
        page.wait_for_load_state("networkidle")
        if vid:
            (page.locator(vid) if isinstance(vid, str) else vid).first.scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -80)")
        else:
            page.evaluate("window.scrollTo(0, 0)")
        path = self.ut / f"{namn}.png"
        page.screenshot(path=str(path), animations="disabled", caret="hide")
        with Image.open(path) as bild:
            liten = bild.convert("RGB").quantize(colors=FARGER, method=Image.Quantize.MEDIANCUT)
        liten.save(path, optimize=True)
        self.bilder.append(path)
        self.senaste = namn


def kom_igang(f: Fotograf) -> None:
    page = f.som(None, SMAL)
    page.get_by_label("Användarnamn").fill("lg-halland")
    page.get_by_label("Lösenord").fill(PASSWORD)
    f.bild(page, "kom-igang-logga-in", "Logga in")
    page.get_by_role("button", name="Logga in").click()
    f.bild(page, "kom-igang-att-gora", "Att göra")
    page.locator("summary.site-menu__toggle").click()
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_visible()
    f.bild(page, "kom-igang-meny", "Att göra")
    page.context.close()

    page = f.som("kansli1")
    sok = page.get_by_role("search").get_by_role("searchbox")
    sok.fill("kirurgi")
    sok.press("Enter")
    f.bild(page, "kom-igang-sok", re.compile("Sök"))
    page.context.close()


def kansli(f: Fotograf) -> None:
    page = f.som("kansli1")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Portfölj").click()
    page.get_by_label("Region").select_option(label="Region Halland")
    page.get_by_role("button", name="Visa").click()
    f.bild(page, "kansli-portfolj", "Delprojektportfölj")

    page.get_by_role("link", name="Registrera förslag").first.click()
    page.get_by_label("Titel").fill("Gemensamma riktlinjer för hörselvård hos äldre")
    page.get_by_label("Förslaget kommer från").select_option(label="Chefsgrupp")
    page.get_by_label("Syfte").fill("Likvärdig hörselvård för äldre i hela sjukvårdsregionen.")
    page.get_by_label("Region Halland").check()
    page.get_by_label("Region Skåne").check()
    page.get_by_label("Tillgänglighet").check()
    f.bild(page, "kansli-registrera", "Registrera förslag till delprojekt")
    page.get_by_role("button", name="Registrera förslaget").click()
    f.bild(page, "kansli-nytt-forslag", "Gemensamma riktlinjer för hörselvård hos äldre")

    page.get_by_role("link", name="Påbörja beredning").click()
    page.get_by_label("Kommentar").fill("Kansliet tar fram underlag till samarbetsgruppen.")
    f.bild(page, "kansli-overgang", "Påbörja beredning")
    page.get_by_role("button", name="Påbörja beredning").click()
    expect(page.locator("main")).to_contain_text("Under beredning")

    nav = page.get_by_role("navigation", name="Huvudmeny")
    nav.get_by_role("link", name="Sammanträden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammanträden")
    page.get_by_role("link", name=re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d$")).first.click()
    f.bild(page, "kansli-sammantrade", re.compile("^Ledningsgruppen"))

    nav.get_by_role("link", name="Uppföljningar").click()
    f.bild(page, "kansli-uppfoljningar", "Uppföljningar")
    page.context.close()


def ledningsgrupp(f: Fotograf) -> None:
    page = f.som("lg-blekinge")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Beslutskö").click()
    f.bild(page, "ledningsgrupp-beslutsko", "Min beslutskö")
    # "Ta ställning", or on a second run "Registrera eller ändra ställningstagande".
    page.get_by_role("link", name=re.compile(r"ställning.*SFBV-2026-001", re.S)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beslutskö")
    arende = page.locator("form", has=page.get_by_role("button", name="Spara ställningstagande"))
    arende.get_by_role("combobox").select_option(label="Instämmer")
    arende.get_by_role("textbox").fill("Utredningarna behövs i hela regionen.")
    f.bild(page, "ledningsgrupp-stallning", re.compile("^Beslutskö"), vid=arende)
    arende.get_by_role("button", name="Spara ställningstagande").click()
    expect(page.locator(".messages")).to_be_visible()
    page.context.close()


def arbetsgrupp(f: Fotograf) -> None:
    page = f.som("ordforande")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    nav.get_by_role("link", name="Mina delprojekt").click()
    page.get_by_role("row", name=re.compile("Endometrios")).get_by_role("link").first.click()
    f.bild(page, "arbetsgrupp-delprojekt", re.compile("Endometrios"))

    page.get_by_role("link", name="Minnesanteckningar").click()
    page.get_by_role("link", name="Nya minnesanteckningar").click()
    page.get_by_label("Plats").fill("Växjö, lokal Linnéa")
    page.get_by_label("Dagordning").fill("1. Analysen av registerdata\n2. Nästa möte")
    page.get_by_role("textbox", name="Anteckningar").fill(
        "Gruppen gick igenom väntetiderna per region."
    )
    f.bild(page, "arbetsgrupp-anteckningar", "Nya minnesanteckningar")
    page.get_by_role("button", name="Spara minnesanteckningarna").click()
    expect(page.locator(".messages")).to_be_visible()

    page.get_by_role("link", name=re.compile("^SFBV-2025-005")).first.click()
    page.get_by_role("link", name="Slutrapport", exact=True).click()
    f.bild(page, "arbetsgrupp-slutrapport", "Slutrapport")
    page.get_by_role("link", name="Skriv Analys").click()
    page.get_by_label("Text").fill(
        "Väntetiden till diagnos skiljer sig mellan regionerna.\n\n"
        "- Blekinge: 14 månader\n- Skåne: 9 månader"
    )
    f.bild(page, "arbetsgrupp-kapitel", "Slutrapport: Analys", vid="main textarea")
    page.get_by_role("button", name="Spara kapitlet").click()
    expect(page.locator(".messages")).to_be_visible()
    page.context.close()

    page = f.som("tidigare-ordforande")
    page.get_by_role("link", name=re.compile("^Uppföljning 1 av")).click()
    f.bild(
        page,
        "arbetsgrupp-uppfoljningsrapport",
        "Uppföljningsrapport, omgång 1",
        vid=page.get_by_role("heading", name="Skriv rapporten"),
    )
    page.context.close()


def samordnare(f: Fotograf) -> None:
    page = f.som("samordnare-halland")
    f.bild(page, "samordnare-att-gora", "Att göra")
    page.get_by_role("link", name=re.compile("^SFBV-2024-001")).click()
    f.bild(page, "samordnare-regionbeslut", "Regionernas beslut – matris")
    page.get_by_role("link", name=re.compile("^Registrera eller ändra regionernas")).click()
    oppna = page.locator("summary", has_text="Registrera beslutet").first
    oppna.click()
    f.bild(page, "samordnare-registrera-beslut", re.compile("beslut"), vid=oppna)
    page.goto(f"{f.bas}/")
    page.get_by_role("link", name=re.compile("rekommendation")).first.click()
    f.bild(page, "samordnare-inforande", "Införandet per region", vid="table")
    page.context.close()


def lasare(f: Fotograf) -> None:
    page = f.som("lasare")
    page.get_by_role("link", name="Till portföljen").click()
    page.get_by_label("Status").select_option(label="Införande")
    page.get_by_role("button", name="Visa").click()
    f.bild(page, "lasare-portfolj", "Delprojektportfölj")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Statistik").click()
    f.bild(page, "lasare-statistik", "Statistik")
    page.context.close()


STEG: list[tuple[str, Callable[[Fotograf], None]]] = [
    ("Kom igång", kom_igang),
    ("Kansliet", kansli),
    ("Ledamot i ledningsgruppen", ledningsgrupp),
    ("Ordförande och skribent", arbetsgrupp),
    ("Regional samordnare", samordnare),
    ("Läsare", lasare),
]


def kor(browser: Browser, bas: str, ut: Path) -> int:
    """Do every step with ``browser`` against the demo at ``bas``; 1 if a step fails."""
    ut.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    fotograf = Fotograf(browser, bas, ut)
    for namn, steg in STEG:
        try:
            steg(fotograf)
        except Exception as exc:
            fel = StegMisslyckades(f"{namn}, efter bilden {fotograf.senaste}", exc)
            print(f"Användarguidens bilder: steget misslyckades – {fel}", file=sys.stderr)
            return 1
        print(f"{namn}: klart")
    storlek = sum(p.stat().st_size for p in fotograf.bilder)
    print(
        f"{len(fotograf.bilder)} bilder i {ut} ({storlek // 1024} kB) "
        f"på {time.monotonic() - start:.0f} s"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--bas", required=True, help="the demo's address")
    parser.add_argument("--ut", type=Path, required=True, help="folder for the pictures")
    args = parser.parse_args(argv)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--lang=sv-SE"])
        try:
            return kor(browser, args.bas, args.ut)
        finally:
            browser.close()


if __name__ == "__main__":
    sys.exit(main())
