""" "Read an article": the preview writes nothing; the confirmation writes a draft show
with its seasons, people, credits, scores and sourced announcement through the models'
checks and history; a second run changes nothing; a stored show's changes are shown as
a diff; people are matched by name."""

import pytest
from django.urls import reverse
from django.utils import timezone

from series.models import (
    Announcement,
    CastCredit,
    CrewCredit,
    CriticScore,
    Person,
    Season,
    Show,
)
from tests.admin.article_helpers import (
    SEED_PUBLICATION,
    SEED_TEXT,
    SEED_URL,
    confirm,
    read,
    read_and_confirm,
)
from tests.factories import NetworkFactory, PersonFactory

pytestmark = pytest.mark.django_db

FACT_MODELS = [Show, Season, Person, CastCredit, CrewCredit, CriticScore, Announcement]
CAST = [
    ("Kaya Scodelario", "Kat Baker"),
    ("Willow Shields", "Serena Baker"),
    ("Evan Roderick", "Justin Davis"),
    ("David James Elliott", "James Davis"),
    ("Sarah Wright Olsen", "Mandy Davis"),
    ("Svetlana Efremova", "Dasha Fedorova"),
    ("Amanda Zhou", "Jenn Yu"),
    ("Mitchell Edwards", "Marcus Holmes"),
    ("Kaitlyn Leeb", "Leah Starnes"),
    ("Will Kemp", "Mitch Saunders"),
    ("January Jones", "Carol Baker"),
]


@pytest.fixture
def netflix(db):
    return NetworkFactory(name="Netflix", slug="netflix")


def stored():
    """How many rows each fact table and its history holds."""
    return {model.__name__: model.objects.count() for model in FACT_MODELS} | {
        f"{model.__name__} history": model.history.count() for model in FACT_MODELS
    }


def outcome_of(response, prefix):
    return response.context["outcomes"].get(prefix)


def test_the_preview_shows_each_fact_beside_its_sentence_and_writes_nothing(
    editor_client, netflix
):
    response = read(editor_client)
    assert response.status_code == 200
    text = response.content.decode()
    page = response.context["page"]
    assert page.show_form["title"].value() == "Spinning Out"
    assert page.show_form["network"].value() == netflix.pk
    seasons = {number: dict(forms) for number, forms in page.season_forms}
    assert seasons[1]["premiere"]["value"].value() == "2020-01-01"
    assert seasons[1]["premiere"].evidence == (
        "The American drama series got its release on the new year on 1st January 2020."
    )
    assert seasons[1]["episodes"].evidence == (
        "It is released on Netflix with a total of 10 episodes."
    )
    assert seasons[2]["decision"]["value"].value() == "cancelled"
    assert seasons[2]["decision"]["date"].value() == "2020-02"
    assert [(f["person"].value(), f["character"].value()) for f in page.cast_forms] == CAST
    assert all(form["season"].value() == 1 for form in page.cast_forms)
    assert [(f["person"].value(), f["job"].value()) for f in page.crew_forms] == [
        ("Samantha Stratton", "director")
    ]
    # Each sentence is on the page beside its fact, escaped like everything else.
    for sentence in [
        "Spinning out is directed by Samantha Stratton.",
        "They announced in February 2020 about canceling the second season.",
        "based on 16 reviews on the website Rotten Tomatoes.",
        "Kaya Scodelario as Kat Baker",
    ]:
        assert sentence in text
    assert "Confirming creates the draft show <strong>Spinning Out</strong> (Netflix)" in text
    assert text.count('class="fact-flag">New person<') == 12
    assert stored() == dict.fromkeys(stored(), 0)


