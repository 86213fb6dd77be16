"""likewise for Python: find the extension this package belongs to and load it.

    import sqlite3, likewise
    conn = sqlite3.connect("app.db")
    likewise.load(conn)                  # or conn.load_extension(likewise.extension_path())

``extension_path()`` answers, in this order:

1. the ``LIKEWISE_EXTENSION`` environment variable, when set (a path to likewise.so);
2. the path ``make install`` recorded in ``likewise/_installed.py`` when it installed
   this package next to the library;
3. ``build/likewise.so`` of the source tree this package sits in (``python/likewise``),
   so that ``PYTHONPATH=python`` works straight from a build.

``extension_path(django=True)`` is the same library under the name
``likewise_django.so``, from which SQLite derives the entry point for Django
connections (sqlite3_likewisedjango_init: everything, plus the generic function
names Django's SQLite backend registers); Python's load_extension() cannot name an
entry point. The Django database backend is ``likewise.django`` (docs/django.md).
"""
import ctypes
import functools
import os

__all__ = ["extension_path", "load"]

# The library stays loaded for the life of the process (see load()).
_kept = {}


@functools.lru_cache(maxsize=None)
def extension_path(django=False):
    """Return the path of the likewise.so this package belongs to (with
    django=True: of likewise_django.so beside it).

    Raises FileNotFoundError naming every place looked at when there is none. The
    answer is looked up once per process.
    """
    path = _library_path()
    if not django:
        return path
    sibling = os.path.join(os.path.dirname(path), "likewise_django.so")
    if not os.path.isfile(sibling):
        raise FileNotFoundError("likewise_django.so not found beside " + path)
    return sibling


def _library_path():
    tried = []
    override = os.environ.get("LIKEWISE_EXTENSION")
    if override:
        if os.path.isfile(override):
            return override
        tried.append(override + " (LIKEWISE_EXTENSION)")
    try:
        from ._installed import EXTENSION_PATH
    except ImportError:
        pass
    else:
        if os.path.isfile(EXTENSION_PATH):
            return EXTENSION_PATH
        tried.append(EXTENSION_PATH + " (recorded by make install)")
    here = os.path.dirname(os.path.abspath(__file__))
    build = os.path.join(os.path.dirname(os.path.dirname(here)), "build", "likewise.so")
    if os.path.isfile(build):
        return build
    tried.append(build + " (source tree)")
    raise FileNotFoundError("likewise.so not found; looked at: " + ", ".join(tried))


def load(conn, django=False):
    """Load the extension into an open sqlite3 connection and return conn; with
    django=True through the entry point for Django connections.

    Extension loading is enabled only for the call, so SQL run later on the
    connection cannot load other libraries.
    """
    path = extension_path(django)
    if path not in _kept:
        # SQLite unloads the library when the connection that loaded it closes;
        # when no other connection holds it, the next load links it and ICU anew
        # (1.5 ms instead of 0.1 ms). Holding it once keeps every later load cheap.
        _kept[path] = ctypes.CDLL(path)
    conn.enable_load_extension(True)
    try:
        conn.load_extension(path)
    finally:
        conn.enable_load_extension(False)
    return conn
