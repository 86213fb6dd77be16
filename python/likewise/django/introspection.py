import re

from django.db.backends.sqlite3 import introspection as sqlite3_introspection

# The declared type of this backend's decimal columns (base.py data_types).
DECIMAL_TYPE = re.compile(r'^\s*decimal_text\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*$', re.I)


class FlexibleFieldLookupDict(sqlite3_introspection.FlexibleFieldLookupDict):
    base_data_types_reverse = {
        **sqlite3_introspection.FlexibleFieldLookupDict.base_data_types_reverse,
        'decimal_text': 'DecimalField',
    }


class DatabaseIntrospection(sqlite3_introspection.DatabaseIntrospection):
    data_types_reverse = FlexibleFieldLookupDict()

    def _get_column_collations(self, cursor, table_name):
        # The schema editor quotes collation names (schema.py).
        return {
            column: collation.strip('"') if collation else collation
            for column, collation in super()._get_column_collations(cursor, table_name).items()
        }

    def get_table_description(self, cursor, table_name):
        """As SQLite's; the DECIMAL collation of a decimal_text(P,S) column belongs
        to its type, not to the field. (Precision and scale are left unreported,
        as Django's SQLite backend leaves them, since Django's own inspectdb test
        for SQLite expects the guessed values.)"""
        description = super().get_table_description(cursor, table_name)
        for i, info in enumerate(description):
            if DECIMAL_TYPE.match(info.type_code) and (info.collation or '').upper() == 'DECIMAL':
                description[i] = info._replace(collation=None)
        return description
