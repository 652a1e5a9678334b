"""The facts showtracker keeps: shows, their seasons, who made them, and what was announced.

A season's `decision` is stored for fast listing but never typed: it is always the
decision of its latest announcement, re-derived in the same transaction as any
change to its announcements (`series.derive`), as are a show's stored status,
active years and season count.
"""

import contextlib
import threading

from django import forms
from django.core.exceptions import FieldError, ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import models, router, transaction
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q, Value, Window
from django.db.models.functions import Coalesce, Length, RowNumber, Trim
from django.db.models.lookups import GreaterThan
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE
from django.utils import timezone
from simple_history import register
from simple_history.models import is_historic

from . import links, search
from .concurrency import VersionedModel
from .fuzzy import (
    FuzzyDate,
    FuzzyDateAttribute,
    Precision,
    arrived_by,
    not_arrived_by,
    open_period_starts,
)
from .images import DescribedImageMixin, described_image_constraint, image_fields
from .status import (
    ANNOUNCED_DECISIONS,
    DISAGREE_DAYS,
    STORED_DECISIONS,
    Decision,
    Report,
    SeasonFacts,
    SeasonState,
    ShowStatus,
    answer,
    cancellation_misplaced,
    current_decision,
    decision_date,
    decision_label,
    made_seasons,
    seasons_phrase,
    show_status,
)


class HttpURLField(models.URLField):
    """A URL that can only be http or https, so no `javascript:` link is ever stored."""

    default_validators = [URLValidator(schemes=["http", "https"])]

    def to_python(self, value):
        # "HTTPS://..." is valid, but the database check compares the scheme
        # case-sensitively on PostgreSQL: store it lower-cased, as browsers do.
        value = super().to_python(value)
        scheme, colon, rest = (value or "").partition(":")
        return f"{scheme.lower()}{colon}{rest}" if colon else value

    def formfield(self, **kwargs):
        return super().formfield(
            **{"assume_scheme": "https", "form_class": HttpURLFormField, **kwargs}
        )


class HttpURLFormField(forms.URLField):
    def to_python(self, value):
        value = super().to_python(value)
        scheme, colon, rest = value.partition(":")
        return f"{scheme.lower()}{colon}{rest}" if colon else value


def _http_only(field):
    """A check that a URL column is empty or http(s), so no `javascript:` link is stored."""
    return (
        Q(**{field: ""})
        | Q(**{f"{field}__startswith": "http://"})
        | Q(**{f"{field}__startswith": "https://"})
    )


IMDB_TITLE_ID = RegexValidator(
    r"^tt[0-9]{7,8}\Z",
    "An IMDb title id is “tt” and 7 or 8 digits, as in the show's IMDb address "
    "(imdb.com/title/tt0903747/): for example “tt0903747”.",
    code="invalid_imdb_id",
)


def _external_id_unique(model, field):
    return models.UniqueConstraint(
        fields=[field],
        condition=~Q(**{field: ""}),
        name=f"{model}_unique_{field}",
        violation_error_message=f"Another record already has this {field.replace('_', ' ')}.",
    )


def failed_checks(instance, checks, exclude, using):
    """The check constraints `instance` fails, tested in one SELECT of each condition
    over the instance's values (as `Q.check` tests one), NULL counting as a pass."""
    against = instance._get_field_expression_map(meta=instance._meta, exclude=exclude)
    query = Query(None)
    for name, value in against.items():
        value = value if hasattr(value, "resolve_expression") else Value(value)
        query.add_annotation(value, name, select=False)
    tested = []
    for constraint in checks:
        passed = Coalesce(
            ExpressionWrapper(Q(constraint.condition), output_field=models.BooleanField()),
            True,
            output_field=models.BooleanField(),
        )
        try:  # a condition on an excluded field is not tested, as in Django
            query.add_annotation(passed, f"check_{len(tested)}")
        except FieldError:
            continue
        tested.append(constraint)
    if not tested:
        return []
    # No savepoint, unlike `Q.check`: each value here passed its field's validation
    # (`full_clean` leaves out the fields that failed), so the database can compare it.
    row = query.get_compiler(using=using).execute_sql(SINGLE)
    return [c for c, ok in zip(tested, row, strict=True) if not ok]


_open_batches = threading.local()


def open_batch(using):
    """The batch of changes (`series.derive.Batch`) open on `using` in this thread."""
    return getattr(_open_batches, "by_alias", {}).get(using)


def set_open_batch(using, batch):
    _open_batches.__dict__.setdefault("by_alias", {})[using] = batch


class Fact(VersionedModel):
    """A record of the facts. Saved within a batch (`series.derive.changing`), its change
    is derived and announced with the batch's; saved on its own, the row and what it
    implies (derived by `series.signals` as a batch of one) commit together."""

    class Meta:
        abstract = True

    def save(self, **kwargs):
        with self._own_transaction(kwargs.get("using")):
            return super().save(**kwargs)

    def delete(self, using=None, keep_parents=False):
        with self._own_transaction(using):
            return super().delete(using=using, keep_parents=keep_parents)

    def _own_transaction(self, using):
        using = using or router.db_for_write(type(self), instance=self)
        if open_batch(using) is not None:
            return contextlib.nullcontext()  # the batch's transaction holds it
        return transaction.atomic(using=using)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # As loaded: the stored row for as long as the version claim holds (the
        # batch's snapshot of the row before a save, without a read).
        instance._loaded = (field_names, values)
        return instance

    def loaded_values(self):
        """The row as loaded (attnames to values), if every field was; else None."""
        loaded = self.__dict__.get("_loaded")
        if loaded is None or len(loaded[0]) != len(self._meta.concrete_fields):
            return None
        return dict(zip(*loaded, strict=True))

    def validate_constraints(self, exclude=None):
        """Django's `Model.validate_constraints`, with the row's check constraints tested
        in one query (`failed_checks`) instead of a query and a savepoint each."""
        using = router.db_for_write(type(self), instance=self)
        errors, checks = {}, []
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                if isinstance(constraint, models.CheckConstraint):
                    checks.append(constraint)
                    continue
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        for constraint in failed_checks(self, checks, exclude, using):
            error = ValidationError(
                constraint.get_violation_error_message(), code=constraint.violation_error_code
            )
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


