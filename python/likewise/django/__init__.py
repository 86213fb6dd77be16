"""likewise.django: Django's SQLite backend with the likewise extension.

    DATABASES = {"default": {"ENGINE": "likewise.django", "NAME": BASE_DIR / "db.sqlite3"}}

Each module subclasses the SQLite backend's class of the same name and overrides
only what differs (docs/django.md lists every difference and why).
"""
