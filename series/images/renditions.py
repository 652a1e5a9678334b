"""The renditions pages serve: a fixed shape and a few widths per kind of picture,
made by django-imagekit when the record is saved, so a page knows every rendition's
URL, width and height without touching storage or the database."""

from dataclasses import dataclass

from imagekit.cachefiles import ImageCacheFile
from imagekit.specs import ImageSpec
from pilkit.processors import ResizeToFill, ResizeToFit

from .fields import DescribedImageMixin


@dataclass(frozen=True)
class Shape:
    """A kind of picture: its aspect (width:height), widths served, and fallback format."""

    aspect: tuple
    widths: tuple
    fallback: str
    crop: bool  # fill the shape (posters, photos) or fit inside it on a clear mat (logos)

    def height(self, width):
        return round(width * self.aspect[1] / self.aspect[0])


SHAPES = {
    "poster": Shape(aspect=(2, 3), widths=(160, 320, 480), fallback="JPEG", crop=True),
    "photo": Shape(aspect=(1, 1), widths=(96, 192, 384), fallback="JPEG", crop=True),
    "logo": Shape(aspect=(2, 1), widths=(96, 192, 384), fallback="PNG", crop=False),
}
MIME_TYPES = {"WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}


class Rendition(ImageSpec):
    """One width of one kind of picture in one format; its name is a hash of all three."""

    cachefile_strategy = "imagekit.cachefiles.strategies.Optimistic"

    def __init__(self, source, shape, width, format):
        super().__init__(source=source)
        height = shape.height(width)
        if shape.crop:
            self.processors = [ResizeToFill(width, height)]
        else:
            self.processors = [ResizeToFit(width, height, mat_color=(255, 255, 255, 0))]
        self.format = format
        self.options = {"quality": 80} if format != "PNG" else {"optimize": True}


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
    """Every model that stores a picture, so no file another row uses is deleted."""
    from django.apps import apps

    return [model for model in apps.get_models() if issubclass(model, DescribedImageMixin)]


def forget_picture(model, name):
    """Delete the stored picture `name` and its renditions, unless a row still uses it.

    Run after the transaction that replaced or deleted it commits, so a rolled-back
    save keeps its file; checked then, so a row that shares the file keeps it too.
    History rows are not counted: they keep every version, and the file would never go.
    """
    if not name or any(m._base_manager.filter(image=name).exists() for m in picture_models()):
        return
    field = model._meta.get_field("image")
    fieldfile = field.attr_class(model(), field, name)
    storage = fieldfile.storage
    for _fmt, _width, file in rendition_files(fieldfile, model.image_kind):
        storage.delete(file.name)
    storage.delete(name)


# --- placeholders ---
