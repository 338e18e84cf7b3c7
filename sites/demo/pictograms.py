"""Simple, high-contrast pictures for the demo's Easy Read points, drawn with Pillow
(dark shapes on a light background, one idea each), kept as Wagtail images with their
words. A real borough uses photos or a licensed picture bank instead."""

import io

from PIL import Image, ImageDraw

from django.core.files.images import ImageFile

from sites.core.factories import PictureFactory

SIZE = 240
INK = (11, 12, 12)
BACKGROUND = (255, 247, 191)
ACCENT = (29, 79, 145)


def _person(draw, x, y, scale=1.0, colour=INK):
    r = 22 * scale
    draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    draw.rounded_rectangle(
        [x - 34 * scale, y + 30 * scale, x + 34 * scale, y + 110 * scale],
        radius=int(24 * scale),
        fill=colour,
    )


def _people(draw):
    _person(draw, 70, 70, 0.9, ACCENT)
    _person(draw, 170, 70, 0.9, ACCENT)
    _person(draw, 120, 90, 1.0)


def _helper(draw):
    _person(draw, 80, 70, 1.0, ACCENT)
    _person(draw, 165, 90, 0.85)
    draw.line([110, 150, 140, 160], fill=INK, width=10)


def _search(draw):
    draw.ellipse([40, 40, 150, 150], outline=INK, width=16)
    draw.line([135, 135, 200, 200], fill=INK, width=24)


def _calendar(draw):
    draw.rectangle([40, 50, 200, 200], outline=INK, width=10)
    draw.rectangle([40, 50, 200, 90], fill=ACCENT)
    for row in range(2):
        for col in range(3):
            x, y = 65 + col * 45, 110 + row * 42
            draw.rectangle([x, y, x + 25, y + 25], fill=INK)


def _money(draw):
    draw.ellipse([45, 45, 195, 195], fill=(240, 200, 40), outline=INK, width=8)
    # A pound sign drawn with strokes: the default font has no "£".
    draw.arc([98, 62, 162, 126], start=180, end=330, fill=INK, width=12)
    draw.line([104, 94, 104, 168], fill=INK, width=12)
    draw.line([82, 124, 140, 124], fill=INK, width=10)
    draw.line([78, 170, 166, 170], fill=INK, width=12)


def _form(draw):
    draw.rectangle([60, 30, 180, 210], fill="white", outline=INK, width=8)
    for y in (70, 105, 140, 175):
        draw.line([80, y, 160, y], fill=INK, width=8)


def _lock(draw):
    draw.arc([75, 30, 165, 130], start=180, end=360, fill=INK, width=16)
    draw.line([83, 80, 83, 110], fill=INK, width=16)
    draw.line([157, 80, 157, 110], fill=INK, width=16)
    draw.rounded_rectangle([55, 105, 185, 210], radius=12, fill=ACCENT)
    draw.ellipse([108, 140, 132, 164], fill="white")


def _phone(draw):
    draw.rounded_rectangle([75, 25, 165, 215], radius=16, fill=INK)
    draw.rectangle([87, 50, 153, 180], fill="white")
    draw.ellipse([112, 189, 128, 205], fill="white")


def _pointer(draw):
    draw.polygon(
        [(70, 40), (70, 200), (110, 160), (140, 215), (165, 200), (135, 148), (190, 145)], fill=INK
    )


def _question(draw):
    draw.ellipse([40, 40, 200, 200], fill=ACCENT)
    draw.text((92, 58), "?", fill="white", font_size=110)


def _place(draw):
    draw.polygon([(120, 30), (35, 110), (205, 110)], fill=ACCENT)
    draw.rectangle([55, 110, 185, 210], fill=INK)
    draw.rectangle([100, 150, 140, 210], fill=BACKGROUND)


def _words(draw):
    draw.text((30, 60), "Aa", fill=INK, font_size=110)
    draw.line([35, 190, 205, 190], fill=ACCENT, width=12)


DRAWINGS = {
    "people": (_people, "Three people standing together"),
    "helper": (_helper, "A helper talking with a person"),
    "search": (_search, "A magnifying glass for searching"),
    "calendar": (_calendar, "A calendar page"),
    "money": (_money, "A pound coin"),
    "form": (_form, "A form with lines to fill in"),
    "lock": (_lock, "A padlock, meaning private and safe"),
    "phone": (_phone, "A mobile phone"),
    "pointer": (_pointer, "An arrow pointing to a link"),
    "question": (_question, "A question mark"),
    "place": (_place, "A building"),
    "words": (_words, "Big letters, meaning text size"),
}


def pictogram(name: str):
    """The Wagtail image for one idea, made once per borough (found again by its title)."""
    from wagtail.images import get_image_model

    title = f"Easy Read: {name}"
    existing = get_image_model().objects.filter(title=title).first()
    if existing is not None:
        return existing
    draw_it, _ = DRAWINGS[name]
    canvas = Image.new("RGB", (SIZE, SIZE), BACKGROUND)
    draw_it(ImageDraw.Draw(canvas))
    data = io.BytesIO()
    canvas.save(data, format="PNG")
    data.seek(0)
    return PictureFactory(title=title, file=ImageFile(data, name=f"easy-read-{name}.png"))


def alt_text(name: str) -> str:
    return DRAWINGS[name][1]
