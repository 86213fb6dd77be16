"""Settings shared by both runs of Django's own test suite (scripts/django-suite).

The test databases are files in LW_SUITE_DBDIR (a RAM-backed folder): several
connections can then share one with SQLite's real locking, which the
select_for_update and multiple-connection tests need. Both backends get exactly
the same settings but for the ENGINE.
"""
import os

DBDIR = os.environ.get('LW_SUITE_DBDIR', '/dev/shm')


def databases(engine):
    return {
        alias: {
            'ENGINE': engine,
            'NAME': os.path.join(DBDIR, alias + '.db'),
            'TEST': {'NAME': os.path.join(DBDIR, 'test_' + alias + '.db')},
        }
        for alias in ('default', 'other')
    }


SECRET_KEY = 'django_tests_secret_key'
PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
TEST_RUNNER = 'recording.RecordingRunner'
