"""Pictures and score histories for pages the checkers look at (browser tests, Lighthouse).

The images are drawn with Pillow (no files in the repository); the records get them
through the ORM, so renditions are made exactly as an editor's upload makes them.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from series.models import CriticScore, Network, Person, Season, Show


def drawn_image(size, top, bottom, fmt="JPEG"):
    """A vertical gradient with a few shapes, so renditions are real, compressible images."""
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / max(height - 1, 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
        )
    draw.ellipse([width * 0.2, height * 0.15, width * 0.8, height * 0.55], fill=(240, 240, 245))
    draw.rectangle([width * 0.1, height * 0.7, width * 0.9, height * 0.78], fill=(250, 200, 60))
    buffer = io.BytesIO()
    image.save(buffer, fmt, quality=85)
    return buffer.getvalue()


def _attach(record, content, name, alt, credit):
    record.image = SimpleUploadedFile(name, content)
    record.image_alt = alt
    record.image_credit = credit
    record.save()


def poster(show, alt=None):
    content = drawn_image((600, 900), (20, 60, 120), (200, 230, 250))
    _attach(show, content, "poster.jpg", alt or f"Poster for {show.title}", "Press kit")


def photo(person):
    content = drawn_image((500, 500), (120, 80, 60), (230, 200, 180))
    _attach(person, content, "photo.jpg", f"Portrait of {person.name}", "Press photo")


def logo(network):
    content = drawn_image((400, 200), (180, 20, 30), (120, 10, 20), fmt="PNG")
    _attach(network, content, "logo.png", f"{network.name} logo", network.name)


def score_history(season, first=datetime.date(2020, 1, 3)):
    """Dated snapshots from two aggregators, so the season page draws its chart."""
    for days, rt, mc in [(0, 61, 45), (14, 66, 48), (60, 70, 52), (200, 74, None)]:
        when = first + datetime.timedelta(days=days)
        CriticScore.objects.create(
            season=season,
            aggregator="rotten_tomatoes",
            score=rt,
            review_count=10 + days // 10,
            retrieved_date=when,
        )
        if mc is not None:
            CriticScore.objects.create(
                season=season,
                aggregator="metacritic",
                score=mc,
                review_count=4 + days // 30,
                retrieved_date=when,
            )


def picture_the_seed():
    """Pictures and a score history on the seed facts' show, season, people and network."""
    show = Show.objects.get(slug="spinning-out")
    poster(show, alt="Kat Baker on the ice, on the poster for Spinning Out")
    logo(Network.objects.get(slug="netflix"))
    for person in Person.objects.filter(slug__in=["kaya-scodelario", "january-jones"]):
        photo(person)
    score_history(Season.objects.get(show=show, number=1))
