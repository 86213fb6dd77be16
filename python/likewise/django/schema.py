from django.db import DatabaseError, DataError
from django.db.backends.sqlite3 import schema as sqlite3_schema

from .introspection import DECIMAL_TYPE


class DatabaseSchemaEditor(sqlite3_schema.DatabaseSchemaEditor):
    def _collate_sql(self, collation):
        # Quoted: ICU names such as "sv-x-icu" are not bare identifiers.
        return ' COLLATE ' + self.quote_name(collation)

    def convert_decimal_columns(self, model):
        """Rebuild model's table if any of its DecimalField columns was made by
        Django's SQLite backend (declared "decimal": NUMERIC affinity, values
        stored as floats). Afterwards every such column is decimal text under the
        DECIMAL collation and each value is decimal(value, max_digits,
        decimal_places): the float's 15 significant digits, which is what the
        stock backend read, with the field's places. Returns the names of the
        fields converted (none when the table is already in this backend's form).

        For a migration: migrations.RunPython(lambda apps, editor:
        editor.convert_decimal_columns(apps.get_model('shop', 'Item'))).
        """
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            columns = {
                info.name: info.type_code
                for info in self.connection.introspection.get_table_description(cursor, table)
            }
        fields = [
            field for field in model._meta.local_concrete_fields
            if field.get_internal_type() == 'DecimalField'
            and field.column in columns and not DECIMAL_TYPE.match(columns[field.column])
        ]
        if not fields:
            return []
        # Django's own table rebuild creates the columns as the model declares
        # them now (decimal_text ... COLLATE DECIMAL) and copies the rows; SQLite
        # turns each float into its text on the way into the TEXT column.
        self._remake_table(model)
        for field in fields:
            self._store_as_field(model, field)
        return [field.name for field in fields]

    def _remake_table(self, model, create_field=None, delete_field=None, alter_field=None):
        super()._remake_table(model, create_field, delete_field, alter_field)
        if alter_field and alter_field[1].get_internal_type() == 'DecimalField':
            # The rebuild copies each value as it is; PostgreSQL's ALTER COLUMN ...
            # TYPE numeric(P, S) rounds it to the new places and refuses a value
            # with too many integer digits (or text that is not a number).
            self._store_as_field(model, alter_field[1])

    def _store_as_field(self, model, field):
        """Rewrite each value of a DecimalField's column as decimal(value,
        max_digits, decimal_places); a value that does not fit is a DataError
        naming the column."""
        if field.max_digits is None or field.decimal_places is None:
            return
        table, column = self.quote_name(model._meta.db_table), self.quote_name(field.column)
        try:
            self.execute(
                'UPDATE %s SET %s = decimal(%s, %%s, %%s) WHERE %s IS NOT NULL'
                % (table, column, column, column),
                (field.max_digits, field.decimal_places),
            )
        except DatabaseError as e:
            raise DataError('cannot store column %s.%s as %s: %s' % (
                table, column, field.db_type(self.connection), e)) from e
