import decimal

from django.db.backends.sqlite3 import operations as sqlite3_operations
from django.db.models.expressions import Col


class DatabaseOperations(sqlite3_operations.DatabaseOperations):
    # compiler.py: Django's lookups, decimal arithmetic and aggregates as the
    # extension's functions.
    compiler_module = 'likewise.django.compiler'

    def adapt_decimalfield_value(self, value, max_digits=None, decimal_places=None):
        # Django formats the value with the field's places (never through a float);
        # only the sign of zero differs from the canonical text the extension
        # keeps ('-0.00' is '0.00', as in PostgreSQL).
        text = super().adapt_decimalfield_value(value, max_digits, decimal_places)
        if isinstance(text, str) and text.startswith('-') and not text.strip('-0.'):
            text = text[1:]
        return text

    def get_decimalfield_converter(self, expression):
        """Decimal text (this backend's columns and the decimal_* functions) reads
        exactly; a float (a column made by the stock backend, or a function that
        computes in floating point) reads as Django's SQLite backend reads it, to 15
        significant digits. A column's value gets the field's places."""
        from_float = decimal.Context(prec=15).create_decimal_from_float
        if isinstance(expression, Col):
            field = expression.output_field
            quantum = decimal.Decimal(1).scaleb(-field.decimal_places)

            def converter(value, expression, connection):
                if value is None:
                    return None
                if isinstance(value, float):
                    value = from_float(value)
                else:
                    value = decimal.Decimal(value)
                return value.quantize(quantum, context=field.context)
        else:
            def converter(value, expression, connection):
                if value is None:
                    return None
                if isinstance(value, float):
                    return from_float(value)
                return decimal.Decimal(value)
        return converter
