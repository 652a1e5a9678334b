"""factory_boy factories for every model; each builds a valid, published-by-default record."""

import datetime

import factory
from django.contrib.auth.models import Group, User

from series.fuzzy import Precision
from series.models import (
    Announcement,
    CastCredit,
    CrewCredit,
    CriticScore,
    Genre,
    Network,
    Person,
    Season,
    Show,
)


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")
    kind = Network.Kind.STREAMING


class GenreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Genre

    name = factory.Sequence(lambda n: f"Genre {n}")
    slug = factory.Sequence(lambda n: f"genre-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"person-{n}")


class ShowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Show

    title = factory.Sequence(lambda n: f"Show {n}")
    slug = factory.Sequence(lambda n: f"show-{n}")
    network = factory.SubFactory(NetworkFactory)
    synopsis = "A show made for the tests."
    is_published = True


class SeasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Season

    show = factory.SubFactory(ShowFactory)
    number = factory.Sequence(lambda n: n % 999 + 1)  # within the 1-999 limit
    premiere_date = datetime.date(2020, 1, 1)
    premiere_precision = Precision.DAY
    finale_date = datetime.date(2020, 1, 1)
    finale_precision = Precision.DAY
    episode_count = 10


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    season = factory.SubFactory(SeasonFactory)
    decision = Season.Decision.RENEWED
    announced_date = datetime.date(2020, 2, 3)
    announced_precision = Precision.DAY
    source_name = factory.Sequence(lambda n: f"Source {n}")
    source_url = factory.Sequence(lambda n: f"https://news.example.com/{n}")
    summary = "The network made a decision."


class CastCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CastCredit

    season = factory.SubFactory(SeasonFactory)
    person = factory.SubFactory(PersonFactory)
    character_name = factory.Sequence(lambda n: f"Character {n}")
    billing_order = factory.Sequence(lambda n: n % 999 + 1)  # within the 1-999 limit


class CrewCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrewCredit

    show = factory.SubFactory(ShowFactory)
    person = factory.SubFactory(PersonFactory)
    job = CrewCredit.Job.CREATOR


class CriticScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriticScore

    season = factory.SubFactory(SeasonFactory)
    aggregator = CriticScore.Aggregator.ROTTEN_TOMATOES
    score = 80
    average_rating = "7.0"
    review_count = 20
    retrieved_date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(n))


class EditorFactory(factory.django.DjangoModelFactory):
    """A staff user in the Editors group the data migration creates."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"editor{n}")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def editors_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="Editors"))
