import io
import re
from collections.abc import Callable
from typing import Any

import pytest

from daihoi.printing import (
    BoardMember,
    minutes_data_from_tally,
    render_minutes_docx,
    render_minutes_pdf,
)

from .factories import NAMES, make_facts, make_tally
from .test_ballots import is_serif


def minutes_text(pdf_text: Callable[[bytes], str], profile: str = "hd36", **tally: Any) -> str:
    data = minutes_data_from_tally(make_tally(**tally), make_facts())
    return pdf_text(render_minutes_pdf(data, profile))


@pytest.mark.parametrize("profile", ["hd36", "hd05"])
def test_minutes_pdf_has_the_header_of_a_party_document(
    profile: str, pdf_text: Callable[[bytes], str]
) -> None:
    text = minutes_text(pdf_text, profile)
    for expected in [
        "ĐẢNG BỘ TỈNH BẮC GIANG",
        "ĐẠI HỘI ĐẢNG BỘ XÃ CẢNH THỤY LẦN THỨ XXIV",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 12-BB/ĐH",
        "Cảnh Thụy, ngày 09 tháng 7 năm 2020",
        "BIÊN BẢN KIỂM PHIẾU",
        "bầu Ban Chấp hành Đảng bộ xã Cảnh Thụy khóa XXIV, nhiệm kỳ 2025 - 2030",
        "-----",
    ]:
        assert expected in text, expected


def test_minutes_pdf_has_every_field_of_the_counting_minutes(
    pdf_text: Callable[[bytes], str],
) -> None:
    text = minutes_text(pdf_text)
    for expected in [
        "vào hồi 14 giờ 30 phút, ngày 09 tháng 7 năm 2020, tại Hội trường Đảng ủy xã",
        "Quyết định số 190-QĐ/TW, ngày 10/10/2024",
        "số lượng cần bầu là 5 đồng chí",
        "danh sách bầu cử gồm 7 đồng chí",
        "1. Đồng chí Lê Văn Ất, Trưởng ban;",
        "2. Đồng chí Trịnh Thị Hương, Ủy viên;",
        "3. Đồng chí Võ Ngọc Ẩn, Ủy viên.",
        "được triệu tập: 26 đồng chí",
        "có mặt lúc bầu cử: 24 đồng chí",
        "vắng mặt lúc bầu cử: 2 đồng chí",
        "không tính vào cơ sở tính kết quả bầu cử: 2 đồng chí (trong đó: 2 đồng chí vắng mặt",
        "làm cơ sở tính kết quả bầu cử: 24 đồng chí",
        "Số phiếu phát ra: 23 phiếu; số phiếu thu về: 23 phiếu.",
        "Số phiếu hợp lệ: 21 phiếu; số phiếu không hợp lệ: 2 phiếu (trong đó: 1 phiếu bầu quá "
        "số lượng cần bầu; 1 phiếu gạch hết tên trong danh sách).",
        "tỷ lệ % tính trên 24 đảng viên chính thức",
        "từ 13 phiếu trở lên",
        "vào hồi 16 giờ 05 phút cùng ngày",
        "T/M BAN KIỂM PHIẾU",
        "TRƯỞNG BAN",
        "CÁC THÀNH VIÊN BAN KIỂM PHIẾU",
    ]:
        assert expected in text, expected
    for name, votes, percent in [
        ("Nguyễn Thị Hồng Nhung", 13, "54,17%"),
        ("Hoàng Đức Thắng", 12, "50,00%"),
        ("Trần Thị Ngọc Ánh", 9, "37,50%"),
        ("Bùi Thị Thuỷ", 22, "91,67%"),
    ]:
        assert f"{name} {votes} {percent}" in text


def test_minutes_list_results_in_ballot_order_and_elected_in_vote_order(
    pdf_text: Callable[[bytes], str],
) -> None:
    text = minutes_text(pdf_text)
    results, elected = text.split("Kết quả kiểm phiếu cụ thể")[1].split("trúng cử")[:2]
    assert [results.index(n) for n in NAMES] == sorted(results.index(n) for n in NAMES)
    order = ["Bùi Thị Thuỷ", "Đặng Văn Quỳnh", "Lương Thị Ỷ", "Phạm Quốc Việt"]
    assert [elected.index(f"{i} {n}") for i, n in enumerate(order, 1)] == sorted(
        elected.index(f"{i} {n}") for i, n in enumerate(order, 1)
    )
    assert "Hoàng Đức Thắng" not in elected


