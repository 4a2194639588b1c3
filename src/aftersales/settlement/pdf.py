"""PDFs with Chinese text: WeasyPrint over a template, in the Noto Sans SC the project ships from
npm (@fontsource/noto-sans-sc, served as static `vendor/noto-sans-sc/`). The PDF takes the
font's Simplified-Chinese and Latin files whole (WeasyPrint embeds only the glyphs used)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

FONT_FILES = {
    ("NotoSC", 400): "vendor/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff",
    ("NotoSC", 700): "vendor/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff",
    ("NotoLatin", 400): "vendor/noto-sans-sc/files/noto-sans-sc-latin-400-normal.woff",
    ("NotoLatin", 700): "vendor/noto-sans-sc/files/noto-sans-sc-latin-700-normal.woff",
}


@cache
def font_faces() -> str:
    """@font-face rules naming the font files on disk (a missing file is skipped: the PDF then
    falls back to the system's fonts rather than failing)."""
    rules = []
    for (family, weight), static_path in FONT_FILES.items():
        found = finders.find(static_path)
        if not found:
            continue
        uri = Path(str(found)).resolve().as_uri()
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{uri}"); }}'
        )
    return "\n".join(rules)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs a moment at start-up

    html = render_to_string(template, {**context, "font_faces": font_faces()})
    return bytes(HTML(string=html, base_url=str(Path.cwd())).write_pdf())
