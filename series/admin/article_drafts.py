"""What confirming an article does: the plan (each kept fact beside what is stored) and
its write, through the models' own checks and saves in one batch of changes.

`plan()` reads what is stored about the show in a fixed number of queries, whatever the
number of facts, and answers a `Draft`: the records to save in order, and for each fact
its outcome (new, changed from a value, or already recorded) for the preview's diff.
`write()` saves them as any admin save does: `full_clean()` then `save()` on each record,
inside `derive.changing()` (one transaction; each season and the show re-derived once;
one change event after the commit), with the history naming the article. A record that
fails its checks undoes the whole write, and its error goes back to the fact's form.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify

from series import derive
from series.models import (
    Announcement,
    CastCredit,
    CastRole,
    CrewCredit,
    CriticScore,
    Person,
    Season,
    Show,
)

SUMMARY_LIMIT = 300  # Announcement.summary
REASON_LIMIT = 100  # the history tables' change reason
NEW, CHANGED, RECORDED = "new", "changed", "recorded"
# A season's fact forms and the model fields they fill.
SEASON_FIELDS = {"premiere": "premiere_date", "finale": "finale_date", "episodes": "episode_count"}


@dataclass
class Source:
    publication: str
    url: str

    def reason(self):
        """The history's change reason: who published the article the facts came from."""
        return f"Read from an article in {self.publication}"[:REASON_LIMIT]


@dataclass
class Outcome:
    """What confirming does with one fact: `state` NEW, CHANGED (from `before`) or
    RECORDED (stored already, nothing to write)."""

    state: str
    before: str = ""


@dataclass
class Step:
    """A record to save, the form rows its errors belong to, and the steps it needs."""

    record: object
    rows: dict  # model field name (or NON_FIELD_ERRORS) -> form row prefix
    needs: list = field(default_factory=list)


@dataclass
class Draft:
    show: Show
    show_is_new: bool
    steps: list = field(default_factory=list)
    outcomes: dict = field(default_factory=dict)  # form row prefix -> Outcome
    new_seasons: list = field(default_factory=list)  # season numbers created
    new_people: list = field(default_factory=list)  # names of people created

    @property
    def changes_nothing(self):
        return not self.steps


class NotWritten(Exception):
    """The write failed a check and was undone; `errors` maps a form row prefix (or
    "show", or "") to {field or None: [messages]}."""

    def __init__(self, errors):
        super().__init__("The article's facts were not written.")
        self.errors = errors


def find_show(title, network):
    """The show this article is about, if stored: same title (case and spacing aside)
    and network."""
    wanted = " ".join(title.split()).casefold()
    candidates = Show.objects.filter(network=network, title__iexact=title.strip()).order_by("pk")
    for show in candidates:
        if " ".join(show.title.split()).casefold() == wanted:
            return show
    return None


def people_named(names, prepare=None):
    """{casefolded name: [people of that name]}, in one query (`prepare` may annotate
    it, with what tells namesakes apart)."""
    spelled = {" ".join(name.split()) for name in names if name}
    folded = {name.casefold() for name in spelled}
    found = {}
    if not folded:
        return found
    # SQLite lowers ASCII letters only: names as spelled find the rest.
    people = Person.objects.annotate(folded=Lower("name")).filter(
        Q(folded__in=folded) | Q(name__in=spelled)
    )
    if prepare is not None:
        people = prepare(people)
    for person in people.order_by("pk"):
        found.setdefault(" ".join(person.name.split()).casefold(), []).append(person)
    return found


def unique_slugs(model, names):
    """A free slug for each name (numbered after the taken ones), in one query."""
    bases = {name: slugify(name)[:190] or model._meta.model_name for name in names}
    taken = set()
    if bases:
        prefixes = sorted(set(bases.values()))
        query = model.objects.none()
        for prefix in prefixes:
            query = query | model.objects.filter(slug__startswith=prefix)
        taken = set(query.values_list("slug", flat=True))
    slugs = {}
    for name, base in bases.items():
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        slugs[name] = slug
    return slugs


def _summary(sentence):
    sentence = " ".join(sentence.split())
    if len(sentence) <= SUMMARY_LIMIT:
        return sentence
    return sentence[: SUMMARY_LIMIT - 1].rstrip() + "…"


def _shown(value):
    return "—" if value in (None, "") else str(value)


