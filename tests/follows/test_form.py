"""The follow form: same answer for every address, rate limits, signed links, privacy."""

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from follows.models import ConfirmationMail, Subscription
from follows.tokens import CONFIRM_SALT, confirm_token, unsubscribe_token
from tests.factories import ShowFactory
from tests.follows.helpers import run_worker

pytestmark = pytest.mark.django_db

PRIVACY = "We keep only your address and the show you follow"


@pytest.fixture
def show():
    return ShowFactory(title="Spinning Out")


def ask(client, show, address, capture, **extra):
    with capture(execute=True):
        return client.post(
            reverse("follows:follow", kwargs={"slug": show.slug}), {"email": address}, **extra
        )


def test_show_and_season_pages_carry_the_form_and_stay_cacheable(client, seed):
    for url in ["/shows/spinning-out/", "/shows/spinning-out/season/2/"]:
        first = client.get(url)
        text = first.content.decode()
        assert 'action="/follow/spinning-out/"' in text
        assert PRIVACY in text
        assert "csrfmiddlewaretoken" not in text
        assert client.get(url)["X-Page-Cache"] == "hit"


def test_the_answer_is_the_same_whether_or_not_the_address_follows(
    client, show, mailoutbox, django_capture_on_commit_callbacks
):
    Subscription.objects.create(email="fan@example.com", show=show, confirmed_at=timezone.now())
    known = ask(client, show, "FAN@example.com", django_capture_on_commit_callbacks)
    unknown = ask(client, show, "new@example.com", django_capture_on_commit_callbacks)
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    page = client.get(known["Location"])
    assert "Check your inbox" in page.content.decode()
    run_worker()
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    # Only the owner of each inbox learns which case it was.
    assert subjects == {
        "fan@example.com": "You already follow Spinning Out on showtracker",
        "new@example.com": "Confirm: follow Spinning Out on showtracker",
    }
    reminder = next(m for m in mailoutbox if m.to == ["fan@example.com"])
    assert reminder.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Subscription.objects.count() == 1


def test_a_bad_address_is_refused_and_nothing_is_queued(client, show):
    from django_tasks_db.models import DBTaskResult

    response = client.post(reverse("follows:follow", kwargs={"slug": show.slug}), {"email": "x@"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not DBTaskResult.objects.exists()


def test_requests_are_limited_per_client(
    client, show, settings, django_capture_on_commit_callbacks
):
    settings.FOLLOW_RATE_PER_CLIENT = 2
    codes = [
        ask(client, show, f"fan{n}@example.com", django_capture_on_commit_callbacks).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]
    refused = ask(client, show, "fan9@example.com", django_capture_on_commit_callbacks)
    assert "Too many follow requests" in refused.content.decode()
    other = ask(
        client,
        show,
        "fan9@example.com",
        django_capture_on_commit_callbacks,
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.status_code == 302


def test_clients_behind_a_trusted_proxy_are_counted_apart(
    client, show, settings, django_capture_on_commit_callbacks
):
    settings.FOLLOW_RATE_PER_CLIENT = 1
    settings.TRUSTED_PROXY_COUNT = 1

    def via_proxy(address, client_address):
        return ask(
            client,
            show,
            address,
            django_capture_on_commit_callbacks,
            HTTP_X_FORWARDED_FOR=client_address,
        ).status_code

    assert via_proxy("a@example.com", "198.51.100.1") == 302
    assert via_proxy("b@example.com", "198.51.100.2") == 302
    assert via_proxy("c@example.com", "198.51.100.1") == 429


def test_requests_are_limited_per_address(
    client, show, settings, django_capture_on_commit_callbacks
):
    settings.FOLLOW_RATE_PER_ADDRESS = 1
    first = ask(client, show, "fan@example.com", django_capture_on_commit_callbacks)
    again = ask(
        client,
        show,
        "Fan@Example.com",
        django_capture_on_commit_callbacks,
        REMOTE_ADDR="203.0.113.5",
    )
    assert (first.status_code, again.status_code) == (302, 429)


def test_confirming_needs_a_post_with_a_valid_fresh_link(client, show, settings):
    token = confirm_token("fan@example.com", show.pk)
    url = reverse("follows:confirm", args=[token])
    assert client.get(url).status_code == 200
    assert not Subscription.objects.exists()

    tampered = reverse("follows:confirm", args=[token[:-2] + "xx"])
    response = client.post(tampered)
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()

    expired = signing.TimestampSigner(salt=CONFIRM_SALT)
    old = expired.sign_object({"email": "fan@example.com", "show": show.pk}, compress=True)
    settings.FOLLOW_CONFIRM_DAYS = -1  # every link is past its age
    response = client.post(reverse("follows:confirm", args=[old]))
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    settings.FOLLOW_CONFIRM_DAYS = 3

    assert client.post(url).status_code == 200
    assert client.post(url).status_code == 200  # twice is harmless
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.is_confirmed) == ("fan@example.com", True)


def test_unsubscribing_needs_a_post_and_a_valid_link(client, show):
    subscription = Subscription.objects.create(
        email="fan@example.com", show=show, confirmed_at=timezone.now()
    )
    url = reverse("follows:unsubscribe", args=[unsubscribe_token(subscription)])
    page = client.get(url)
    assert "Stop following Spinning Out?" in page.content.decode()
    assert Subscription.objects.exists()
    assert client.post(url[:-3] + "xx/").status_code == 400
    assert Subscription.objects.exists()
    response = client.post(url)
    assert "You are unsubscribed" in response.content.decode()
    assert not Subscription.objects.exists()
    assert client.post(url).status_code == 200  # a second click changes nothing


def test_drafts_cannot_be_followed(client, admin_client):
    draft = ShowFactory(is_published=False)
    url = reverse("follows:follow", kwargs={"slug": draft.slug})
    assert client.post(url, {"email": "fan@example.com"}).status_code == 404
    preview = admin_client.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert PRIVACY not in preview.content.decode()


def test_mails_escape_editor_text_in_html_and_keep_it_plain_in_text(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    show = ShowFactory(title='Rock & Roll <script>alert("x")</script>')
    ask(client, show, "fan@example.com", django_capture_on_commit_callbacks)
    run_worker()
    [mail] = mailoutbox
    assert mail.subject == f"Confirm: follow {show.title} on showtracker"
    assert show.title in mail.body
    html = mail.alternatives[0][0]
    assert "<script>" not in html
    assert "Rock &amp; Roll &lt;script&gt;" in html


def test_a_request_repeated_before_its_mail_went_out_sends_one_mail(
    client, show, mailoutbox, django_capture_on_commit_callbacks
):
    """Both would carry the same link: the second request adds nothing while one waits."""
    for _ in range(2):
        ask(client, show, "new@example.com", django_capture_on_commit_callbacks)
    run_worker()
    assert [m.to for m in mailoutbox] == [["new@example.com"]]
    assert not ConfirmationMail.objects.exists()  # the address is not kept once sent
