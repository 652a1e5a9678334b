"""Every surface says what the rules say, for random catalogues on random days.

Hypothesis builds a catalogue (shows, seasons with fuzzy dates of every precision,
announcements in any order), saves it on one day and reads it on the same or a
later day with no daily job run in between. The admin lists, filters and change
pages, the show and season pages, the filtered show list, the home and scorecard
counts, the feed and the API must each say what `series.status` derives from the
facts and that day; each count must equal the length of the list it links to.
"""

import datetime

import feedparser
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from series.fuzzy import FuzzyDate, Precision
from series.models import Announcement, Network, Season, Show
from series.status import (
    Decision,
    Report,
    SeasonFacts,
    SeasonState,
    ShowStatus,
    answer,
    current_decisions,
    decision_date,
    decision_label,
    latest_decision,
    show_status,
)
from tests import surfaces
from tests.factories import EditorFactory, NetworkFactory

FIRST_DAY = datetime.date(2019, 1, 1)
LAST_DAY = datetime.date(2029, 12, 31)

days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
precisions = st.sampled_from(Precision.values)
fuzzy_dates = st.builds(
    lambda day, precision: FuzzyDate(day, precision).normalized(), days, precisions
)


@st.composite
def seasons(draw, number):
    premiere = draw(st.none() | fuzzy_dates)
    finale = None
    if premiere is not None and draw(st.booleans()):
        length = draw(st.sampled_from([0, 0, 7, 30, 90]))
        finale = FuzzyDate(premiere.date + datetime.timedelta(days=length), draw(precisions))
        finale = finale.normalized()
        if finale.start < premiere.start:  # a coarser finale may not start before its premiere
            finale = FuzzyDate(premiere.end, Precision.DAY)
    reports = draw(
        st.lists(
            st.tuples(st.sampled_from(["renewed", "final", "cancelled"]), fuzzy_dates),
            max_size=3,
            unique_by=lambda report: report[1].date,
        )
    )
    return {"number": number, "premiere": premiere, "finale": finale, "reports": reports}


@st.composite
def catalogues(draw):
    shows = []
    for index in range(draw(st.integers(1, 3))):
        count = draw(st.integers(1, 3))
        shows.append(
            {
                "slug": f"show-{index}",
                "title": f"Show {index}",
                "seasons": [draw(seasons(number)) for number in range(1, count + 1)],
            }
        )
    return shows


def noon(day):
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def save(catalogue):
    network = NetworkFactory(name="Agreement", slug="agreement")
    for spec in catalogue:
        show = Show.objects.create(
            title=spec["title"], slug=spec["slug"], network=network, is_published=True
        )
        for facts in spec["seasons"]:
            season = Season(show=show, number=facts["number"])
            season.premiere, season.finale = facts["premiere"], facts["finale"]
            season.save()
            for decision, announced in facts["reports"]:
                announcement = Announcement(
                    season=season, decision=decision, source_name="Trade press"
                )
                announcement.announced = announced
                announcement.save()


def expected(catalogue, today):
    """The rules' answers, from the generated facts alone."""
    statuses, decisions, headlines = {}, {}, {}
    for spec in catalogue:
        states = []
        for facts in spec["seasons"]:
            reports = [Report(d, when, entry) for entry, (d, when) in enumerate(facts["reports"])]
            facts["decision"] = latest_decision(reports)
            facts["decided_on"] = decision_date(reports)
            states.append(
                SeasonState(facts["number"], facts["decision"], facts["premiere"], facts["finale"])
            )
        statuses[spec["slug"]] = show_status(states, today)
        current = current_decisions(states, today)
        for facts in spec["seasons"]:
            number = facts["number"]
            decisions[spec["slug"], number] = current[number]
            headlines[spec["slug"], number] = answer(
                SeasonFacts(
                    spec["title"],
                    "Agreement",
                    number,
                    current[number],
                    facts["premiere"],
                    facts["finale"],
                    None,
                    facts["decided_on"],
                ),
                today,
            ).label
    return statuses, decisions, headlines


