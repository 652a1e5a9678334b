"""What the picture tests upload, and how they read storage afterwards."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def stored_files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def image_bytes(size=(600, 900), fmt="JPEG", colour=(200, 40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def person_form(**extra):
    return {
        "name": "Kaya Scodelario",
        "slug": "kaya-scodelario",
        "imdb_id": "",
        "tmdb_id": "",
        "tvmaze_id": "",
        "image_alt": "Kaya Scodelario at a premiere",
        "image_credit": "Netflix",
        **extra,
    }
