import decimal

from django.db import DataError
from django.db.backends.sqlite3 import operations as sqlite3_operations
from django.db.models.expressions import Col


class DatabaseOperations(sqlite3_operations.DatabaseOperations):
    # compiler.py: Django's lookups, decimal arithmetic and aggregates as the
    # extension's functions.
    compiler_module = 'likewise.django.compiler'

    def adapt_decimalfield_value(self, value, max_digits=None, decimal_places=None):
        """The text a numeric(max_digits, decimal_places) column of PostgreSQL would
        store: rounded half away from zero to the field's places (Django's own
        formatting rounds half to even), without the sign of zero, and refused as
        PostgreSQL refuses it when more integer digits remain than the field has.
        NaN and the infinities are refused: decimal text has no such values."""
        if not isinstance(value, decimal.Decimal):
            return super().adapt_decimalfield_value(value, max_digits, decimal_places)
        if not value.is_finite():
            raise DataError(
                'decimal value %s cannot be stored: decimal columns hold finite numbers '
                'only' % value)
        if decimal_places is not None:
            integer_digits = None if max_digits is None else max_digits - decimal_places
            # Rounding adds at most one integer digit: a value with two more is
            # refused before quantize() writes out all of its digits.
            if integer_digits is not None and value.adjusted() > integer_digits:
                raise _overflow(value, max_digits, decimal_places)
            # Wide enough for every digit before the point and the field's places
            # after it, so that quantize() never rounds to the precision.
            wide = decimal.Context(prec=max(value.adjusted(), 0) + decimal_places + 2)
            value = value.quantize(
                decimal.Decimal(1).scaleb(-decimal_places), decimal.ROUND_HALF_UP, wide)
            if integer_digits is not None and not value.is_zero() and (
                    value.adjusted() >= integer_digits):
                raise _overflow(value, max_digits, decimal_places)
        if value.is_zero():
            value = value.copy_abs()
        return '{:f}'.format(value)

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


def _overflow(value, max_digits, decimal_places):
    # PostgreSQL's error and detail for a value that does not fit numeric(P, S).
    return DataError(
        'numeric field overflow: %s does not fit a field with precision %d, scale %d, '
        'which must round to an absolute value less than 10^%d'
        % (value, max_digits, decimal_places, max_digits - decimal_places))
