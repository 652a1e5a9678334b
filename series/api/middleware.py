"""HTTP for the API, around its views: HEAD answered as GET without the body, and the
one error format for errors that happen before a view runs (an unknown path, an
unsupported method).

CORS is django-cors-headers' (settings: CORS_*); ETag, 304 and Cache-Control are
Django's, applied to every operation by `http_caching` below.
"""

from functools import wraps

from django.conf import settings
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware

from .errors import error_response

PREFIX = "/api/"
MESSAGES = {
    404: "Nothing here: see /api/v1/docs for the API's paths.",
    405: "The API is read-only: use GET.",
    500: "Something went wrong on our side.",
}

conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def http_caching(view):
    """A successful read may be reused for API_CACHE_MAX_AGE seconds by anyone, and
    carries an ETag of its body: a GET with a matching If-None-Match answers 304.

    Django's ConditionalGetMiddleware, applied to the API's operations only (the
    site's page cache, pagecache/, sets its own headers for pages).
    """

    @conditional_get
    @wraps(view)
    def cacheable(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            # Before the conditional check, so a 304 carries it too.
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        return response

    return cacheable


def as_api_error(response):
    """Django's own HTML error pages become the API's JSON error format."""
    if response.status_code < 400 or response.get("Content-Type", "").startswith(
        "application/json"
    ):
        return response
    status = response.status_code
    replacement = error_response(status, MESSAGES.get(status, response.reason_phrase))
    if "Allow" in response:
        replacement["Allow"] = response["Allow"]
    return replacement


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        head = request.method == "HEAD"
        if head:
            # HEAD is GET without the body; the operations only declare GET.
            request.method = "GET"
        response = as_api_error(self.get_response(request))
        if head:
            request.method = "HEAD"
            if not response.streaming:
                response["Content-Length"] = str(len(response.content))
                response.content = b""
        return response