def test_minutes_state_a_tie_and_unfilled_seats_without_choosing(
    pdf_text: Callable[[bytes], str],
) -> None:
    text = minutes_text(
        pdf_text,
        elected=["Bùi Thị Thuỷ", "Đặng Văn Quỳnh", "Lương Thị Ỷ"],
        tied=["Nguyễn Thị Hồng Nhung", "Phạm Quốc Việt"],
        unfilled=2,
        outcome="tie_at_cutoff",
        results=[
            {"name": n, "votes": v, "percent_of_base": "0", "passed": v * 2 > 24}
            for n, v in zip(NAMES, [14, 20, 17, 12, 9, 14, 22], strict=True)
        ],
    )
    assert "Các đồng chí Nguyễn Thị Hồng Nhung, Phạm Quốc Việt có số phiếu bầu bằng nhau " in text
    assert "(14 phiếu)" in text
    assert "do Đại hội quyết định" in text
    assert "còn thiếu so với số lượng cần bầu: 2 đồng chí" in text


def test_minutes_say_when_nobody_is_elected(pdf_text: Callable[[bytes], str]) -> None:
    text = minutes_text(pdf_text, elected=[], unfilled=5, outcome="shortfall")
    assert "Không có đồng chí nào trúng cử." in text


def test_minutes_for_delegates_list_alternates_in_substitution_order(
    pdf_text: Callable[[bytes], str],
) -> None:
    facts = make_facts(
        alternate_seats=2,
        delegates_congress=True,
        body_phrase="đại biểu dự Đại hội đại biểu Đảng bộ tỉnh Bắc Giang lần thứ XXI",
    )
    tally = make_tally(
        body="delegates",
        seats=3,
        elected=["Bùi Thị Thuỷ", "Đặng Văn Quỳnh", "Lương Thị Ỷ"],
        alternates=["Phạm Quốc Việt", "Nguyễn Thị Hồng Nhung"],
    )
    text = pdf_text(render_minutes_pdf(minutes_data_from_tally(tally, facts)))
    assert "đại biểu chính thức được cấp trên phân bổ là 3 đồng chí" in text
    assert "số lượng đại biểu dự khuyết là 2 đồng chí" in text
    assert "trúng cử đại biểu chính thức" in text
    assert "Tổng số đại biểu chính thức được triệu tập" in text
    alternates = text.split("trúng cử đại biểu dự khuyết")[1]
    assert "Thứ tự" in alternates
    assert alternates.index("1 Phạm Quốc Việt") < alternates.index("2 Nguyễn Thị Hồng Nhung")


def test_minutes_head_only_signature_leaves_out_the_members(
    pdf_text: Callable[[bytes], str],
) -> None:
    data = minutes_data_from_tally(make_tally(), make_facts(signatures="head_only"))
    text = pdf_text(render_minutes_pdf(data))
    assert "CÁC THÀNH VIÊN BAN KIỂM PHIẾU" not in text
    assert "T/M BAN KIỂM PHIẾU TRƯỞNG BAN Lê Văn Ất" in text