def test_confirming_writes_a_sourced_draft_through_the_history(editor_client, editor, netflix):
    response = read_and_confirm(editor_client)

    show = Show.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:series_show_change", args=[show.pk])
    assert (show.title, show.slug, show.network, show.is_published) == (
        "Spinning Out",
        "spinning-out",
        netflix,
        False,
    )
    first, second = show.seasons.order_by("number")
    assert (str(first.premiere), first.episode_count, first.decision) == (
        "1 January 2020",
        10,
        "pending",
    )
    assert (second.premiere, second.decision) == (None, "cancelled")
    assert show.status == "cancelled"  # derived by the save path, as any admin save
    credits = list(CastCredit.objects.filter(season=first).order_by("billing_order"))
    assert [(c.person.name, c.character_name) for c in credits] == CAST
    assert [(c.billing_order, c.role) for c in credits] == [(n, "main") for n in range(1, 12)]
    assert list(CrewCredit.objects.values_list("person__name", "job")) == [
        ("Samantha Stratton", "director")
    ]
    scores = CriticScore.objects.filter(season=first).order_by("aggregator")
    assert [
        (s.aggregator, s.score, s.average_rating and float(s.average_rating), s.review_count)
        for s in scores
    ] == [("metacritic", 47, None, 4), ("rotten_tomatoes", 63, 6.5, 16)]
    announcement = Announcement.objects.get()
    assert (announcement.season, announcement.decision, str(announcement.announced)) == (
        second,
        "cancelled",
        "February 2020",
    )
    assert (announcement.source_name, announcement.source_url) == (SEED_PUBLICATION, SEED_URL)
    assert announcement.summary == (
        "They announced in February 2020 about canceling the second season."
    )
    assert Person.objects.count() == 12
    # Who and why, on every record written.
    for model in FACT_MODELS:
        for row in model.history.all():
            assert row.history_user == editor
            assert row.history_change_reason == "Read from an article in Union Journalism"
    message = str(next(iter(response.wsgi_request._messages)))
    assert message.startswith("Spinning Out is a new draft with 2 new seasons, 1 announcement")


def test_the_drafts_season_2_answers_as_the_seed_does_from_the_same_source(editor_client, netflix):
    """The article's own report gives "in February 2020"; the seed also holds Variety's
    "3 February 2020", which the article does not contain."""
    read_and_confirm(editor_client)
    answer = Season.objects.get(number=2).answer()
    assert (answer.label, answer.sentence) == (
        "Cancelled",
        "Netflix cancelled the series in February 2020; season 2 will not be made.",
    )


def test_a_second_run_of_the_same_article_changes_nothing(editor_client, netflix):
    read_and_confirm(editor_client)
    before = stored()
    versions = {m.__name__: list(m.objects.values_list("version", flat=True)) for m in FACT_MODELS}

    response = read(editor_client)
    outcomes = response.context["outcomes"]
    assert outcomes and {o.state for o in outcomes.values()} == {"recorded"}
    assert "confirming changes nothing" in response.content.decode()
    response = confirm(editor_client, response)

    assert response.status_code == 302
    assert stored() == before
    assert {
        m.__name__: list(m.objects.values_list("version", flat=True)) for m in FACT_MODELS
    } == versions
    message = str(next(iter(response.wsgi_request._messages)))
    assert message == "Nothing to save: every fact you kept is already recorded for Spinning Out."


def test_a_stored_show_is_matched_and_its_changes_are_shown_before_confirming(editor_client, seed):
    """The seed's show, with season 1 at 8 episodes: the preview marks that change, the
    director credit as new (the seed records her as creator) and the rest as recorded."""
    Season.objects.filter(number=1).update(episode_count=8)
    before = stored()

    response = read(editor_client)
    assert response.context["draft"].show_is_new is False
    assert outcome_of(response, "season-0-premiere").state == "recorded"
    episodes = outcome_of(response, "season-0-episodes")
    assert (episodes.state, episodes.before) == ("changed", "8")
    assert outcome_of(response, "season-1-decision").state == "recorded"
    assert {outcome_of(response, f"cast-{i}").state for i in range(11)} == {"recorded"}
    assert outcome_of(response, "crew-0").state == "new"
    assert {outcome_of(response, f"score-{i}").state for i in range(2)} == {"recorded"}
    text = response.content.decode()
    assert "Changes from 8" in text
    assert "is already recorded: confirming adds what is new" in text
    assert "New person" not in text  # every name is someone stored
    assert stored() == before

    confirm(editor_client, response)
    show = Show.objects.get()
    assert show.is_published  # a published show stays published
    assert Season.objects.get(number=1).episode_count == 10
    assert set(CrewCredit.objects.values_list("job", flat=True)) == {"creator", "director"}
    assert Person.objects.count() == before["Person"]
    assert CastCredit.objects.count() == before["CastCredit"]
    assert Announcement.objects.count() == before["Announcement"]


