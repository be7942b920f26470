"""Layout profiles: every number of the party document layout, switchable by guide.

The values come from ../shared/domain/party-documents.md:

* ``hd36``: Hướng dẫn 36-HD/VPTW (03/4/2018), the guide under which the 2025–2030 congress round
  was held. Page setup (§1), the size table of Phụ lục 3 (§2.1), body text (§3), signature blocks
  (§4), dates (§6.1). This is the default, as the research notes recommend (§0.1).
* ``hd05``: Hướng dẫn 05-HD/VPTW (2026), which reportedly replaces HD 36. Its text was not
  available; the secondary sources say it keeps the margins, the font, the heading, the star,
  the symbol grammar and the date padding (§0.1, §9). Every value below is therefore copied from
  HD 36, except where §9 reports a difference (body line spacing "18–19 pt exact" in tools: we
  keep 18 pt). ASSUMPTION: re-check against the HD 05 PDF before printing under it.

Values marked [U] in the notes (star size, header column widths, ballot layout) are assumptions
in both profiles; see docs/printing.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

# Times New Roman is what the guide names; Liberation Serif 2.x (Debian fonts-liberation2) is
# metric-compatible and covers every Vietnamese letter; DejaVu Serif is the last resort.
FONT_FAMILIES: tuple[str, ...] = ("Times New Roman", "Liberation Serif", "DejaVu Serif")


@dataclass(frozen=True)
class Profile:
    name: str
    guide: str  # the guide the numbers come from, printed nowhere, shown in docs and admin
    # Page setup (§1): A4 portrait, margins in millimetres.
    paper: str = "A4"
    page_width_mm: float = 210
    page_height_mm: float = 297
    margin_top_mm: float = 20
    margin_bottom_mm: float = 20
    margin_left_mm: float = 30
    margin_right_mm: float = 15
    font_families: tuple[str, ...] = FONT_FAMILIES
    # Header (§2.1, §2.2): sizes in points.
    heading_text: str = "ĐẢNG CỘNG SẢN VIỆT NAM"
    heading_pt: float = 15  # bold, caps, top right, with a rule of its own length under it
    heading_rule_pt: float = 0.75
    superior_pt: float = 14  # caps, regular, top left
    issuer_pt: float = 14  # caps, bold, under the superior body
    star_pt: float = 14  # [U] size not stated
    number_pt: float = 14  # "Số 12-BB/ĐH"
    date_pt: float = 14  # italic
    header_left_pct: float = 43  # [U] column widths not given by the guide
    header_right_pct: float = 57
    # Symbol grammar (§2.2, §8): "Số 12-BB/ĐH", numbers below 10 with a leading zero.
    number_format: str = "Số {number}-{type}/{body}"
    number_min_digits: int = 2
    # Date line (§6.1): pad the day below 10 and the month below 3.
    date_pad_day_below: int = 10
    date_pad_month_below: int = 3
    # Title block (§2.2 item 5): type name, summary, five hyphens.
    type_pt: float = 16  # 15–16 in the guide
    summary_pt: float = 14  # 14–15 in the guide
    summary_separator: str = "-----"
    # Body text (§3).
    body_pt: float = 14
    line_spacing_pt: float = 18  # "Exactly" in Word
    paragraph_spacing_pt: float = 6
    first_line_indent_mm: float = 10
    table_pt: float = 13  # [U] tables: the guide gives no size; 13 keeps long names on one line
    table_border_pt: float = 0.5
    # Signature block (§4): capacity bold caps, title caps, space, name bold.
    signature_pt: float = 14
    signature_space_mm: float = 25
    member_signature_space_mm: float = 18  # [U] between the board members' names
    page_number_pt: float = 14
    # Ballot paper (§7.2) [U]: no official template; common practice.
    ballot_margin_mm: float = 10
    seal_area_mm: float = 40
    ballot_unit_pt: float = 13
    ballot_congress_pt: float = 13
    ballot_title_pt: float = 18
    ballot_body_pt: float = 14
    ballot_instructions_pt: float = 12
    ballot_name_pt: float = 14
    ballot_row_mm: float = 10
    ballot_box_mm: float = 22
    ballot_instructions: str = (
        "(Không bầu đồng chí nào thì gạch ngang giữa cả họ và tên đồng chí đó)"
    )
    ballot_instructions_no_surplus: str = (
        "(Đồng ý hoặc không đồng ý đồng chí nào thì đánh dấu X vào ô tương ứng)"
    )
    assumptions: tuple[str, ...] = field(default_factory=tuple)


HD36 = Profile(
    name="hd36",
    guide="Hướng dẫn 36-HD/VPTW, ngày 03/4/2018 của Văn phòng Trung ương Đảng",
    assumptions=(
        "star size 14 pt",
        "header column widths 43/57 %",
        "table text 13 pt",
        "ballot layout (no official template found)",
    ),
)

HD05 = replace(
    HD36,
    name="hd05",
    guide="Hướng dẫn 05-HD/VPTW (2026) của Văn phòng Trung ương Đảng — text not seen",
    assumptions=(
        *HD36.assumptions,
        "every value copied from HD 36: the HD 05 text was not available",
    ),
)

PROFILES: dict[str, Profile] = {p.name: p for p in (HD36, HD05)}
DEFAULT_PROFILE = HD36.name


def get_profile(profile: Profile | str | None = None) -> Profile:
    """The profile by name (or the profile itself); None gives the default (HD 36)."""
    if profile is None:
        return PROFILES[DEFAULT_PROFILE]
    if isinstance(profile, Profile):
        return profile
    try:
        return PROFILES[profile]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ValueError(f"unknown layout profile {profile!r} (known: {known})") from None
