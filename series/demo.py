"""A large synthetic catalogue for benchmarks and demos (`manage.py seed_demo`).

Everything it writes is marked as demo data: slugs start with `demo-`, networks and
genres are named "Demo ...", and `--clear` deletes exactly those rows. It never
touches the seed fixture. Rows go in with `bulk_create` (no signals), so the stored
derived fields (`Season.decision`, `Show.status`, ...) are computed here with the
derivation's own functions (`series.derive`), and a bulk change is announced at the end.
"""

import datetime
import random

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from series.demo_structure import drawn
from series.derive import announce_bulk_change, derived_show_fields
from series.fuzzy import FuzzyDate, Precision
from series.models import (
    Aggregator,
    Announcement,
    CastCredit,
    CastRole,
    CrewCredit,
    CrewJob,
    CriticScore,
    Genre,
    Network,
    NetworkKind,
    Person,
    Season,
    Show,
)
from series.status import (
    Decision,
    Report,
    latest_decision,
    reports_disagree,
)

DEMO = "demo-"
CHUNK = 500  # shows per transaction

NETWORKS = [
    ("Demo Broadcast One", NetworkKind.BROADCAST),
    ("Demo Broadcast Two", NetworkKind.BROADCAST),
    ("Demo Broadcast Three", NetworkKind.BROADCAST),
    ("Demo Cable Drama", NetworkKind.CABLE),
    ("Demo Cable Comedy", NetworkKind.CABLE),
    ("Demo Cable Premium", NetworkKind.CABLE),
    ("Demo Cable History", NetworkKind.CABLE),
    ("Demo Streamflix", NetworkKind.STREAMING),
    ("Demo Primebox", NetworkKind.STREAMING),
    ("Demo Huluplus", NetworkKind.STREAMING),
    ("Demo Appletree", NetworkKind.STREAMING),
    ("Demo Max Stream", NetworkKind.STREAMING),
]
GENRES = [
    "Drama",
    "Comedy",
    "Crime",
    "Thriller",
    "Science fiction",
    "Fantasy",
    "Documentary",
    "Animation",
    "Romance",
    "Horror",
    "Sport",
    "Family",
]
ADJECTIVES = [
    "Silent",
    "Broken",
    "Golden",
    "Hidden",
    "Last",
    "Northern",
    "Crimson",
    "Quiet",
    "Electric",
    "Savage",
    "Gilded",
    "Lonely",
    "Distant",
    "Burning",
    "Frozen",
    "Secret",
    "Wild",
    "Hollow",
    "Bright",
    "Midnight",
    "Restless",
    "Iron",
    "Paper",
    "Glass",
    "Velvet",
    "Copper",
    "Scarlet",
    "Emerald",
    "Lucky",
    "Wicked",
]
NOUNS = [
    "Harbor",
    "Kingdom",
    "Signal",
    "Orchard",
    "Frontier",
    "Empire",
    "Saints",
    "Ridge",
    "Island",
    "Circuit",
    "Dynasty",
    "Passage",
    "Station",
    "Witness",
    "Summer",
    "Valley",
    "Tides",
    "Brothers",
    "Sisters",
    "Academy",
    "Protocol",
    "Lanterns",
    "Crown",
    "Garden",
    "Republic",
    "Heights",
    "Skaters",
    "Weather",
    "Ledger",
    "Horizon",
]
FIRST = [
    "Ava",
    "Ben",
    "Chloe",
    "Daniel",
    "Elena",
    "Felix",
    "Grace",
    "Hugo",
    "Iris",
    "Jonas",
    "Kira",
    "Leo",
    "Maya",
    "Nico",
    "Olive",
    "Paul",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
    "Umar",
    "Vera",
    "Will",
    "Xena",
    "Yusuf",
    "Zoe",
    "Amara",
    "Bruno",
    "Cleo",
    "Dev",
]
LAST = [
    "Adams",
    "Baker",
    "Carter",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Patel",
    "Quist",
    "Rossi",
    "Silva",
    "Tanaka",
    "Ueda",
    "Varga",
    "Walsh",
    "Xu",
    "Young",
    "Zimmer",
    "Bianchi",
    "Costa",
    "Dubois",
    "Eriksen",
]
SOURCES = ["Variety", "Deadline", "The Hollywood Reporter", "TVLine", "Network press office"]
# What happens to the latest season; weights give every decision and release state.
SCENARIOS = [
    ("pending_unscheduled", 10),
    ("renewed_unscheduled", 8),
    ("renewed_scheduled", 14),
    ("final_scheduled", 6),
    ("final_released", 8),
    ("cancelled_unaired", 8),
    ("cancelled_released", 12),
    ("renewed_then_cancelled", 4),
    ("airing", 10),
    ("released_pending", 16),
    ("binge_released", 4),
]
# Scenarios by the question after the latest aired season: answered "cancelled",
# answered "renewed", or still open. Which answer a show's question gets is drawn
# from its network's propensities (`series.demo_structure`), never from these weights.
CANCELLING = {"cancelled_unaired", "cancelled_released", "renewed_then_cancelled"}
RENEWING = {"renewed_unscheduled", "renewed_scheduled", "final_scheduled"}
OPEN = {"pending_unscheduled", "final_released", "airing", "released_pending", "binge_released"}
ANSWERED = "answered"  # weighs as much as every answered scenario together
# Scenarios whose latest season has aired; in the others it is the one after.
LATEST_AIRED = {
    "cancelled_released",
    "final_released",
    "airing",
    "released_pending",
    "binge_released",
}
MAX_AIRED = 8
ENDED = CANCELLING | {"final_released"}


