"""Form widgets that render in Python, byte for byte as Django's widget templates do.

The show list's filter form went through the form renderer: a template per widget and
an `{% include %}` per option and per attribute list, 26 % of the page's Python calls
(measured with cProfile). These build the same HTML from the same `get_context()`, and strip
the outer result as the renderer does; tests/series/test_widgets.py holds them to the
templates' output.
"""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString


def flat_attrs(attrs):
    """django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, skip False."""
    return SafeString(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class Select(forms.Select):
    """django/forms/widgets/select.html and select_option.html, without templates."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flat_attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    option["value"],
                    flat_attrs(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        # Safe: every part is a literal or built by format_html, which escapes its values.
        return SafeString("".join(parts))


class TextInput(forms.TextInput):
    """django/forms/widgets/input.html (through text.html), without templates."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            shown,
            flat_attrs(widget["attrs"]),
        )
