"""Vietnamese A-B-C order by given name, and what a clerk types for a ballot."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.elections.counting.entry import EntryError, format_reading, parse_entry
from daihoi.tally.collation import abc_order, name_key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Nguyễn Văn An", "Lê Văn Bình"),  # given name first: An < Bình, whatever the family
        ("Trần Văn An", "Nguyễn Văn Anh"),  # a shorter word first
        ("Lê Văn Dũng", "Lê Văn Đức"),  # d before đ
        ("Lê Văn Đức", "Lê Văn Em"),  # đ before e
        ("Lê Thị Ăn", "Lê Thị Ân"),  # ă before â
        ("Lê Văn An", "Lê Thị Ăn"),  # a before ă (primary beats middle name)
        ("Lê Văn Uyên", "Lê Văn Ưng"),  # u before ư
        ("Lê Văn Oanh", "Lê Văn Ôn"),  # o before ô
        ("Lê Văn Ôn", "Lê Văn Ơn"),  # ô before ơ
        ("Lê Văn Ê", "Lê Văn Gấm"),  # ê before g
        ("Lê Văn Tý", "Lê Văn Uy"),
        ("Lê Thị Hà", "Lê Văn Hà"),  # same given name: the middle name decides
        ("Lê Văn Hà", "Trần Văn Hà"),  # then the family name
        ("Lê Văn Ma", "Lê Văn Mà"),  # tones are secondary: ngang, huyền, hỏi, ngã, sắc, nặng
        ("Lê Văn Mà", "Lê Văn Mả"),
        ("Lê Văn Mả", "Lê Văn Mã"),
        ("Lê Văn Mã", "Lê Văn Má"),
        ("Lê Văn Má", "Lê Văn Mạ"),
        ("Lê Văn Mạ", "Lê Văn Mai"),  # a tone never beats a letter
        ("lê văn an", "Lê Văn Bình"),  # case does not matter
    ],
)
def test_collation_orders_pairs(first, second):
    assert name_key(first) < name_key(second)
    assert abc_order([second, first]) == [first, second]


def test_collation_sorts_a_list_by_given_name():
    names = ["Trần Văn Cường", "Nguyễn Văn An", "Đỗ Thị Đào", "Lê Thị Bình", "Phạm Văn Dũng"]
    assert abc_order(names) == [
        "Nguyễn Văn An",
        "Lê Thị Bình",
        "Trần Văn Cường",
        "Phạm Văn Dũng",
        "Đỗ Thị Đào",
    ]


def test_collation_decomposed_input_sorts_like_composed():
    import unicodedata

    name = "Nguyễn Thị Ánh"
    assert name_key(unicodedata.normalize("NFD", name))[:2] == name_key(name)[:2]


@given(st.lists(st.text(min_size=1, max_size=12), max_size=8))
def test_collation_is_a_total_order(names):
    once = abc_order(names)
    assert abc_order(list(reversed(once))) == once
    assert sorted(once) == sorted(names)


@pytest.mark.parametrize(
    ("line", "size", "surplus", "struck", "marks", "defects"),
    [
        ("3 7", 9, True, (3, 7), (), ()),
        ("7,3  3", 9, True, (3, 7), (), ()),
        ("2-4", 9, True, (2, 3, 4), (), ()),
        ("", 9, True, (), (), ()),
        ("1 d", 9, True, (1,), (), ("unstamped",)),
        ("p g k", 9, True, (), (), ("not_issued", "special_mark", "write_in")),
        ("2", 3, False, (), ("agree", "disagree", "agree"), ()),
        ("1c 3t", 3, False, (), ("both", "agree", "none"), ()),
        ("1 2 3", 3, False, (), ("disagree", "disagree", "disagree"), ()),
        ("D", 1, False, (), ("agree",), ("unstamped",)),
    ],
)
def test_entry_reads_the_typed_line(line, size, surplus, struck, marks, defects):
    reading = parse_entry(line, size, surplus)
    assert (reading.struck, reading.marks, reading.defects) == (struck, marks, defects)
    again = parse_entry(
        format_reading(reading.struck, reading.marks, reading.defects), size, surplus
    )
    assert again == reading


def test_entry_ticked_boxes_join_the_line():
    reading = parse_entry("3", 9, True, checked=[5, 3], defects=["write_in"])
    assert reading.struck == (3, 5)
    assert reading.defects == ("write_in",)


@pytest.mark.parametrize(
    ("line", "size", "surplus"),
    [
        ("10", 9, True),  # no such name
        ("0", 9, True),
        ("x", 9, True),  # not a defect key
        ("3c", 9, True),  # marks on a strike-out list
        ("3z", 3, False),  # not a mark key
        ("5-2", 9, True),  # empty range
        ("3/4", 9, True),
    ],
)
def test_entry_refuses_what_it_cannot_read(line, size, surplus):
    with pytest.raises(EntryError):
        parse_entry(line, size, surplus)
