"""The shapes pictures are shown in, and how a rendition is cut from a picture of any size.

Pure geometry, with no Pillow and no storage: the upload checks ask it whether a picture
can be shown in its kind's shape, and the renditions follow its plan. The plan cuts the
part a rendition shows out of the source *before* scaling it, so the only image a
rendition makes is its own (at most 480 x 720 pixels). Scaling the whole source first, as
pilkit's ResizeToFill does, scales the long side of a sliver too: a 1 x 30,000 px PNG
became a 480 x 14,400,000 px image, far beyond any worker's memory.
"""

from dataclasses import dataclass

# Beyond these an upload is refused (fields.validate_picture_shape), because no rendition
# an editor would want can be made: the crop would keep less than a tenth of the picture
# (or a logo would be drawn as a line), or the part shown would be blown up into a blur.
MAX_ASPECT_MISMATCH = 10
MAX_ENLARGEMENT = 4


@dataclass(frozen=True)
class Shape:
    """A kind of picture: its aspect (width:height), widths served, and fallback format."""

    aspect: tuple
    widths: tuple
    fallback: str
    crop: bool  # fill the shape (posters, photos) or fit inside it on a clear mat (logos)

    def height(self, width):
        return round(width * self.aspect[1] / self.aspect[0])

    def size(self, width):
        return (width, self.height(width))

    @property
    def ratio(self):
        return self.aspect[0] / self.aspect[1]


SHAPES = {
    "poster": Shape(aspect=(2, 3), widths=(160, 320, 480), fallback="JPEG", crop=True),
    "photo": Shape(aspect=(1, 1), widths=(96, 192, 384), fallback="JPEG", crop=True),
    "logo": Shape(aspect=(2, 1), widths=(96, 192, 384), fallback="PNG", crop=False),
}


@dataclass(frozen=True)
class Plan:
    """How one rendition is drawn from a source: the part of the source it shows (`box`,
    in source pixels, fractions allowed), the size that part is scaled to (`scaled`), and
    the rendition's size (`canvas`), on which a fitted logo is centred."""

    box: tuple
    scaled: tuple
    canvas: tuple

    @property
    def scale(self):
        """How much the part shown is enlarged (above 1) or reduced (below 1)."""
        return self.scaled[0] / (self.box[2] - self.box[0])

    @property
    def work_pixels(self):
        """The pixels of the largest image the rendition makes besides its decoded source."""
        return max(self.scaled[0] * self.scaled[1], self.canvas[0] * self.canvas[1])

    @property
    def offset(self):
        """Where the scaled part goes on the canvas: centred."""
        return ((self.canvas[0] - self.scaled[0]) // 2, (self.canvas[1] - self.scaled[1]) // 2)


def plan_rendition(source_size, shape, width):
    """The plan of the rendition `width` pixels wide of a source `source_size` (as shown,
    after its EXIF orientation), whatever that size: the work never exceeds the canvas."""
    canvas = shape.size(width)
    source_width, source_height = source_size
    if shape.crop:
        # The largest centred part of the source in the shape's aspect, scaled to fill.
        part_width = min(source_width, source_height * shape.ratio)
        part_height = min(source_height, source_width / shape.ratio)
        left = (source_width - part_width) / 2
        top = (source_height - part_height) / 2
        box = (left, top, left + part_width, top + part_height)
        return Plan(box=box, scaled=canvas, canvas=canvas)
    # The whole source, scaled to fit inside the canvas; at least a pixel each way.
    scale = min(canvas[0] / source_width, canvas[1] / source_height)
    scaled = (
        min(canvas[0], max(1, round(source_width * scale))),
        min(canvas[1], max(1, round(source_height * scale))),
    )
    return Plan(box=(0, 0, source_width, source_height), scaled=scaled, canvas=canvas)


def aspect_mismatch(source_size, shape):
    """How many times wider or taller than the shape the source is (1: the same shape)."""
    source_ratio = source_size[0] / source_size[1]
    return max(source_ratio / shape.ratio, shape.ratio / source_ratio)
