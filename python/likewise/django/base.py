"""The likewise database wrapper: Django's SQLite backend with the extension loaded
into every connection, IMMEDIATE transactions, the extension's busy policy, WAL,
pyformat parameters and SELECT ... FOR UPDATE.

OPTIONS (all optional, DESIGN section 6):
    timeout           seconds to wait for the write lock (default 5)
    transaction_mode  'IMMEDIATE' (default), 'DEFERRED' or 'EXCLUSIVE'
    init_command      SQL run on every new connection
    journal_mode      default 'WAL' for file databases (in-memory ones keep theirs)
    synchronous       default 'NORMAL' for file databases
Any other key is passed to sqlite3.connect(), as with Django's SQLite backend.
"""
import sqlite3

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.sqlite3 import base as sqlite3_base
from django.utils.asyncio import async_unsafe

import likewise

from .client import DatabaseClient
from .creation import DatabaseCreation
from .features import DatabaseFeatures
from .introspection import DatabaseIntrospection
from .operations import DatabaseOperations
from .schema import DatabaseSchemaEditor
from .statement import bind, translate

TRANSACTION_MODES = ('IMMEDIATE', 'DEFERRED', 'EXCLUSIVE')
JOURNAL_MODES = ('DELETE', 'TRUNCATE', 'PERSIST', 'MEMORY', 'WAL', 'OFF')
SYNCHRONOUS_MODES = ('OFF', 'NORMAL', 'FULL', 'EXTRA')
OUR_OPTIONS = ('timeout', 'transaction_mode', 'init_command', 'journal_mode', 'synchronous')

SQLITE_BUSY = 5
MAX_TIMEOUT_MS = 2 ** 31 - 1
NOWAIT_MESSAGE = (
    'could not obtain lock: another connection holds the database write lock (NOWAIT)')
UPGRADE_MESSAGE = (
    'could not serialize access due to concurrent update: retry the transaction '
    '(SELECT ... FOR UPDATE in a DEFERRED transaction that has read cannot wait '
    'for the write lock another connection holds)')


def _is_busy(error):
    return (getattr(error, 'sqlite_errorcode', 0) & 0xff) == SQLITE_BUSY


class Connection(sqlite3.Connection):
    """A sqlite3 connection that knows how its transactions begin.

    Django begins a transaction (atomic) by asking for it; the BEGIN itself is
    issued by the first statement that follows (begin_pending), so that a
    SELECT ... FOR UPDATE NOWAIT can be the one to take the write lock and fail at
    once instead of waiting in BEGIN IMMEDIATE.
    """
    transaction_mode = 'IMMEDIATE'
    timeout_ms = 5000
    begin_pending = False

    def begin_now(self):
        self.begin_pending = False
        self.execute('BEGIN ' + self.transaction_mode)

    def set_busy_timeout(self, ms):
        """Install the extension's busy policy with a deadline of ms milliseconds;
        return the timeout before the call."""
        return self.execute('SELECT lw_busy_timeout(?)', (ms,)).fetchone()[0]

    def lock_for_update(self, lock):
        """Take the database write lock for a SELECT ... FOR UPDATE (docs/shim.md).

        Returns True when the statement may return its rows, False when SKIP
        LOCKED found the lock held by another connection (no row can be locked,
        so none is returned). NOWAIT raises at once instead of waiting.
        """
        if self.in_transaction:
            if self.transaction_mode != 'DEFERRED':
                return True
            return self._upgrade(lock)
        if self.begin_pending:
            if self._begin_locked(lock, 'EXCLUSIVE' if self.transaction_mode == 'EXCLUSIVE'
                                  else 'IMMEDIATE'):
                self.begin_pending = False
                return True
            return False
        if not self._begin_locked(lock, 'IMMEDIATE'):
            return False
        if self.isolation_level is None:
            # Autocommit: PostgreSQL holds the lock of a statement outside a
            # transaction only while the statement runs. Having waited for it
            # (or failed at once with NOWAIT), release it before the rows are read.
            self.commit()
        # Django's manual transactions (autocommit off) keep it until their commit.
        return True

    def _begin_locked(self, lock, mode):
        if not (lock.nowait or lock.skip_locked):
            self.execute('BEGIN ' + mode)
            return True
        before = self.set_busy_timeout(0)
        try:
            self.execute('BEGIN ' + mode)
        except sqlite3.OperationalError as e:
            if not _is_busy(e):
                raise
            if lock.nowait:
                raise sqlite3.OperationalError(NOWAIT_MESSAGE) from e
            return False
        finally:
            self.set_busy_timeout(before)
        return True

    def _upgrade(self, lock):
        # A deferred transaction that has read cannot wait for the write lock
        # (SQLite refuses at once rather than deadlock), so it writes the one value
        # it can write without changing anything: user_version, with its own value.
        version = self.execute('PRAGMA user_version').fetchone()[0]
        try:
            self.execute('PRAGMA user_version = %d' % version)
        except sqlite3.OperationalError as e:
            if not _is_busy(e):
                raise
            if lock.skip_locked:
                return False
            raise sqlite3.OperationalError(
                NOWAIT_MESSAGE if lock.nowait else UPGRADE_MESSAGE) from e
        return True


