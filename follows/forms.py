from django import forms
from django.core.exceptions import ValidationError

from .models import WebhookEndpoint
from .webhooks import resolve


class FollowForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "you@example.com"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class WebhookEndpointForm(forms.ModelForm):
    """Refuses a URL on a private, loopback or link-local address with a clear error."""

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "show", "is_active", "secret"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            resolve(url)
        except ValidationError as error:
            raise ValidationError(error.messages[0], code=error.code) from error
        return url
