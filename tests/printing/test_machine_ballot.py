"""The machine-readable ballot PDF: page size, real text, QR code and ArUco markers where the
layout says, identical copies, nothing printed in the quiet zones."""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

from daihoi.printing.ballot_layout import MARKER_QUIET_MM, BallotLayout, Rect, parse_qr
from daihoi.printing.election_paper import ElectionPaper, parse_election_paper
from daihoi.printing.machine_ballot import (
    MAX_COPIES,
    name_setting,
    render_machine_ballot_pdf,
)

PX_PER_MM = 8.0
NAMES = [
    "Nguyễn Thị Hường",
    "Đặng Văn Ước",
    "Lê Thị Thuỷ Tiên",
    "Trần Quốc Việt",
    "Phạm Ngọc Ánh",
]
CONGRESS = "Đại hội Đảng bộ xã Cảnh Thụy lần thứ XXIV, nhiệm kỳ 2025 - 2030"
DATE = "Cảnh Thụy, ngày 09 tháng 7 năm 2025"


def election(**changes: Any) -> ElectionPaper:
    data: dict[str, Any] = {
        "body": "committee",
        "seats": 3,
        "base": 120,
        "candidates": NAMES,
        "congress": CONGRESS,
        "date": DATE,
    }
    data.update(changes)
    return parse_election_paper(data)