class Planner:
    """Builds the `Draft` from the page's cleaned forms (see `plan`)."""

    def __init__(self, page, source):
        self.page, self.source = page, source
        show_data = page.show_form.cleaned_data
        self.show = find_show(show_data["title"], show_data["network"])
        self.draft = Draft(show=self.show, show_is_new=self.show is None)
        self.show_step = None
        if self.show is None:
            self.show = Show(
                title=" ".join(show_data["title"].split()),
                network=show_data["network"],
                is_published=False,
            )
            self.draft.show = self.show
            self.show_step = Step(self.show, {NON_FIELD_ERRORS: "show", "title": "show"})
            self.draft.steps.append(self.show_step)
        self.read_stored()
        self.season_steps = {}
        self.people = {}  # casefolded new name -> (Person, Step)

    def read_stored(self):
        """What is stored about the show: five queries, whatever the number of facts."""
        show = self.show if self.show.pk else None
        self.seasons = {s.number: s for s in show.seasons.all()} if show else {}
        self.cast = (
            set(
                CastCredit.objects.filter(season__show=show).values_list(
                    "season__number", "person_id", "character_name"
                )
            )
            if show
            else set()
        )
        self.crew = (
            set(CrewCredit.objects.filter(show=show).values_list("person_id", "job"))
            if show
            else set()
        )
        self.scores = {}
        self.announcements = []
        if show:
            for score in CriticScore.objects.filter(season__show=show).select_related("season"):
                self.scores.setdefault((score.season.number, score.aggregator), []).append(score)
            self.announcements = list(
                Announcement.objects.filter(season__show=show).select_related("season")
            )

    # --- Seasons ------------------------------------------------------------------------

    def season(self, number):
        """The season `number` (stored, or new and planned once) and its step, if any."""
        if number in self.season_steps:
            return self.season_steps[number]
        season = self.seasons.get(number)
        step = None
        if season is None:
            season = Season(show=self.show, number=number)
            step = Step(season, {NON_FIELD_ERRORS: f"season-new-{number}"})
            if self.show_step:
                step.needs.append(self.show_step)
            self.draft.steps.append(step)
            self.draft.new_seasons.append(number)
        self.season_steps[number] = (season, step)
        return season, step

    def season_fact(self, number, key, form):
        season, step = self.season(number)
        value = form.cleaned_data["value"]
        attribute = {"premiere": "premiere", "finale": "finale"}.get(key, "episode_count")
        before = getattr(season, attribute)
        if before == value:
            self.draft.outcomes[form.prefix] = Outcome(RECORDED)
            return
        self.draft.outcomes[form.prefix] = Outcome(
            NEW if before is None else CHANGED, _shown(before)
        )
        setattr(season, attribute, value)
        if step is None:  # a stored season, changed
            step = Step(season, {})
            self.season_steps[number] = (season, step)
            self.draft.steps.append(step)
        step.rows[SEASON_FIELDS[key]] = form.prefix
        if key in ("premiere", "finale"):
            step.rows[f"{key}_precision"] = form.prefix

    def decision(self, number, form):
        season, season_step = self.season(number)
        decision, announced = form.cleaned_data["value"], form.cleaned_data["date"]
        for stored in self.announcements:
            same_report = stored.source_url == self.source.url or (
                stored.source_name == self.source.publication
                and stored.announced_date == announced.start
            )
            if stored.season.number == number and stored.decision == decision and same_report:
                self.draft.outcomes[form.prefix] = Outcome(RECORDED)
                return
        announcement = Announcement(
            season=season,
            decision=decision,
            source_name=self.source.publication,
            source_url=self.source.url,
            summary=_summary(form.evidence),
        )
        announcement.announced = announced
        step = Step(
            announcement,
            dict.fromkeys([NON_FIELD_ERRORS, "decision", "announced_date"], form.prefix),
        )
        step.needs += [s for s in (season_step, self.show_step) if s]
        self.draft.steps.append(step)
        self.draft.outcomes[form.prefix] = Outcome(NEW)

    # --- People and credits ---------------------------------------------------------------

    def person(self, form):
        """The credit's person (chosen, or new and planned once per name) and its step."""
        chosen = form.chosen_person()
        if chosen is not None:
            return chosen, None
        name = " ".join(form.cleaned_data["person"].split())
        key = name.casefold()
        if key not in self.people:
            person = Person(name=name)
            step = Step(person, {NON_FIELD_ERRORS: form.prefix, "name": form.prefix})
            self.people[key] = (person, step)
            self.draft.steps.append(step)
            self.draft.new_people.append(name)
        return self.people[key]

    def cast_credit(self, form, billing):
        number = form.cleaned_data["season"]
        season, season_step = self.season(number)
        person, person_step = self.person(form)
        character = " ".join(form.cleaned_data["character"].split())
        if person.pk and (number, person.pk, character) in self.cast:
            self.draft.outcomes[form.prefix] = Outcome(RECORDED)
            return
        credit = CastCredit(
            season=season,
            person=person,
            character_name=character,
            billing_order=billing,
            role=CastRole.MAIN,
        )
        needs = [s for s in (season_step, person_step, self.show_step) if s]
        self.draft.steps.append(Step(credit, {NON_FIELD_ERRORS: form.prefix}, needs))
        self.draft.outcomes[form.prefix] = Outcome(NEW)

    def crew_credit(self, form):
        person, person_step = self.person(form)
        job = form.cleaned_data["job"]
        if person.pk and (person.pk, job) in self.crew:
            self.draft.outcomes[form.prefix] = Outcome(RECORDED)
            return
        credit = CrewCredit(show=self.show, person=person, job=job)
        needs = [s for s in (person_step, self.show_step) if s]
        self.draft.steps.append(Step(credit, {NON_FIELD_ERRORS: form.prefix}, needs))
        self.draft.outcomes[form.prefix] = Outcome(NEW)

    def score(self, form):
        data = form.cleaned_data
        number, aggregator = data["season"], data["aggregator"]
        values = (data["score"], data["average"], data["count"])
        stored = self.scores.get((number, aggregator), [])
        if any((s.score, s.average_rating, s.review_count) == values for s in stored):
            self.draft.outcomes[form.prefix] = Outcome(RECORDED)
            return
        season, season_step = self.season(number)
        undated = next((s for s in stored if s.retrieved_date is None), None)
        if undated is not None:  # one undated snapshot per aggregator: this one, corrected
            average = undated.average_rating if undated.average_rating is not None else "—"
            before = f"{undated.display_score}, {average}, {undated.review_count}"
            self.draft.outcomes[form.prefix] = Outcome(CHANGED, before)
            score = undated
        else:
            self.draft.outcomes[form.prefix] = Outcome(NEW)
            score = CriticScore(season=season, aggregator=aggregator)
        score.score, score.average_rating, score.review_count = values
        needs = [s for s in (season_step, self.show_step) if s]
        self.draft.steps.append(Step(score, {NON_FIELD_ERRORS: form.prefix}, needs))


