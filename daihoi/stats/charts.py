"""Charts as inline SVG drawn on the server: no JavaScript, readable when printed.

Pure functions: plain data in, an SVG string out (marked safe; every text is escaped).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from daihoi.stats.templatetags.daihoi_ui import format_count, format_percent

PALETTE = ("#a3141c", "#1f5fa8", "#1d7a46", "#a15c00", "#6b3fa0", "#0f7c86", "#5d6876")


@dataclass(frozen=True)
class Series:
    """Cumulative congresses held over time for one level, out of `total` units."""

    label: str
    total: int
    points: Sequence[tuple[datetime.date, int]]


@dataclass(frozen=True)
class Bar:
    label: str
    held: int
    units: int
    href: str = ""


def color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _empty_chart(message: str, width: int = 640, height: int = 120) -> SafeString:
    return mark_safe(
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(message)}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<rect width="{width}" height="{height}" fill="#f8f9fb"/>'
        f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#5d6876" '
        f'font-size="14">{escape(message)}</text></svg>'
    )


def progress_chart(series: Sequence[Series], as_of: datetime.date) -> SafeString:
    """Step lines of the share of each level's units that held their congress, up to `as_of`."""
    series = [Series(s.label, s.total, [(d, n) for d, n in s.points if d <= as_of]) for s in series]
    dated = [d for s in series for d, _n in s.points]
    if not dated:
        return _empty_chart(_("No congress held by this date."))
    start = min(dated)
    end = max(dated)
    if (end - start).days < 1:
        start -= datetime.timedelta(days=1)
    if end < as_of:
        # Leave a little room after the last congress, but not the whole idle stretch to as_of.
        end = min(as_of, end + datetime.timedelta(days=max(1, (end - start).days // 10)))
    span = (end - start).days

    width, height = 540, 300
    left, right, top, bottom = 50, 14, 14, 36
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_of(d: datetime.date) -> float:
        return left + plot_w * (d - start).days / span

    def y_of(share: float) -> float:
        return top + plot_h * (1 - share)

    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" '
        f'aria-label="{escape(_("Congresses held over time, by level"))}">'
    ]
    for pct in (0, 25, 50, 75, 100):
        gy = _fmt(y_of(pct / 100))
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{gy}" y2="{gy}" stroke="#e3e7ec"/>'
            f'<text x="{left - 6}" y="{gy}" dy="4" text-anchor="end" font-size="13" '
            f'fill="#5d6876">{pct}%</text>'
        )
    ticks = 4 if span >= 4 else span
    for i in range(ticks + 1):
        d = start + datetime.timedelta(days=round(span * i / ticks))
        tx = _fmt(x_of(d))
        anchor = "start" if i == 0 else "end" if i == ticks else "middle"
        parts.append(
            f'<line x1="{tx}" x2="{tx}" y1="{top + plot_h}" y2="{top + plot_h + 4}" '
            f'stroke="#9aa4b0"/>'
            f'<text x="{tx}" y="{height - 12}" text-anchor="{anchor}" font-size="13" '
            f'fill="#5d6876">{escape(date_format(d, "d/m/Y"))}</text>'
        )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="#9aa4b0"/>'
    )
    for index, s in enumerate(series):
        if not s.points or s.total <= 0:
            continue
        coords = [(x_of(start), y_of(0))]
        for d, n in s.points:
            x = x_of(d)
            coords.append((x, coords[-1][1]))
            coords.append((x, y_of(min(n, s.total) / s.total)))
        coords.append((x_of(end), coords[-1][1]))
        path = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords)
        last = s.points[-1][1]
        title = f"{s.label}: {format_count(last)}/{format_count(s.total)} " + (
            f"({format_percent(last, s.total)})"
        )
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{color(index)}" stroke-width="2.5" '
            f'stroke-linejoin="round"><title>{escape(title)}</title></polyline>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bars_chart(bars: Sequence[Bar]) -> SafeString:
    """One horizontal bar per child unit: the share of its units that held their congress."""
    if not bars:
        return _empty_chart(_("No units below this one."))
    # Label above its bar, so long Vietnamese names stay readable on a phone.
    row_h, top = 40, 4
    width, bar_w = 420, 270
    height = top * 2 + row_h * len(bars)
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" '
        f'aria-label="{escape(_("Congresses held, by unit below"))}">'
    ]
    for i, bar in enumerate(bars):
        y = top + i * row_h
        share = min(1.0, bar.held / bar.units) if bar.units else 0.0
        fill = "#1d7a46" if bar.units and bar.held >= bar.units else "#1f5fa8"
        pct = format_percent(bar.held, bar.units)
        value = f"{format_count(bar.held)}/{format_count(bar.units)} ({pct})"
        row = (
            f'<text x="0" y="{y + 14}" font-size="14" '
            f'fill="#1d232b">{escape(_short(bar.label, 52))}</text>'
            f'<rect x="0" y="{y + 20}" width="{bar_w}" height="13" rx="2" fill="#e6e9ee"/>'
            f'<rect x="0" y="{y + 20}" width="{_fmt(bar_w * share)}" height="13" rx="2" '
            f'fill="{fill}"/>'
            f'<text x="{bar_w + 8}" y="{y + 31}" font-size="13" '
            f'fill="#5d6876">{escape(value)}</text>'
            f"<title>{escape(bar.label)}: {escape(value)}</title>"
        )
        if bar.href:
            row = f'<a href="{escape(bar.href)}">{row}</a>'
        parts.append(f"<g>{row}</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))
