"""Posters, logos and photos: what an upload must be, and the renditions pages serve.

`fields` checks uploads and declares the model fields (migrations import
`series.images.PictureField`, `image_upload_to` and `validate_image` from here);
`shapes` says how each rendition is cut from a picture of any size; `renditions`
makes and names the sizes pages serve; `placeholders` stands in for a missing
picture. `series.pictures` keeps files and renditions in step with saves.
"""

from .fields import (
    ACCEPTED_FORMATS,
    DescribedImageMixin,
    PictureField,
    PictureFormField,
    described_image_constraint,
    image_fields,
    image_upload_to,
    validate_image,
)
from .placeholders import initials, ink_on, letter_size, placeholder_colour
from .renditions import (
    MIME_TYPES,
    Picture,
    Rendition,
    forget_picture,
    largest_rendition_url,
    make_renditions,
    picture,
    picture_models,
    rendition_files,
    renditions,
)
from .shapes import SHAPES, Shape, plan_rendition

__all__ = [
    "ACCEPTED_FORMATS",
    "MIME_TYPES",
    "SHAPES",
    "DescribedImageMixin",
    "Picture",
    "PictureField",
    "PictureFormField",
    "Rendition",
    "Shape",
    "described_image_constraint",
    "forget_picture",
    "image_fields",
    "image_upload_to",
    "initials",
    "ink_on",
    "largest_rendition_url",
    "letter_size",
    "make_renditions",
    "picture",
    "picture_models",
    "placeholder_colour",
    "plan_rendition",
    "rendition_files",
    "renditions",
    "validate_image",
]
