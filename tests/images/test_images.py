"""Pictures: what an editor may upload, the renditions pages get, and the placeholders."""

import json
import struct
import zlib

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from series.images import SHAPES, letter_size
from series.models import Network, Person, Show
from tests.admin_helpers import admin_post, shown_errors
from tests.factories import (
    CastCreditFactory,
    NetworkFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
)
from tests.images.uploads import image_bytes, person_form, stored_files, upload

pytestmark = pytest.mark.django_db


def png_claiming_size(width, height):
    """A tiny PNG whose header claims `width` x `height`: a decompression bomb's shape."""
    data = bytearray(image_bytes((8, 8), "PNG"))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17]))
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def test_a_valid_photo_is_stored_with_every_rendition(editor_client, media_root):
    response = admin_post(editor_client, "person", person_form(image=upload(image_bytes())))
    assert response.status_code == 302, shown_errors(response)
    person = Person.objects.get(slug="kaya-scodelario")
    assert person.image.name.startswith("person/")
    files = stored_files(media_root)
    renditions = [name for name in files if name.startswith("renditions/")]
    shape = SHAPES["photo"]
    assert len(renditions) == 2 * len(shape.widths)
    sizes = set()
    for name in renditions:
        with Image.open(media_root / name) as image:
            sizes.add((image.format, image.size))
    assert sizes == {
        (fmt, (width, shape.height(width))) for fmt in ("WEBP", "JPEG") for width in shape.widths
    }


def test_the_photo_is_served_as_webp_with_a_fallback_and_explicit_size(client, media_root):
    person = PersonFactory(name="Kaya Scodelario")
    person.image = upload(image_bytes((500, 500)))
    person.image_alt = "Kaya Scodelario, smiling"
    person.image_credit = "Netflix"
    person.save()
    CastCreditFactory(person=person, season=SeasonFactory(show=ShowFactory(is_published=True)))
    page = client.get(person.get_absolute_url()).content.decode()
    picture = page.split("<picture>", 1)[1].split("</picture>", 1)[0]
    assert '<source type="image/webp" srcset="/media/renditions/person/' in picture
    assert ".webp 96w, " in picture and ".webp 384w" in picture
    assert 'width="160" height="160" alt="Kaya Scodelario, smiling"' in picture
    assert 'fetchpriority="high"' in picture
    assert "Photo: Netflix" in page
    webp = picture.split('srcset="', 1)[1].split(" ", 1)[0]
    assert client.get(webp).status_code == 200
    assert '<meta property="og:image" content="http://testserver/media/renditions/' in page


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"This is a plain text file, not a photo.\n", "photo.jpg", "This file is not an image"),
        (png_claiming_size(50_000, 50_000), "huge.png", "too many pixels"),
        (png_claiming_size(8_000, 8_000), "big.png", "at most 40 million pixels"),
        (image_bytes()[:3000], "cut.jpg", "damaged or incomplete"),
    ],
    ids=["text-named-jpg", "decompression-bomb", "too-many-pixels", "truncated"],
)
def test_a_bad_upload_is_refused_with_a_clear_message_and_nothing_saved(
    editor_client, media_root, content, name, message
):
    response = admin_post(editor_client, "person", person_form(image=upload(content, name)))
    errors = shown_errors(response)
    assert any(message in str(error) for error in errors), errors
    assert not Person.objects.exists()
    assert stored_files(media_root) == [] if media_root.exists() else True


def test_a_bad_upload_on_a_change_keeps_the_old_picture(editor_client, media_root):
    network = NetworkFactory(name="Netflix")
    network.image = upload(image_bytes((400, 200), "PNG"), "logo.png", "image/png")
    network.image_alt, network.image_credit = "Netflix logo", "Netflix"
    network.save()
    before = stored_files(media_root)
    data = {
        "name": "Renamed",
        "slug": network.slug,
        "kind": network.kind,
        "website": "",
        "colour": "",
        "image": upload(b"GIF89a not really", "logo.png", "image/png"),
        "image_alt": "Netflix logo",
        "image_credit": "Netflix",
    }
    errors = shown_errors(admin_post(editor_client, "network", data, obj=network))
    assert any("not an image" in str(error) for error in errors), errors
    network.refresh_from_db()
    assert network.name == "Netflix"
    assert stored_files(media_root) == before