def raster(pdf: bytes, page: int = 0) -> np.ndarray:
    """One page as greyscale at PX_PER_MM (the reader's rasteriser, pypdfium2)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[page].render(scale=PX_PER_MM * 25.4 / 72, grayscale=True).to_numpy()
    finally:
        doc.close()
    return image if image.ndim == 2 else image[..., 0]


def px(mm: float) -> int:
    return round(mm * PX_PER_MM)


CASES = [
    pytest.param({}, "A5", "strike", id="A5-strike"),
    pytest.param({}, "A4", "strike", id="A4-strike"),
    pytest.param({"seats": 5}, "A5", "columns", id="A5-columns"),
    pytest.param(
        {"body": "secretary", "seats": 1, "candidates": NAMES[:1]},
        "A4",
        "columns",
        id="A4-columns-one-name",
    ),
    pytest.param(
        {"seats": 20, "candidates": [f"{n} {i}" for i in range(5) for n in NAMES]},
        "A5",
        "strike",
        id="A5-two-table-columns",
    ),
]


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], tuple[ElectionPaper, BallotLayout, bytes]]:
    out = {}
    for case in CASES:
        changes, paper_size, _style = case.values
        paper = election(**changes)
        layout = paper.layout(paper_size)
        out[(case.id, paper_size)] = (paper, layout, render_machine_ballot_pdf(paper, layout, 2))
    return out


def get(rendered: dict[Any, Any], request: pytest.FixtureRequest) -> Any:
    return rendered[(request.node.callspec.id, request.node.callspec.params["paper_size"])]


@pytest.mark.parametrize(("changes", "paper_size", "style"), CASES)
def test_pages_have_the_paper_size_and_style(rendered, request, changes, paper_size, style):
    paper, layout, pdf = get(rendered, request)
    assert layout.style == style
    doc = pdfium.PdfDocument(pdf)
    sizes = [tuple(round(v * 25.4 / 72, 2) for v in doc[i].get_size()) for i in range(len(doc))]
    doc.close()
    expected = {"A5": (148.0, 210.0), "A4": (210.0, 297.0)}[paper_size]
    assert sizes == [expected, expected]


@pytest.mark.parametrize(("changes", "paper_size", "style"), CASES)
def test_qr_code_decodes_to_the_layout_payload(rendered, request, changes, paper_size, style):
    paper, layout, pdf = get(rendered, request)
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(raster(pdf))
    assert text == layout.qr_payload()
    fields = parse_qr(text)
    assert fields is not None and fields.election_key == paper.key and fields.style == style
    # The code lies inside layout.qr, its modules as large as the box allows.
    corners = points.reshape(-1, 2) / PX_PER_MM
    qr = layout.qr
    assert corners[:, 0].min() >= qr.x - 0.5 and corners[:, 0].max() <= qr.right + 0.5
    assert corners[:, 1].min() >= qr.y - 0.5 and corners[:, 1].max() <= qr.bottom + 0.5
    assert corners[:, 0].max() - corners[:, 0].min() > 0.85 * qr.w


@pytest.mark.parametrize(("changes", "paper_size", "style"), CASES)
def test_four_aruco_markers_at_the_layout_positions(rendered, request, changes, paper_size, style):
    _, layout, pdf = get(rendered, request)
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
    detector = cv2.aruco.ArucoDetector(dictionary, cv2.aruco.DetectorParameters())
    corners, ids, _ = detector.detectMarkers(raster(pdf))
    assert ids is not None and sorted(ids.ravel().tolist()) == [0, 1, 2, 3]
    for found, marker_id in zip(corners, ids.ravel(), strict=True):
        rect = layout.markers[int(marker_id)]
        quad = found.reshape(4, 2) / PX_PER_MM  # TL, TR, BR, BL of the black square
        expected = [
            (rect.x, rect.y),
            (rect.right, rect.y),
            (rect.right, rect.bottom),
            (rect.x, rect.bottom),
        ]
        assert np.abs(quad - np.array(expected)).max() < 1.0


@pytest.mark.parametrize(("changes", "paper_size", "style"), CASES)
def test_quiet_zones_round_markers_and_qr_stay_white(rendered, request, changes, paper_size, style):
    _, layout, pdf = get(rendered, request)
    image = raster(pdf)
    for box, margin in [(m, MARKER_QUIET_MM) for m in layout.markers] + [(layout.qr, 2.5)]:
        ring = np.zeros(image.shape, dtype=bool)
        ring[
            px(box.y - margin) : px(box.bottom + margin),
            px(box.x - margin) : px(box.right + margin),
        ] = True
        inner = 0.5  # the edge pixels of the square itself are anti-aliased
        ring[
            px(box.y - inner) : px(box.bottom + inner), px(box.x - inner) : px(box.right + inner)
        ] = False
        assert image[ring].min() >= 250, f"ink in the quiet zone of {box}"


@pytest.mark.parametrize(("changes", "paper_size", "style"), CASES)
def test_grid_lines_lie_on_the_row_rects(rendered, request, changes, paper_size, style):
    _, layout, pdf = get(rendered, request)
    image = raster(pdf)
    for row in layout.rows:
        box = row.name_box
        xs = [px(box.x + box.w * f) for f in (0.9, 0.95)]  # right of any name
        assert all(image[px(box.y), x] < 128 and image[px(box.bottom), x] < 128 for x in xs)
        assert image[px(box.y + box.h / 2), px(box.x)] < 128  # the line left of the name
        assert image[px(box.y + 1.2), xs[0]] > 250  # nothing else in the row
        assert image[px(box.y + box.h / 2), px(row.number_box.x)] < 128
        for extra in (row.agree_box, row.disagree_box):
            if extra is not None:  # empty boxes for the voter's X, outlined
                assert image[px(extra.y + extra.h / 2), px(extra.x + extra.w / 2)] > 250
                assert image[px(extra.y + extra.h / 2), px(extra.right)] < 128


def test_names_are_real_text_with_every_diacritic(pdf_text: Callable[[bytes], str]) -> None:
    paper = election()
    text = pdf_text(render_machine_ballot_pdf(paper, paper.layout("A5")))
    for name in NAMES:
        assert name in text
    assert CONGRESS.upper() in text.replace("LẦN THỨ XXIV", "LẦN THỨ XXIV")
    assert "PHIẾU BẦU CỬ" in text
    assert "BẦU BAN CHẤP HÀNH" in text  # the default title of a committee election
    assert "gạch ngang giữa cả họ và tên" in text
    assert "(Đại hội bầu 3 đồng chí)" in text
    assert DATE in text
    assert "Đồng ý" not in text  # strike style: no agree/disagree columns


def test_columns_style_prints_agree_disagree_heads_and_its_instruction(
    pdf_text: Callable[[bytes], str],
) -> None:
    paper = election(body="secretary", seats=1, candidates=["Lương Thị Ỷ"], date="")
    text = pdf_text(render_machine_ballot_pdf(paper, paper.layout("A4")))
    assert "TT Họ và tên Đồng ý Không đồng ý" in text
    assert "Lương Thị Ỷ" in text and "BẦU BÍ THƯ" in text
    assert "đánh dấu X vào ô tương ứng" in text
    assert "(Đại hội bầu 1 đồng chí)" in text


def test_names_sit_in_their_boxes(
    pdf_words: Callable[[bytes], list[tuple[str, float, float]]],
) -> None:
    paper = election()
    layout = paper.layout("A5")
    words = pdf_words(render_machine_ballot_pdf(paper, layout))
    for row in layout.rows:
        first = row.name.split()[0]
        hits = [
            (x, y) for w, x, y in words if w == first and row.name_box.y <= y <= row.name_box.bottom
        ]
        assert len(hits) == 1, row.name
        x, y = hits[0]
        assert abs(x - (row.name_box.x + 2.0)) < 0.6  # left aligned, 2 mm in
        assert row.name_box.y + 0.5 < y < row.name_box.y + row.name_box.h / 2  # centred band


def _fonts(pdf: bytes, needle: str) -> set[str]:
    """The font names of `needle`'s characters (first occurrence on page 1)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        text_page = doc[0].get_textpage()
        whole = text_page.get_text_range()
        start = whole.index(needle)
        names = set()
        for i in range(start, start + len(needle)):
            if whole[i].isspace():
                continue
            buffer = ctypes.create_string_buffer(256)
            flags = ctypes.c_int()
            pdfium_raw.FPDFText_GetFontInfo(text_page.raw, i, buffer, 256, flags)
            names.add(buffer.value.decode())
        return names
    finally:
        doc.close()


def test_names_are_never_bold_and_the_title_is() -> None:
    paper = election()
    pdf = render_machine_ballot_pdf(paper, paper.layout("A5"))
    for name in NAMES:
        fonts = _fonts(pdf, name)
        assert fonts and not any("Bold" in f for f in fonts), (name, fonts)
    assert all("Bold" in f for f in _fonts(pdf, "PHIẾU BẦU CỬ"))