def test_people_are_matched_by_name_and_namesakes_are_chosen_by_the_editor(editor_client, netflix):
    kaya = PersonFactory(name="Kaya Scodelario", slug="kaya-scodelario")
    first = PersonFactory(name="Will Kemp", slug="will-kemp")
    second = PersonFactory(name="WILL KEMP", slug="will-kemp-2")

    response = read(editor_client)
    page = response.context["page"]
    assert page.cast_forms[0]["match"].value() == str(kaya.pk)
    assert not page.cast_forms[0].is_new_person
    will = page.cast_forms[9]
    assert [pk for pk, _ in will.fields["match"].choices][1:3] == [str(first.pk), str(second.pk)]
    assert "Will Kemp — no credits yet · #" in response.content.decode()

    refused = confirm(editor_client, response)
    assert refused.status_code == 200
    assert "2 people are named Will Kemp: choose one, or a new person." in (
        refused.content.decode()
    )
    assert not Show.objects.exists()

    confirm(editor_client, response, **{"cast-9-match": str(second.pk)})
    assert CastCredit.objects.get(character_name="Mitch Saunders").person == second
    assert CastCredit.objects.get(character_name="Kat Baker").person == kaya
    assert Person.objects.filter(name="Kaya Scodelario").count() == 1
    assert Person.objects.count() == 3 + 10  # the other ten names (nine cast, the director)


def test_an_unticked_fact_is_left_out_and_a_corrected_value_is_written(editor_client, netflix):
    response = read(editor_client)
    confirm(
        editor_client,
        response,
        **{
            "cast-10-include": None,
            "cast-0-character": "Katarina Baker",
            "score-0-score": "64",
            "crew-0-job": "creator",
        },
    )
    characters = set(CastCredit.objects.values_list("character_name", flat=True))
    assert "Carol Baker" not in characters and "Katarina Baker" in characters
    assert not Person.objects.filter(name="January Jones").exists()
    assert CriticScore.objects.get(aggregator="rotten_tomatoes").score == 64
    assert CrewCredit.objects.get().job == "creator"


def test_a_failed_check_writes_nothing_and_keeps_what_the_editor_typed(editor_client, seed):
    """The stored season 2 has premiered: the article's cancellation belongs on season 3,
    so the model refuses it; the new director credit is not written either."""
    Announcement.objects.all().delete()
    Season.objects.filter(number=2).update(
        premiere_date=timezone.localdate().replace(year=2021), premiere_precision="day"
    )
    before = stored()
    response = read(editor_client)
    response = confirm(
        editor_client,
        response,
        publication="Union Journalism (May 2020)",
        **{"crew-0-job": "showrunner"},
    )

    assert response.status_code == 200
    decision = response.context["page"].season_forms[1][1][0][1]
    assert "Season 2 has aired; a cancellation belongs to the season that will not be made. " in (
        " ".join(decision.non_field_errors())
    )
    assert stored() == before
    text = response.content.decode()
    assert 'value="Union Journalism (May 2020)"' in text
    assert '<option value="showrunner" selected>' in text


@pytest.mark.parametrize(
    ("text", "url", "publication", "field", "message"),
    [
        ("", SEED_URL, "Variety", "text", "Paste the article's text: there is nothing to read."),
        ("   \n ", SEED_URL, "Variety", "text", "Paste the article's text"),
        (
            "A recipe for lemon cake. Mix the flour and the sugar.",
            SEED_URL,
            "Variety",
            "text",
            "The reader found no show, season, cast, crew or critic score in this text.",
        ),
        (SEED_TEXT, "javascript:alert(1)", "Variety", "url", "Enter the article's full address"),
        (SEED_TEXT, "not a url", "Variety", "url", "Enter the article's full address"),
        (SEED_TEXT, SEED_URL, "", "publication", "This field is required."),
    ],
)
def test_bad_input_is_explained_on_the_first_page(
    editor_client, netflix, text, url, publication, field, message
):
    response = read(editor_client, text=text, url=url, publication=publication)
    assert response.status_code == 200
    assert response.context["page"] is None
    assert any(message in error for error in response.context["article"].errors[field])
    assert "Please correct the errors below; nothing was read or saved." in (
        response.content.decode()
    )
    assert not Show.objects.exists()


