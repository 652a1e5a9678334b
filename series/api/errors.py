"""The API's one error format, for 400, 404 and every other error it answers.

    {"error": {"status": 404, "code": "not_found", "message": "...", "details": []}}

The middleware uses it for errors raised outside the API's views (an unknown
path, a method the API does not allow), the views for everything else.
"""

from django.http import JsonResponse

CODES = {
    400: "invalid_request",
    404: "not_found",
    405: "method_not_allowed",
    500: "server_error",
}


class ApiError(Exception):
    """An error a view raises to answer with the error format."""

    def __init__(self, status, message, code=None, details=()):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or CODES.get(status, "error")
        self.details = list(details)


def error_body(status, message, code=None, details=()):
    return {
        "error": {
            "status": status,
            "code": code or CODES.get(status, "error"),
            "message": message,
            "details": list(details),
        }
    }


def error_response(status, message, code=None, details=()):
    return JsonResponse(error_body(status, message, code, details), status=status)


def validation_details(errors):
    """Ninja's (pydantic's) errors as `{"parameter", "message"}` pairs a client can show."""
    details = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        # ("query", "filters", "page") names the parameter "page"; keep nested names dotted.
        if location and location[0] in ("query", "path", "header", "cookie", "body"):
            location = location[1:]
        if len(location) > 1 and location[0] in ("filters", "query", "params"):
            location = location[1:]
        details.append({"parameter": ".".join(location), "message": error.get("msg", "Invalid.")})
    return details


def form_details(form):
    """A Django form's errors in the same `{"parameter", "message"}` shape."""
    return [
        {"parameter": field, "message": error["message"]}
        for field, errors in form.errors.get_json_data().items()
        for error in errors
    ]
