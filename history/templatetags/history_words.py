"""A history row in plain words for the per-record History page (simple-history's)."""

from django import template

from history.recent_changes import ACTIONS, LABELS, differences, editor_name, readable_reason
from history.words import in_words

register = template.Library()


@register.simple_tag
def history_in_words(record, page):
    """{what, who, reason, changes} of one history row of `page` (newest first): a
    deletion names what was deleted and its values ("Deleted announcement: Renewed,
    Variety, 3 February 2020"), a change lists its fields as an editor typed them, and a
    save that changed nothing says so rather than listing the version."""
    model = record.instance_type
    label = LABELS[model][1](record) if model in LABELS else str(record.history_object)
    action = ACTIONS.get(record.history_type, record.history_type)
    changes = []
    if record.history_type == "~":
        changes = differences(record, previous_on_page(record, page))
    return {
        "what": f"{action} {in_words(record) if record.history_type == '-' else f'“{label}”'}",
        "who": editor_name(record.history_user),
        "reason": readable_reason(record.history_change_reason),
        "changes": changes,
    }


def previous_on_page(record, page):
    """The row before `record`: the next one down the page, so the page costs no query
    per row; the first row of the next page is read (None if there is none)."""
    rows = list(page.object_list)
    position = rows.index(record)
    if position + 1 < len(rows):
        return rows[position + 1]
    return record.prev_record
