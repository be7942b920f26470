import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest

from daihoi.printing import BallotSpec, copies_that_fit, render_ballot_pdf
from daihoi.printing.ballots import name_grid

from .factories import NAMES

# Every Vietnamese vowel with every tone, both cases, and đ/Đ; no "fi"/"fl" (ligatures).
VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # huyền sắc hỏi ngã nặng
LETTERS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES]
ALPHABET = [*LETTERS, *(x.upper() for x in LETTERS), "đ", "Đ"]


SERIF_PREFIXES = (
    "Liberation-Serif",
    "LiberationSerif",
    "TimesNewRoman",
    "DejaVuSerif",
    "DejaVu-Serif",
)


def is_serif(font: str) -> bool:
    name = font.split("+")[-1]
    return name.startswith(SERIF_PREFIXES) and "Sans" not in name


def family(font: str) -> str:
    """'HSCNTA+Liberation-Serif-2-Bold' -> 'Liberation-Serif-2'."""
    name = font.split("+")[-1].rstrip(",")
    return re.sub(r"PS|MT|Bold|Italic|Regular", "", name).rstrip("-,")


def ballot(**changes: object) -> BallotSpec:
    values: dict[str, object] = {
        "congress_name": "ĐẠI HỘI ĐẢNG BỘ XÃ CẢNH THỤY LẦN THỨ XXIV, NHIỆM KỲ 2025 - 2030",
        "body_title": "BẦU BAN CHẤP HÀNH ĐẢNG BỘ XÃ CẢNH THỤY KHÓA XXIV",
        "candidates": NAMES,
        "seats": 5,
    }
    values.update(changes)
    return BallotSpec(**values)  # type: ignore[arg-type]


def test_ballot_with_surplus_prints_names_to_strike_in_the_given_order(
    pdf_text: Callable[[bytes], str],
) -> None:
    pdf = render_ballot_pdf(ballot())
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "PHIẾU BẦU CỬ" in text
    assert "BẦU BAN CHẤP HÀNH ĐẢNG BỘ XÃ CẢNH THỤY KHÓA XXIV" in text
    assert "gạch ngang giữa cả họ và tên" in text
    assert "(Đại hội bầu 5 đồng chí)" in text
    positions = [text.index(f"{i} {name}") for i, name in enumerate(NAMES, start=1)]
    assert positions == sorted(positions)
    assert "Đồng ý" not in text and "Không đồng ý" not in text


def test_ballot_without_surplus_prints_agree_and_disagree_columns(
    pdf_text: Callable[[bytes], str],
) -> None:
    text = pdf_text(render_ballot_pdf(ballot(candidates=["Lương Thị Ỷ"], seats=1)))
    assert "Đồng ý" in text and "Không đồng ý" in text
    assert "Lương Thị Ỷ" in text
    assert "gạch ngang" not in text


