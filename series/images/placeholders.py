"""What stands in for a missing picture: a colour from the name, and initials."""

import colorsys
import hashlib


def placeholder_colour(text):
    """A stable colour chosen from `text`, dark enough for white text at WCAG AA."""
    hue = hashlib.sha256(text.encode()).digest()[0] / 256
    red, green, blue = colorsys.hls_to_rgb(hue, 0.30, 0.45)
    return "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in (red, green, blue)))


def _luminance(hex_colour):
    def linear(channel):
        c = int(channel, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(hex_colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink_on(hex_colour):
    """White or near-black, whichever reads better on `hex_colour`."""
    luminance = _luminance(hex_colour)
    return "#ffffff" if (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.05) else "#111111"


def initials(name):
    """Up to two letters for a placeholder: "Kaya Scodelario" → "KS"."""
    words = [word for word in name.replace("-", " ").split() if word[:1].isalnum()]
    letters = "".join(word[0] for word in words[:2])
    return (letters or name[:1] or "?").upper()


# The widest capital of a bold system sans ("W", "M") is about 0.95 of its font size, and
# words of mixed case about 0.7 per letter; a tile keeps a margin of 8 % on each side.
WIDEST_CAPITAL = 0.95
MIXED_CASE_LETTER = 0.7
TILE_MARGIN = 0.08


def letter_size(letters, box_width, box_height):
    """The font size at which `letters` fit a `box_width` by `box_height` tile whatever
    the letters ("WO" and "EW" as well as "II"): the height's share for one or two
    initials, smaller when the widest letters would not fit across. A longer word (a
    network's name) is measured at an average letter's width."""
    by_height = box_height * (0.42 if len(letters) <= 2 else 0.28)
    per_letter = WIDEST_CAPITAL if len(letters) <= 3 or letters.isupper() else MIXED_CASE_LETTER
    across = box_width * (1 - 2 * TILE_MARGIN) / (per_letter * max(len(letters), 1))
    size = round(min(by_height, across), 1)
    return int(size) if size.is_integer() else size  # "63", not "63.0", in the markup
