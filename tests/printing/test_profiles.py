import pytest

from daihoi.printing import DEFAULT_PROFILE, PROFILES, Profile, get_profile


def test_profiles_hd36_and_hd05_exist_and_hd36_is_the_default() -> None:
    assert set(PROFILES) == {"hd36", "hd05"}
    assert DEFAULT_PROFILE == "hd36"
    assert get_profile().name == "hd36"


@pytest.mark.parametrize("name", ["hd36", "hd05"])
def test_profile_page_setup_is_the_party_layout(name: str) -> None:
    p = get_profile(name)
    assert (p.paper, p.page_width_mm, p.page_height_mm) == ("A4", 210, 297)
    assert (p.margin_top_mm, p.margin_bottom_mm, p.margin_left_mm, p.margin_right_mm) == (
        20,
        20,
        30,
        15,
    )
    assert p.font_families[:2] == ("Times New Roman", "Liberation Serif")
    assert (p.heading_pt, p.superior_pt, p.issuer_pt, p.date_pt) == (15, 14, 14, 14)
    assert p.number_format == "Số {number}-{type}/{body}"


def test_hd05_marks_its_copied_values_as_assumptions() -> None:
    assert any("HD 36" in a for a in get_profile("hd05").assumptions)


def test_get_profile_accepts_a_profile_and_refuses_an_unknown_name() -> None:
    custom = Profile(name="custom", guide="test", body_pt=15)
    assert get_profile(custom) is custom
    with pytest.raises(ValueError, match="unknown layout profile 'hd99'"):
        get_profile("hd99")
