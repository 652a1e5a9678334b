"""Security glue that settings alone cannot express."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

# The admin's widgets set a few inline style attributes; its scripts are all files.
ADMIN_CSP_REPLACE = {"style-src": ["'self'", "'unsafe-inline'"]}


class AdminContentSecurityPolicyMiddleware:
    """Relax the Content-Security-Policy for the admin only; public pages keep the strict one.

    Sits after csp.middleware.CSPMiddleware in MIDDLEWARE (so it sees the response first)
    and marks the response before that middleware builds the header.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if request.path.startswith(self.admin_prefix) and not hasattr(response, "_csp_replace"):
            response._csp_replace = ADMIN_CSP_REPLACE
        return response


def lockout(request, original_response=None, credentials=None):
    """django-axes' lockout page: plain words, the limit and how long to wait."""
    minutes = max(1, int(get_cool_off(request).total_seconds() // 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(
        request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


def client_ip(request):
    """The address login throttling counts failures for.

    Behind N trusted proxies (`TRUSTED_PROXY_COUNT=N`), the client is the Nth address from
    the right of X-Forwarded-For: each proxy appends the peer it saw, and anything further
    left was written by the client and cannot be trusted. Without proxies: REMOTE_ADDR.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
