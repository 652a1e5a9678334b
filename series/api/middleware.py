"""HTTP for the API: CORS for any origin, ETag and Cache-Control, and the one error format
for errors that happen before a view runs (an unknown path, an unsupported method).

The ETag is a hash of the body, so it changes exactly when the data shown changes;
a shared cache can sit in front of (or inside) this without changing clients.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

from .errors import error_response

PREFIX = "/api/"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
MESSAGES = {
    404: "Nothing here: see /api/v1/docs for the API's paths.",
    405: "The API is read-only: use GET.",
    500: "Something went wrong on our side.",
}


def cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


def preflight(request):
    """Answer a CORS preflight: any origin may GET, with any request headers."""
    response = HttpResponse(status=204)
    response["Allow"] = ALLOWED_METHODS
    response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    requested = request.headers.get("Access-Control-Request-Headers")
    if requested:
        response["Access-Control-Allow-Headers"] = requested
    response["Access-Control-Max-Age"] = "86400"
    return response


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


def cacheable(request, response):
    """ETag, Cache-Control and conditional GET (304) for a successful read."""
    set_response_etag(response)
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
    if response.has_header("ETag"):
        return get_conditional_response(request, etag=response["ETag"], response=response)
    return response


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            return cors(preflight(request))
        head = request.method == "HEAD"
        if head:
            # HEAD is GET without the body; the views only declare GET.
            request.method = "GET"
        response = as_api_error(self.get_response(request))
        if request.method == "GET" and response.status_code == 200:
            response = cacheable(request, response)
        if head:
            request.method = "HEAD"
            if not response.streaming:
                response["Content-Length"] = str(len(response.content))
                response.content = b""
        return cors(response)
