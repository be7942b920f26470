"""The server-drawn SVG charts."""

import datetime

from daihoi.stats.charts import Bar, Series, bars_chart, progress_chart

D = datetime.date


def test_progress_chart_draws_one_line_per_level():
    svg = progress_chart(
        [
            Series("Chi bộ", 4, [(D(2020, 5, 1), 1), (D(2020, 5, 10), 4)]),
            Series("Cơ sở", 2, [(D(2020, 6, 1), 1)]),
        ],
        D(2020, 7, 9),
    )
    assert svg.startswith("<svg")
    assert svg.count("<polyline") == 2
    assert "Chi bộ: 4/4 (100%)" in svg
    assert "Cơ sở: 1/2 (50,0%)" in svg


def test_progress_chart_stops_at_the_as_of_date():
    svg = progress_chart([Series("x", 4, [(D(2020, 5, 1), 1), (D(2020, 8, 1), 4)])], D(2020, 7, 1))
    assert "x: 1/4 (25,0%)" in svg
    assert "01/08/2020" not in svg


def test_progress_chart_before_any_congress_says_so(english):
    svg = progress_chart([Series("x", 4, [(D(2020, 5, 1), 1)])], D(2020, 1, 1))
    assert "<polyline" not in svg
    assert "No congress held by this date." in svg


def test_bars_chart_escapes_names_and_links_rows():
    svg = bars_chart([Bar("<b>Huyện</b>", 3, 4, "/?unit=1&as_of=2020-07-09")])
    assert "<b>" not in svg
    assert "&lt;b&gt;Huyện&lt;/b&gt;" in svg
    assert 'href="/?unit=1&amp;as_of=2020-07-09"' in svg
    assert "3/4 (75,0%)" in svg


def test_bars_chart_full_bar_for_all_held():
    svg = bars_chart([Bar("A", 4, 4), Bar("B", 0, 4)])
    assert 'fill="#1d7a46"' in svg  # all held: green
    assert "0/4 (0%)" in svg
