"""`loaddata` is our subclass of Django's command (series/management/commands/loaddata.py).

It overrides two undocumented methods of Django's command, so the first tests pin what
it relies on and fail loudly when a Django upgrade changes it; the others pin what it
adds through every path Django offers: several files in one call, standard input, and
the counts Django reports.
"""

import inspect
import io
import json
import sys

import pytest
from django.apps import apps
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from django.core.management.commands import loaddata as django_loaddata

from series.management.commands import loaddata
from series.models import Network, OutlookTally, Show
from tests.site.test_bad_input import season_record

pytestmark = pytest.mark.django_db

DJANGO = django_loaddata.Command


def parameters(function):
    return list(inspect.signature(function).parameters)


def test_the_command_people_type_is_ours():
    assert isinstance(load_command_class("series", "loaddata"), loaddata.Command)
    assert issubclass(loaddata.Command, DJANGO)


def test_django_still_has_the_methods_the_override_replaces_with_the_same_signatures():
    assert parameters(DJANGO.load_label) == ["self", "fixture_label"]
    assert parameters(DJANGO.save_obj) == ["self", "obj"]
    assert parameters(DJANGO.find_fixtures) == ["self", "fixture_label"]
    assert parameters(DJANGO.handle) == ["self", "fixture_labels", "options"]
    assert django_loaddata.READ_STDIN == "-"


def test_django_still_loads_each_label_and_saves_each_record_through_them():
    """The override only runs if Django calls these per label and per record."""
    assert "self.load_label(fixture_label)" in inspect.getsource(DJANGO.loaddata)
    assert "self.save_obj(obj)" in inspect.getsource(DJANGO.load_label)
    assert "self.using = " in inspect.getsource(DJANGO.handle)


def network_record(slug, **fields):
    return {
        "model": "series.network",
        "fields": {"name": slug.title(), "slug": slug, "kind": "streaming", **fields},
    }


def write(path, records):
    path.write_text(json.dumps(records))
    return str(path)


def test_a_good_load_reports_djangos_counts(tmp_path):
    out = io.StringIO()
    fixture = write(tmp_path / "networks.json", [network_record("one"), network_record("two")])
    call_command("loaddata", fixture, stdout=out)
    assert out.getvalue().strip() == "Installed 2 object(s) from 1 fixture(s)"
    assert set(Network.objects.values_list("slug", flat=True)) == {"one", "two"}


def test_each_file_of_one_call_is_checked_and_named_on_its_own(seed, tmp_path):
    good = write(tmp_path / "good.json", [network_record("one")])
    bad = write(tmp_path / "bad.json", [season_record(show="no-such-show")])
    with pytest.raises(CommandError) as error:
        call_command("loaddata", good, bad, verbosity=0)
    assert f"Could not load fixture '{bad}', record 1 " in str(error.value)
    assert "show ['no-such-show'] does not exist" in str(error.value)
    assert not Network.objects.filter(slug="one").exists()  # the whole load rolled back


def test_standard_input_is_checked_too(seed, monkeypatch):
    records = [network_record("piped"), network_record("piped", name="Again")]
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(records)))
    with pytest.raises(CommandError) as error:
        call_command("loaddata", "-", format="json", verbosity=0)
    assert "Could not load fixture 'stdin', record 2 (series.Network ('piped',))" in str(
        error.value
    )
    assert "same natural key as record 1" in str(error.value)
    assert not Network.objects.filter(slug="piped").exists()


def test_standard_input_loads(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps([network_record("piped")])))
    call_command("loaddata", "-", format="json", verbosity=0)
    assert Network.objects.get(slug="piped").name == "Piped"


def test_a_load_writes_no_history_not_even_for_many_to_many_rows(seed):
    """Facts loaded from a fixture were not edited by anyone; the seed sets a show's genres."""
    show = Show.objects.get(slug="spinning-out")
    assert show.genres.exists()
    assert not show.history.exists()
    assert not apps.get_model("history", "HistoricalShow_genres").objects.exists()


def test_a_dumped_outlook_tally_is_counted_afresh_not_loaded(seed, tmp_path):
    """A dump of the app carries the tallies derived from its facts; the load counts
    them again from the facts it loads, so a stale or altered row never lands."""
    counted = list(OutlookTally.objects.values_list("network_id", "group", "band", "decided"))
    assert counted
    tally = {"network": None, "group": 1, "band": "", "renewed": 99, "decided": 99}
    fixture = write(tmp_path / "tally.json", [{"model": "series.outlooktally", "fields": tally}])
    call_command("loaddata", fixture, verbosity=0)
    assert not OutlookTally.objects.filter(decided=99).exists()
    assert (
        list(OutlookTally.objects.values_list("network_id", "group", "band", "decided")) == counted
    )