def test_oversized_files_are_refused_before_decoding(editor_client, settings):
    settings.IMAGE_MAX_BYTES = 1000
    response = admin_post(editor_client, "person", person_form(image=upload(image_bytes())))
    assert any("images may be at most 1000" in str(e) for e in shown_errors(response))


def test_a_picture_needs_alt_text_and_credit(editor_client, media_root):
    data = person_form(image=upload(image_bytes()), image_alt=" ", image_credit="")
    errors = shown_errors(admin_post(editor_client, "person", data))
    assert "Describe the picture for people who cannot see it." in errors
    assert "Say who took or owns the picture." in errors
    assert not Person.objects.exists()


def test_the_database_refuses_a_picture_without_alt_text():
    show = ShowFactory()
    with pytest.raises(IntegrityError):
        Show.objects.filter(pk=show.pk).update(image="show/x.jpg", image_credit="Netflix")


def test_no_picture_means_a_placeholder_never_a_broken_image(client):
    network = NetworkFactory(name="Netflix", slug="netflix", colour="#e50914")
    show = ShowFactory(title="Spinning Out", network=network, is_published=True)
    SeasonFactory(show=show, number=1)
    page = client.get(show.get_absolute_url()).content.decode()
    placeholder = page.split('<svg class="picture picture--poster picture--placeholder"', 1)[1]
    placeholder = placeholder.split("</svg>", 1)[0]
    assert 'aria-hidden="true"' in placeholder
    assert 'fill="#e50914"' in placeholder
    assert ">SO</text>" in placeholder
    assert "<img" not in page
    assert "og:image" not in page


def test_network_colour_must_be_hex(editor_client):
    data = {"name": "Bad", "slug": "bad", "kind": "streaming", "website": "", "colour": "red"}
    errors = shown_errors(admin_post(editor_client, "network", data))
    assert "Give a colour as #rrggbb." in errors
    assert not Network.objects.filter(slug="bad").exists()


def test_the_season_poster_falls_back_to_the_show_poster(client, media_root):
    show = ShowFactory(is_published=True, image_alt="The cast on ice", image_credit="Netflix")
    show.image = upload(image_bytes())
    show.save()
    season = SeasonFactory(show=show, number=1)
    page = client.get(season.get_absolute_url()).content.decode()
    assert 'alt="The cast on ice"' in page
    assert reverse("series:season-detail", kwargs={"slug": show.slug, "number": 1}) in page


def test_pictures_are_in_json_ld(client, media_root):
    show = ShowFactory(is_published=True, image_alt="Poster", image_credit="Netflix")
    show.image = upload(image_bytes())
    show.save()
    season = SeasonFactory(show=show, number=1)
    for url in (show.get_absolute_url(), season.get_absolute_url()):
        page = client.get(url).content.decode()
        script = page.split('<script type="application/ld+json">', 1)[1].split("</script>")[0]
        image = json.loads(script)["image"]
        assert image.startswith("http://testserver/media/renditions/show/")
        assert image.endswith(".jpg")
        assert f'<meta property="og:image" content="{image}">' in page


# --- files no longer used: replaced, cleared or deleted pictures leave storage ---


def logo_form(network, **extra):
    return {
        "name": network.name,
        "slug": network.slug,
        "kind": network.kind,
        "website": "",
        "colour": "",
        "image_alt": "Netflix logo",
        "image_credit": "Netflix",
        **extra,
    }


def network_with_logo(colour=(200, 40, 40)):
    network = NetworkFactory(name="Netflix")
    network.image = upload(image_bytes((400, 200), "PNG", colour), "logo.png", "image/png")
    network.image_alt, network.image_credit = "Netflix logo", "Netflix"
    network.save()
    return network


def files_of(root, name):
    """The stored picture `name` and its renditions (under renditions/<name without suffix>/)."""
    stem = name.rsplit(".", 1)[0]
    return [f for f in stored_files(root) if f == name or f.startswith(f"renditions/{stem}/")]


