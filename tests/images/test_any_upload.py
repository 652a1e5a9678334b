"""Any upload is safe: a picture of any shape costs a bounded amount of work, phone photos
stand upright, a camera's MPO is a JPEG, and a save that fails leaves no file behind."""

import contextlib
import io
import json
import random
import resource
import signal
import subprocess
import sys

import pytest
from django.db import IntegrityError, transaction
from PIL import Image

from series.images import SHAPES, plan_rendition
from series.models import Network, Person
from tests.admin_helpers import admin_post, shown_errors
from tests.factories import NetworkFactory, PersonFactory
from tests.images.uploads import image_bytes, person_form, stored_files, upload
from tests.subprocess_helpers import ROOT, environment

pytestmark = pytest.mark.django_db

SLIVER = (1, 30_000)  # the shape of the 201-byte PNG that took a worker down


def png(size, colour=(200, 40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def rendition_sizes(root, folder=""):
    """The (format, size) of every rendition stored under `root`, or in one model's folder."""
    sizes = set()
    for path in (root / "renditions" / folder).rglob("*"):
        if path.is_file():
            with Image.open(path) as image:
                sizes.add((image.format, image.size))
    return sizes


def every_rendition(kind):
    shape = SHAPES[kind]
    return {(fmt, shape.size(width)) for fmt in ("WEBP", shape.fallback) for width in shape.widths}


def logo_form(**extra):
    return {
        "name": "Netflix",
        "slug": "netflix",
        "kind": "streaming",
        "website": "",
        "colour": "",
        "image_alt": "Netflix logo",
        "image_credit": "Netflix",
        **extra,
    }


# --- the work of a rendition is bounded, whatever the picture's shape ---


def test_a_sliver_saved_without_a_form_gets_every_rendition_within_bounds(media_root):
    """Code that saves without validating (imports, fixtures, the shell) still gets its
    renditions: cut from the middle of the sliver, never scaled as a whole."""
    person = PersonFactory(image_alt="A line", image_credit="Nobody")
    person.image = upload(png(SLIVER), "sliver.png", "image/png")
    person.save()
    assert rendition_sizes(media_root) == every_rendition("photo")


@pytest.mark.parametrize("kind", SHAPES)
@pytest.mark.parametrize("size", [SLIVER, (30_000, 1), (1, 1), (7_000, 5_000), (600, 900)])
def test_a_rendition_never_makes_an_image_larger_than_itself(kind, size):
    """The work a rendition plans is bounded by the rendition, whatever the source:
    pilkit's ResizeToFill planned 480 x 14,400,000 px for the sliver's largest poster."""
    shape = SHAPES[kind]
    for width in shape.widths:
        plan = plan_rendition(size, shape, width)
        assert plan.canvas == shape.size(width)
        assert plan.work_pixels <= width * shape.height(width)
        (scaled_width, scaled_height), (canvas_width, canvas_height) = plan.scaled, plan.canvas
        assert 1 <= scaled_width <= canvas_width and 1 <= scaled_height <= canvas_height
        left, top, right, bottom = plan.box
        assert 0 <= left < right <= size[0] and 0 <= top < bottom <= size[1]


def test_the_sliver_renders_in_a_bounded_amount_of_memory(tmp_path):
    """Measured in a process of its own (peak resident memory), which may grow by at most
    1 GiB: before the plan, the sliver's renditions asked for tens of gigabytes."""
    media = tmp_path / "media"
    media.mkdir()
    picture = tmp_path / "sliver.png"
    picture.write_bytes(png(SLIVER))
    result = subprocess.run(
        [sys.executable, "-m", "tests.images.rendition_cost", str(picture)],
        cwd=ROOT,
        env=environment(tmp_path / "unused.sqlite3", MEDIA_ROOT=str(media)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    cost = json.loads(result.stdout)
    assert cost["peak_kib"] - cost["before_kib"] < 100 * 1024, cost
    for kind, folder in [("poster", "show"), ("photo", "person"), ("logo", "network")]:
        assert rendition_sizes(media, folder) == every_rendition(kind)


# --- shapes no rendition can show are refused, with what to do instead ---


@pytest.mark.parametrize(
    ("model_name", "form", "content", "message"),
    [
        (
            "person",
            person_form,
            png(SLIVER),
            "This image is 1 by 30000 pixels, too far from the 1:1 shape of a photo to show. "
            "Crop it closer to 1:1: at most 10 times as wide or as tall.",
        ),
        (
            "network",
            logo_form,
            png((30_000, 1)),
            "This image is 30000 by 1 pixels, too far from the 2:1 shape of a logo to show.",
        ),
        (
            "person",
            person_form,
            png((10, 10)),
            "This image is 10 by 10 pixels, too small for a photo: upload one of at least "
            "24 by 24 pixels.",
        ),
    ],
    ids=["sliver-photo", "sliver-logo", "speck-photo"],
)
def test_a_picture_no_rendition_can_show_is_refused_and_nothing_is_stored(
    editor_client, media_root, model_name, form, content, message
):
    picture = upload(content, "picture.png", "image/png")
    errors = shown_errors(admin_post(editor_client, model_name, form(image=picture)))
    assert any(message in str(error) for error in errors), errors
    assert not Person.objects.exists() and not Network.objects.exists()
    assert not media_root.exists() or stored_files(media_root) == []


# --- phone photos and camera JPEGs ---


def sideways_photo():
    """A photo as a phone stores it: the pixels lie on their side (top half red, bottom half
    blue when upright) and EXIF orientation 6 says to turn them a quarter clockwise."""
    upright = Image.new("RGB", (400, 600), (220, 20, 20))
    upright.paste((20, 20, 220), (0, 300, 400, 600))
    stored = upright.rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def test_a_phone_photo_is_shown_upright(editor_client, media_root):
    response = admin_post(editor_client, "person", person_form(image=upload(sideways_photo())))
    assert response.status_code == 302, shown_errors(response)
    renditions = [n for n in stored_files(media_root) if n.startswith("renditions/")]
    assert len(renditions) == 2 * len(SHAPES["photo"].widths)
    for name in renditions:
        with Image.open(media_root / name) as rendition:
            rendition = rendition.convert("RGB")
            width, height = rendition.size
            for x in (width // 4, 3 * width // 4):
                red, _, blue = rendition.getpixel((x, 2))
                assert red > 150 > blue, (name, "top", x)
                red, _, blue = rendition.getpixel((x, height - 3))
                assert blue > 150 > red, (name, "bottom", x)


def mpo_photo():
    """What a stereo or phone camera writes: a JPEG, then a second picture (MPO)."""
    left = Image.new("RGB", (500, 500), (200, 40, 40))
    right = Image.new("RGB", (500, 500), (40, 40, 200))
    buffer = io.BytesIO()
    left.save(buffer, "MPO", save_all=True, append_images=[right])
    return buffer.getvalue()


def test_a_camera_mpo_photo_is_accepted_as_a_jpeg(editor_client, media_root):
    content = mpo_photo()
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "MPO"
    response = admin_post(editor_client, "person", person_form(image=upload(content)))
    assert response.status_code == 302, shown_errors(response)
    assert Person.objects.get().image.name.endswith(".jpg")
    assert rendition_sizes(media_root) == every_rendition("photo")


# --- a save that fails leaves nothing in storage ---


def test_a_save_the_database_refuses_leaves_no_file_and_keeps_the_upload(media_root):
    person = PersonFactory()
    person.image = upload(image_bytes((500, 500)))
    with pytest.raises(IntegrityError):
        person.save()  # without alt text and credit: the row's check constraint refuses it
    assert not media_root.exists() or stored_files(media_root) == []
    person.refresh_from_db()
    assert not person.image
    person.image_alt, person.image_credit = "Kaya", "Netflix"
    person.image = upload(image_bytes((500, 500)))
    person.save()
    assert len(stored_files(media_root)) == 1 + 2 * len(SHAPES["photo"].widths)


def test_a_save_whose_renditions_cannot_be_made_leaves_nothing_in_storage(media_root):
    """Saved without the form's checks, a truncated JPEG is stored, then fails to decode."""
    network = NetworkFactory(image_alt="Logo", image_credit="Netflix")
    whole = image_bytes((800, 400))
    network.image = upload(whole[: len(whole) // 2], "logo.jpg")
    with pytest.raises(OSError, match="truncated"):
        network.save()
    assert stored_files(media_root) == []
    network.refresh_from_db()
    assert not network.image


@contextlib.contextmanager
def disk_filling_up_at(limit):
    """No file may grow past `limit` bytes, as on a disk that fills up: a longer write
    fails with "File too large" (EFBIG) instead of ending the process (SIGXFSZ)."""
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    previous_limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, previous_limits[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, previous_limits)
        signal.signal(signal.SIGXFSZ, previous_handler)


def noisy_png(size, seed=22):
    """Noise compresses badly: its larger renditions are far larger than the file."""
    rng = random.Random(seed)
    noise = bytes(rng.randrange(256) for _ in range(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, noise).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_save_whose_storage_fills_up_midway_leaves_nothing_in_storage(media_root):
    """The logo (3.5 KB) and its first renditions are written, then the 192 px PNG
    (48 KB) is cut off at 32 KB: the save fails, and no file of it stays, whole or cut."""
    network = NetworkFactory(image_alt="Logo", image_credit="Netflix")
    network.image = upload(noisy_png((48, 24)), "logo.png", "image/png")
    with disk_filling_up_at(32 * 1024), pytest.raises(OSError, match="File too large"):
        network.save()
    assert stored_files(media_root) == []
    network.refresh_from_db()
    assert not network.image


def test_a_picture_saved_in_a_transaction_that_rolls_back_leaves_nothing_in_storage(
    media_root,
):
    """The save succeeds, a later step of the same transaction fails: no row points at
    the picture, so neither it nor its renditions stay."""
    person = PersonFactory(image_alt="Kaya", image_credit="Netflix")
    with pytest.raises(RuntimeError), transaction.atomic():
        person.image = upload(image_bytes((500, 500)))
        person.save()
        assert len(stored_files(media_root)) == 1 + 2 * len(SHAPES["photo"].widths)
        raise RuntimeError("a later step of the same write fails")
    assert stored_files(media_root) == []


def test_a_picture_saved_without_the_form_is_held_to_the_pixel_limit_too(settings, media_root):
    """The renditions decode no more pixels than an upload may have, whatever saved it.
    A JPEG counts at the size it is decoded at: 3,200 px square decodes at 1/8 scale,
    400 px, as every photo rendition (384 px at most) still gets a pixel per pixel."""
    settings.IMAGE_MAX_PIXELS = 400 * 400
    person = PersonFactory(image_alt="Kaya", image_credit="Netflix")
    person.image = upload(png((500, 500)), "big.png", "image/png")
    with pytest.raises(Image.DecompressionBombError, match="IMAGE_MAX_PIXELS"):
        person.save()
    assert stored_files(media_root) == []
    person.image = upload(image_bytes((3200, 3200)))
    person.save()
    assert rendition_sizes(media_root) == every_rendition("photo")
