"""Settings of the project's Django test app (tests/django/run, table, concurrency).

LW_DJANGO_DB picks the database: 'likewise' (default, ENGINE likewise.django),
'stock' (Django's SQLite backend), 'postgresql' (PostgreSQL 15 of scripts/oracle,
on its unix socket, user postgres) or 'mysql' (MariaDB 10.11 of scripts/oracle, user
root: tests/django/sqlmigrate asks its backend for the SQL of the app's migrations). SQLite databases are files in LW_DJANGO_DBDIR
(default /tmp): the tests of locking need several connections to one database.
"""
import os
import subprocess

BACKEND = os.environ.get('LW_DJANGO_DB', 'likewise')
DBDIR = os.environ.get('LW_DJANGO_DBDIR', '/tmp')
HERE = os.path.dirname(os.path.abspath(__file__))


def oracle_socket(which):
    oracle = os.path.join(HERE, '..', '..', 'scripts', 'oracle')
    return subprocess.run([oracle, which], capture_output=True, text=True).stdout.strip()


if BACKEND == 'postgresql':
    DATABASES = {'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': os.environ.get('LW_DJANGO_DBNAME', 'postgres'),
        'USER': 'postgres',
        'HOST': oracle_socket('pgsock'),
        # Every run its own test database: others use the same server.
        'TEST': {'NAME': 'test_lwdjango_%d' % os.getpid()},
    }}
elif BACKEND == 'mysql':
    DATABASES = {'default': {
        'ENGINE': 'django.db.backends.mysql',
        'NAME': os.environ.get('LW_DJANGO_DBNAME', 'mysql'),
        'USER': 'root',
        'OPTIONS': {'unix_socket': oracle_socket('mysock')},
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
