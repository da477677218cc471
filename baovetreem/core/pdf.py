"""HTML to PDF with a font that holds every Vietnamese letter (WeasyPrint).

Every printed document of the system (the village register, official reports) renders through
``html_to_pdf``: the page's own stylesheet names ``FONT_FAMILY`` and gets the shipped font,
never whatever the server's font configuration would pick. The font is a Times-like one when
the machine has it (Liberation Serif 2, metric-compatible with Times New Roman, which official
documents use), else DejaVu Serif; both come from Debian packages that ``make`` installs
(``pdf-deps``). A family is taken only when its file covers the Vietnamese letters: Liberation
Serif 1.x, still installed by many systems under the same name, does not.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

FONT_FAMILY = "Baovetreem Serif"  # the name stylesheets use; mapped to the files found below

# Every lower- and upper-case letter with a Vietnamese diacritic, and đ/Đ.
VIETNAMESE_LETTERS = (
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)


@dataclass(frozen=True)
class FontFamily:
    """One family's four faces (regular, bold, italic, bold italic) as files on disk."""

    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def faces(self) -> list[tuple[Path, str, str]]:
        return [
            (self.regular, "normal", "normal"),
            (self.bold, "bold", "normal"),
            (self.italic, "normal", "italic"),
            (self.bold_italic, "bold", "italic"),
        ]


def _family(name: str, folder: str, regular: str, bold: str, italic: str, both: str):
    base = Path(folder)
    return FontFamily(name, base / regular, base / bold, base / italic, base / both)


# In order of preference; PDF_FONT_FAMILIES in settings may put others first.
FONT_FAMILIES = [
    _family(
        "Liberation Serif",
        "/usr/share/fonts/truetype/liberation2",  # Debian fonts-liberation2
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
    ),
    _family(
        "TeX Gyre Termes",
        "/usr/share/texmf/fonts/opentype/public/tex-gyre",  # Debian fonts-texgyre
        "texgyretermes-regular.otf",
        "texgyretermes-bold.otf",
        "texgyretermes-italic.otf",
        "texgyretermes-bolditalic.otf",
    ),
    _family(
        "DejaVu Serif",
        "/usr/share/fonts/truetype/dejavu",  # Debian fonts-dejavu-core / -extra
        "DejaVuSerif.ttf",
        "DejaVuSerif-Bold.ttf",
        "DejaVuSerif-Italic.ttf",
        "DejaVuSerif-BoldItalic.ttf",
    ),
]


class PdfUnavailable(Exception):
    """PDF cannot be made on this server (WeasyPrint, Pango or a Vietnamese font missing).

    The message is a sentence for the user, saying who can fix it.
    """


def covers_vietnamese(path: Path) -> bool:
    """Whether the font file at ``path`` has a glyph for every Vietnamese letter."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except Exception:  # an unreadable or foreign file is simply not a candidate
        return False
    return all(ord(letter) in cmap for letter in VIETNAMESE_LETTERS)


def _candidates() -> list[FontFamily]:
    extra = [
        FontFamily(f["name"], *(Path(f[k]) for k in ("regular", "bold", "italic", "bold_italic")))
        for f in getattr(settings, "PDF_FONT_FAMILIES", [])
    ]
    return extra + FONT_FAMILIES


@functools.cache
def vietnamese_font() -> FontFamily:
    """The first installed family whose regular face covers Vietnamese (faces it lacks fall
    back to the regular file)."""
    for family in _candidates():
        if family.regular.is_file() and covers_vietnamese(family.regular):
            faces = {
                attribute: path if path.is_file() else family.regular
                for attribute, path in (
                    ("bold", family.bold),
                    ("italic", family.italic),
                    ("bold_italic", family.bold_italic),
                )
            }
            return FontFamily(family.name, family.regular, **faces)
    raise PdfUnavailable(
        _(
            "PDF files cannot be made on this server: no font with Vietnamese letters is "
            "installed. Ask your administrator to run “make pdf-deps” (or install Debian's "
            "fonts-liberation2 package)."
        )
    )


def font_face_css() -> str:
    """@font-face rules mapping ``FONT_FAMILY`` to the shipped font's files."""
    family = vietnamese_font()
    return "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path.as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for path, weight, style in family.faces()
    )


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render an HTML document (its own print stylesheet inline) to PDF bytes.

    The document's styles should use ``font-family: "Baovetreem Serif"`` (``FONT_FAMILY``);
    page size, margins and repeated table headers are the document's own ``@page`` and CSS.
    Raises ``PdfUnavailable`` when the server cannot make PDF files.
    """
    fonts = font_face_css()
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as exc:  # OSError: Pango's shared libraries are missing
        raise PdfUnavailable(
            _(
                "PDF files cannot be made on this server (WeasyPrint or Pango is missing). "
                "Ask your administrator to run “make pdf-deps”."
            )
        ) from exc
    fetcher = _fonts_only_fetcher()
    font_config = FontConfiguration()
    stylesheet = CSS(string=fonts, font_config=font_config, url_fetcher=fetcher)
    document = HTML(
        string=html, base_url=base_url or settings.BASE_DIR.as_uri(), url_fetcher=fetcher
    )
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)


def _fonts_only_fetcher():
    """A URL fetcher that reads the shipped font files and nothing else: a document holds
    personal data, and nothing it says may make the server open a file or a web address."""
    from weasyprint.urls import URLFetcher

    allowed = {path.as_uri() for path, _weight, _style in vietnamese_font().faces()}

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.split("?")[0] not in allowed:
                raise ValueError(f"not fetched while printing: {url[:80]}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols={"file"})
