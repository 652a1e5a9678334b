"""Template helpers for the public pages."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from series import images, links
from series.countries import country_name

from . import external

register = template.Library()

# The escapes Django's json_script uses: no "<", ">" or "&" survives into the
# script element, so editor text can never close it or open another.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def country(code):
    """A show's stored ISO 3166 code as its English name ("KR": "South Korea")."""
    return country_name(code)


@register.filter
def jsonld(value):
    """A schema.org JSON-LD script element, escaped like `json_script`."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    # Safe: the three characters HTML could act on inside <script> are escaped above.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),
    )


@register.simple_tag
def picture(record, width, name="", colour="", eager=False, credit=False):
    """A picture's renditions at `width` CSS pixels, or a placeholder: never a broken image.

    `name` gives the placeholder's letters (initials of a person or show, a network's
    name) and `colour` its background (a network's colour); `eager` is for the one
    picture at the top of a page, every other one loads lazily; `credit` captions it.
    Built with `format_html`, not an inclusion tag: a show page has a dozen pictures,
    and rendering each through a template was an eighth of the page.
    """
    kind = record.image_kind
    shape = images.SHAPES[kind]
    found = images.picture(record, kind, width)
    if found is None:
        return placeholder(record, kind, shape, width, name, colour)
    (first_type, first_srcset), *_ = found.sources
    img = format_html(
        '<picture><source type="{}" srcset="{}" sizes="{}px"><img src="{}" srcset="{}" '
        'sizes="{}px" width="{}" height="{}" alt="{}" decoding="async" {}></picture>',
        first_type,
        first_srcset,
        width,
        found.src,
        found.sources[-1][1],
        width,
        found.width,
        found.height,
        found.alt,
        mark_safe('fetchpriority="high"' if eager else 'loading="lazy"'),
    )
    if credit:
        return format_html(
            '<figure class="picture picture--{}">{}<figcaption class="picture__credit">'
            "{}: {}</figcaption></figure>",
            kind,
            img,
            credit,
            found.credit,
        )
    return format_html('<span class="picture picture--{}">{}</span>', kind, img)


def placeholder(record, kind, shape, width, name, colour):
    """A picture's stand-in: letters on a colour, the size the picture would be."""
    background = colour or images.placeholder_colour(name or str(record))
    text = name or str(record)
    letters = text if kind == "logo" and len(text) <= 10 else images.initials(text)
    view_height = shape.height(100)
    return format_html(
        '<svg class="picture picture--{} picture--placeholder" aria-hidden="true" '
        'focusable="false" width="{}" height="{}" viewBox="0 0 100 {}"><rect width="100" '
        'height="{}" rx="4" fill="{}"/><text x="50" y="50%" dy=".35em" text-anchor="middle" '
        'font-family="system-ui, sans-serif" font-weight="700" font-size="{}" fill="{}">{}'
        "</text></svg>",
        kind,
        width,
        shape.height(width),
        view_height,
        view_height,
        background,
        images.letter_size(letters, 100, view_height),
        images.ink_on(background),
        letters,
    )


@register.simple_tag
def status_badge(key, label):
    """A status as a coloured badge: one span, rendered inline in loops (an
    `{% include %}` per row cost more than the rest of the row; BENCHMARKS.md)."""
    return format_html('<span class="badge badge--{}">{}</span>', key, label)


@register.simple_tag
def link(viewname, **kwargs):
    """`{% url %}` with keyword arguments, each URL reversed once per process (series/links.py)."""
    return links.reverse(viewname, **kwargs)


@register.filter
def external_links(record):
    """[(site name, URL)] for the IMDb, TMDB and TVmaze ids stored on a show or person."""
    return external.external_links(record)