def test_a_long_name_shrinks_or_wraps_but_stays_in_its_box(
    pdf_words: Callable[[bytes], list[tuple[str, float, float]]],
) -> None:
    long_name = "Tôn Nữ Thị Phương Thảo Nguyên Hoàng Huỳnh Bảo Ngọc Thuỷ Tiên"
    paper = election(candidates=[*NAMES, long_name])
    layout = paper.layout("A5")
    row = next(r for r in layout.rows if r.name == long_name)
    setting = name_setting(layout, long_name, row.name_box)
    assert setting.pt < layout.name_pt
    assert name_setting(layout, NAMES[0], layout.rows[0].name_box).pt == layout.name_pt
    words = pdf_words(render_machine_ballot_pdf(paper, layout))
    mine = [
        (w, x, y)
        for w, x, y in words
        if row.name_box.y <= y <= row.name_box.bottom and x > row.name_box.x
    ]
    assert " ".join(w for w, _, _ in mine) == long_name
    assert all(row.name_box.x < x < row.name_box.right - 3 for _, x, _ in mine)


def test_every_copy_is_the_same_page_and_output_is_deterministic() -> None:
    paper = election()
    layout = paper.layout("A5")
    pdf = render_machine_ballot_pdf(paper, layout, 3)
    assert len(pdfium.PdfDocument(pdf)) == 3
    first = raster(pdf, 0)
    assert np.array_equal(first, raster(pdf, 1)) and np.array_equal(first, raster(pdf, 2))
    assert render_machine_ballot_pdf(paper, layout, 3) == pdf
    assert render_machine_ballot_pdf(paper, layout, 1) != pdf


def test_different_elections_give_different_pages() -> None:
    one, two = election(), election(candidates=[*NAMES[:4], "Phạm Ngọc Anh"])
    assert one.key != two.key
    assert not np.array_equal(
        raster(render_machine_ballot_pdf(one, one.layout())),
        raster(render_machine_ballot_pdf(two, two.layout())),
    )


@pytest.mark.parametrize("copies", [0, -1, MAX_COPIES + 1])
def test_copies_out_of_range_are_refused(copies: int) -> None:
    paper = election()
    with pytest.raises(ValueError, match="copies"):
        render_machine_ballot_pdf(paper, paper.layout(), copies)


def test_joint_delegate_list_counts_alternates_as_places(pdf_text: Callable[[bytes], str]) -> None:
    # 5 names for 4 official + 1 alternate delegates: no surplus, so agree/disagree columns.
    paper = election(body="delegates", seats=4, alternates=1)
    assert paper.places == 5
    layout = paper.layout()
    assert layout.style == "columns"
    assert "(Đại hội bầu 5 đồng chí)" in pdf_text(render_machine_ballot_pdf(paper, layout))
    assert election(body="delegates", seats=4).key != paper.key
    assert election().key == election().key


def test_text_keeps_out_of_the_rect_of_markers_and_seal(
    pdf_words: Callable[[bytes], list[tuple[str, float, float]]],
) -> None:
    paper = election(
        congress="Đại hội đại biểu Đảng bộ phường Hoàng Văn Thụ, thành phố Lạng Sơn "
        "lần thứ XXIV, nhiệm kỳ 2025 - 2030"
    )
    layout = paper.layout("A5")
    keep_out = [
        Rect(
            m.x - MARKER_QUIET_MM,
            m.y - MARKER_QUIET_MM,
            m.w + 2 * MARKER_QUIET_MM,
            m.h + 2 * MARKER_QUIET_MM,
        )
        for m in layout.markers
    ] + [layout.seal, layout.qr]
    for word, x, y in pdf_words(render_machine_ballot_pdf(paper, layout)):
        for box in keep_out:
            assert not (box.x < x < box.right and box.y < y < box.bottom), (word, box)


def test_the_list_is_printed_in_abc_order_by_given_name_whatever_the_file_order(
    pdf_words: Callable[[bytes], list[tuple[str, float, float]]],
) -> None:
    given = ["Trần Văn Vinh", "Lê Thị Bình", "Nguyễn Văn An", "Phạm Thị Ánh", "Đỗ Văn Cường"]
    paper = election(candidates=given)
    layout = paper.layout("A5")
    expected = ["Nguyễn Văn An", "Phạm Thị Ánh", "Lê Thị Bình", "Đỗ Văn Cường", "Trần Văn Vinh"]
    assert [r.name for r in layout.rows] == expected
    assert paper.tally_fields["candidates"] == given  # the engine's input is left as given
    words = pdf_words(render_machine_ballot_pdf(paper, layout))
    top_down = sorted(words, key=lambda word: word[2])
    firsts = [w for w, _, _ in top_down if w in {"Nguyễn", "Phạm", "Lê", "Đỗ", "Trần"}]
    assert firsts == ["Nguyễn", "Phạm", "Lê", "Đỗ", "Trần"]  # top to bottom on the page
    # A file already in that order names the same election (the app's lists are sorted).
    assert election(candidates=expected).key == paper.key
