"""Post to admin add/change pages the way a browser would, and read back the errors shown."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.db.models import Q
from django.urls import reverse

from series.models import Announcement, CastCredit, CrewCredit, CriticScore, Season

INLINE_MODELS = {
    "seasons": Season,
    "crew_credits": CrewCredit,
    "announcements": Announcement,
    "cast_credits": CastCredit,
    "critic_scores": CriticScore,
}
INLINE_PREFIXES = {
    "show": ["seasons", "crew_credits"],
    "season": ["announcements", "cast_credits", "critic_scores"],
}


def management_data(model_name, inlines=None):
    """Empty management forms for each inline, plus any inline rows given."""
    data = {}
    inlines = inlines or {}
    for prefix in INLINE_PREFIXES.get(model_name, []):
        rows = inlines.get(prefix, [])
        initial = sum(1 for row in rows if row.get("id"))
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": str(initial),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for index, row in enumerate(rows):
            if row.get("id") and "version" not in row:
                model = INLINE_MODELS[prefix]
                row = {**row, "version": model.objects.get(pk=row["id"]).version}
            data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def current_version(obj):
    """The version a browser opening `obj` now would post back (hidden field)."""
    return type(obj).objects.values_list("version", flat=True).get(pk=obj.pk)


def admin_post(client, model_name, data, obj=None, inlines=None):
    if obj is None:
        url = reverse(f"admin:series_{model_name}_add")
    else:
        url = reverse(f"admin:series_{model_name}_change", args=[obj.pk])
        if hasattr(obj, "version"):
            data = {"version": current_version(obj), **data}
    return client.post(url, {**data, **management_data(model_name, inlines)})


def shown_errors(response):
    """Every error message the admin page would show: form, non-field and inline errors."""
    assert response.status_code == 200, "expected the form to be shown again with errors"
    messages = []
    form = response.context["adminform"].form
    for errors in form.errors.values():
        messages.extend(errors)
    for formset in response.context["inline_admin_formsets"]:
        for errors in formset.formset.errors:
            for field_errors in errors.values():
                messages.extend(field_errors)
        messages.extend(formset.formset.non_form_errors())
    return messages


def show_form(show):
    """The show change form as an editor would submit it unchanged."""
    return {
        "title": show.title,
        "slug": show.slug,
        "network": show.network_id,
        "synopsis": "",
        "country": "",
        "original_language": "",
        "imdb_id": "",
        "tmdb_id": "",
        "tvmaze_id": "",
        "is_published": "on",
    }


def season_form(season_or_show, **overrides):
    """The season form as an editor submits it, plus `overrides`.

    For a saved season: its change form (or its row in the show's inline) unchanged, with
    the values it holds. For a show: the add form with nothing but the show filled in.
    """
    if isinstance(season_or_show, Season):
        season = season_or_show
        data = {
            "show": season.show_id,
            "number": str(season.number),
            "title": season.title,
            # One field per date, typed as the editor sees it ("Fall 2027").
            "premiere_date": season.premiere.as_input() if season.premiere else "",
            "finale_date": season.finale.as_input() if season.finale else "",
            "episode_count": blank_if_none(season.episode_count),
        }
    else:
        data = {
            "show": season_or_show.pk,
            "number": "1",
            "title": "",
            "premiere_date": "",
            "finale_date": "",
            "episode_count": "",
        }
    return {**data, **overrides}


def blank_if_none(value):
    """A form field's posted text: empty for a missing value."""
    return "" if value is None else str(value)


def editors_group():
    """The group the migration creates (a transactional test may have flushed it).

    A test with serialized rollback flushes without recreating content types and
    permissions; they are made again here, as after a migration, or the group is empty.
    """
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label="series")
            | Q(content_type__app_label="history", codename__startswith="view_")
        )
    )
    return group