def test_ballot_surplus_flag_must_match_the_list() -> None:
    with pytest.raises(ValueError, match="surplus does not match"):
        render_ballot_pdf(ballot(surplus=False))
    with pytest.raises(ValueError, match="surplus does not match"):
        render_ballot_pdf(ballot(candidates=NAMES[:5], surplus=True))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seats": 0}, "at least one seat"),
        ({"candidates": []}, "at least one candidate"),
        ({"seats": 8}, "cannot fill 8 seats"),
        ({"candidates": [*NAMES, NAMES[0]]}, "appears twice"),
    ],
)
def test_ballot_refuses_an_impossible_list(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_ballot_pdf(ballot(**changes))


def test_ballot_copies_per_page_and_sheets(pdf_pages: Callable[[bytes], list[str]]) -> None:
    one = ballot(candidates=NAMES[:2], seats=1, copies_per_page=2)
    pages = pdf_pages(render_ballot_pdf(one, sheets=3))
    assert len(pages) == 3
    assert all(page.count("PHIẾU BẦU CỬ") == 2 for page in pages)
    assert all(page.count("Nguyễn Thị Hồng Nhung") == 2 for page in pages)


def test_ballot_copies_that_do_not_fit_are_refused() -> None:
    long_list = ballot(candidates=[f"Nguyễn Văn Tên {i}" for i in range(30)], seats=25)
    assert copies_that_fit(long_list) == 1
    with pytest.raises(ValueError, match="do not fit"):
        render_ballot_pdf(BallotSpec(**{**long_list.__dict__, "copies_per_page": 2}))


def test_ballot_auto_copies_puts_short_ballots_several_to_a_page(
    pdf_pages: Callable[[bytes], list[str]],
) -> None:
    short = ballot(candidates=["Lương Thị Ỷ"], seats=1, copies_per_page=None)
    assert copies_that_fit(short) >= 2
    (page,) = pdf_pages(render_ballot_pdf(short))
    assert page.count("PHIẾU BẦU CỬ") == copies_that_fit(short)


@pytest.mark.parametrize(
    ("count", "columns", "pages"),
    [(7, 1, 1), (25, 2, 1), (40, 3, 1), (62, 3, 1), (78, 3, 1), (90, 1, 4)],
)
def test_ballot_long_list_goes_into_columns_then_onto_more_pages(
    count: int, columns: int, pages: int, pdf_pages: Callable[[bytes], list[str]]
) -> None:
    names = [f"Nguyễn Thị Tên {i:02d}" for i in range(count)]
    spec = ballot(candidates=names, seats=count - 5)
    grid = name_grid(spec)
    assert grid.columns == columns
    assert grid.row_mm >= 7
    assert grid.fits_one_page == (pages == 1)
    rendered = pdf_pages(render_ballot_pdf(spec))
    assert len(rendered) == pages
    text = " ".join(rendered)
    assert all(name in text for name in names)


def test_ballot_without_surplus_stays_in_one_column() -> None:
    names = [f"Nguyễn Thị Tên {i:02d}" for i in range(25)]
    assert name_grid(ballot(candidates=names, seats=25)).columns == 1


@pytest.mark.parametrize("profile", ["hd36", "hd05"])
def test_every_vietnamese_letter_round_trips_through_the_pdf(
    profile: str, pdf_text: Callable[[bytes], str], pdf_fonts: Callable[[bytes], list[list[str]]]
) -> None:
    words = ["".join(ALPHABET[i : i + 12]) for i in range(0, len(ALPHABET), 12)]
    pdf = render_ballot_pdf(ballot(candidates=words, seats=1), profile)
    text = unicodedata.normalize("NFC", pdf_text(pdf))
    for word in words:
        assert word in text
    # No letter fell back to another font (Liberation 1.07 lacks 97 of them).
    fonts = [row[0] for row in pdf_fonts(pdf)]
    assert fonts and all(is_serif(font) for font in fonts), fonts
    assert len({family(font) for font in fonts}) == 1, fonts


def test_ballot_embeds_only_the_serif_font(pdf_fonts: Callable[[bytes], list[list[str]]]) -> None:
    rows = pdf_fonts(render_ballot_pdf(ballot()))
    assert rows
    for row in rows:
        assert is_serif(row[0]), row
        emb, sub, uni = row[-5:-2]
        assert (emb, uni) == ("yes", "yes"), row


def test_ballot_seal_area_at_the_top_left_is_blank(
    pdf_page_image: Callable[[bytes], Any],
    pdf_words: Callable[[bytes], list[tuple[str, float, float]]],
) -> None:
    pdf = render_ballot_pdf(ballot())
    page = pdf_page_image(pdf)
    px = page.width / 210  # pixels per millimetre
    # Inside the 40 mm frame that starts at the 10 mm margin: nothing printed at all.
    inside = page.crop((round(12 * px), round(12 * px), round(48 * px), round(48 * px)))
    assert inside.getextrema()[0] > 250
    # The congress line is beside the seal area, the title below it.
    words = pdf_words(pdf)
    assert all(x > 50 for w, x, y in words if y < 50)
    title_y = [y for w, x, y in words if w == "PHIẾU"][0]
    assert title_y > 50