class NetworkKind(models.TextChoices):
    BROADCAST = "broadcast", "Broadcast"
    CABLE = "cable", "Cable"
    STREAMING = "streaming", "Streaming"


class CastRole(models.TextChoices):
    MAIN = "main", "Main"
    RECURRING = "recurring", "Recurring"


class CrewJob(models.TextChoices):
    CREATOR = "creator", "Creator"
    SHOWRUNNER = "showrunner", "Showrunner"
    DIRECTOR = "director", "Director"
    WRITER = "writer", "Writer"
    EXECUTIVE_PRODUCER = "executive_producer", "Executive producer"


class Aggregator(models.TextChoices):
    ROTTEN_TOMATOES = "rotten_tomatoes", "Rotten Tomatoes"
    METACRITIC = "metacritic", "Metacritic"


class SlugNaturalKeyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Network(DescribedImageMixin, Fact):
    Kind = NetworkKind

    name = models.CharField("name", max_length=100, unique=True)
    slug = models.SlugField("slug", max_length=100, unique=True)
    kind = models.CharField("kind", max_length=20, choices=NetworkKind.choices)
    website = HttpURLField(
        "website",
        blank=True,
        help_text="http or https only.",
    )
    colour = models.CharField(
        "brand colour",
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}\Z", "Give a colour as #rrggbb.")],
        help_text='Shown where there is no logo, as "#e50914". Leave empty for one chosen '
        "from the name.",
    )
    image, image_alt, image_credit = image_fields("logo")
    image_kind = "logo"

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "network"
        verbose_name_plural = "networks"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NetworkKind.values),
                name="network_kind_valid",
            ),
            models.CheckConstraint(condition=_http_only("website"), name="network_website_http"),
            models.CheckConstraint(
                condition=Q(colour="") | Q(colour__regex=r"^#[0-9a-fA-F]{6}$"),
                name="network_colour_hex",
                violation_error_message="Give a colour as #rrggbb.",
            ),
            described_image_constraint("network"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return links.reverse("series:network-detail", slug=self.slug)

    def natural_key(self):
        return (self.slug,)


class PersonQuerySet(models.QuerySet):
    def public(self, among=None):
        """People the public may see: credited on at least one published show.

        With `among` (person keys), only those people, each tested by their own credits
        (`RowByRowExists`, a probe of the credit indexes that stops at the first published
        one): as a plain EXISTS, PostgreSQL hashed every published credit first to test a
        few hundred people (a search for "ava" at 50,000 shows: 100 ms, against 30 ms
        probed). That hash suits a read of every public person, such as a count.
        """
        cast = CastCredit.objects.published().filter(person=OuterRef("pk"))
        crew = CrewCredit.objects.published().filter(person=OuterRef("pk"))
        if among is None:
            return self.filter(Exists(cast) | Exists(crew))
        return self.filter(pk__in=among).filter(
            search.RowByRowExists(cast) | search.RowByRowExists(crew)
        )

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Person(DescribedImageMixin, Fact):
    name = models.CharField("name", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True)
    imdb_id = models.CharField(
        "IMDb id", max_length=20, blank=True, help_text='For example "nm0000001".'
    )
    tmdb_id = models.CharField("TMDB id", max_length=20, blank=True)
    tvmaze_id = models.CharField("TVmaze id", max_length=20, blank=True)
    image, image_alt, image_credit = image_fields("photo")
    image_kind = "photo"

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "person"
        verbose_name_plural = "people"
        indexes = [
            # The admin lists people by name (100,000 of them at 50,000 shows).
            models.Index(fields=["name", "id"], name="person_name_idx"),
        ]
        constraints = [
            _external_id_unique("person", "imdb_id"),
            _external_id_unique("person", "tmdb_id"),
            _external_id_unique("person", "tvmaze_id"),
            described_image_constraint("person"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return links.reverse("series:person-detail", slug=self.slug)

    def natural_key(self):
        return (self.slug,)


class Genre(Fact):
    name = models.CharField("name", max_length=100, unique=True)
    slug = models.SlugField("slug", max_length=100, unique=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "genre"
        verbose_name_plural = "genres"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


def show_is_published(via=""):
    """What the public may see, as a condition on the show reached through `via`
    ("season__show__" from a credit): drafts are for staff only.

    Every `published()` reads it; the partial indexes on Show repeat its condition.
    """
    return Q(**{f"{via}is_published": True})


class ShowQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: drafts are for staff only."""
        return self.filter(show_is_published())

    def status_counts(self, by=None):
        """How many shows have each status, in the vocabulary's order, zeros kept.

        With `by` (a field name such as "network_id"): {value of that field: counts}.
        One aggregate query whatever the number of shows; the home page, scorecards,
        network pages and the API all count this way.
        """
        fields = [by, "status"] if by else ["status"]
        # COUNT(*), not COUNT(id): PostgreSQL then counts from the (status, is_published)
        # index alone (an index-only scan) instead of reading every published row.
        rows = self.order_by().values_list(*fields).annotate(total=models.Count("*"))
        if by is None:
            return StatusCounts(dict(rows))
        grouped = {}
        for key, status, total in rows:
            grouped.setdefault(key, {})[status] = total
        return {key: StatusCounts(counts) for key, counts in grouped.items()}

    def with_namesakes(self):
        """Mark each show that shares its title with another published show
        (`Show.dated_title`), in the same query."""
        return self.annotate(has_namesake=has_namesake())

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


def has_namesake(show="pk", title="title"):
    """True when another published show has this show's title: an EXISTS read along
    show_title_idx, so a list marks its namesakes without a query per row. `show` and
    `title` name the show's id and title from the row being read ("season__show_id",
    "season__show__title" for announcements)."""
    return Exists(
        Show.objects.published().filter(title=OuterRef(title)).exclude(pk=OuterRef(show))
    )


def carry_namesakes(rows, show_of, annotation="show_has_namesake"):
    """Hand each row's `has_namesake` annotation to its show, which `dated_title` reads."""
    for row in rows:
        show_of(row).has_namesake = getattr(row, annotation)
    return rows


class StatusCounts(list):
    """Every show status with its count, in the vocabulary's order, as a list of dicts."""

    def __init__(self, counts):
        super().__init__(
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in ShowStatus.choices
        )

    @property
    def total(self):
        return sum(entry["count"] for entry in self)

    def __add__(self, other):
        return StatusCounts(
            {a["value"]: a["count"] + b["count"] for a, b in zip(self, other, strict=True)}
        )


class Show(DescribedImageMixin, Fact):
    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True)
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="shows", verbose_name="network"
    )
    synopsis = models.TextField("synopsis", blank=True)
    genres = models.ManyToManyField(Genre, blank=True, related_name="shows", verbose_name="genres")
    country = models.CharField(
        "country",
        max_length=2,
        blank=True,
        help_text='ISO 3166 code, for example "US".',
    )
    original_language = models.CharField(
        "original language",
        max_length=8,
        blank=True,
        help_text='BCP 47 tag, for example "en".',
    )
    imdb_id = models.CharField(
        "IMDb id",
        max_length=20,
        blank=True,
        validators=[IMDB_TITLE_ID],
        help_text='For example "tt0000001".',
    )
    tmdb_id = models.CharField("TMDB id", max_length=20, blank=True)
    tvmaze_id = models.CharField("TVmaze id", max_length=20, blank=True)
    image, image_alt, image_credit = image_fields("poster")
    image_kind = "poster"
    is_published = models.BooleanField(
        "published", default=False, help_text="Drafts are visible to staff only."
    )
    status = models.CharField(
        "status",
        max_length=20,
        choices=ShowStatus.choices,
        default=ShowStatus.IN_DEVELOPMENT,
        editable=False,
        help_text="Derived from the seasons on every change and on the day the calendar "
        "changes it (see status_changes_on).",
    )
    status_changes_on = models.DateField(
        "status changes on",
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text="The day a premiere or finale passes and the stored status is re-derived.",
    )
    active_years = models.CharField(
        "active years",
        max_length=1000,
        blank=True,
        default="",
        editable=False,
        help_text='The years a season premiered or a decision was announced, as " 2019 2024 ": '
        "the scorecard's TV season filter. Derived with the status on every change.",
    )
    season_count = models.PositiveIntegerField(
        "seasons",
        default=0,
        editable=False,
        help_text="How many seasons the show has made (a season cancelled before it aired "
        "or awaiting a decision is not counted): the admin's sortable column and the "
        "listings' count. Derived with the status on every change.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = ShowQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = "show"
        verbose_name_plural = "shows"
        indexes = [
            # Listings walk shows in title order and stop after a page.
            models.Index(fields=["title", "id"], name="show_title_idx"),
            # "Recently updated" first: the public list's sort and the admin's column.
            models.Index(fields=["updated_at", "id"], name="show_updated_idx"),
            # Published shows of one status in title order (the list filtered by status)
            # read this partial index, not the table: its condition is exactly
            # published()'s, so SQLite and PostgreSQL both use it.
            models.Index(
                fields=["status", "title"],
                condition=Q(is_published=True),
                name="show_published_status_idx",
            ),
            # The scorecard's counts by network and status (with a TV season, a substring
            # test on active_years) read this index alone: on PostgreSQL its repeated
            # keys deduplicate to 0.5 MB for 50,000 shows, a third of the time of a scan.
            models.Index(
                fields=["network", "status", "active_years"],
                condition=Q(is_published=True),
                name="show_scorecard_count_idx",
            ),
            # Each scorecard cell's first names: a short walk along this index in title
            # order, the TV season tested on the way.
            models.Index(
                fields=["network", "status", "title", "id", "active_years"],
                condition=Q(is_published=True),
                name="show_scorecard_idx",
            ),
            # Status first (the admin's filter), then is_published, so that counting
            # published shows by status (home, API) reads only this index. With a plain
            # status index instead, SQLite's planner scanned it and looked up every row
            # (18-26 ms at 50,000 shows) rather than use the partial index above (2-3 ms);
            # this one it picks, and covers the count (~2 ms; BENCHMARKS.md). PostgreSQL
            # counts from it by an index-only scan.
            models.Index(fields=["status", "is_published"], name="show_status_published_idx"),
            # The admin's list sorted by season count reads this and stops after a page
            # (the changelist appends -pk); counting every show's seasons per request cost
            # 125 ms on SQLite and 275 ms on PostgreSQL at 50,000 shows.
            models.Index(fields=["season_count", "id"], name="show_season_count_idx"),
        ]
        constraints = [
            _external_id_unique("show", "imdb_id"),
            _external_id_unique("show", "tmdb_id"),
            _external_id_unique("show", "tvmaze_id"),
            described_image_constraint("show"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return links.reverse("series:show-detail", slug=self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def first_year(self):
        """The first year a season premiered or a decision was announced, or None."""
        years = self.active_years.split()
        return int(years[0]) if years else None

    @property
    def dated_title(self):
        """The title, with the first year when another published show has the same title
        ("Broken Academy (2019)"), so two rows can be told apart. Reads `has_namesake`,
        which the view annotates (`ShowQuerySet.with_namesakes`, `has_namesake`); a show
        read without it is shown by its title alone."""
        year = self.first_year if self.__dict__.get("has_namesake") else None
        return f"{self.title} ({year})" if year else self.title

    def season_states(self):
        """Every season's facts for the rules over the whole show (uses a prefetch)."""
        return [season.state() for season in self.seasons.all()]

    def derive_status(self, today=None):
        """The show status as of `today`; uses prefetched seasons when there are any."""
        return show_status(self.season_states(), today or timezone.localdate())

    def seasons_phrase(self):
        """ "1 season, cancelled before season 2", from the stored count and status (no query)."""
        return seasons_phrase(self.season_count, self.status)

    def made_season_count(self, today=None):
        """`season_count` as of `today`, from the prefetched seasons (a show's own page)."""
        return len(made_seasons(self.season_states(), today or timezone.localdate()))

    def derive_seasons_phrase(self, today=None):
        """`seasons_phrase` as of `today`, from the prefetched seasons (a show's own page)."""
        today = today or timezone.localdate()
        return seasons_phrase(self.made_season_count(today), self.derive_status(today))


class SeasonQuerySet(models.QuerySet):
    def published(self):
        # A correlated EXISTS, not a join, as for announcements: over a join SQLite built
        # a Bloom filter of every published show first (7.5 ms for the home page's next
        # premieres at 50,000 shows; 0.05 ms this way).
        return self.filter(Exists(Show.objects.published().filter(pk=OuterRef("show_id"))))

    def published_by_join(self):
        """`published()` for a query that joins the show anyway, such as a season looked
        up by its show's slug: a filter on the join, so no subquery is built and compiled
        for every request (about 1,100 Python calls of the season page's 23,000).
        tests/site/test_site.py holds the two forms to the same seasons."""
        return self.filter(show_is_published("show__"))

    def upcoming(self, today):
        """Seasons whose premiere period has not wholly passed, and that are not cancelled."""
        not_passed = not_arrived_by("premiere_date", "premiere_precision", today)
        return self.filter(not_passed).exclude(decision=Decision.CANCELLED)

    def next_premieres(self, today, count):
        """The first `count` of `upcoming()` in the order they are listed,
        `FuzzyDate.listing_key` (the last day each could premiere, so a coarse date
        follows the finer ones inside its period), in as many queries whatever the size
        of the catalogue or the day: one short read per precision, then the rows chosen.

        Periods of one precision tile the calendar, so within a precision the listing
        order is the order of `premiere_date`: the first `count` of all are among the
        first `count` of each precision. Each read walks season_precision_order_idx
        from the first period of its precision not yet over (`open_period_starts`, the
        bound `not_arrived_by` uses), stops after `count` rows and loads only their
        dates; the chosen few are loaded whole at the end. Choosing by the first day
        instead left out a finer date listed before a coarse one it kept.
        """
        live = self.exclude(decision=Decision.CANCELLED).order_by("premiere_date", "pk")
        keys = []
        for precision, start in open_period_starts(today).items():
            read = live.filter(premiere_precision=precision, premiere_date__gte=start)
            keys += read.values_list("premiere_date", "premiere_precision", "pk")[:count]

        def listed(day, precision, pk):
            # The stored date breaks ties inside one period as the reads did, should a
            # date have been stored other than as its period's first day.
            return FuzzyDate(day, precision).listing_key(), day, pk

        chosen = sorted(keys, key=lambda key: listed(*key))[:count]
        seasons = self.filter(pk__in=[pk for _day, _precision, pk in chosen]).order_by()
        return sorted(
            seasons,
            key=lambda season: listed(season.premiere_date, season.premiere_precision, season.pk),
        )

    def next_number(self):
        """The number a season added after these takes: one more than the highest, 1 if
        there are none. Asked of one show's seasons (`show.seasons`) wherever an editor
        adds a season: "Add season N", the add form, a new row on the show's form."""
        highest = self.aggregate(highest=models.Max("number"))["highest"]
        return (highest or 0) + 1

    def with_siblings(self):
        """Prefetch each season's show and its seasons, which `current_decision` reads."""
        return self.select_related("show").prefetch_related(sibling_seasons("show__seasons"))

    def with_current_decision(self, decision, today):
        """Seasons whose `Season.current_decision(today)` is `decision`, in one query.

        The SQL twin of `status.current_decision`, for filters over many seasons;
        tests/series/test_agreement.py holds the two to the same answers.
        """
        if decision != Decision.PENDING and decision != Decision.MADE:
            return self.filter(decision=decision)
        made = premiered_by(today) | made_by_a_later_season()
        pending = self.filter(decision=Decision.PENDING)
        return pending.filter(made) if decision == Decision.MADE else pending.exclude(made)

    def get_by_natural_key(self, show_slug, number):
        return self.get(show__slug=show_slug, number=number)


# The columns a season's `state()` reads: its number, decision, premiere and finale. Every
# read that builds states without model instances takes exactly these.
SEASON_STATE_FIELDS = (
    "number",
    "decision",
    "premiere_date",
    "premiere_precision",
    "finale_date",
    "finale_precision",
)


def sibling_seasons(lookup):
    """A prefetch of the seasons the rules over a whole show read (`Show.season_states`).

    Ordered by number alone: each show gets its own list, and the default order
    (show title, number) joined the show for nothing.
    """
    return models.Prefetch(
        lookup,
        queryset=Season.objects.only("show_id", *SEASON_STATE_FIELDS).order_by("number"),
    )


def made_by_a_later_season():
    """Seasons with a later season of their show that has a decision or a premiere date,
    so they were made: the SQL twin of `status.implied_made`'s test of the later seasons
    (`SeasonState.implies_earlier_seasons_made`)."""
    later = Season.objects.filter(show=OuterRef("show"), number__gt=OuterRef("number"))
    return Exists(later.filter(~Q(decision=Decision.PENDING) | Q(premiere_date__isnull=False)))


def premiered_by(today):
    """Seasons whose whole premiere period is over by `today` (`FuzzyDate.has_arrived`)."""
    return arrived_by("premiere_date", "premiere_precision", today)


class Season(DescribedImageMixin, Fact):
    Decision = Decision

    show = models.ForeignKey(
        Show, on_delete=models.CASCADE, related_name="seasons", verbose_name="show"
    )
    number = models.PositiveSmallIntegerField(
        "season number", validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    title = models.CharField("title", max_length=200, blank=True)
    premiere_date = models.DateField(
        "premiere",
        null=True,
        blank=True,
        help_text="Any day in the period; stored as its first.",
    )
    premiere_precision = models.CharField(
        "premiere precision",
        max_length=10,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    finale_date = models.DateField(
        "finale",
        null=True,
        blank=True,
        help_text="Same as the premiere for a binge release.",
    )
    finale_precision = models.CharField(
        "finale precision",
        max_length=10,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    episode_count = models.PositiveSmallIntegerField(
        "episodes",
        null=True,
        blank=True,
        validators=[MaxValueValidator(9999)],
        help_text="Leave empty while unknown.",
    )
    decision = models.CharField(
        "announced decision",
        max_length=20,
        choices=STORED_DECISIONS,
        default=Decision.PENDING,
        editable=False,
        help_text="Derived from the latest announcement; add an announcement to change it.",
    )
    sources_disagree = models.BooleanField(
        "sources disagree",
        default=False,
        editable=False,
        help_text=f"Derived: two announcements report different decisions within "
        f"{DISAGREE_DAYS} days of each other (the editors' worklist lists these).",
    )
    image, image_alt, image_credit = image_fields("poster")
    image_kind = "poster"
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    premiere = FuzzyDateAttribute("premiere_date", "premiere_precision")
    finale = FuzzyDateAttribute("finale_date", "finale_precision")

    objects = SeasonQuerySet.as_manager()

    class Meta:
        ordering = ["show", "number"]
        verbose_name = "season"
        verbose_name_plural = "seasons"
        indexes = [
            # Premieres coming up (home page, calendars) read seasons by premiere date,
            # then the finer precision (`FuzzyDate.sort_key`), and stop after a few rows;
            # on the date alone SQLite sorted the future premieres (4 ms at 50,000 shows).
            models.Index(
                fields=["premiere_date", "premiere_precision", "id"],
                name="season_premiere_order_idx",
            ),
            # The home page's next premieres, one precision at a time in date order: with
            # the id, PostgreSQL stops after a few rows instead of sorting every season
            # on the period's first day (400 of the year 2027's at 50,000 shows).
            models.Index(
                fields=["premiere_precision", "premiere_date", "id"],
                name="season_precision_order_idx",
            ),
            # The worklist's "Finished, no word": seasons walked in finale order until a
            # page (or the capped count) is found, instead of sorting every finished season.
            models.Index(fields=["finale_date", "id"], name="season_finale_idx"),
            # The worklist's "Renewed, no premiere date": a few thousand seasons, found
            # without reading every undated one (a partial index would be skipped by
            # SQLite, which cannot match `decision IN (?, ?)` against its condition).
            models.Index(fields=["premiere_date", "decision"], name="season_unscheduled_idx"),
            # The worklist's "Sources disagree": a handful of seasons among hundreds of
            # thousands.
            models.Index(
                fields=["show", "number"],
                condition=Q(sources_disagree=True),
                name="season_disagree_idx",
            ),
            # The admin's decision filters start from the seasons with that decision
            # (2 % pending, 5 % cancelled at 50,000 shows) instead of reading all 225,000:
            # SQLite scanned the table for "cancelled" and walked every show for "made".
            models.Index(fields=["decision", "show", "number"], name="season_decision_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["show", "number"],
                name="season_unique_number_per_show",
                violation_error_message="This show already has a season with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="season_number_positive",
                violation_error_message="Season numbers start at 1.",
            ),
            models.CheckConstraint(
                condition=Q(number__lte=999),
                name="season_number_at_most_999",
                violation_error_message="Season numbers stop at 999.",
            ),
            models.CheckConstraint(
                condition=Q(episode_count__lte=9999),
                name="season_episode_count_at_most_9999",
                violation_error_message="A season has at most 9999 episodes.",
            ),
            models.CheckConstraint(
                condition=Q(episode_count__isnull=True) | Q(episode_count__gte=0),
                name="season_episode_count_not_negative",
                violation_error_message="The episode count cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(finale_date__isnull=True)
                | Q(
                    premiere_date__isnull=False,
                    finale_date__gte=models.F("premiere_date"),
                ),
                name="season_finale_after_premiere",
                violation_error_message="The finale cannot come before the premiere.",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=[value for value, _ in STORED_DECISIONS]),
                name="season_decision_valid",
            ),
            models.CheckConstraint(
                condition=Q(premiere_precision__in=Precision.values)
                & Q(finale_precision__in=Precision.values),
                name="season_precision_valid",
            ),
            described_image_constraint("season"),
        ]

    def __str__(self):
        return f"{self.show} season {self.number}"

    def get_absolute_url(self):
        return links.reverse("series:season-detail", slug=self.show.slug, number=self.number)

    def natural_key(self):
        return (*self.show.natural_key(), self.number)

    natural_key.dependencies = ["series.show"]

    def clean(self):
        super().clean()
        # Store coarse dates as their period's first day, as the FuzzyDate would.
        self.premiere = self.premiere
        self.finale = self.finale

    def state(self):
        """This season's stored facts as the status rules read them (SEASON_STATE_FIELDS)."""
        return SeasonState(self.number, self.decision, self.premiere, self.finale)

    def release_state(self, today=None):
        return self.state().release(today or timezone.localdate())

    def later_states(self):
        """The show's seasons after this one (uses a prefetch of `show__seasons`)."""
        return [s.state() for s in self.show.seasons.all() if s.number > self.number]

    def current_decision(self, today=None):
        """The decision every surface shows: announced, "made", or awaiting decision."""
        return current_decision(self.state(), self.later_states(), today or timezone.localdate())

    def decision_label(self, today=None):
        return decision_label(self.current_decision(today), self.number)

    def sources(self):
        """The announcements that reported the current decision (uses a prefetch)."""
        return [a for a in self.announcements.all() if a.decision == self.decision]

    def reports(self):
        """This season's announcements as the status logic reads them (uses a prefetch)."""
        return [Report(a.decision, a.announced, a.pk or 0) for a in self.announcements.all()]

    def answer(self, today=None):
        """The headline and one-sentence answer for this season's page."""
        facts = SeasonFacts(
            show_title=self.show.title,
            network_name=self.show.network.name,
            number=self.number,
            decision=self.current_decision(today),
            premiere=self.premiere,
            finale=self.finale,
            episode_count=self.episode_count,
            decided_on=decision_date(self.reports()),
        )
        return answer(facts, today or timezone.localdate())


class AnnouncementQuerySet(models.QuerySet):
    def published(self):
        # A correlated EXISTS, not a join: over a join SQLite built a Bloom filter of
        # every published show before reading the newest 8 announcements (9 ms at
        # 50,000 shows; this reads 8 rows and looks up their seasons: 0.01 ms).
        return self.filter(
            Exists(Season.objects.filter(pk=OuterRef("season_id")).published_by_join())
        )

    def newest_first(self):
        """The timeline order (`Meta.ordering`) reversed, as pages and feeds list it."""
        return self.order_by("-announced_date", "-announced_precision", "-id")

    def get_by_natural_key(self, show_slug, number, decision, source_name, announced_date):
        return self.get(
            season__show__slug=show_slug,
            season__number=number,
            decision=decision,
            source_name=source_name,
            announced_date=announced_date,
        )


class Announcement(Fact):
    """One source's report of a decision about a season; the log is append-only in spirit."""

    season = models.ForeignKey(
        Season,
        on_delete=models.CASCADE,
        related_name="announcements",
        verbose_name="season",
    )
    decision = models.CharField("decision", max_length=20, choices=ANNOUNCED_DECISIONS)
    announced_date = models.DateField(
        "announced on", help_text="Any day in the period; stored as its first."
    )
    announced_precision = models.CharField(
        "precision", max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    source_name = models.CharField(
        "source", max_length=200, help_text='Who reported it, for example "Variety".'
    )
    source_url = HttpURLField(
        "source URL",
        max_length=500,
        blank=True,
        help_text="http or https only.",
    )
    summary = models.CharField("summary", max_length=300, blank=True)
    created_at = models.DateTimeField("entered", auto_now_add=True)
    updated_at = models.DateTimeField(
        "changed",
        auto_now=True,
        db_index=True,
        help_text="When this entry last changed; API clients sync from it.",
    )

    announced = FuzzyDateAttribute("announced_date", "announced_precision")

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        # The timeline order, as `status.latest_decision` reads it: by the period's first
        # day, then finer precision first (`Precision`'s values sort so as strings too;
        # tests/series/test_status.py checks that), then entry order.
        ordering = ["announced_date", "announced_precision", "id"]
        get_latest_by = ["announced_date", "announced_precision", "id"]
        verbose_name = "announcement"
        verbose_name_plural = "announcements"
        indexes = [
            # "Latest announcements" (home, feeds) reads this index backwards in the
            # timeline order (`newest_first()`) and stops after a few; without the
            # precision in it, 400,000 announcements were sorted per request (1.2 s).
            # The admin's announcement list reads it forwards (Meta.ordering).
            models.Index(
                fields=["announced_date", "announced_precision", "id"],
                name="announcement_timeline_idx",
            ),
            # The admin's decision filter: its page in timeline order, and its date links.
            models.Index(
                fields=["decision", "announced_date", "announced_precision", "id"],
                name="announcement_decision_date_idx",
            ),
            # A season's latest announcement date without reading the rows (the worklist's
            # "Renewed, no premiere date" asks it of every unscheduled renewal).
            models.Index(fields=["season", "announced_date"], name="announcement_season_date_idx"),
            # The worklist's "Decisions without a source URL", newest first: a few among
            # hundreds of thousands.
            models.Index(
                fields=["id"], condition=Q(source_url=""), name="announcement_unlinked_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "decision", "source_name", "announced_date"],
                name="announcement_unique_report",
                violation_error_message="This source's report is already recorded.",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=[value for value, _ in ANNOUNCED_DECISIONS]),
                name="announcement_decision_valid",
            ),
            models.CheckConstraint(
                # Spaces are not a source: the decision it changes must say who reported it.
                condition=GreaterThan(Length(Trim("source_name")), 0),
                name="announcement_source_required",
                violation_error_message="Every announcement needs a source.",
            ),
            models.CheckConstraint(
                condition=_http_only("source_url"),
                name="announcement_source_url_http",
                violation_error_message="Source URLs must start with http:// or https://.",
            ),
            models.CheckConstraint(
                condition=Q(announced_precision__in=Precision.values),
                name="announcement_precision_valid",
            ),
        ]

    def __str__(self):
        return f"{self.season}: {self.decision_label()} ({self.source_name}, {self.announced})"

    def get_absolute_url(self):
        return self.season.get_absolute_url()

    def decision_label(self):
        """This report's decision as every surface names it ("Ordered" for a first season)."""
        return decision_label(self.decision, self.season.number)

    def natural_key(self):
        return (
            *self.season.natural_key(),
            self.decision,
            self.source_name,
            self.announced_date.isoformat(),
        )

    natural_key.dependencies = ["series.season"]

    def clean(self):
        self.announced = self.announced
        self.refuse_misplaced_cancellation()

    def refuse_misplaced_cancellation(self):
        """A cancellation typed on a season that has aired is refused: it belongs to the
        season that will not be made (`status.cancellation_misplaced`). One already
        stored is left alone when only its date, source or summary changes, and one
        restored from history comes back as it was (the fact checks list it)."""
        if is_historic(self):
            return
        try:
            season = self.season
        except Season.DoesNotExist:
            return  # no season yet: the form says it is required
        loaded = self.loaded_values() if self.pk is not None else None
        typed = loaded is None or any(
            loaded[name] != getattr(self, name) for name in ("decision", "season_id")
        )
        today = timezone.localdate()
        if typed and cancellation_misplaced(self.decision, season.premiere, today):
            raise ValidationError(
                {"decision": misplaced_cancellation_error(season.number)},
            )


def misplaced_cancellation_error(number):
    """The refusal of a cancellation on season `number`, naming the season it belongs to."""
    return ValidationError(
        "Season %(number)s has aired; a cancellation belongs to the season that will not "
        "be made. Record it on season %(next)s.",
        code=MISPLACED_CANCELLATION,
        params={"number": number, "next": number + 1},
    )


MISPLACED_CANCELLATION = "cancellation_on_aired_season"


class CastCreditQuerySet(models.QuerySet):
    def published(self):
        """Credits the public may see: those on published shows."""
        return self.filter(show_is_published("season__show__"))

    def get_by_natural_key(self, show_slug, number, person_slug, character_name):
        return self.get(
            season__show__slug=show_slug,
            season__number=number,
            person__slug=person_slug,
            character_name=character_name,
        )


class CastCredit(Fact):
    Role = CastRole

    season = models.ForeignKey(
        Season,
        on_delete=models.CASCADE,
        related_name="cast_credits",
        verbose_name="season",
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="cast_credits",
        verbose_name="person",
    )
    character_name = models.CharField("character", max_length=200)
    billing_order = models.PositiveSmallIntegerField(
        "billing order",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(999)],
        help_text="1 for the top of the bill.",
    )
    role = models.CharField("role", max_length=20, choices=CastRole.choices, default=CastRole.MAIN)

    objects = CastCreditQuerySet.as_manager()

    class Meta:
        ordering = ["season", "billing_order", "id"]
        verbose_name = "cast credit"
        verbose_name_plural = "cast credits"
        indexes = [
            # The admin's role filter counts its matches from this, not from every credit.
            models.Index(fields=["role"], name="castcredit_role_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "person", "character_name"],
                name="castcredit_unique_person_character",
                violation_error_message="This person already plays this character this season.",
            ),
            models.CheckConstraint(
                condition=Q(billing_order__gte=1),
                name="castcredit_billing_order_positive",
                violation_error_message="Billing order starts at 1.",
            ),
            models.CheckConstraint(
                condition=Q(billing_order__lte=999),
                name="castcredit_billing_order_at_most_999",
                violation_error_message="Billing order stops at 999.",
            ),
            models.CheckConstraint(
                condition=Q(role__in=CastRole.values), name="castcredit_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.person} as {self.character_name} ({self.season})"

    def natural_key(self):
        return (*self.season.natural_key(), self.person.slug, self.character_name)

    natural_key.dependencies = ["series.season", "series.person"]


class CrewCreditQuerySet(models.QuerySet):
    def published(self):
        """Credits the public may see: those on published shows."""
        return self.filter(show_is_published("show__"))

    def get_by_natural_key(self, show_slug, person_slug, job):
        return self.get(show__slug=show_slug, person__slug=person_slug, job=job)


class CrewCredit(Fact):
    Job = CrewJob

    show = models.ForeignKey(
        Show, on_delete=models.CASCADE, related_name="crew_credits", verbose_name="show"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="crew_credits",
        verbose_name="person",
    )
    job = models.CharField("job", max_length=30, choices=CrewJob.choices)

    objects = CrewCreditQuerySet.as_manager()

    class Meta:
        ordering = ["show", "job", "person__name"]
        verbose_name = "crew credit"
        verbose_name_plural = "crew credits"
        constraints = [
            models.UniqueConstraint(
                fields=["show", "person", "job"],
                name="crewcredit_unique_person_job",
                violation_error_message="This person already has this job on this show.",
            ),
            models.CheckConstraint(
                condition=Q(job__in=CrewJob.values), name="crewcredit_job_valid"
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.get_job_display()} ({self.show})"

    def natural_key(self):
        return (self.show.slug, self.person.slug, self.job)

    natural_key.dependencies = ["series.show", "series.person"]


class CriticScoreQuerySet(models.QuerySet):
    def published(self):
        """Snapshots the public may see: those on published shows."""
        return self.filter(show_is_published("season__show__"))

    def latest(self):
        """The newest snapshot per season and aggregator, each with its `snapshot_count`."""
        return self.ranked().filter(newest_rank=1)

    def ranked(self):
        """Every snapshot with `newest_rank` (1 for the newest of its season and aggregator).

        Newest in the snapshot order (`Meta.ordering`): an undated snapshot counts as
        the oldest, on SQLite and PostgreSQL alike (their NULL orders differ).
        """
        per_aggregator = {"partition_by": [F("season_id"), F("aggregator")]}
        return self.annotate(
            newest_rank=Window(
                RowNumber(),
                order_by=[
                    F("retrieved_date").desc(nulls_last=True),
                    F("retrieved_precision").desc(),
                    F("id").desc(),
                ],
                **per_aggregator,
            ),
            snapshot_count=Window(models.Count("pk"), **per_aggregator),
        )

    def get_by_natural_key(self, show_slug, number, aggregator, retrieved_date):
        return self.get(
            season__show__slug=show_slug,
            season__number=number,
            aggregator=aggregator,
            retrieved_date=retrieved_date,
        )


class CriticScore(Fact):
    """A dated snapshot of one aggregator's critics' score for a season."""

    Aggregator = Aggregator

    season = models.ForeignKey(
        Season,
        on_delete=models.CASCADE,
        related_name="critic_scores",
        verbose_name="season",
    )
    aggregator = models.CharField("aggregator", max_length=30, choices=Aggregator.choices)
    score = models.PositiveSmallIntegerField(
        "score",
        validators=[MaxValueValidator(100)],
        help_text="Tomatometer percentage or Metascore, 0 to 100.",
    )
    average_rating = models.DecimalField(
        "average rating",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text="Average critic rating on a 0 to 10 scale, if the aggregator gives one.",
    )
    review_count = models.PositiveIntegerField(
        "reviews",
        validators=[MaxValueValidator(100000)],
        help_text="Number of critics counted.",
    )
    retrieved_date = models.DateField("retrieved on", null=True, blank=True)
    retrieved_precision = models.CharField(
        "precision", max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    url = HttpURLField(
        "URL",
        max_length=500,
        blank=True,
        help_text="http or https only.",
    )

    retrieved = FuzzyDateAttribute("retrieved_date", "retrieved_precision")

    objects = CriticScoreQuerySet.as_manager()

    class Meta:
        # Oldest first, undated first; `latest()` reads the same order backwards.
        ordering = [
            "season_id",
            "aggregator",
            F("retrieved_date").asc(nulls_first=True),
            "retrieved_precision",
            "id",
        ]
        verbose_name = "critic score"
        verbose_name_plural = "critic scores"
        indexes = [
            # The admin's aggregator filter counts its matches from this.
            models.Index(fields=["aggregator"], name="criticscore_aggregator_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100),
                name="criticscore_score_range",
                violation_error_message="Scores run from 0 to 100.",
            ),
            models.CheckConstraint(
                condition=Q(average_rating__isnull=True)
                | Q(average_rating__gte=0, average_rating__lte=10),
                name="criticscore_average_range",
                violation_error_message="Average ratings run from 0 to 10.",
            ),
            models.CheckConstraint(
                condition=Q(review_count__gte=0),
                name="criticscore_review_count_not_negative",
                violation_error_message="The number of reviews cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(review_count__lte=100000),
                name="criticscore_review_count_at_most_100000",
                violation_error_message="The number of reviews stops at 100000.",
            ),
            models.CheckConstraint(
                condition=Q(aggregator__in=Aggregator.values),
                name="criticscore_aggregator_valid",
            ),
            models.CheckConstraint(condition=_http_only("url"), name="criticscore_url_http"),
            models.UniqueConstraint(
                fields=["season", "aggregator", "retrieved_date"],
                name="criticscore_unique_snapshot",
                violation_error_message="This aggregator already has a snapshot on this date.",
            ),
            models.UniqueConstraint(
                fields=["season", "aggregator"],
                condition=Q(retrieved_date__isnull=True),
                name="criticscore_unique_undated_snapshot",
                violation_error_message="This aggregator already has an undated snapshot.",
            ),
        ]

    def __str__(self):
        return f"{self.get_aggregator_display()} {self.score} ({self.season})"

    def natural_key(self):
        retrieved = self.retrieved_date.isoformat() if self.retrieved_date else None
        return (*self.season.natural_key(), self.aggregator, retrieved)

    natural_key.dependencies = ["series.season"]

    def clean(self):
        self.retrieved = self.retrieved

    @property
    def review_count_display(self):
        """ "12 reviews" for the Tomatometer; Metacritic counts critics ("1 critic")."""
        noun = "critic" if self.aggregator == self.Aggregator.METACRITIC else "review"
        return f"{self.review_count} {noun}{'' if self.review_count == 1 else 's'}"

    @property
    def display_score(self):
        if self.aggregator == self.Aggregator.ROTTEN_TOMATOES:
            return f"{self.score}%"
        return str(self.score)


# History: who changed what and when, field by field, for every fact an editor keeps.
# The tables live in the `history` app so `dumpdata series` stays facts only.
for _model, _options in [
    (Network, {}),
    (Person, {}),
    (Genre, {}),
    (
        Show,
        {
            "m2m_fields": ["genres"],
            "excluded_fields": ["status", "status_changes_on", "active_years", "season_count"],
        },
    ),
    (Season, {"excluded_fields": ["decision", "sources_disagree"]}),
    (Announcement, {}),
    (CastCredit, {}),
    (CrewCredit, {}),
    (CriticScore, {}),
]:
    register(_model, app="history", **_options)


class OutlookRun(models.Model):
    """One run of the outlook's backtest (`manage.py outlook_backtest`), kept for the
    track-record page: how the odds of past days did against the decisions that came.

    Not a fact: derived by the command from the facts, never edited, not in history.
    """

    created_at = models.DateTimeField("run at", auto_now_add=True)
    start = models.DateField("first day forecast")
    end = models.DateField("last day forecast")
    step_days = models.PositiveSmallIntegerField("days between forecast days")
    prior_strength = models.FloatField("prior strength (decisions)")
    by_score = models.BooleanField("critic-score bands", default=False)
    forecasts = models.PositiveIntegerField("forecasts scored")
    questions = models.PositiveIntegerField("questions scored")
    brier = models.FloatField("Brier score")
    base_brier = models.FloatField("base-rate Brier score")
    difference_error = models.FloatField("standard error of the difference")
    beats_base_rate = models.BooleanField("beats the base rate")
    hit_rate = models.FloatField("hit rate at 50 %")
    base_hit_rate = models.FloatField("base rate's hit rate at 50 %")
    calibration = models.JSONField("calibration by tenths", default=list)
    shows_by_score = models.BooleanField(
        "the site shows critic-score bands from this run on",
        default=False,
        help_text="The simplest model that beats the base rate, judged from this run and "
        "the latest run of the other model (series.outlook.runs.model_to_show).",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "outlook backtest run"
        verbose_name_plural = "outlook backtest runs"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="outlookrun_end_after_start"
            ),
            models.CheckConstraint(condition=Q(step_days__gte=1), name="outlookrun_step_positive"),
        ]

    def __str__(self):
        return f"Outlook backtest {self.start} to {self.end}"

    @property
    def skill(self):
        """The share of the base rate's Brier score the outlook removes."""
        return 1 - self.brier / self.base_brier if self.base_brier else 0.0


class OutlookTally(models.Model):
    """What the outlook counts of the recorded decisions: one network's (or, with no
    network, all networks') renewals and decisions in a season group and critic-score
    band, and a network's days from finale to decision.

    Derived, never edited (`series.outlook.tallies`): re-derived for the networks a batch
    of changes touched (`series.derive`) and when the calendar answers a question (a
    next season premieres), so a page reads a network's outlook in one query. Written
    with bulk queries, so its rows send no change signals of their own.
    """

    EVERY_GROUP = 0
    EVERY_BAND = ""

    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="network",
        help_text="Empty for the tally over all networks.",
    )
    group = models.PositiveSmallIntegerField(
        "season group", help_text="1, 2 or 3 (third or later); 0 for every group."
    )
    band = models.CharField(
        "critic-score band", max_length=30, blank=True, help_text="Empty for every band."
    )
    renewed = models.PositiveIntegerField("renewed")
    decided = models.PositiveIntegerField("decided")
    delays = models.JSONField(
        "days from finale to decision",
        default=list,
        blank=True,
        help_text="Sorted; kept on a network's every-group row only.",
    )

    class Meta:
        ordering = ["network", "group", "band"]
        verbose_name = "outlook tally"
        verbose_name_plural = "outlook tallies"
        constraints = [
            models.UniqueConstraint(
                fields=["network", "group", "band"],
                condition=Q(network__isnull=False),
                name="outlooktally_unique_per_network",
            ),
            models.UniqueConstraint(
                fields=["group", "band"],
                condition=Q(network__isnull=True),
                name="outlooktally_unique_over_networks",
            ),
            models.CheckConstraint(
                condition=Q(renewed__lte=F("decided")), name="outlooktally_renewed_of_decided"
            ),
        ]

    def __str__(self):
        return f"Outlook tally {self.network_id or 'all'} {self.group} {self.band}".strip()


class OutlookQuestion(models.Model):
    """One answered question as the outlook's tallies count it: after this show's season
    in `group` aired, was the next one made, and how many days after the finale was it
    decided. The tallies (`OutlookTally`) are sums of these rows.

    Derived, never edited (`series.outlook.tallies`): a batch of changes replaces the rows
    of the shows it touched and sums their networks' rows again, so a save reads one
    show's facts however large its network is. No foreign-key constraints: the batch
    deletes a deleted show's rows itself, and a delete of the facts sends no signals
    for these rows.
    """

    show = models.ForeignKey(
        Show, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    network = models.ForeignKey(
        Network, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    group = models.PositiveSmallIntegerField(
        "season group", help_text="1, 2 or 3 (third or later)."
    )
    band = models.CharField("critic-score band", max_length=30)
    renewed = models.BooleanField("renewed")
    delay = models.IntegerField(
        "days from finale to decision",
        null=True,
        blank=True,
        help_text="Empty without a dated finale and announcement; negative when decided early.",
    )

    class Meta:
        verbose_name = "outlook question"
        verbose_name_plural = "outlook questions"
        constraints = [
            models.CheckConstraint(
                condition=Q(group__gte=1, group__lte=3), name="outlookquestion_group_known"
            ),
        ]

    def __str__(self):
        return f"Outlook question of show {self.show_id}, group {self.group}"