class Cursor(sqlite3_base.SQLiteCursorWrapper):
    """Translates Django's format and pyformat parameters (statement.py), begins
    the transaction Django asked for, and takes the lock FOR UPDATE asks for.
    Rows come straight from sqlite3's cursor: nothing here runs per row."""

    def execute(self, query, params=None):
        translated = translate(query, params is not None)
        # Before any lock is taken: a bad parameter must not leave one held.
        args = () if params is None else bind(translated, params)
        connection = self.connection
        if translated.lock is None:
            if connection.begin_pending:
                connection.begin_now()
            return sqlite3.Cursor.execute(self, translated.sql, args)
        rows_wanted = connection.lock_for_update(translated.lock)
        sqlite3.Cursor.execute(self, translated.sql, args)
        if not rows_wanted:
            # SKIP LOCKED while another connection holds the lock: the statement
            # ran for its description (column names); every row is skipped.
            sqlite3.Cursor.fetchall(self)
        return self

    def executemany(self, query, param_list):
        translated = translate(query, True)
        if self.connection.begin_pending:
            self.connection.begin_now()
        if translated.names is not None:
            param_list = (bind(translated, params) for params in param_list)
        return sqlite3.Cursor.executemany(self, translated.sql, param_list)


class DatabaseWrapper(sqlite3_base.DatabaseWrapper):
    display_name = 'SQLite (likewise)'
    data_types = {
        **sqlite3_base.DatabaseWrapper.data_types,
        # TEXT affinity (the type name contains "TEXT") keeps the digits exactly;
        # the DECIMAL collation compares, orders and indexes by value. No space
        # after the comma: Django's introspection splits column definitions there.
        'DecimalField': 'decimal_text(%(max_digits)s,%(decimal_places)s) COLLATE DECIMAL',
    }

    SchemaEditorClass = DatabaseSchemaEditor
    client_class = DatabaseClient
    creation_class = DatabaseCreation
    features_class = DatabaseFeatures
    introspection_class = DatabaseIntrospection
    ops_class = DatabaseOperations

    @property
    def likewise_options(self):
        """The OPTIONS this backend reads itself, checked and with defaults."""
        options = self.settings_dict['OPTIONS']
        mode = str(options.get('transaction_mode', 'IMMEDIATE')).upper()
        if mode not in TRANSACTION_MODES:
            raise ImproperlyConfigured(
                "OPTIONS['transaction_mode'] is %r; expected one of %s"
                % (options['transaction_mode'], ', '.join(TRANSACTION_MODES)))
        timeout = options.get('timeout', 5)
        # lw_busy_timeout() takes milliseconds up to 2^31 - 1 (24.8 days); a NaN
        # fails every comparison, so the test is written to let none through.
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not (
                0 <= timeout <= MAX_TIMEOUT_MS / 1000):
            raise ImproperlyConfigured(
                "OPTIONS['timeout'] is %r; expected a number of seconds from 0 to %d"
                % (timeout, MAX_TIMEOUT_MS // 1000))
        in_memory = self.is_in_memory_db()
        journal = options.get('journal_mode', None if in_memory else 'WAL')
        if journal is not None and str(journal).upper() not in JOURNAL_MODES:
            raise ImproperlyConfigured(
                "OPTIONS['journal_mode'] is %r; expected one of %s"
                % (journal, ', '.join(JOURNAL_MODES)))
        synchronous = options.get('synchronous', None if in_memory else 'NORMAL')
        if synchronous is not None and str(synchronous).upper() not in SYNCHRONOUS_MODES:
            raise ImproperlyConfigured(
                "OPTIONS['synchronous'] is %r; expected one of %s"
                % (synchronous, ', '.join(SYNCHRONOUS_MODES)))
        return {
            'transaction_mode': mode,
            'timeout_ms': int(timeout * 1000),
            'journal_mode': journal and str(journal).upper(),
            'synchronous': synchronous and str(synchronous).upper(),
            'init_command': options.get('init_command'),
        }

    def get_connection_params(self):
        kwargs = super().get_connection_params()
        for key in OUR_OPTIONS:
            kwargs.pop(key, None)
        kwargs['factory'] = Connection
        return kwargs

    @async_unsafe
    def get_new_connection(self, conn_params):
        # Django's SQLite backend would register its Python functions here; the
        # extension's Django entry point registers the same names in C.
        options = self.likewise_options
        conn = sqlite3_base.Database.connect(**conn_params)
        try:
            likewise.load(conn, django=True)
            conn.execute('PRAGMA foreign_keys = ON')
            conn.transaction_mode = options['transaction_mode']
            conn.timeout_ms = options['timeout_ms']
            conn.set_busy_timeout(conn.timeout_ms)
            if options['journal_mode']:
                conn.execute('PRAGMA journal_mode = ' + options['journal_mode'])
            if options['synchronous']:
                conn.execute('PRAGMA synchronous = ' + options['synchronous'])
            if options['init_command']:
                conn.executescript(options['init_command'])
        except BaseException:
            conn.close()
            raise
        return conn

    def is_usable(self):
        try:
            self.connection.execute('SELECT 1')
        except sqlite3.Error:
            return False
        return True

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=Cursor)

    def _set_autocommit(self, autocommit):
        # With autocommit off outside atomic(), Python's sqlite3 begins a
        # transaction before each write; make it begin in the configured mode.
        with self.wrap_database_errors:
            self.connection.isolation_level = (
                None if autocommit else self.connection.transaction_mode)

    def _start_transaction_under_autocommit(self):
        # The first statement of the transaction runs BEGIN <mode> (Cursor.execute).
        self.connection.begin_pending = True

    def _commit(self):
        if self.connection is not None:
            self.connection.begin_pending = False
        return super()._commit()

    def _rollback(self):
        if self.connection is not None:
            self.connection.begin_pending = False
        return super()._rollback()
