"""The wording of the counting minutes, as a renderer-neutral plan of paragraphs and tables.

Structure: party-documents.md §7.3 (committee, secretary) and §7.4 (delegates: official and
alternate delegates elected on one joint list). The PDF and the DOCX render the same plan, so
both documents say exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import text
from .minutes_data import MinutesData
from .profiles import Profile

BLANK = "……"


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Para:
    runs: list[Run]
    indent: bool = True


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    widths_mm: list[float]
    align: list[str]  # "c", "l" or "r" per column


@dataclass(frozen=True)
class Header:
    left: list[Run]  # one run per line, the star and the symbol included
    heading: str
    date_line: str
    title: str
    summary: str
    separator: str


@dataclass(frozen=True)
class Signatures:
    members_title: str
    members: list[str] = field(default_factory=list)  # empty: head only
    capacity: str = "T/M BAN KIỂM PHIẾU"
    title: str = "TRƯỞNG BAN"
    head: str = ""


def p(*parts: str | Run, indent: bool = True) -> Para:
    return Para([part if isinstance(part, Run) else Run(part) for part in parts], indent=indent)


def header(data: MinutesData, profile: Profile) -> Header:
    f = data.facts
    left = [Run(f.superior_body.upper()), Run(f.issuing_body.upper(), bold=True)]
    left += [Run(line.upper(), bold=True) for line in f.extra_header_lines]
    left += [Run("*"), Run(text.document_symbol(f.number, f.doc_type, f.doc_body, profile))]
    return Header(
        left=left,
        heading=profile.heading_text,
        date_line=text.party_date(f.place, f.date, profile),
        title="BIÊN BẢN KIỂM PHIẾU",
        summary=f"bầu {f.body_phrase}",
        separator=profile.summary_separator,
    )


def signatures(data: MinutesData) -> Signatures:
    f = data.facts
    head = f.head()
    members = (
        [] if f.signatures == "head_only" else [m.name for m in f.counting_board if not m.is_head]
    )
    title = "CÁC THÀNH VIÊN BAN KIỂM PHIẾU"
    return Signatures(members_title=title, members=members, head=head.name)


def _count(value: int | None) -> str:
    return BLANK if value is None else text.format_int(value)


def _result_table(data: MinutesData, names: list[str], first: str = "TT") -> Table:
    rows = [
        [str(i), name, text.format_int(data.votes_of(name)), data.percent(name)]
        for i, name in enumerate(names, start=1)
    ]
    return Table(
        header=[first, "Họ và tên", "Số phiếu bầu", "Tỷ lệ %"],
        rows=rows,
        widths_mm=[15, 85, 30, 30],
        align=["c", "l", "c", "c"],
    )


def body(data: MinutesData, profile: Profile) -> list[Para | Table]:
    f = data.facts
    who = "đại biểu chính thức" if f.delegates_congress else "đảng viên chính thức"
    plan: list[Para | Table] = []
    opening = "Hôm nay"
    if f.started_at:
        opening += f", vào hồi {f.started_at}"
    opening += f", {text.date_words(f.date, profile)}"
    if f.venue:
        opening += f", tại {f.venue}"
    citation = text.RULES_CITATION.get(data.rules, f"Quy chế bầu cử trong Đảng ({data.rules})")
    plan.append(
        p(
            f"{opening}, {f.congress_name} tiến hành bầu {f.body_phrase} theo quy định của "
            f"Điều lệ Đảng và {citation}."
        )
    )
    if data.is_delegates:
        seats = f"Số lượng đại biểu chính thức được cấp trên phân bổ là {data.seats} đồng chí"
        if data.alternate_seats:
            seats += (
                "; Đại hội đã biểu quyết số lượng đại biểu dự khuyết là "
                f"{data.alternate_seats} đồng chí"
            )
        plan.append(p(seats + "."))
    else:
        plan.append(p(f"Đại hội đã biểu quyết số lượng cần bầu là {data.seats} đồng chí."))
    plan.append(
        p(
            f"Đại hội đã thông qua danh sách bầu cử gồm {len(data.results)} đồng chí "
            "(xếp theo thứ tự tên người theo vần A, B, C):"
        )
    )
    plan.append(
        Table(
            header=["TT", "Họ và tên"],
            rows=[[str(i), r.name] for i, r in enumerate(data.results, start=1)],
            widths_mm=[15, 100],
            align=["c", "l"],
        )
    )
    plan.append(p("Đại hội đã cử Ban Kiểm phiếu gồm các đồng chí:"))
    board = f.counting_board
    for i, member in enumerate(board, start=1):
        end = "." if i == len(board) else ";"
        plan.append(p(f"{i}. Đồng chí {member.name}, {member.role}{end}"))

    plan.append(p(f"Tổng số {who} được triệu tập: {_count(f.summoned)} đồng chí."))
    plan.append(p(f"Số {who} có mặt lúc bầu cử: {_count(f.present)} đồng chí."))
    absent = f.absent
    if absent is None and f.summoned is not None and f.present is not None:
        absent = f.summoned - f.present
    plan.append(p(f"Số {who} vắng mặt lúc bầu cử: {_count(absent)} đồng chí."))
    if f.deductions:
        total = sum(n for _, n in f.deductions)
        detail = "; ".join(f"{text.format_int(n)} đồng chí {reason}" for reason, n in f.deductions)
        plan.append(
            p(
                f"Số {who} không tính vào cơ sở tính kết quả bầu cử: "
                f"{text.format_int(total)} đồng chí (trong đó: {detail})."
            )
        )
    base = text.format_int(data.base)
    plan.append(p(f"Số {who} làm cơ sở tính kết quả bầu cử: {base} đồng chí."))

    plan.append(
        p(
            f"Số phiếu phát ra: {text.format_int(data.issued)} phiếu; "
            f"số phiếu thu về: {text.format_int(data.returned)} phiếu."
        )
    )
    invalid = (
        f"Số phiếu hợp lệ: {text.format_int(data.valid)} phiếu; "
        f"số phiếu không hợp lệ: {text.format_int(data.invalid)} phiếu"
    )
    reasons = [(code, n) for code, n in data.invalid_reasons.items() if n]
    if reasons:
        invalid += (
            " (trong đó: "
            + "; ".join(
                f"{text.format_int(n)} phiếu {text.invalid_reason_label(code)}"
                for code, n in reasons
            )
            + ")"
        )
    plan.append(p(invalid + "."))

    plan.append(
        p(
            "Kết quả kiểm phiếu cụ thể như sau (xếp theo thứ tự như trong phiếu bầu; tỷ lệ % "
            f"tính trên {base} {who} làm cơ sở tính kết quả bầu cử):"
        )
    )
    plan.append(_result_table(data, [r.name for r in data.results]))

    what = " đại biểu chính thức" if data.is_delegates else ""
    if data.elected:
        plan.append(
            p(
                f"Căn cứ Quy chế bầu cử trong Đảng, những đồng chí sau đây trúng cử{what} "
                "(xếp theo thứ tự số phiếu bầu từ cao đến thấp, có số phiếu bầu đạt quá một nửa "
                f"so với {base} {who}, tức từ {text.format_int(data.needed)} phiếu trở lên):"
            )
        )
        plan.append(_result_table(data, data.elected))
    else:
        plan.append(p(Run(f"Không có đồng chí nào trúng cử{what}.", bold=True)))
    if data.is_delegates and data.alternates:
        plan.append(
            p(
                "Những đồng chí sau đây trúng cử đại biểu dự khuyết (xếp theo thứ tự số phiếu "
                "bầu từ cao đến thấp; đây cũng là thứ tự thay thế đại biểu chính thức vắng mặt):"
            )
        )
        plan.append(_result_table(data, data.alternates, first="Thứ tự"))
    if data.tied:
        votes = text.format_int(data.votes_of(data.tied[0]))
        plan.append(
            p(
                Run(
                    f"Các đồng chí {', '.join(data.tied)} có số phiếu bầu bằng nhau ({votes} "
                    "phiếu) tại vị trí cuối cùng của số lượng cần bầu. Ban Kiểm phiếu không chọn "
                    "thay Đại hội; việc bầu tiếp trong số các đồng chí này do Đại hội quyết định.",
                    bold=True,
                )
            )
        )
    if data.unfilled > 0:
        plan.append(
            p(
                Run(
                    f"Số lượng trúng cử còn thiếu so với số lượng cần bầu: {data.unfilled} đồng "
                    "chí. Việc bầu tiếp do Đại hội quyết định.",
                    bold=True,
                )
            )
        )
    finished = f.finished_at or "… giờ … phút"
    plan.append(
        p(f"Biên bản được lập xong vào hồi {finished} cùng ngày và đã công bố trước Đại hội.")
    )
    return plan
