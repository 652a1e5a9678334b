"""Signed links in follow mails: a confirmation that expires, an unsubscribe link that does not.

The address travels inside the signed value, so nothing is stored before the owner
confirms, and a link cannot be bent to another address or show.
"""

import datetime

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "follows.confirm"
UNSUBSCRIBE_SALT = "follows.unsubscribe"


def confirm_token(email, show_id):
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(
        {"email": email, "show": show_id}, compress=True
    )


def read_confirm_token(token):
    """The address and show id; raises signing.BadSignature (or SignatureExpired)."""
    max_age = datetime.timedelta(days=settings.FOLLOW_CONFIRM_DAYS)
    value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(token, max_age=max_age)
    return value["email"], value["show"]


def unsubscribe_token(subscription):
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(
        {"email": subscription.email, "show": subscription.show_id}, compress=True
    )


def read_unsubscribe_token(token):
    value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    return value["email"], value["show"]
