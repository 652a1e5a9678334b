"""The history models are created by django-simple-history; see series/models.py."""