def plan(page, source):
    """The `Draft` of the page's kept facts; `page` must be valid."""
    planner = Planner(page, source)
    for number, key, form in page.kept_season_forms():
        if key == "decision":
            planner.decision(number, form)
        else:
            planner.season_fact(number, key, form)
    for billing, form in enumerate(page.kept(page.cast_forms), start=1):
        planner.cast_credit(form, billing)
    for form in page.kept(page.crew_forms):
        planner.crew_credit(form)
    for form in page.kept(page.score_forms):
        planner.score(form)
    # Seasons first, then what hangs on them (the list holds them in reading order).
    order = {Show: 0, Person: 1, Season: 2}
    planner.draft.steps.sort(key=lambda step: order.get(type(step.record), 3))
    return planner.draft


def _bind_saved_parents(record):
    """Point the record's keys at parents saved since it was built (Django reads the key
    from the parent only at save, and `full_clean` checks it before)."""
    for model_field in record._meta.concrete_fields:
        if model_field.is_relation and model_field.is_cached(record):
            parent = model_field.get_cached_value(record)
            if parent is not None and getattr(record, model_field.attname) != parent.pk:
                setattr(record, model_field.attname, parent.pk)
                model_field.set_cached_value(record, parent)  # no query to read it again


def write(draft, source):
    """Save the draft's records as one batch: each checked by `full_clean()` and saved
    through the model (history, version, derivation, change event). Raises `NotWritten`
    with every error found, after undoing everything."""
    new_slugs = [s.record for s in draft.steps if isinstance(s.record, Person | Show)]
    slugs = {
        Person: unique_slugs(Person, [r.name for r in new_slugs if isinstance(r, Person)]),
        Show: unique_slugs(Show, [r.title for r in new_slugs if isinstance(r, Show)]),
    }
    for record in new_slugs:
        name = record.name if isinstance(record, Person) else record.title
        record.slug = slugs[type(record)][name]
    errors, failed = {}, set()
    with derive.changing():
        for step in draft.steps:
            if any(id(need) in failed for need in step.needs):
                failed.add(id(step))  # its parent's error is reported; this waits for it
                continue
            _bind_saved_parents(step.record)
            try:
                step.record.full_clean(exclude=_never_set(step.record))
            except ValidationError as error:
                failed.add(id(step))
                _note_errors(errors, step, error)
                continue
            step.record._change_reason = source.reason()
            step.record.save()
        if errors:
            raise NotWritten(errors)  # leaves the batch's transaction: nothing is kept


def _never_set(record):
    """A new person's external ids, which the article never gives: empty, they pass their
    uniqueness checks (only set ids must be unique), which cost nine queries a person."""
    if isinstance(record, Person) and record._state.adding:
        return [name for name in ("imdb_id", "tmdb_id", "tvmaze_id") if not getattr(record, name)]
    return None


def _note_errors(errors, step, error):
    for name, messages in error.message_dict.items():
        row = step.rows.get(name) or step.rows.get(NON_FIELD_ERRORS, "")
        label = "" if name == NON_FIELD_ERRORS else name
        described = [
            message if not label or label in step.rows else f"{label.replace('_', ' ')}: {message}"
            for message in messages
        ]
        errors.setdefault(row, []).extend(described)
