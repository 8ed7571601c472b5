"""Build 'scanned' PDFs for the OCR tests: a plan's text drawn as page images, with the wear of a scan.

The text is drawn with DejaVu Serif (Debian's fonts-dejavu-core, installed by scripts/test.sh;
it covers Vietnamese) at 13 pt on A4 at 300 dpi: paragraphs justified, headings and list
items on lines of their own, the signature block on the right with a red stamp and a blue
signature. Each page is then turned by a slight skew, blurred a little and sprinkled with
specks, and stored as a JPEG image: the PDF has no text layer.
"""
from __future__ import annotations

import io
import math
import random
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSerif.ttf"
BOLD = FONT_DIR / "DejaVuSerif-Bold.ttf"
DPI = 300
A4 = (2480, 3508)
MARGINS = (236, 177, 236, 236)  # left, right, top, bottom: 20, 15, 20, 20 mm
_MARKER = re.compile(r"\s*(?:[-+•]|[IVX]+\.|\d+(?:\.\d+)*\.|[a-zđ]\))\s")
_SIGN_BLOCK = re.compile(r"^(?:TM\.|KT\.|Q\.|PHÓ CHỦ TỊCH|CHỦ TỊCH)")


def paragraphs(text: str) -> list[str]:
    """Lines of a plan's text (as extracted from its PDF) joined back into paragraphs.

    A line ending in a space was wrapped, unless the next line opens a list item or heading
    or the line is in capitals (a heading).
    """
    lines = [ln for ln in text.splitlines() if ln.strip()]
    out, cur = [], ""
    for i, line in enumerate(lines):
        cur += line.strip()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.endswith(" ") and not _MARKER.match(nxt) and not line.strip().isupper():
            cur += " "
            continue
        out.append(cur.strip())
        cur = ""
    return out + ([cur.strip()] if cur.strip() else [])


def _wrap(par: str, font, width: int) -> list[tuple[list[str], bool]]:
    words, lines, cur = par.split(), [], []
    for w in words:
        if cur and font.getlength(" ".join(cur + [w])) > width:
            lines.append((cur, True))
            cur = []
        cur.append(w)
    lines.append((cur, False))
    return lines


def layout(text: str, size_pt: float = 13) -> list[list[tuple[int, list[str], str]]]:
    """Pages of (y, words, how) lines; how is 'justify', 'left' or 'sign' (the signature block)."""
    font = ImageFont.truetype(str(FONT), round(size_pt * DPI / 72))
    left, right, top, bottom = MARGINS
    width = A4[0] - left - right
    step = round(size_pt * DPI / 72 * 1.45)
    pages: list[list[tuple[int, list[str], str]]] = [[]]
    y = top
    pars = paragraphs(text)
    sign_from = next((i for i, p in enumerate(pars) if _SIGN_BLOCK.match(p)), len(pars))
    for i, par in enumerate(pars):
        sign = i >= sign_from
        if sign and i == len(pars) - 1:
            y += 4 * step  # room for the signature above the signer's name
        for words, wrapped in ([(par.split(), False)] if sign else _wrap(par, font, width)):
            if y + step > A4[1] - bottom:
                pages.append([])
                y = top
            pages[-1].append((y, words, "sign" if sign else "justify" if wrapped else "left"))
            y += step
    return pages


def draw_page(lines, size_pt: float = 13) -> Image.Image:
    """One clean page image (RGB) of laid-out lines, with stamp and signature beside a signature block."""
    font = ImageFont.truetype(str(FONT), round(size_pt * DPI / 72))
    bold = ImageFont.truetype(str(BOLD), round(size_pt * DPI / 72))
    left, right, _, _ = MARGINS
    width = A4[0] - left - right
    img = Image.new("RGB", A4, "white")
    d = ImageDraw.Draw(img)
    sign_lines = []
    for y, words, how in lines:
        if how == "justify" and len(words) > 1:
            gap = (width - sum(font.getlength(w) for w in words)) / (len(words) - 1)
            x = left
            for w in words:
                d.text((x, y), w, font=font, fill="black")
                x += font.getlength(w) + gap
        elif how == "sign":
            text = " ".join(words)
            centre = left + width * 0.75
            d.text((centre - bold.getlength(text) / 2, y), text, font=bold, fill="black")
            sign_lines.append(y)
        else:
            d.text((left, y), " ".join(words), font=font, fill="black")
    if len(sign_lines) >= 2:
        centre = left + width * 0.75
        _signature(d, centre, sign_lines[-1] - 150)
        _stamp(img, centre - 260, sign_lines[0] + 120)
    return img


def _signature(d: ImageDraw.ImageDraw, cx: float, cy: float) -> None:
    """A scribble in blue ink."""
    pts = [(cx - 220 + 22 * k, cy + 55 * math.sin(k * 1.3) + (k % 3) * 9) for k in range(21)]
    d.line(pts, fill=(20, 40, 150), width=6, joint="curve")
    d.line([(cx - 200, cy + 70), (cx + 180, cy + 20)], fill=(20, 40, 150), width=5)


def _stamp(img: Image.Image, cx: float, cy: float) -> None:
    """A round red stamp with lettering around its rim, a star and a name in the middle."""
    red = (200, 30, 40)
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    for r, w in ((230, 10), (205, 4), (110, 4)):
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red + (200,), width=w)
    font = ImageFont.truetype(str(BOLD), 34)
    rim = "ỦY BAN NHÂN DÂN * THÀNH PHỐ HUẾ *"
    for k, ch in enumerate(rim):
        angle = -math.pi / 2 + 2 * math.pi * k / len(rim)
        glyph = Image.new("RGBA", (60, 60), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((15, 8), ch, font=font, fill=red + (210,))
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        layer.alpha_composite(glyph, (int(cx + 168 * math.cos(angle) - 30), int(cy + 168 * math.sin(angle) - 30)))
    d.regular_polygon((cx, cy, 60), 5, fill=red + (200,))
    img.paste(layer, (0, 0), layer)


def wear(img: Image.Image, rng: random.Random, skew: float, specks: int = 9000) -> Image.Image:
    """A scan's wear: a slight skew, a little blur, dark and light specks."""
    img = img.rotate(skew, resample=Image.BILINEAR, fillcolor="white").filter(ImageFilter.GaussianBlur(0.7))
    px = img.load()
    w, h = img.size
    for _ in range(specks):
        x, y = rng.randrange(w), rng.randrange(h)
        px[x, y] = rng.choice(((0, 0, 0), (90, 90, 90), (255, 255, 255)))
    return img


def jpeg_pdf(images: list[Image.Image]) -> bytes:
    """An image-only PDF: one JPEG per page at 300 dpi, no text layer."""
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=DPI, save_all=True, append_images=images[1:], quality=80)
    return buf.getvalue()


def scanned_plan_pdf(text: str, seed: int = 16, pages: slice = slice(None)) -> bytes:
    """The whole plan (or a slice of its pages) as a worn image-only PDF."""
    rng = random.Random(seed)
    laid = layout(text)[pages]
    return jpeg_pdf([wear(draw_page(p), rng, rng.uniform(-0.8, 0.8)) for p in laid])


def scanned_page_image(lines: list[str], seed: int = 3) -> Image.Image:
    """One worn page image holding these lines, each drawn left-aligned as it is."""
    rng = random.Random(seed)
    step = round(13 * DPI / 72 * 1.45)
    laid = [(MARGINS[2] + k * step, line.split(), "left") for k, line in enumerate(lines)]
    return wear(draw_page(laid), rng, 0.4)
