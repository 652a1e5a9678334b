"""Posters, logos and photos: what an upload must be, and the renditions pages serve.

An upload is checked with Pillow before anything is stored: a real JPEG (a camera's
MPO is a JPEG with a second picture after the first), PNG or WebP, no larger than
IMAGE_MAX_BYTES, no more than IMAGE_MAX_PIXELS (so a small file that decompresses
into gigabytes is refused before it is decoded), complete (a truncated file fails a
full decode), and, as the kind of picture it is, a shape its renditions can show (not
a 1 x 30,000 px sliver, not a 10 px speck). A failing check is a form error on the
field, raised while the model is validated, so the record and the file are never
saved. A save that fails once the file is stored, or whose transaction rolls back
later, takes the file and whatever renditions it made out of storage again.

Renditions are made by django-imagekit when the record is saved (its Optimistic
strategy): each kind has a fixed shape and a few widths, in WebP and in a fallback
format, so a page knows every rendition's URL, width and height without touching
storage or the database.
"""

import logging
import math
import uuid
import warnings
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

from .renditions import delete_picture_files, forget_picture_if_rolled_back, oriented_size
from .shapes import MAX_ASPECT_MISMATCH, MAX_ENLARGEMENT, SHAPES, aspect_mismatch, plan_rendition

# Pillow's name for the format: what an editor calls it. Phones and cameras write MPO
# (a JPEG, then a second picture Pillow ignores unless asked): browsers show it as a JPEG.
ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP"}

logger = logging.getLogger(__name__)


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
    def deconstruct(self):
        # Migrations name the field by the package's public path, wherever it is defined.
        name, _path, args, kwargs = super().deconstruct()
        return name, "series.images.PictureField", args, kwargs

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


def validate_picture_shape(file, kind):
    """Refuse a picture no rendition of its kind can show: one whose shape is more than
    MAX_ASPECT_MISMATCH times wider or taller than the kind's (a crop would keep a sliver,
    a logo would be a line), or so small that the smallest rendition would blow it up more
    than MAX_ENLARGEMENT times. Read from the header, as the picture is shown (EXIF)."""
    shape = SHAPES[kind]
    file.seek(0)
    try:
        with Image.open(file) as image:
            size = oriented_size(image)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return  # not an image at all: `validate_image` says so on the same field
    finally:
        file.seek(0)
    params = {
        "width": size[0],
        "height": size[1],
        "kind": kind,
        "aspect": "{}:{}".format(*shape.aspect),
    }
    if aspect_mismatch(size, shape) > MAX_ASPECT_MISMATCH:
        raise ValidationError(
            "This image is %(width)s by %(height)s pixels, too far from the %(aspect)s shape "
            "of a %(kind)s to show. Crop it closer to %(aspect)s: at most %(limit)s times as "
            "wide or as tall.",
            code="image_shape",
            params={**params, "limit": MAX_ASPECT_MISMATCH},
        )
    smallest = shape.widths[0]
    if plan_rendition(size, shape, smallest).scale > MAX_ENLARGEMENT:
        least = [math.ceil(side / MAX_ENLARGEMENT) for side in shape.size(smallest)]
        raise ValidationError(
            "This image is %(width)s by %(height)s pixels, too small for a %(kind)s: "
            "upload one of at least %(least_width)s by %(least_height)s pixels.",
            code="image_too_small",
            params={**params, "least_width": least[0], "least_height": least[1]},
        )


class DescribedImageMixin:
    """The form errors of a picture (its shape for its kind, and the alt text and credit
    `described_image_constraint` requires), and a save that leaves no file behind when
    it fails."""

    def clean(self):
        super().clean()
        if self.image:
            errors = {}
            if not self.image._committed:  # a new upload
                try:
                    validate_picture_shape(self.image.file, self.image_kind)
                except ValidationError as error:
                    errors["image"] = error
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

    def save(self, *args, **kwargs):
        upload = self.image.file if self.image and not self.image._committed else None
        try:
            saved = super().save(*args, **kwargs)
        except BaseException:
            if upload is not None and self.image._committed:
                # Stored by this save, which then failed (the database refused the row, a
                # rendition could not be made): no row will ever point at these files.
                self._delete_unsaved_picture()
                self.image = upload  # kept on the record, to be saved again
            raise
        if upload is not None:
            # Saved, but the transaction around the save may still roll back.
            stored = self.image.field.attr_class(self, self.image.field, self.image.name)
            forget_picture_if_rolled_back(stored, self.image_kind, self._state.db)
        return saved

    def _delete_unsaved_picture(self):
        try:
            delete_picture_files(self.image, self.image_kind)
        except Exception:  # the save's own error is the one to report
            logger.exception("Could not delete %s after its save failed", self.image.name)


# --- renditions ---
