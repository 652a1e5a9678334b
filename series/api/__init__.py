"""The read-only JSON API under /api/v1/, with its OpenAPI schema and docs page.

django-ninja builds the schema from the pydantic schemas in `schemas.py`; the
docs page uses the Swagger UI files ninja ships (served as static files, no CDN).
"""

from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import HttpError, ValidationError

from pagecache.decorators import cache_tags

from .errors import ApiError, error_response, validation_details
from .middleware import http_caching
from .views import router

api = NinjaAPI(
    title="showtracker API",
    version="1",
    description=(
        "Is season N of a show coming or cancelled, and when does it release? "
        "The site's sourced facts as read-only JSON. Published data only; every error "
        'answers `{"error": {"status", "code", "message", "details"}}`; GET responses carry '
        "an ETag (send If-None-Match for a 304) and may be cached for a minute; any origin "
        "may read them (CORS)."
    ),
    urls_namespace="api",
    # No online validator badge: the docs page makes no request outside this site.
    docs=Swagger(settings={"validatorUrl": None}),
    # The schema and its docs page show no facts: only a new release changes them.
    docs_decorator=cache_tags(static=True),
)
# "view" mode wraps each operation's whole run, its error answers included.
api.add_decorator(http_caching, mode="view")
api.add_router("", router)


@api.exception_handler(ApiError)
def api_error(request, exc):
    return error_response(exc.status, exc.message, exc.code, exc.details)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    """Bad parameters answer 400 (not ninja's 422), in the one error format."""
    return error_response(
        400, "Invalid parameters.", "invalid_parameters", validation_details(exc.errors)
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return error_response(404, "Not found.")


@api.exception_handler(HttpError)
def http_error(request, exc):
    return error_response(exc.status_code, str(exc))
