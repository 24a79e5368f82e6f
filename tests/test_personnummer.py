import pytest

from delprojekt.services.personnummer import find_personnummer, warning_for


@pytest.mark.parametrize(
    "text",
    [
        "Patienten 811218-9876 opererades.",
        "pnr 19811218-9876",
        "198112189876 i journalen",
        "Samordningsnummer 701063-2391.",
        "Född 121212+1212, över hundra år",
    ],
)
def test_it_finds_valid_numbers(text):
    assert find_personnummer(text)


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # wrong check digit
        "Diarienummer RS 2026-0142",
        "Telefon 0701234567",
        "8112189876",  # ten digits without separator: too often something else
        "Kostnad 2 000 000 kr under 2026-2027",
        "811332-1234",  # no such date
    ],
)
def test_it_ignores_other_numbers(text):
    assert find_personnummer(text) == []


def test_the_warning_names_what_was_found():
    message = warning_for("Se 811218-9876.")
    assert "811218-9876" in message and "personnummer" in message
    assert warning_for("Inget här.") is None
