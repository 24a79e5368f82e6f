"""Report checks of the slutrapport: LIX, hardest sentences, personnummer, the check on a
project, the gating of lamna_till_samarbetsgrupp and the panel on the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from delprojekt.models import Kapitel, Status
from delprojekt.rapportkontroll import (
    BLOCKERAR,
    RAD,
    band,
    count_references,
    hardest_sentences,
    lix,
    rapportkontroll,
    strip_markdown,
)
from delprojekt.services.errors import GuardFailed
from delprojekt.services.personnummer import find_personnummer
from tests import factories as f
from tests.conftest import register
from tests.workflow_helpers import fill_slutrapport, run, walk_to

pytestmark = pytest.mark.django_db


# --- LIX ---------------------------------------------------------------------------------

# "Vi vill korta väntetiden. Patienterna ska få hjälp snabbare."
# Words: Vi, vill, korta, väntetiden*, Patienterna*, ska, få, hjälp, snabbare* = 9
# Sentences: 2. Long words (> 6): väntetiden, Patienterna, snabbare = 3.
# LIX = 9/2 + 100*3/9 = 4.5 + 33.33 = 37.8 → Lättläst
ENKEL = "Vi vill korta väntetiden. Patienterna ska få hjälp snabbare."

# "Arbetsgruppen rekommenderar samordnad uppföljningsverksamhet inom specialistsjukvården:
#  kvalitetsregistrets indikatorer används systematiskt."
# Words 10, sentences 2 (the colon ends one), long words 9 (all but "inom").
# LIX = 10/2 + 100*9/10 = 5 + 90 = 95.0 → Mycket svår
SVAR = (
    "Arbetsgruppen rekommenderar samordnad uppföljningsverksamhet inom specialistsjukvården: "
    "kvalitetsregistrets indikatorer används systematiskt."
)

# Markdown: heading, two list items, a table and a link; each block is a sentence.
# Nuläge | Väntetiden* är lång | Remisserna* tar tid | Region Väntetid* | Skåne 30 dagar |
# Se rapporten* för detaljer* → words 1+3+3+2+3+4 = 16, sentences 6, long words 5.
# LIX = 16/6 + 100*5/16 = 2.667 + 31.25 = 33.9 → Lättläst
MARKDOWN = (
    "## Nuläge\n\n- Väntetiden är lång\n- Remisserna tar tid\n\n"
    "| Region | Väntetid |\n|---|---|\n| Skåne | 30 dagar |\n\n"
    "Se [rapporten](https://example.se/lang/adress/rapport.pdf) för detaljer."
)

# "Vården ska vara nära. Den ska vara säker och jämlik. Alla ska få samma stöd!"
# Words 4 + 6 + 5 = 15, sentences 3, long words 0 (Vården 6, säker 5, jämlik 6).
# LIX = 15/3 + 0 = 5.0 → Mycket lättläst
LATT = "Vården ska vara nära. Den ska vara säker och jämlik. Alla ska få samma stöd!"


@pytest.mark.parametrize(
    ("text", "ord", "meningar", "langa", "varde", "niva"),
    [
        (ENKEL, 9, 2, 3, 37.8, "Lättläst"),
        (SVAR, 10, 2, 9, 95.0, "Mycket svår"),
        (MARKDOWN, 16, 6, 5, 33.9, "Lättläst"),
        (LATT, 15, 3, 0, 5.0, "Mycket lättläst"),
    ],
)
def test_lix_matches_hand_computed_values(text, ord, meningar, langa, varde, niva):
    result = lix(text)
    assert (result.ord, result.meningar, result.langa_ord) == (ord, meningar, langa)
    assert result.varde == varde
    assert result.band == niva


def test_lix_of_empty_text_has_no_value():
    result = lix("  \n\n## \n")
    assert result.ord == 0
    assert result.varde is None
    assert result.band == "Ingen text"


@pytest.mark.parametrize(
    ("varde", "niva"),
    [
        (29.9, "Mycket lättläst"),
        (30.0, "Lättläst"),
        (39.9, "Lättläst"),
        (40.0, "Medelsvår"),
        (50.0, "Svår"),
        (60.0, "Svår"),
        (60.1, "Mycket svår"),
    ],
)
def test_bands_at_the_boundaries(varde, niva):
    assert band(varde) == niva


def test_markdown_is_stripped_before_counting():
    blocks = strip_markdown(MARKDOWN)
    assert blocks[0] == "Nuläge"
    assert not any("http" in b or "|" in b or "#" in b or b.startswith("-") for b in blocks)
    assert "Se rapporten för detaljer." in blocks
    # Decimal numbers and list numbers do not end sentences.
    assert lix("1. Kostnaden är 3.5 miljoner").meningar == 1


def test_hardest_sentences_are_ranked_with_plain_hints():
    lang = " ".join(["och vi ska"] * 8) + " göra det."  # 26 short words
    text = f"{ENKEL} {SVAR} {lang}"
    result = hardest_sentences(text, n=3)
    # 4 words, all long: 4 + 100 = 104 beats 6 words, 5 long: 6 + 83 = 89.
    assert result[0].text == "kvalitetsregistrets indikatorer används systematiskt"
    assert result[1].text.startswith("Arbetsgruppen rekommenderar")
    assert result[0].tips == ["Byt långa ord mot vardagliga"]
    dela = next(m for m in result if m.ord == 26)
    assert dela.tips == ["Dela upp meningen"]
    # The easy sentences earn no hint and are left out.
    assert all("Vi vill korta" not in m.text for m in result)
    assert len(hardest_sentences(text, n=1)) == 1


def test_references_are_counted_per_line():
    text = "## Källor\n\n- Socialstyrelsen 2024\n- SKR 2023\n\n1. Vårdanalys 2022\n"
    assert count_references(text) == 3


# --- personnummer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Patient 19121212-1212 har väntat.",  # Skatteverket's test number, valid Luhn
        "Patient 121212-1212 har väntat.",
        "Samordningsnummer 121272-1219.",  # day 12 + 60, check digit 9
    ],
)
def test_personnummer_with_valid_check_digit_is_found(text):
    assert len(find_personnummer(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Patient 19121212-1213 har väntat.",  # wrong check digit
        "Samordningsnummer 121272-1218.",
        "Diarienummer 2024-123456 och 45 dagar.",
    ],
)
def test_personnummer_with_invalid_check_digit_is_not_found(text):
    assert find_personnummer(text) == []


# --- on a project -------------------------------------------------------------------------


@pytest.fixture
def in_slutrapport(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.SLUTRAPPORT, org=org, kansli=kansli, lg_members=lg_members
    )
    fill_slutrapport(dp)
    return dp


def _kapitel(dp, nyckel):
    return Kapitel.objects.get(dokument__delprojekt=dp, dokument__typ="slutrapport", nyckel=nyckel)


def test_report_check_of_a_complete_report(in_slutrapport):
    dp = in_slutrapport
    Kapitel.objects.filter(pk=_kapitel(dp, "analys").pk).update(text=SVAR)
    Kapitel.objects.filter(pk=_kapitel(dp, "referenser").pk).update(text="- A\n- B\n")
    k = rapportkontroll(dp)
    assert k.blockerar == []
    analys = k.kapitlet("analys")
    assert analys.lix.varde == 95.0
    assert analys.lix.band == "Mycket svår"
    assert any(
        p.niva == RAD and "Analys är svårläst (LIX 95,0, mycket svår)" in p.text for p in k.punkter
    )
    assert k.referenser == 2
    assert k.atgardsforslag == dp.atgardsforslag.count()
    assert k.sidor >= 1


def test_report_check_blocks_missing_chapters_and_plan_and_advises_on_forslag(in_slutrapport):
    dp = in_slutrapport
    Kapitel.objects.filter(pk=_kapitel(dp, "nulage").pk).update(text="")
    dp.uppfoljningsplan.__class__.objects.filter(delprojekt=dp).update(vem="")
    for _ in range(5):
        f.AtgardsforslagFactory(delprojekt=dp, genomforbarhet="", undantrangning="")
    k = rapportkontroll(dp)
    texts = [p.text for p in k.blockerar]
    assert "Slutrapporten saknar: Nuläge." in texts
    assert any(t.startswith("Uppföljningsplanen saknar: vem") for t in texts)
    assert any("högst 5" in p.text for p in k.rad)
    assert len(k.utan_bedomning) >= 5
    assert k.kapitlet("nulage").tomt
    assert k.kapitlet("faktabilaga").valfritt


def test_personnummer_blocks_submission_until_removed(in_slutrapport, kansli):
    dp = in_slutrapport
    Kapitel.objects.filter(pk=_kapitel(dp, "nulage").pk).update(
        text="Fallet gällde 19121212-1212 på akuten."
    )
    k = rapportkontroll(dp)
    assert [p.niva for p in k.punkter if "personnummer" in p.text] == [BLOCKERAR]
    assert "Nuläge" in k.blockerar[0].text
    assert "1212" not in k.blockerar[0].text
    with pytest.raises(GuardFailed) as info:
        run(dp, "lamna_till_samarbetsgrupp", kansli)
    message = " ".join(info.value.messages)
    assert "personnummer finns i: Nuläge" in message
    assert "1212" not in message
    dp.refresh_from_db()
    assert dp.status == Status.SLUTRAPPORT

    Kapitel.objects.filter(pk=_kapitel(dp, "nulage").pk).update(text="Fallet gällde en patient.")
    assert run(dp, "lamna_till_samarbetsgrupp", kansli).status == Status.SAMARBETSGRUPP


def test_personnummer_in_an_atgardsforslag_is_named_by_number(in_slutrapport):
    dp = in_slutrapport
    a = dp.atgardsforslag.first()
    a.beskrivning = "Exempel: 121272-1219."
    a.save(update_fields=["beskrivning"])
    k = rapportkontroll(dp)
    assert any(f"åtgärdsförslag {a.ordning}" in p.text for p in k.blockerar)


# --- the panel ----------------------------------------------------------------------------


def test_panel_on_the_report_page_within_query_budget(
    client, in_slutrapport, kansli, django_assert_max_num_queries
):
    dp = in_slutrapport
    Kapitel.objects.filter(pk=_kapitel(dp, "nulage").pk).update(text="Nr 19121212-1212.")
    kapitel = {
        k.nyckel: k
        for k in Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ="slutrapport")
    }
    # Given the page's chapters, the check costs four queries: åtgärdsförslag, the plan,
    # its parameters and the concerned regions (for the nuläge check).
    with django_assert_max_num_queries(4):
        rapportkontroll(dp, kapitel)
    client.force_login(kansli)
    url = reverse("delprojekt:dokument", args=[dp.referens, "slutrapport"])
    with django_assert_max_num_queries(15):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rapportkontroll" in html
    assert "Blockerar:" in html
    assert "Läsbarhet per kapitel" in html
    assert "cirka 1 sida (" in html
    assert "19121212-1212" in html  # the chapter itself, but not in the check
    assert html.count("19121212") == 1


def test_panel_next_to_the_editor_shows_the_chapters_lix_and_hard_sentences(
    client, in_slutrapport, kansli
):
    dp = in_slutrapport
    Kapitel.objects.filter(pk=_kapitel(dp, "analys").pk).update(text=SVAR)
    client.force_login(kansli)
    response = client.get(
        reverse("delprojekt:kapitel", args=[dp.referens, "slutrapport", "analys"])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rapportkontroll" in html
    assert "Läsbarhet i Analys" in html
    assert "LIX 95,0 – Mycket svår" in html
    assert "95.0" not in html
    assert "Byt långa ord mot vardagliga" in html


def test_the_preview_shows_lix_and_hardest_sentences_of_the_unsaved_text(
    client, in_slutrapport, kansli
):
    dp = in_slutrapport
    analys = _kapitel(dp, "analys")
    Kapitel.objects.filter(pk=analys.pk).update(text=ENKEL)
    analys.refresh_from_db()
    client.force_login(kansli)
    response = client.post(
        reverse("delprojekt:kapitel", args=[dp.referens, "slutrapport", "analys"]),
        {"version": analys.version, "text": SVAR, "forhandsgranska": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    preview = html[
        html.index('id="forhandsgranskning"') : html.index(
            "</section>", html.index('id="forhandsgranskning"')
        )
    ]
    assert "Läsbarhet i texten du förhandsgranskar" in preview
    assert "LIX 95,0 – Mycket svår" in preview
    assert "Byt långa ord mot vardagliga" in preview
    analys.refresh_from_db()
    assert analys.text == ENKEL

    # An easy text gets its value and no sentence to work on.
    response = client.post(
        reverse("delprojekt:kapitel", args=[dp.referens, "slutrapport", "analys"]),
        {"version": analys.version, "text": ENKEL, "forhandsgranska": "1"},
    )
    html = response.content.decode()
    assert "Ingen mening behöver delas upp eller förenklas." in html


def test_no_panel_for_the_uppdrag(client, in_slutrapport, kansli):
    client.force_login(kansli)
    response = client.get(reverse("delprojekt:dokument", args=[in_slutrapport.referens, "uppdrag"]))
    assert "Rapportkontroll" not in response.content.decode()


def test_personnummer_in_the_follow_up_plan_blocks(in_slutrapport):
    dp = in_slutrapport
    dp.uppfoljningsparametrar.update(namn="Kontroll av 19121212-1212")
    k = rapportkontroll(dp)
    assert any("uppföljningsplanen" in p.text for p in k.blockerar)
    assert all("19121212" not in p.text for p in k.punkter)


def test_no_panel_beside_the_uppdrag_editor(client, org, kansli, lg_members):
    dp = walk_to(register(kansli), Status.UPPDRAG, org=org, kansli=kansli, lg_members=lg_members)
    client.force_login(kansli)
    response = client.get(reverse("delprojekt:kapitel", args=[dp.referens, "uppdrag", "bakgrund"]))
    assert response.status_code == 200
    assert "Rapportkontroll" not in response.content.decode()
