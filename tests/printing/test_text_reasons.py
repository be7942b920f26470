import pytest

from daihoi.printing.text import invalid_reason_label

# Every reason code the tally engine can give an invalid ballot reads as Vietnamese words.
ENGINE_REASONS = [
    "too_many_kept",
    "all_struck",
    "not_issued",
    "unstamped",
    "write_in",
    "special_mark",
    "all_disagree",
    "no_agree",
    "one_person_both",
    "one_person_none",
    "unspecified",
]


@pytest.mark.parametrize("code", ENGINE_REASONS)
def test_invalid_reason_label_is_vietnamese_words(code):
    label = invalid_reason_label(code)
    assert label != code
    assert " " in label
