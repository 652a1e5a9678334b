"""Follow a show by email: ask, confirm through the mailed link, unsubscribe in one click.

The follow form is exempt from CSRF on purpose: it grants nothing to the visitor's
session (anyone can type any address; only its owner can confirm), and a CSRF token
would keep the show and season pages that carry the form out of the page cache.
The signed links authorize the confirm and unsubscribe POSTs, which mail providers
send without cookies (RFC 8058).
"""

from django.conf import settings
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from series.models import Show
from showtracker.security import client_ip

from . import ratelimit
from .forms import FollowForm
from .models import Subscription
from .tasks import request_follow
from .tokens import read_confirm_token, read_unsubscribe_token

TOO_MANY = "Too many follow requests. Please try again in an hour."


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def follow(request, slug):
    """Ask to follow a show; the answer is the same whether or not the address follows."""
    show = get_object_or_404(Show.objects.published(), slug=slug)
    form = FollowForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            email = form.cleaned_data["email"]
            if not ratelimit.allow(
                "client", client_ip(request) or "", settings.FOLLOW_RATE_PER_CLIENT
            ) or not ratelimit.allow("address", email, settings.FOLLOW_RATE_PER_ADDRESS):
                form.add_error(None, TOO_MANY)
                status = 429
            else:
                request_follow(email, show)
                return redirect("follows:requested", slug=show.slug)
        else:
            status = 400
    return render(request, "follows/follow.html", {"show": show, "form": form}, status=status)


def requested(request, slug):
    show = get_object_or_404(Show.objects.published(), slug=slug)
    return render(request, "follows/requested.html", {"show": show})


def bad_link(request, what):
    return render(request, "follows/bad_link.html", {"what": what}, status=400)


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button (link scanners only GET); POST confirms the follow."""
    try:
        email, show_id = read_confirm_token(token)
    except signing.SignatureExpired:
        return bad_link(request, "expired")
    except signing.BadSignature:
        return bad_link(request, "invalid")
    show = get_object_or_404(Show.objects.published(), pk=show_id)
    if request.method != "POST":
        return render(request, "follows/confirm.html", {"show": show, "email": email})
    subscription, _ = Subscription.objects.get_or_create(email=email, show=show)
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return render(request, "follows/confirmed.html", {"show": show, "email": email})


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows a button; POST (a click, or the mail provider's one-click) unsubscribes."""
    try:
        email, show_id = read_unsubscribe_token(token)
    except signing.BadSignature:
        return bad_link(request, "invalid")
    show = Show.objects.filter(pk=show_id).first()
    if request.method != "POST":
        return render(request, "follows/unsubscribe.html", {"show": show, "email": email})
    Subscription.objects.filter(email=email, show_id=show_id).delete()
    return render(request, "follows/unsubscribed.html", {"show": show, "email": email})
