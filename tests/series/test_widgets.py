"""The Python-rendered widgets write exactly what Django's widget templates write."""

import pytest
from django import forms

from series import widgets
from series.filters import ShowFilterForm
from tests.factories import GenreFactory, NetworkFactory

CHOICES = [
    ("", "Any"),
    ("a", 'A "quoted" <b>label</b> & more'),
    ("Group <1>", [("b", "Bee"), ("c", "Sea")]),
    (3, "Three"),
]
ATTRS = [None, {"class": "x", "data-v": '"<&>'}, {"required": True, "disabled": False}]


def django_twin(widget):
    """The same widget rendered by Django's own templates."""
    twin = widget.__class__.__mro__[1](attrs=widget.attrs)
    if isinstance(widget, forms.Select):
        twin.choices = widget.choices
    return twin


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", [None, "", "a", "b", 3, "missing", '"<&>'])
def test_select_renders_as_the_template_does(value, attrs):
    widget = widgets.Select(attrs={"aria-label": "Pick"}, choices=CHOICES)
    rendered = widget.render("pick", value, attrs=attrs)
    assert rendered == django_twin(widget).render("pick", value, attrs=attrs)


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", [None, "", "2020", 2020, 'a "b" <c> & d'])
def test_text_input_renders_as_the_template_does(value, attrs):
    widget = widgets.TextInput(attrs={"inputmode": "numeric"})
    rendered = widget.render("year", value, attrs=attrs)
    assert rendered == django_twin(widget).render("year", value, attrs=attrs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"status": "ended", "network": "net-a", "genre": "drama", "year": "2020", "sort": "title"},
        {"status": "bogus", "network": "nowhere", "year": 'abc"<&', "sort": "worst"},
    ],
)
def test_the_filter_form_renders_as_with_djangos_widgets(data):
    NetworkFactory(slug="net-a", name='Net "A" & <Co>')
    GenreFactory(slug="drama", name="Drama")
    form = ShowFilterForm(data)
    form.is_valid()
    for field in form:
        if not isinstance(field.field.widget, widgets.Select | widgets.TextInput):
            continue  # the search box is written by the template itself
        fast = str(field)
        field.field.widget = django_twin(field.field.widget)
        assert fast == str(field), field.name