@pytest.mark.parametrize(
    "tampered",
    [
        {"cast-99-include": "on", "cast-99-person": "Nobody", "cast-99-character": "X"},
        {"season-7-premiere-include": "on", "season-7-premiere-value": "2020"},
        {"score-2-include": "on"},
        {"season-0-decision-include": "on"},  # season 1 has no decision in the article
    ],
)
def test_a_tampered_form_is_refused_with_the_facts_read_again(editor_client, netflix, tampered):
    response = read(editor_client)
    response = confirm(editor_client, response, **tampered)
    assert response.status_code == 400
    assert "The form named facts this article does not have" in response.content.decode()
    assert len(response.context["page"].cast_forms) == 11
    assert not Show.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"score-0-score": "200"}, "Ensure this value is less than or equal to 100."),
        ({"season-0-premiere-value": "31/31/2020"}, ""),
        ({"show-network": "999999"}, "Select a valid choice."),
        ({"cast-0-match": "999999"}, ""),
        ({"cast-0-character": ""}, "Needed for a fact you keep (or untick it)."),
        ({"season-1-decision-value": "maybe"}, "Select a valid choice."),
    ],
)
def test_a_bad_value_is_an_error_beside_it_never_a_500(editor_client, netflix, changes, message):
    response = read(editor_client)
    response = confirm(editor_client, response, **changes)
    assert response.status_code in (200, 302)
    if message:
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Show.objects.exists()


def test_the_confirmation_costs_a_bounded_number_of_queries(editor_client, netflix):
    """Reading what is stored costs the same whatever the number of facts; each record
    written costs its own checks and saves (as any admin save), nothing per fact more; a
    second run writes nothing in the same number of queries for 11 or 31 cast credits."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = ["Alice", "Bruno", "Carla", "Dmitri", "Elena"]
    last = ["Moreau", "Tanaka", "Okafor", "Lindqvist"]
    roles = ["Vance", "Wolfe", "Xavier", "Young"]
    longer = SEED_TEXT + "".join(
        f"\n    • {first[n % 5]} {last[n // 5]} as {first[4 - n % 5]} {roles[n // 5]}"
        for n in range(20)
    )

    def counted(text):
        response = read(editor_client, text=text)
        with CaptureQueriesContext(connection) as queries:
            confirm(editor_client, response)
        return len(queries)

    first_short = counted(SEED_TEXT)
    again_short = counted(SEED_TEXT)
    Show.objects.all().delete()
    Person.objects.all().delete()
    first_long = counted(longer)
    again_long = counted(longer)
    assert CastCredit.objects.count() == 31
    assert again_long == again_short
    # 20 more cast credits, each with a new person: the same cost for each.
    assert (first_long - first_short) % 20 == 0
    per_credit_and_person = (first_long - first_short) // 20
    # A new person: its slug's uniqueness, its checks, insert, history (4); a credit: its
    # season and person exist, its uniqueness, its checks, insert, history (6).
    assert per_credit_and_person == 10


def test_the_page_is_for_editors_who_may_add_the_facts(client, django_user_model, editor_client):
    from django.contrib.auth.models import Permission

    url = reverse("admin:series_show_read_article")
    assert editor_client.get(url).status_code == 200
    assert url in editor_client.get(reverse("admin:index")).content.decode()
    assert url in editor_client.get(reverse("admin:series_show_changelist")).content.decode()

    adder = django_user_model.objects.create_user("adder", password="x", is_staff=True)
    adder.user_permissions.set(
        Permission.objects.filter(codename__in=["add_show", "change_show", "view_show"])
    )
    client.force_login(adder)
    assert client.get(url).status_code == 403
    assert client.post(url, {"step": "read", "text": SEED_TEXT}).status_code == 403
    assert url not in client.get(reverse("admin:series_show_changelist")).content.decode()
    assert url not in client.get(reverse("admin:index")).content.decode()
