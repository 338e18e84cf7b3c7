"""Colour checks so a borough's branding cannot break WCAG 2.2 AA contrast."""

import re

from django.core.exceptions import ValidationError

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
NEAR_BLACK = "#0b0c0c"
AA_NORMAL_TEXT = 4.5


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.03928 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_hex_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError("Enter a colour as # followed by six hex digits, such as #1d4f91.")


def validate_colour_behind_white_text(value: str) -> None:
    validate_hex_colour(value)
    ratio = contrast_ratio(value, WHITE)
    if ratio < AA_NORMAL_TEXT:
        raise ValidationError(
            f"White text on {value} has a contrast of {ratio:.1f}:1; it needs at least "
            f"{AA_NORMAL_TEXT}:1 to be readable. Choose a darker colour."
        )


def validate_colour_behind_dark_text(value: str) -> None:
    validate_hex_colour(value)
    ratio = contrast_ratio(value, NEAR_BLACK)
    if ratio < AA_NORMAL_TEXT:
        raise ValidationError(
            f"Dark text on {value} has a contrast of {ratio:.1f}:1; it needs at least "
            f"{AA_NORMAL_TEXT}:1 to be readable. Choose a lighter colour."
        )
