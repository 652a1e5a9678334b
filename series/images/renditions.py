"""The renditions pages serve: a fixed shape and a few widths per kind of picture,
made by django-imagekit when the record is saved, so a page knows every rendition's
URL, width and height without touching storage or the database."""

import logging
import math
import weakref
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from imagekit.cachefiles import ImageCacheFile
from imagekit.hashers import pickle as hashed
from imagekit.specs import ImageSpec
from PIL import ExifTags, Image, ImageOps
from pilkit.processors import ResizeToFill, ResizeToFit
from pilkit.processors.utils import resolve_palette

from .shapes import SHAPES, plan_rendition

MIME_TYPES = {"WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}
logger = logging.getLogger(__name__)
# A logo's mat: clear where the logo does not cover its box.
CLEAR = (255, 255, 255, 0)


def oriented_size(image):
    """The size of an opened image as it is shown: phone photos are stored sideways with
    an EXIF orientation that says how to turn them (5 to 8 swap width and height).

    Read from the header only (JPEG, WebP, a PNG's eXIf before its pixels): Pillow's
    `getexif()` on a PNG without one decodes every pixel looking for it further on."""
    width, height = image.size
    orientation = image.getexif().get(ExifTags.Base.Orientation) if "exif" in image.info else 1
    if orientation in (5, 6, 7, 8):
        return height, width
    return width, height


class Drawn:
    """A pilkit processor: the rendition drawn from its source along its plan
    (`shapes.plan_rendition`), upright, with no image larger than the rendition made."""

    def __init__(self, shape, width):
        self.shape = shape
        self.width = width

    def process(self, image):
        as_shown = plan_rendition(oriented_size(image), self.shape, self.width)
        decode_no_larger_than_needed(image, as_shown)
        refuse_to_decode_too_many_pixels(image)
        ImageOps.exif_transpose(image, in_place=True)
        plan = plan_rendition(image.size, self.shape, self.width)
        # Cut and scale in one step (no image of the cut part is made); reducing_gap first
        # shrinks a large source by whole factors, which is fast, then filters finely.
        drawn = resolve_palette(image).resize(
            plan.scaled, Image.Resampling.LANCZOS, box=plan.box, reducing_gap=3.0
        )
        if plan.scaled == plan.canvas:
            return drawn
        canvas = Image.new("RGBA", plan.canvas, CLEAR)
        canvas.paste(drawn, plan.offset)
        return canvas


def decode_no_larger_than_needed(image, plan):
    """Let a JPEG decode at 1/2, 1/4 or 1/8 of its size when the rendition still gets at
    least a source pixel per pixel: a 40-megapixel photo then decodes as 0.6 megapixels
    for a 480 px poster. Other formats decode whole (IMAGE_MAX_PIXELS bounds them)."""
    if plan.scale >= 1:
        return
    width, height = image.size
    wanted = (max(1, math.ceil(width * plan.scale)), max(1, math.ceil(height * plan.scale)))
    image.draft(image.mode, wanted)


def refuse_to_decode_too_many_pixels(image):
    """The upload check holds a picture to IMAGE_MAX_PIXELS; a file stored without it
    (an import, the shell) is held to it here, before its pixels are decoded."""
    width, height = image.size
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise Image.DecompressionBombError(
            f"{width} x {height} pixels is more than IMAGE_MAX_PIXELS "
            f"({settings.IMAGE_MAX_PIXELS}) to decode for a rendition"
        )


class Rendition(ImageSpec):
    """One width of one kind of picture in one format; its name is a hash of all three."""

    cachefile_strategy = "imagekit.cachefiles.strategies.Optimistic"

    def __init__(self, source, shape, width, format):
        super().__init__(source=source)
        self.shape = shape
        self.width = width
        self.processors = [Drawn(shape, width)]
        self.format = format
        self.options = {"quality": 80} if format != "PNG" else {"optimize": True}

    def get_hash(self):
        # The name the rendition had when pilkit drew it, so every rendition already in
        # storage keeps its URL: pages compute URLs from names and never check storage.
        height = self.shape.height(self.width)
        if self.shape.crop:
            drawn_as = ResizeToFill(self.width, height)
        else:
            drawn_as = ResizeToFit(self.width, height, mat_color=CLEAR)
        return hashed([self.source.name, [drawn_as], self.format, self.options, self.autoconvert])


@dataclass(frozen=True)
class Picture:
    """What a template needs to draw a picture: sources per format, size, alt text."""

    sources: list  # [(mime type, srcset)], WebP first
    src: str
    width: int
    height: int
    alt: str
    credit: str


def rendition_files(fieldfile, kind):
    """Every rendition of a stored picture as (format, width, cache file), WebP first."""
    shape = SHAPES[kind]
    return [
        (fmt, width, ImageCacheFile(Rendition(fieldfile, shape, width, fmt)))
        for fmt in ("WEBP", shape.fallback)
        for width in shape.widths
    ]


def picture(record, kind, width):
    """The renditions of `record.image` for a slot `width` CSS pixels wide, or None."""
    if not record.image:
        return None
    shape = SHAPES[kind]
    files = rendition_files(record.image, kind)
    sources = []
    for fmt in ("WEBP", shape.fallback):
        srcset = ", ".join(f"{file.url} {w}w" for f, w, file in files if f == fmt)
        sources.append((MIME_TYPES[fmt], srcset))
    fallback = [file for f, w, file in files if f == shape.fallback and w >= width]
    src = (fallback[0] if fallback else files[-1][2]).url
    return Picture(
        sources=sources,
        src=src,
        width=width,
        height=shape.height(width),
        alt=record.image_alt,
        credit=record.image_credit,
    )


def renditions(record, kind):
    """Every rendition of `record.image` as (MIME type, width, height, URL), WebP first,
    smallest first within a format; [] without a picture. No storage or database access."""
    if not record.image:
        return []
    shape = SHAPES[kind]
    return [
        (MIME_TYPES[fmt], width, shape.height(width), file.url)
        for fmt, width, file in rendition_files(record.image, kind)
    ]


def largest_rendition_url(record, kind):
    """The largest fallback rendition (for OpenGraph and JSON-LD), or None."""
    if not record.image:
        return None
    return rendition_files(record.image, kind)[-1][2].url


def make_renditions(record, kind):
    """Write every rendition of `record.image` that is not stored yet."""
    if record.image:
        for _fmt, _width, file in rendition_files(record.image, kind):
            file.generate()


# --- files no longer used ---


def picture_models():
    """Every model that stores a picture (it names its kind), so no file another row
    uses is deleted."""
    from django.apps import apps

    return [model for model in apps.get_models() if getattr(model, "image_kind", None) in SHAPES]


def forget_picture(model, name):
    """Delete the stored picture `name` and its renditions, unless a row still uses it.

    Run after the transaction that replaced or deleted it commits, so a rolled-back
    save keeps its file; checked then, so a row that shares the file keeps it too.
    History rows are not counted: they keep every version, and the file would never go.
    """
    if not name or any(m._base_manager.filter(image=name).exists() for m in picture_models()):
        return
    field = model._meta.get_field("image")
    delete_picture_files(field.attr_class(model(), field, name), model.image_kind)


def forget_picture_if_rolled_back(fieldfile, kind, using):
    """Delete a picture just stored, and its renditions, if its transaction rolls back.

    Django has no rollback hook, but it runs a transaction's on_commit callbacks when it
    commits and drops them when it (or the savepoint they were added in) rolls back. So
    the hook is a callback that only disarms a finalizer which deletes the files: a
    callback dropped without being run is a save that was rolled back.
    """
    on_commit = _Disarm()
    on_commit.finalizer = weakref.finalize(on_commit, _delete_quietly, fieldfile, kind)
    transaction.on_commit(on_commit, using=using)


class _Disarm:
    finalizer = None

    def __call__(self):
        self.finalizer.detach()


def _delete_quietly(fieldfile, kind):
    try:
        delete_picture_files(fieldfile, kind)
    except Exception:  # a finalizer has no caller to tell
        logger.exception("Could not delete %s after its save was rolled back", fieldfile.name)


def delete_picture_files(fieldfile, kind):
    """Delete a stored picture and whichever of its renditions exist."""
    storage = fieldfile.storage
    for _fmt, _width, file in rendition_files(fieldfile, kind):
        storage.delete(file.name)
    storage.delete(fieldfile.name)


# --- placeholders ---
