"""Confirmation mails become delivery rows; a delivery can be withdrawn; and the errors
stored so far lose the addresses SMTP answers quoted (editors read them)."""

import re

import django.db.models.deletion
from django.db import migrations, models

ADDRESS = re.compile(r"[^\s<>()\[\]'\",;:]+@[^\s<>()\[\]'\",;:]+")


def redact_errors(apps, schema_editor):
    EmailDelivery = apps.get_model("follows", "EmailDelivery")
    for pk, error in EmailDelivery.objects.filter(last_error__contains="@").values_list(
        "pk", "last_error"
    ):
        EmailDelivery.objects.filter(pk=pk).update(last_error=ADDRESS.sub("[address]", error))


class Migration(migrations.Migration):
    dependencies = [
        ("follows", "0002_editors_and_season_states"),
        ("series", "0017_show_season_count"),
    ]

    operations = [
        migrations.AlterField(
            model_name="emaildelivery",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                    ("failed", "Failed"),
                    ("interrupted", "Interrupted (not resent)"),
                    ("withdrawn", "Withdrawn (show unpublished)"),
                ],
                default="pending",
                max_length=12,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="webhookdelivery",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                    ("failed", "Failed"),
                    ("interrupted", "Interrupted (not resent)"),
                    ("withdrawn", "Withdrawn (show unpublished)"),
                ],
                default="pending",
                max_length=12,
                verbose_name="status",
            ),
        ),
        migrations.CreateModel(
            name="ConfirmationMail",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting"),
                            ("sending", "Sending"),
                            ("sent", "Sent"),
                            ("failed", "Failed"),
                            ("interrupted", "Interrupted (not resent)"),
                            ("withdrawn", "Withdrawn (show unpublished)"),
                        ],
                        default="pending",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                (
                    "next_attempt_at",
                    models.DateTimeField(db_index=True, verbose_name="next attempt"),
                ),
                (
                    "claimed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="claimed"),
                ),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished"),
                ),
                (
                    "last_error",
                    models.CharField(blank=True, max_length=500, verbose_name="last error"),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="email address")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="asked on")),
                (
                    "show",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="follow_requests",
                        to="series.show",
                        verbose_name="show",
                    ),
                ),
            ],
            options={
                "verbose_name": "confirmation mail",
                "verbose_name_plural": "confirmation mails",
                "ordering": ["next_attempt_at", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["pending", "sending"])),
                        fields=("email", "show"),
                        name="confirmationmail_one_waiting_per_address",
                    )
                ],
            },
        ),
        migrations.RunPython(redact_errors, migrations.RunPython.noop),
    ]
