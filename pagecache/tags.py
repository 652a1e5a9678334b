"""Cache tags: what each cached page shows, and what each change of the facts drops.

A page is tagged with the records it loaded while it rendered (`show-12`, `season-40`,
`person-7`, `network-3`, `genre-2`: collected as the ORM builds the instances, so no view
lists them by hand) plus broad tags, by what its view declares (`pagecache.decorators`):

- `listings`: pages that list, count or filter many shows (home, show list, scorecard,
  network pages, feeds, calendars, sitemaps, API lists). They keep no record tags: every
  change that can alter a listing bumps `listings`.
- `search`: searches (`?q=`), which match people's names and credits too.
- `people`: lists of people (who is credited on a published show).
- `all`: every page; bumped when something changes that no rule below knows about.

A change bumps the tags of the records it touched and of their parents (an
announcement bumps its season and its show: a season's answer is judged over all of
its show's seasons), and those of its previous values (a credit moved to another
season drops both seasons' pages; a show published or unpublished drops its people's
pages, which never loaded it as a draft). A view that declares nothing counts as a
listing, so a page added later is safe before anyone reviews it.
"""

from contextvars import ContextVar

from django.db.models.signals import post_init

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

from .decorators import declaration

ALL = "all"
LISTINGS = "listings"
SEARCH = "search"
PEOPLE = "people"

# Records whose own tag a page carries when it loads them.
TAGGED_MODELS = (Network, Person, Genre, Show, Season)


def tag(instance):
    return f"{instance._meta.model_name}-{instance.pk}"


# --- What a page shows -------------------------------------------------------------

_loaded = ContextVar("cache_tags_loaded", default=None)


def _record_loaded(sender, instance, **kwargs):
    loaded = _loaded.get()
    if loaded is not None and instance.pk is not None:
        loaded.add(tag(instance))


for _model in TAGGED_MODELS:
    post_init.connect(_record_loaded, sender=_model, dispatch_uid=f"cache_tags_{_model.__name__}")


class collect:
    """Within the block, every tagged record the ORM builds is noted (`.tags`)."""

    def __enter__(self):
        self.loaded = set()
        self._token = _loaded.set(self.loaded)
        return self

    def __exit__(self, *exc):
        _loaded.reset(self._token)


def page_tags(request, loaded):
    """The tags of the page answering `request`, given the records it loaded and what
    its view declared."""
    declared = declaration(request)
    tags = {ALL} | declared.tags
    if declared.static:
        return tags
    if declared.records:
        return tags | loaded
    tags.add(LISTINGS)
    if request.GET.get("q"):
        tags.add(SEARCH)
    return tags


# --- What a change drops -----------------------------------------------------------


def change_tags(changes, using="default"):
    """The tags a batch of changes (`series.derive.Change`) makes stale."""
    seasons = set()
    for change in changes:
        if isinstance(change.record, Announcement):
            seasons |= {change.record.season_id, change.moved("season_id")} - {None}
    show_of = dict(Season.objects.using(using).filter(pk__in=seasons).values_list("pk", "show_id"))
    tags = set()
    for change in changes:
        found = changed_tags(change.record, show_of)
        tags |= {ALL} if found is None else found
        tags |= previous_tags(change, show_of)
        for model, pks in change.related.items():
            tags |= m2m_tags(change.record, model, pks)
    return tags


def changed_tags(instance, show_of=None):
    """The tags a change to `instance` (as it is now) makes stale, or None if unknown.

    `show_of` maps season ids to show ids for announcements (read once per batch).
    """
    if isinstance(instance, Network):
        return {tag(instance), LISTINGS}
    if isinstance(instance, Genre):
        return {tag(instance), LISTINGS}
    if isinstance(instance, Person):
        return {tag(instance), SEARCH, PEOPLE}
    if isinstance(instance, Show):
        return {tag(instance), LISTINGS}
    if isinstance(instance, Season):
        return {tag(instance), f"show-{instance.show_id}", LISTINGS}
    if isinstance(instance, Announcement):
        # The decision changes every season's answer of the show ("facts imply facts"),
        # the show's status, the latest announcements and the feeds.
        show_id = (show_of or {}).get(instance.season_id)
        show = {f"show-{show_id}"} if show_id else set()
        return {f"season-{instance.season_id}", LISTINGS} | show
    if isinstance(instance, CastCredit):
        return {f"season-{instance.season_id}", f"person-{instance.person_id}", SEARCH, PEOPLE}
    if isinstance(instance, CrewCredit):
        return {f"show-{instance.show_id}", f"person-{instance.person_id}", SEARCH, PEOPLE}
    if isinstance(instance, CriticScore):
        return {f"season-{instance.season_id}"}
    return None


def publication_tags(show):
    """Publishing or unpublishing a show adds it to or removes it from its people's pages
    (which never loaded it while it was a draft) and the lists of people."""
    people = set(
        CastCredit.objects.filter(season__show=show).values_list("person_id", flat=True)
    ) | set(CrewCredit.objects.filter(show=show).values_list("person_id", flat=True))
    return {PEOPLE} | {f"person-{pk}" for pk in people}


# Fields whose previous value matters when a save changes them: foreign keys (a record
# moved drops the pages of where it was too) and a show's publication.
MOVABLE = {
    Show: ["network_id", "is_published"],
    Season: ["show_id"],
    Announcement: ["season_id"],
    CastCredit: ["season_id", "person_id"],
    CrewCredit: ["show_id", "person_id"],
    CriticScore: ["season_id"],
}


def previous_tags(change, show_of=None):
    """The tags of the record as it was stored before, if the change moved it."""
    instance, stored = change.record, change.previous
    fields = MOVABLE.get(type(instance))
    before = {f: stored[f] for f in fields or () if stored is not None and f in stored}
    if all(value == getattr(instance, f) for f, value in before.items()):
        return set()
    previous = type(instance)(pk=instance.pk, **{f: getattr(instance, f) for f in fields} | before)
    tags = changed_tags(previous, show_of) or set()
    if isinstance(instance, Show) and before.get("is_published", instance.is_published) != (
        instance.is_published
    ):
        tags |= publication_tags(instance)
    return tags


def m2m_tags(instance, model, pk_set):
    """Tags for a change to Show.genres, from either side."""
    shows = {instance.pk} if isinstance(instance, Show) else set(pk_set or ())
    tags = {f"show-{pk}" for pk in shows} | {LISTINGS}
    if isinstance(instance, Genre):
        tags.add(tag(instance))
    return tags
