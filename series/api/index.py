"""What /api/ and /api/v1/ answer: a browser is sent to the docs page, a JSON client gets
an index naming the docs, the OpenAPI schema and where the data starts."""

from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers


def api_index(request):
    """The docs for a browser (it asks for HTML first), a small JSON index otherwise."""
    docs = reverse("api:openapi-view")
    if request.get_preferred_type(["application/json", "text/html"]) == "text/html":
        response = HttpResponseRedirect(docs)
    else:
        absolute = request.build_absolute_uri
        response = JsonResponse(
            {
                "name": "showtracker API",
                "version": "1",
                "docs": absolute(docs),
                "openapi": absolute(reverse("api:openapi-json")),
                "shows": absolute(reverse("api:show-list")),
            }
        )
    # One URL, two answers by Accept: a cache must not hand the JSON to a browser. The
    # page cache keys pages by URL only, so it is told not to keep this one.
    patch_vary_headers(response, ["Accept"])
    patch_cache_control(response, no_cache=True)
    return response