def test_a_replaced_logo_and_its_renditions_leave_storage_after_the_save_commits(
    editor_client, media_root, django_capture_on_commit_callbacks
):
    network = network_with_logo()
    old = network.image.name
    assert len(files_of(media_root, old)) == 1 + 2 * len(SHAPES["logo"].widths)
    new_logo = upload(image_bytes((400, 200), "PNG", (10, 10, 200)), "new.png", "image/png")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_post(
            editor_client, "network", logo_form(network, image=new_logo), network
        )
        assert response.status_code == 302, shown_errors(response)
        assert files_of(media_root, old), "deleted before the transaction committed"
    for callback in callbacks:
        callback()
    network.refresh_from_db()
    assert network.image.name != old
    assert files_of(media_root, old) == []
    assert stored_files(media_root) == files_of(media_root, network.image.name)
    assert len(stored_files(media_root)) == 1 + 2 * len(SHAPES["logo"].widths)


def test_a_cleared_photo_leaves_storage(
    editor_client, media_root, django_capture_on_commit_callbacks
):
    person = PersonFactory(name="Kaya Scodelario", slug="kaya-scodelario")
    person.image = upload(image_bytes((500, 500)))
    person.image_alt, person.image_credit = "Kaya", "Netflix"
    person.save()
    data = person_form(**{"image-clear": "on", "image_alt": "", "image_credit": ""})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_post(editor_client, "person", data, person)
    assert response.status_code == 302, shown_errors(response)
    person.refresh_from_db()
    assert not person.image
    assert stored_files(media_root) == []


def test_deleting_a_show_deletes_its_poster_and_its_seasons_posters(
    media_root, django_capture_on_commit_callbacks
):
    show = ShowFactory(image_alt="Poster", image_credit="Netflix")
    show.image = upload(image_bytes())
    show.save()
    season = SeasonFactory(show=show, number=1, image_alt="Season 1", image_credit="Netflix")
    season.image = upload(image_bytes(colour=(0, 90, 0)))
    season.save()
    assert len(stored_files(media_root)) == 2 * (1 + 2 * len(SHAPES["poster"].widths))
    with django_capture_on_commit_callbacks(execute=True):
        show.delete()
    assert stored_files(media_root) == []


def test_a_file_another_row_still_uses_is_kept(media_root, django_capture_on_commit_callbacks):
    network = network_with_logo()
    shared = network.image.name
    other = NetworkFactory(name="Netflix Kids")
    Network.objects.filter(pk=other.pk).update(
        image=shared, image_alt="Netflix logo", image_credit="Netflix"
    )
    kept = files_of(media_root, shared)
    with django_capture_on_commit_callbacks(execute=True):
        network.delete()
    assert files_of(media_root, shared) == kept
    with django_capture_on_commit_callbacks(execute=True):
        Network.objects.get(pk=other.pk).delete()
    assert stored_files(media_root) == []


def test_a_rolled_back_replacement_keeps_the_old_file(
    media_root, django_capture_on_commit_callbacks
):
    network = network_with_logo()
    old = network.image.name
    before = files_of(media_root, old)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        network.image = upload(image_bytes((400, 200), "PNG"), "new.png", "image/png")
        network.save()
        raise RuntimeError("the save fails after the file was replaced")
    assert files_of(media_root, old) == before
    assert Network.objects.get(pk=network.pk).image.name == old


def test_restoring_a_version_whose_picture_was_replaced_brings_back_a_placeholder(
    client, media_root, django_capture_on_commit_callbacks
):
    """History keeps the old file's name, not the file: a restored version comes back
    without a picture (the placeholder) instead of failing or showing a broken image."""
    network = network_with_logo()
    with django_capture_on_commit_callbacks(execute=True):
        network.image = upload(image_bytes((400, 200), "PNG"), "new.png", "image/png")
        network.save()
    current = network.image.name
    with_first_logo = network.history.exclude(image="").earliest().instance
    assert with_first_logo.image.name not in ("", current)
    with django_capture_on_commit_callbacks(execute=True):
        with_first_logo.save()
    network.refresh_from_db()
    assert not network.image
    assert files_of(media_root, current) == []
    page = client.get(network.get_absolute_url()).content.decode()
    assert "<img" not in page
    assert 'class="picture picture--logo picture--placeholder"' in page


