"""Settings of the project's Django test app (tests/django/run, table, concurrency).

LW_DJANGO_DB picks the database: 'likewise' (default, ENGINE likewise.django),
'stock' (Django's SQLite backend) or 'postgresql' (PostgreSQL 15 of scripts/oracle,
on its unix socket, user postgres). SQLite databases are files in LW_DJANGO_DBDIR
(default /tmp): the tests of locking need several connections to one database.
"""
import os
import subprocess

BACKEND = os.environ.get('LW_DJANGO_DB', 'likewise')
DBDIR = os.environ.get('LW_DJANGO_DBDIR', '/tmp')
HERE = os.path.dirname(os.path.abspath(__file__))


def pg_socket():
    oracle = os.path.join(HERE, '..', '..', 'scripts', 'oracle')
    return subprocess.run([oracle, 'pgsock'], capture_output=True, text=True).stdout.strip()


if BACKEND == 'postgresql':
    DATABASES = {'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': 'postgres',
        'USER': 'postgres',
        'HOST': pg_socket(),
        # Every run its own test database: others use the same server.
        'TEST': {'NAME': 'test_lwdjango_%d' % os.getpid()},
    }}
else:
    DATABASES = {'default': {
        'ENGINE': {'likewise': 'likewise.django', 'stock': 'django.db.backends.sqlite3'}[BACKEND],
        'NAME': os.path.join(DBDIR, 'app.db'),
        'TEST': {'NAME': os.path.join(DBDIR, 'test_app.db')},
    }}

INSTALLED_APPS = ['lwapp']
SECRET_KEY = 'likewise-tests'
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
USE_TZ = False