def test_minutes_without_number_or_attendance_leave_blanks_to_fill(
    pdf_text: Callable[[bytes], str],
) -> None:
    facts = make_facts(number=None, summoned=None, present=None, deductions=[], finished_at="")
    text = pdf_text(render_minutes_pdf(minutes_data_from_tally(make_tally(), facts)))
    assert re.search(r"Số -BB/ĐH", text)
    assert "được triệu tập: …… đồng chí" in text
    assert "vào hồi … giờ … phút" in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"outcome": "needs_board_decision"}, "must decide the flagged ballots"),
        ({"elected": ["Người Lạ"]}, "not on the election list"),
        ({"base": 0}, "base must be positive"),
    ],
)
def test_minutes_data_refuses_an_unfinished_or_inconsistent_tally(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        minutes_data_from_tally(make_tally(**changes), make_facts())


def test_minutes_data_refuses_a_tally_missing_a_key() -> None:
    tally = make_tally()
    del tally["valid"]
    with pytest.raises(ValueError, match="no 'valid'"):
        minutes_data_from_tally(tally, make_facts())


@pytest.mark.parametrize(
    "board",
    [
        [BoardMember("Lê Văn Ất"), BoardMember("Trịnh Thị Hương")],
        [BoardMember("Lê Văn Ất", is_head=True), BoardMember("Trịnh Thị Hương", is_head=True)],
    ],
)
def test_minutes_data_needs_exactly_one_head_of_the_board(board: list[BoardMember]) -> None:
    with pytest.raises(ValueError, match="exactly one head"):
        minutes_data_from_tally(make_tally(), make_facts(counting_board=board))


def test_minutes_pdf_embeds_only_the_serif(pdf_fonts: Callable[[bytes], list[list[str]]]) -> None:
    data = minutes_data_from_tally(make_tally(), make_facts())
    rows = pdf_fonts(render_minutes_pdf(data))
    assert {row[0].split("+")[-1].rstrip(",") for row in rows} >= {
        "Liberation-Serif-2",
        "Liberation-Serif-2-Bold",
        "Liberation-Serif-2-Italic",
    }
    assert all(is_serif(row[0]) for row in rows)


def test_minutes_docx_has_the_fields_and_the_page_setup() -> None:
    from docx import Document

    data = minutes_data_from_tally(make_tally(), make_facts())
    doc = Document(io.BytesIO(render_minutes_docx(data)))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert [
        round(x.mm)
        for x in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [20, 20, 30, 15]
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    text = "\n".join([p.text for p in doc.paragraphs] + cells)
    for expected in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 12-BB/ĐH",
        "Cảnh Thụy, ngày 09 tháng 7 năm 2020",
        "BIÊN BẢN KIỂM PHIẾU",
        "Số phiếu phát ra: 23 phiếu; số phiếu thu về: 23 phiếu.",
        "54,17%",
        "T/M BAN KIỂM PHIẾU",
        "Lê Văn Ất",
        "Võ Ngọc Ẩn",
    ]:
        assert expected in text, expected
    heading = next(
        p
        for t in doc.tables
        for c in t.rows[0].cells
        for p in c.paragraphs
        if p.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    )
    assert heading.runs[0].bold and heading.runs[0].underline
    assert heading.runs[0].font.size.pt == 15
    date = next(
        p
        for t in doc.tables
        for c in t.rows[0].cells
        for p in c.paragraphs
        if p.text.startswith("Cảnh Thụy, ngày")
    )
    assert date.runs[0].italic
    body = next(p for p in doc.paragraphs if p.text.startswith("Hôm nay"))
    assert body.paragraph_format.line_spacing.pt == 18
    assert round(body.paragraph_format.first_line_indent.mm) == 10


def test_minutes_docx_sets_the_font_in_every_slot() -> None:
    from docx import Document
    from docx.oxml.ns import qn

    data = minutes_data_from_tally(make_tally(), make_facts())
    doc = Document(io.BytesIO(render_minutes_docx(data)))
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        rfonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            assert rfonts.get(qn(slot)) == "Times New Roman", (name, slot)
        assert rfonts.get(qn("w:asciiTheme")) is None
    runs = doc.element.body.findall(".//" + qn("w:r"))
    assert runs
    for run in runs:
        if run.find(qn("w:t")) is None:
            continue
        rfonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == "Times New Roman"


def test_minutes_docx_renders_with_both_profiles() -> None:
    data = minutes_data_from_tally(make_tally(), make_facts())
    for profile in ("hd36", "hd05"):
        assert render_minutes_docx(data, profile).startswith(b"PK")


def test_minutes_header_sits_left_and_right_at_the_top(
    pdf_words: Callable[[bytes], list[tuple[str, float, float]]],
) -> None:
    data = minutes_data_from_tally(make_tally(), make_facts())
    words = pdf_words(render_minutes_pdf(data))
    middle = 30 + (210 - 30 - 15) * 0.43  # left margin + the left header cell
    heading = [(x, y) for w, x, y in words if w == "CỘNG"][0]
    number = [(x, y) for w, x, y in words if w == "12-BB/ĐH"][0]
    star = [(x, y) for w, x, y in words if w == "*"][0]
    title = [(x, y) for w, x, y in words if w == "BIÊN"][0]
    assert heading[0] > middle and heading[1] < 30  # top right, first line
    assert 30 <= number[0] < middle and star[1] < number[1]  # left, under the star
    assert title[1] > number[1]  # the title comes under the header
