"""A history row in plain words for the per-record History page (simple-history's)."""

from django import template

from history.recent_changes import ACTIONS, LABELS, differences, editor_name, readable_reason

register = template.Library()


@register.simple_tag
def history_in_words(record):
    """{action, label, who, reason, changes} of one history row: a deletion names what
    was deleted, a change lists its fields as an editor typed them, and a save that
    changed nothing says so rather than listing the version number."""
    model = record.instance._meta.model
    label = LABELS[model][1](record) if model in LABELS else str(record.instance)
    changes = differences(record) if record.history_type == "~" else []
    return {
        "action": ACTIONS.get(record.history_type, record.history_type),
        "label": label,
        "who": editor_name(record.history_user),
        "reason": readable_reason(record.history_change_reason),
        "changes": changes,
    }
