from django.db.backends.sqlite3 import features as sqlite3_features
from django.utils.functional import cached_property


class DatabaseFeatures(sqlite3_features.DatabaseFeatures):
    # SELECT ... FOR UPDATE takes the database write lock (base.py); NOWAIT fails
    # at once, SKIP LOCKED returns no rows while another connection holds it.
    has_select_for_update = True
    has_select_for_update_nowait = True
    has_select_for_update_skip_locked = True
    has_select_for_update_of = True
    has_select_for_no_key_update = True
    # %s and %(name)s, translated by statement.py.
    supports_paramstyle_pyformat = True
    # json_contains() is jsonb's @>: an array inside a key holds an object only
    # when the candidate is an array too, as on PostgreSQL.
    supports_json_field_contains = True
    json_key_contains_list_matching_requires_list = True
    # contains, startswith and endswith compare code points exactly.
    has_case_insensitive_like = False
    # Real collations of the extension: ICU's case-insensitive root and Swedish.
    test_collations = {
        'ci': 'und-u-ks-level2',
        'cs': 'binary',
        'non_default': 'sv-x-icu',
        'swedish_ci': 'sv-u-ks-level2',
    }

    @property
    def test_db_allows_multiple_connections(self):
        # A file database is shared by several connections with real locking; an
        # in-memory one (shared cache) is not.
        return not self.connection.is_in_memory_db()

    @cached_property
    def django_test_skips(self):
        skips = dict(super().django_test_skips)
        # Decimals are stored as exact text, not as floats.
        skips.pop('SQLite stores values rounded to 15 significant digits.', None)
        return skips
