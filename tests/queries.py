"""How many database queries a request costs: the one helper the query-count tests share."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def counted_get(client, url, data=None):
    """GET `url` (asserting a 200) and return (the number of queries it ran, the response)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return len(queries), response