def test_restoring_a_version_without_a_picture_drops_the_current_one(
    media_root, django_capture_on_commit_callbacks
):
    network = NetworkFactory(name="Netflix")
    network.image = upload(image_bytes((400, 200), "PNG"), "logo.png", "image/png")
    network.image_alt, network.image_credit = "Netflix logo", "Netflix"
    with django_capture_on_commit_callbacks(execute=True):
        network.save()
    assert stored_files(media_root)
    without = network.history.filter(image="").earliest().instance
    with django_capture_on_commit_callbacks(execute=True):
        without.save()
    assert stored_files(media_root) == []


# The markup `{% picture %}` rendered through includes/picture.html before it was built
# in Python (series/site/template_tags.py): the tag must still write it byte for byte,
# but for the file's final newline (a picture is a block: the newline never showed).
PICTURE_TEMPLATE = (
    '{% if picture %}<{% if credit %}figure{% else %}span{% endif %} class="picture '
    'picture--{{ kind }}"><picture>{% for type, srcset in picture.sources %}{% if '
    'forloop.first %}<source type="{{ type }}" srcset="{{ srcset }}" sizes="{{ width '
    '}}px">{% endif %}{% endfor %}<img src="{{ picture.src }}" srcset="{% for type, '
    "srcset in picture.sources %}{% if forloop.last %}{{ srcset }}{% endif %}{% endfor "
    '%}" sizes="{{ width }}px" width="{{ picture.width }}" height="{{ picture.height }}" '
    'alt="{{ picture.alt }}" decoding="async"{% if eager %} fetchpriority="high"{% else '
    '%} loading="lazy"{% endif %}></picture>{% if credit %}<figcaption '
    'class="picture__credit">{{ credit }}: {{ picture.credit }}</figcaption></figure>{% '
    'else %}</span>{% endif %}{% else %}<svg class="picture picture--{{ kind }} '
    'picture--placeholder" aria-hidden="true" focusable="false" width="{{ width }}" '
    'height="{{ height }}" viewBox="0 0 100 {{ placeholder.view_height }}"><rect '
    'width="100" height="{{ placeholder.view_height }}" rx="4" fill="{{ '
    'placeholder.background }}"/><text x="50" y="50%" dy=".35em" text-anchor="middle" '
    'font-family="system-ui, sans-serif" font-weight="700" font-size="{{ '
    'placeholder.font_size }}" fill="{{ placeholder.ink }}">{{ placeholder.letters '
    "}}</text></svg>{% endif %}"
)


def template_picture(record, width, name="", colour="", eager=False, credit=False):
    from django.template import engines

    from series import images

    kind = record.image_kind
    shape = images.SHAPES[kind]
    context = {
        "kind": kind,
        "picture": images.picture(record, kind, width),
        "width": width,
        "height": shape.height(width),
        "eager": eager,
        "credit": credit,
    }
    if context["picture"] is None:
        background = colour or images.placeholder_colour(name or str(record))
        text = name or str(record)
        letters = text if kind == "logo" and len(text) <= 10 else images.initials(text)
        context["placeholder"] = {
            "background": background,
            "ink": images.ink_on(background),
            "letters": letters,
            "font_size": letter_size(letters, 100, shape.height(100)),
            "view_height": shape.height(100),
        }
    return engines["django"].from_string(PICTURE_TEMPLATE).render(context)


def test_the_picture_tag_writes_the_markup_of_its_former_template(media_root):
    from series.site.template_tags import picture

    network = NetworkFactory(name="A <b> & Co", slug="abc", colour="#e50914")
    show = ShowFactory(title='Say "When" & <Go>', network=network, is_published=True)
    person = PersonFactory(name="Kaya Scodelario")
    pictured = ShowFactory(title="Pictured", image_alt='A "poster" <alt>', image_credit="N & co")
    pictured.image = upload(image_bytes())
    pictured.save()
    cases = [
        (show, 320, {}),
        (show, 320, {"name": "SO", "colour": "#123456"}),
        (network, 96, {"name": network.name, "colour": network.colour}),
        (NetworkFactory(name="A much longer network name"), 96, {"name": "A much longer name"}),
        (person, 64, {}),
        (pictured, 320, {}),
        (pictured, 160, {"eager": True}),
        (pictured, 480, {"credit": "Poster <credit>"}),
        (pictured, 320, {"eager": True, "credit": "Poster"}),
    ]
    for record, width, options in cases:
        assert picture(record, width, **options) == template_picture(record, width, **options)