class EverySurfaceAgreesTests(TestCase):
    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        catalogue=catalogues(),
        saved_on=days,
        later=st.sampled_from([0, 1, 45, 400]) | st.integers(0, 2000),
    )
    def test_every_surface_says_what_the_rules_say(self, catalogue, saved_on, later):
        cache.clear()
        read_on = saved_on + datetime.timedelta(days=later)
        with time_machine.travel(noon(saved_on), tick=False):
            save(catalogue)
        with time_machine.travel(noon(read_on), tick=False):
            statuses, decisions, headlines = expected(catalogue, read_on)
            self.check_public_pages(catalogue, statuses, decisions, headlines)
            self.check_lists_and_counts(statuses)
            self.check_api(catalogue, statuses, decisions)
            self.check_admin(catalogue, statuses, decisions)
            self.check_feed(catalogue)

    def check_public_pages(self, catalogue, statuses, decisions, headlines):
        client = Client()
        for show in Show.objects.all():
            label = ShowStatus(statuses[show.slug]).label
            self.assertEqual(surfaces.show_page_status(client, show), label, show.slug)
        for season in Season.objects.select_related("show"):
            key = (season.show.slug, season.number)
            self.assertEqual(
                surfaces.season_page(client, season),
                (headlines[key], decision_label(decisions[key], season.number)),
                key,
            )

    def check_lists_and_counts(self, statuses):
        client = Client()
        counts = surfaces.home_counts(client)
        for status in ShowStatus.values:
            listed = surfaces.listed_slugs(client, status)
            wanted = [slug for slug, value in statuses.items() if value == status]
            self.assertCountEqual(listed, wanted, status)
            self.assertEqual(counts[status], len(listed), status)
        self.assertEqual(surfaces.scorecard_counts(client), counts)
        network = Network.objects.get(slug="agreement")  # every show is on this one
        self.assertEqual(surfaces.network_counts(client, network), counts)

    def check_api(self, catalogue, statuses, decisions):
        client = Client()
        self.assertEqual(surfaces.api_list_statuses(client), statuses)
        for show in Show.objects.all():
            body = surfaces.api_show(client, show)
            self.assertEqual(body["status"], statuses[show.slug])
            for season in body["seasons"]:
                decision = decisions[show.slug, season["number"]]
                self.assertEqual(season["decision"], decision)
                self.assertEqual(
                    season["decision_label"], decision_label(decision, season["number"])
                )

    def check_admin(self, catalogue, statuses, decisions):
        client = Client()
        client.force_login(EditorFactory())
        admin_statuses = surfaces.admin_show_statuses(client)
        for show in Show.objects.all():
            self.assertEqual(admin_statuses[show.title], ShowStatus(statuses[show.slug]).label)
            labels = surfaces.admin_season_decisions(client, show)
            for number, label in labels.items():
                self.assertEqual(label, decision_label(decisions[show.slug, number], number))
        for decision in Decision.values:
            wanted = {
                (f"Show {slug.split('-')[1]}", number)
                for (slug, number), value in decisions.items()
                if value == decision
            }
            self.assertEqual(surfaces.admin_season_filter(client, decision), wanted, decision)
        for season in Season.objects.select_related("show"):
            label = decision_label(decisions[season.show.slug, season.number], season.number)
            self.assertEqual(surfaces.admin_season_change_decision(client, season), label)

    def check_feed(self, catalogue):
        feed = feedparser.parse(Client().get(reverse("series:announcement-feed")).content)
        announcements = Announcement.objects.select_related("season__show").in_bulk()
        self.assertEqual(len(feed.entries), min(len(announcements), 50))
        for entry in feed.entries:
            announcement = announcements[int(entry.link.rsplit("#announcement-", 1)[1])]
            season = announcement.season
            label = decision_label(announcement.decision, season.number)
            self.assertEqual(entry.title, f"{season.show.title} Season {season.number}: {label}")