def _days(rng, low, high):
    return datetime.timedelta(days=rng.randint(low, high))


# {precision: (weight for a past date, weight for a future one)}: future dates are often
# known only roughly, as the trade press writes them ("Q3", "mid-2027", "H2").
PRECISION_WEIGHTS = {
    Precision.DAY: (12, 8),
    Precision.MONTH: (2, 6),
    Precision.QUARTER: (1, 2),
    Precision.SEASON: (1, 4),
    Precision.THIRD: (0, 2),
    Precision.HALF: (0, 1),
    Precision.YEAR: (0, 2),
}


def _fuzzy(rng, day, future):
    """A date at a random precision; future dates are often known only roughly."""
    weights = [PRECISION_WEIGHTS[precision][future] for precision in Precision.values]
    precision = rng.choices(Precision.values, weights=weights)[0]
    return FuzzyDate(day, precision).normalized()


def _weighted(rng, names):
    """One of `names`, by the SCENARIOS weights (ANSWERED weighs all answered ones)."""
    weights = dict(SCENARIOS)
    weights[ANSWERED] = sum(weights[name] for name in CANCELLING | RENEWING)
    ordered = sorted(names)  # a set's order varies between runs; the draw must not
    return rng.choices(ordered, weights=[weights[name] for name in ordered])[0]


class DemoPresent(Exception):
    """Demo data is already there; clear it first."""


class Plan:
    """One show's rows before insertion; derived fields computed from them."""

    def __init__(self):
        self.show = None
        self.genres = []
        self.seasons = []  # (Season, [Announcement], [CastCredit], [CriticScore])
        self.crew = []


