"""Posters, logos and photos: what an upload must be, and the renditions pages serve.

An upload is checked with Pillow before anything is stored: a real JPEG, PNG or
WebP, no larger than IMAGE_MAX_BYTES, no more than IMAGE_MAX_PIXELS (so a small
file that decompresses into gigabytes is refused before it is decoded), and
complete (a truncated file fails a full decode). A failing check is a form error
on the field, raised while the model is validated, so the record and the file are
never saved.

Renditions are made by django-imagekit when the record is saved (its Optimistic
strategy): each kind has a fixed shape and a few widths, in WebP and in a fallback
format, so a page knows every rendition's URL, width and height without touching
storage or the database.
"""

import colorsys
import hashlib
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from imagekit.cachefiles import ImageCacheFile
from imagekit.specs import ImageSpec
from PIL import Image, UnidentifiedImageError
from pilkit.processors import ResizeToFill, ResizeToFit

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


def validate_image(file):
    """Refuse anything but a complete JPEG, PNG or WebP within the size and pixel limits."""
    max_bytes = settings.IMAGE_MAX_BYTES
    max_pixels = settings.IMAGE_MAX_PIXELS
    if file.size > max_bytes:
        raise ValidationError(
            "This file is %(size)s; images may be at most %(limit)s.",
            code="image_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it; refuse both alike.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                kind, (width, height) = image.format, image.size
                if kind not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        "This is a %(kind)s image; upload a JPEG, PNG or WebP.",
                        code="image_format",
                        params={"kind": kind},
                    )
                if width * height > max_pixels:
                    raise ValidationError(
                        "This image is %(width)s by %(height)s pixels; images may have at "
                        "most %(limit)s million pixels.",
                        code="image_too_many_pixels",
                        params={"width": width, "height": height, "limit": max_pixels // 10**6},
                    )
                image.load()  # decodes every pixel: a truncated file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            "This image has too many pixels to be processed safely.", code="image_too_many_pixels"
        ) from error
    except UnidentifiedImageError as error:
        raise ValidationError(
            "This file is not an image; upload a JPEG, PNG or WebP.", code="image_invalid"
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "This image is damaged or incomplete (%(reason)s); upload it again.",
            code="image_damaged",
            params={"reason": str(error) or error.__class__.__name__},
        ) from error
    finally:
        file.seek(0)


class PictureFormField(forms.ImageField):
    """Django's image field, with our checks first so each refusal says exactly why."""

    def to_python(self, data):
        if data is not None and hasattr(data, "size"):
            validate_image(data)
        return super().to_python(data)


class PictureField(models.ImageField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})


def image_upload_to(instance, filename):
    """A fresh random name per upload: no editor's file name reaches a URL or a path."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in {".jpg", ".jpeg", ".png", ".webp"}:
        suffix = ".img"
    return f"{instance._meta.model_name}/{uuid.uuid4().hex}{suffix}"


def image_fields(label):
    """The picture itself, its alternative text and its credit line, for one kind of picture."""
    return (
        PictureField(
            label,
            upload_to=image_upload_to,
            blank=True,
            validators=[validate_image],
            help_text="JPEG, PNG or WebP. Renditions for every screen are made on save.",
        ),
        models.CharField(
            f"{label} alt text",
            max_length=250,
            blank=True,
            help_text="What the picture shows, for people who cannot see it. Required "
            "with a picture.",
        ),
        models.CharField(
            f"{label} credit",
            max_length=200,
            blank=True,
            help_text='Who took or owns it, for example "Netflix". Required with a picture.',
        ),
    )


def described_image_constraint(model):
    """A picture is never stored without its alt text and credit."""
    return models.CheckConstraint(
        condition=Q(image="") | (~Q(image_alt="") & ~Q(image_credit="")),
        name=f"{model}_image_described",
        violation_error_message="A picture needs its alt text and credit.",
    )


class DescribedImageMixin:
    """The form error behind `described_image_constraint`, on the field that is missing."""

    def clean(self):
        super().clean()
        if self.image:
            errors = {}
            if not self.image_alt.strip():
                errors["image_alt"] = ValidationError(
                    "Describe the picture for people who cannot see it.", code="image_alt_required"
                )
            if not self.image_credit.strip():
                errors["image_credit"] = ValidationError(
                    "Say who took or owns the picture.", code="image_credit_required"
                )
            if errors:
                raise ValidationError(errors)


# --- renditions ---


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
