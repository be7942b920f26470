import io
from decimal import Decimal

from openpyxl import load_workbook

from daihoi.printing import minutes_data_from_tally, render_count_xlsx

from .factories import NAMES, make_facts, make_tally


def test_count_xlsx_has_the_totals_and_one_row_per_candidate() -> None:
    data = minutes_data_from_tally(make_tally(), make_facts())
    ws = load_workbook(io.BytesIO(render_count_xlsx(data)))["Kiểm phiếu"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    totals = {r[0]: r[1] for r in rows if r and r[0] and r[1] is not None}
    assert totals["Cơ sở tính kết quả bầu cử"] == 24
    assert totals["Số phiếu phát ra"] == 23
    assert totals["Số phiếu hợp lệ"] == 21
    assert totals["Số phiếu không hợp lệ"] == 2
    assert totals["  trong đó: bầu quá số lượng cần bầu"] == 1
    header = rows.index(
        ["TT", "Họ và tên", "Số phiếu bầu", "Tỷ lệ % (so với cơ sở)", "Kết quả", "Thứ tự"]
    )
    table = rows[header + 1 :]
    assert [r[1] for r in table] == NAMES
    nhung = table[0]
    assert nhung[2] == 13
    assert abs(Decimal(str(nhung[3])) - Decimal("0.5417")) < Decimal("0.00005")
    assert nhung[4] == "Trúng cử" and nhung[5] == 5
    assert table[3][4] == "" or table[3][4] is None  # Hoàng Đức Thắng: 12 of 24, not elected
    assert ws.cell(row=header + 2, column=4).number_format == "0.00%"