class DemoCatalogue:
    """Writes a demo catalogue: `create(count)` adds `count` shows, `clear()` removes
    every demo row (and only those)."""

    def __init__(self, seed=5, today=None, propensities=None):
        """`propensities(rng)` gives each network its habits (`demo_structure.drawn` by
        default, `flat` for a catalogue without structure)."""
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.propensity_of = propensities or drawn
        self.propensities = {}  # network pk -> Propensity, once the networks exist

    def create(self, count, progress=None):
        """Add `count` demo shows in chunks; `progress(done)` is called after each."""
        if Show.objects.filter(slug__startswith=DEMO).exists():
            raise DemoPresent("Demo data is already present; pass --clear to replace it.")
        with transaction.atomic():
            self.networks = self.make_networks()
            # From their own generator, so a test can tell what each network was given.
            habits = random.Random(self.rng.random())
            self.propensities = {n.pk: self.propensity_of(habits) for n in self.networks}
            self.genres = self.make_genres()
            self.people = self.make_people(max(60, count * 2))
        done = 0
        while done < count:
            size = min(CHUNK, count - done)
            with transaction.atomic():
                self.insert([self.plan(done + i) for i in range(size)])
            done += size
            if progress:
                progress(done)
        # Fresh statistics, or the planner judges a table it last saw empty: on
        # PostgreSQL the show page took 115 ms instead of 12 ms until ANALYZE ran.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        announce_bulk_change(today=self.today)
        return Season.objects.filter(show__slug__startswith=DEMO).count()

    def clear(self):
        """Delete demo rows only, children first, without per-row signals (they are many)."""
        demo_shows = Show.objects.filter(slug__startswith=DEMO)
        with transaction.atomic():
            for queryset in (
                Announcement.objects.filter(season__show__in=demo_shows),
                CastCredit.objects.filter(season__show__in=demo_shows),
                CriticScore.objects.filter(season__show__in=demo_shows),
                Season.objects.filter(show__in=demo_shows),
                CrewCredit.objects.filter(show__in=demo_shows),
                Show.genres.through.objects.filter(show__in=demo_shows),
                demo_shows,
                Person.objects.filter(slug__startswith=DEMO),
                Network.objects.filter(slug__startswith=DEMO),
                Genre.objects.filter(slug__startswith=DEMO),
            ):
                # A plain DELETE: Django's collector would fetch and signal every row.
                queryset._raw_delete(queryset.db)
        announce_bulk_change(today=self.today)

    def make_networks(self):
        rows = [
            Network(
                name=name,
                slug=DEMO + slugify(name.removeprefix("Demo ")),
                kind=kind,
                website=f"https://{slugify(name)}.example.com/",
            )
            for name, kind in NETWORKS
        ]
        return Network.objects.bulk_create(rows)

    def make_genres(self):
        rows = [Genre(name=f"Demo {name}", slug=f"{DEMO}{slugify(name)}") for name in GENRES]
        return Genre.objects.bulk_create(rows)

    def make_people(self, count):
        rng = self.rng
        rows = [
            Person(
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                slug=f"{DEMO}person-{i}",
                imdb_id=f"nm9{i:07d}",
            )
            for i in range(count)
        ]
        return Person.objects.bulk_create(rows, batch_size=2000)

    def plan(self, index):
        rng = self.rng
        plan = Plan()
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        if rng.random() < 0.3:
            title = f"The {title}"
        network = rng.choice(self.networks)
        plan.show = Show(
            title=title,
            slug=f"{DEMO}{slugify(title)}-{index}",
            network=network,
            synopsis=f"A demo {rng.choice(GENRES).lower()} series generated for benchmarks.",
            country=rng.choice(["US", "GB", "CA", "AU", "DE", "FR", "KR", "JP"]),
            original_language=rng.choice(["en", "en", "en", "de", "fr", "ko", "ja"]),
            imdb_id=f"tt9{index:07d}",
            is_published=rng.random() < 0.95,
        )
        plan.genres = rng.sample(self.genres, rng.randint(1, 3))
        people = rng.sample(self.people, 10)
        cast = people[: rng.randint(2, 6)]
        crew_people = people[6:]
        plan.crew = [CrewCredit(person=crew_people[0], job=CrewJob.CREATOR)]
        for person, job in zip(crew_people[1:], CrewJob.values[1:], strict=False):
            if rng.random() < 0.4:
                plan.crew.append(CrewCredit(person=person, job=job))

        scenario, count, qualities = self.history(index, network)
        # The latest season's premiere anchors the show's history. A show that has ended
        # may have ended years ago: were every cancellation recent, the record of any
        # past day would hold renewals only, and no past day would look like today.
        last_premiere = self.today - _days(rng, 30, 400)
        if scenario in ENDED:
            last_premiere -= datetime.timedelta(days=365 * rng.randint(0, MAX_AIRED - 1))
        propensity = self.propensities[network.pk]
        finale = None  # the previous season's
        for number in range(1, count + 1):
            if number == count:
                season, reports = self.latest_season(scenario, last_premiere, finale, propensity)
            else:
                years = count - number
                premiere = last_premiere - datetime.timedelta(days=365 * years) - _days(rng, 0, 60)
                season = Season(number=number, episode_count=rng.randint(6, 13))
                season.premiere = FuzzyDate(premiere)
                season.finale = FuzzyDate(premiere + _days(rng, 35, 90))
                # Every season before the latest was made, so it was ordered or renewed:
                # after the previous finale by the network's delay, before the premiere.
                if finale is None:
                    ordered = premiere - _days(rng, 120, 400)
                else:
                    ordered = self.decided(finale, propensity, premiere - _days(rng, 7, 30))
                reports = [(Decision.RENEWED, FuzzyDate(ordered))]
            finale = season.finale
            self.add_season(plan, number, season, reports, cast, qualities[number - 1])
        if scenario == "cancelled_released":
            self.add_season(plan, count + 1, *self.not_made(season, propensity), cast, 0)
        states = [s.state() for s, *_ in plan.seasons]
        announced = [a.announced_date for _, reports, *_ in plan.seasons for a in reports]
        for name, value in derived_show_fields(states, announced, self.today).items():
            setattr(plan.show, name, value)
        return plan

    def history(self, index, network):
        """(scenario, number of seasons, their critics' quality) of a show.

        Its seasons are renewed one after another with its network's chance after
        each (critics' quality counts) until one is cancelled or the show reaches its
        age. Whether the question after its latest aired season is answered yet is
        drawn apart from the answer, so the answers on record are a fair sample of
        the network's habits; the scenario then fits how it ended. The first shows
        take every scenario once, however few there are.
        """
        rng = self.rng
        propensity = self.propensities[network.pk]
        age = rng.randint(1, MAX_AIRED)
        qualities = [rng.uniform(20, 100) for _ in range(age + 1)]
        forced = SCENARIOS[index][0] if index < len(SCENARIOS) else None
        aired, cancelled = age, False
        for number in range(1, age):
            if rng.random() >= propensity.chance(number, qualities[number - 1]):
                aired, cancelled = number, True
                break
        if forced is not None:
            aired, cancelled = age, forced in CANCELLING
            scenario = forced
        elif cancelled:
            scenario = _weighted(rng, CANCELLING)
        else:
            scenario = _weighted(rng, OPEN | {ANSWERED})
            if scenario == ANSWERED:
                renewed = rng.random() < propensity.chance(age, qualities[age - 1])
                scenario = _weighted(rng, RENEWING if renewed else CANCELLING)
        count = aired if scenario in LATEST_AIRED else aired + 1
        return scenario, count, qualities[:count]

    def decided(self, finale, propensity, latest):
        """The day a network announced a decision after `finale`, by its habits; no
        later than `latest` (a premiere that followed, or today)."""
        day = finale.date + datetime.timedelta(days=propensity.delay(self.rng))
        return min(day, latest)

    def add_season(self, plan, number, season, reports, cast, quality):
        """Season `number` of the plan, with its announcements, cast and scores."""
        rng = self.rng
        season.number = number
        announcements = self.announcements(reports)
        season_reports = [Report(a.decision, a.announced, i) for i, a in enumerate(announcements)]
        season.decision = latest_decision(season_reports)
        season.sources_disagree = reports_disagree(season_reports)
        cast_credits = [
            CastCredit(
                person=person,
                character_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                billing_order=order,
                role=CastRole.MAIN if order <= 3 else CastRole.RECURRING,
            )
            for order, person in enumerate(cast, start=1)
        ]
        plan.seasons.append((season, announcements, cast_credits, self.scores(season, quality)))

    def latest_season(self, scenario, last_premiere, previous_finale, propensity):
        """The latest season for a scenario, and the decisions announced about it: each
        after the previous season's finale by the network's delay (`decided`)."""
        rng, today = self.rng, self.today
        season = Season(episode_count=rng.choice([None, 6, 8, 10, 13]))
        decided = today - _days(rng, 10, 300)
        if previous_finale is not None:
            decided = self.decided(previous_finale, propensity, today)
        future = today + _days(rng, 60, 700)
        reports = []
        if scenario == "pending_unscheduled":
            pass
        elif scenario == "renewed_unscheduled":
            reports = [(Decision.RENEWED, _fuzzy(rng, decided, False))]
        elif scenario == "renewed_scheduled":
            reports = [(Decision.RENEWED, _fuzzy(rng, decided, False))]
            season.premiere = _fuzzy(rng, future, True)
        elif scenario == "final_scheduled":
            reports = [(Decision.FINAL, _fuzzy(rng, decided, False))]
            season.premiere = _fuzzy(rng, future, True)
        elif scenario == "final_released":
            season.premiere = FuzzyDate(last_premiere - _days(rng, 100, 200))
            season.finale = FuzzyDate(season.premiere.date + _days(rng, 30, 70))
            reports = [(Decision.FINAL, self.ordered(season, previous_finale, propensity))]
        elif scenario == "cancelled_unaired":
            reports = [(Decision.CANCELLED, _fuzzy(rng, decided, False))]
        elif scenario == "cancelled_released":
            # Made and released; the cancellation is the next season's (`not_made`).
            season.premiere = FuzzyDate(last_premiere - _days(rng, 100, 200))
            season.finale = FuzzyDate(season.premiere.date + _days(rng, 30, 70))
            reports = [(Decision.RENEWED, self.ordered(season, previous_finale, propensity))]
        elif scenario == "renewed_then_cancelled":
            first = decided - _days(rng, 60, 200)
            reports = [
                (Decision.RENEWED, FuzzyDate(first)),
                (Decision.CANCELLED, FuzzyDate(decided)),
            ]
        elif scenario == "airing":
            season.premiere = FuzzyDate(today - _days(rng, 1, 40))
            if rng.random() < 0.8:
                season.finale = FuzzyDate(today + _days(rng, 7, 60))
            reports = [(Decision.RENEWED, self.ordered(season, previous_finale, propensity))]
        elif scenario == "released_pending":
            season.premiere = FuzzyDate(last_premiere)
            season.finale = FuzzyDate(last_premiere + _days(rng, 20, 25))
            if season.finale.date >= today:
                season.finale = FuzzyDate(last_premiere)
            reports = [(Decision.RENEWED, self.ordered(season, previous_finale, propensity))]
        elif scenario == "binge_released":
            season.premiere = FuzzyDate(last_premiere)
            season.finale = FuzzyDate(last_premiere)
            reports = [(Decision.RENEWED, self.ordered(season, previous_finale, propensity))]
        return season, reports

    def ordered(self, season, previous_finale, propensity):
        """When an aired season was ordered or renewed: after the previous finale by the
        network's delay, some weeks before its own premiere at the latest."""
        premiere = season.premiere.date
        if previous_finale is None:
            return FuzzyDate(premiere - _days(self.rng, 100, 300))
        return FuzzyDate(
            self.decided(previous_finale, propensity, premiere - _days(self.rng, 7, 30))
        )

    def not_made(self, released, propensity):
        """The season after `released` that will not be made, and its cancellation: a
        cancellation lives on the season that will not be made, as editors record it."""
        rng = self.rng
        cancelled = self.decided(released.finale, propensity, self.today)
        return Season(), [(Decision.CANCELLED, _fuzzy(rng, cancelled, False))]

    def announcements(self, reports):
        """One to three sources per decision, each reporting at its own precision."""
        rng = self.rng
        rows = []
        for decision, when in reports:
            for source in rng.sample(SOURCES, rng.choice([1, 1, 2, 3])):
                announced = when
                if source == "Network press office" and when.precision == Precision.DAY:
                    announced = FuzzyDate(when.date, Precision.MONTH).normalized()
                row = Announcement(
                    decision=decision,
                    source_name=source,
                    source_url=f"https://{slugify(source)}.example.com/{rng.randint(1, 10**9)}",
                    summary=f"{source} reports the season {Decision(decision).label.lower()}.",
                )
                row.announced = announced
                rows.append(row)
        return rows

    def scores(self, season, quality):
        """Critics' snapshots around the season's `quality`, the score its renewal
        chance was drawn with."""
        rng = self.rng
        if season.premiere is None or not season.premiere.has_arrived(self.today):
            return []
        rows = []
        for aggregator in Aggregator.values:
            if rng.random() < 0.4:
                continue
            day = season.premiere.date + _days(rng, 1, 10)
            for snapshot in range(rng.randint(1, 3)):
                score = min(100, max(0, round(rng.gauss(quality, 8))))
                row = CriticScore(
                    aggregator=aggregator,
                    score=score,
                    average_rating=round(score / 10 - rng.random(), 1) if score >= 10 else None,
                    review_count=rng.randint(5, 120),
                    url=f"https://{aggregator.replace('_', '')}.example.com/demo",
                )
                row.retrieved = FuzzyDate(day + datetime.timedelta(days=30 * snapshot))
                rows.append(row)
        return rows

    def insert(self, plans):
        Show.objects.bulk_create([p.show for p in plans])
        Show.genres.through.objects.bulk_create(
            [
                Show.genres.through(show_id=p.show.pk, genre_id=genre.pk)
                for p in plans
                for genre in p.genres
            ]
        )
        for plan in plans:
            for credit in plan.crew:
                credit.show = plan.show
            for season, *_ in plan.seasons:
                season.show = plan.show
        CrewCredit.objects.bulk_create([c for p in plans for c in p.crew])
        Season.objects.bulk_create([s for p in plans for s, *_ in p.seasons])
        children = {Announcement: [], CastCredit: [], CriticScore: []}
        for plan in plans:
            for season, announcements, cast, scores in plan.seasons:
                for row in (*announcements, *cast, *scores):
                    row.season = season
                    children[type(row)].append(row)
        for model, rows in children.items():
            model.objects.bulk_create(rows)
