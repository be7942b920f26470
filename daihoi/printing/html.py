"""Shared HTML/CSS for the PDF documents (rendered by WeasyPrint) and the font set-up."""

from __future__ import annotations

from html import escape
from pathlib import Path

from .profiles import Profile

# Debian 12 also ships Liberation 1.07 ("fonts-liberation"), under the same family name, which
# lacks 97 Vietnamese glyphs. The 2.x files get a family name of their own, so that fontconfig
# cannot hand us 1.07 instead.
LIBERATION2_FAMILY = "Liberation Serif 2"
LIBERATION2_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/liberation2"),
)
_FACES = (
    ("Regular", "normal", "normal"),
    ("Bold", "bold", "normal"),
    ("Italic", "normal", "italic"),
    ("BoldItalic", "bold", "italic"),
)


def liberation2_dir() -> Path | None:
    for folder in LIBERATION2_DIRS:
        if (folder / "LiberationSerif-Regular.ttf").exists():
            return folder
    return None


def font_face_css() -> str:
    folder = liberation2_dir()
    if folder is None:
        return ""
    rules = []
    for suffix, weight, style in _FACES:
        path = folder / f"LiberationSerif-{suffix}.ttf"
        if path.exists():
            rules.append(
                f'@font-face {{ font-family: "{LIBERATION2_FAMILY}"; '
                f'src: url("{path.as_uri()}"); font-weight: {weight}; font-style: {style}; }}'
            )
    return "\n".join(rules)


def font_stack(profile: Profile) -> str:
    """The profile's families, led by the Liberation 2.x files when installed.

    They lead even before "Times New Roman": fontconfig answers that name with whatever
    metric alias it has (possibly Liberation 1.07), and the same files everywhere make the PDF
    reproducible. Liberation Serif 2 has the metrics of Times New Roman.
    """
    names = list(profile.font_families)
    if liberation2_dir() is not None:
        names.insert(0, LIBERATION2_FAMILY)
    return ", ".join(f'"{name}"' for name in names) + ", serif"


def e(text: object) -> str:
    return escape(str(text), quote=True)


def document(body: str, css: str, title: str) -> str:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{font_face_css()}\n{css}</style></head>"
        f"<body>{body}</body></html>"
    )


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is made

    pdf = HTML(string=html, base_url="/").write_pdf()
    assert pdf is not None
    return bytes(pdf)
