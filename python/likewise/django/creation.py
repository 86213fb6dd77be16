import os
import sqlite3

from django.db.backends.sqlite3 import creation as sqlite3_creation

# A file database in WAL mode (this backend's default) has two companions; a
# stale one next to a new database file would be read as part of it.
WAL_COMPANIONS = ('-wal', '-shm')


class DatabaseCreation(sqlite3_creation.DatabaseCreation):
    def _remove_companions(self, database_name):
        for suffix in WAL_COMPANIONS:
            try:
                os.remove(str(database_name) + suffix)
            except FileNotFoundError:
                pass

    def _create_test_db(self, verbosity, autoclobber, keepdb=False):
        name = super()._create_test_db(verbosity, autoclobber, keepdb)
        if not keepdb and not self.is_in_memory_db(name):
            self._remove_companions(name)
        return name

    def _clone_test_db(self, suffix, verbosity, keepdb=False):
        source = self.connection.settings_dict['NAME']
        if self.is_in_memory_db(source):
            return super()._clone_test_db(suffix, verbosity, keepdb)
        target = self.get_test_db_clone_settings(suffix)['NAME']
        if keepdb and os.access(target, os.F_OK):
            return
        if os.access(target, os.F_OK):
            os.remove(target)
        self._remove_companions(target)
        # Copying the file would miss what is still in the WAL: SQLite's backup
        # copies the database as a reader sees it.
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        src.close()
        dst.close()

    def _destroy_test_db(self, test_database_name, verbosity):
        super()._destroy_test_db(test_database_name, verbosity)
        if test_database_name and not self.is_in_memory_db(test_database_name):
            self._remove_companions(test_database_name)
