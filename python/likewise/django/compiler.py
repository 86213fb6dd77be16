"""SQL compilers: where Django's SQL for SQLite and PostgreSQL's answers differ,
compile the node to the extension's functions instead (docs/django.md).

- Text lookups: contains, startswith, endswith are the extension's literal tests
  (code points compared exactly; %, _ and \\ are ordinary characters); iexact,
  icontains, istartswith, iendswith compare simple_upper() of both sides, which is
  what Django's PostgreSQL backend asks (UPPER(x) LIKE UPPER(y)).
- Decimals: + - * / % over DecimalField are decimal_add() ... decimal_mod(), Sum,
  Avg, Min, Max are decimal_sum() ... decimal_max(), Cast to DecimalField is
  decimal(x, P, S); each result carries COLLATE DECIMAL so comparisons and ORDER
  BY are numeric. Django's SQLite backend instead wraps such expressions in
  CAST(... AS NUMERIC), a float.
- JSONField contains/contained_by/exact: json_contains()/json_contained_by()/
  json_equal() of jsonb; a key transform operand is taken as JSON (the ->
  operator), not as the SQL value JSON_EXTRACT() gives.

Every other node compiles as in Django's SQLite backend. The compiler decides by
the node's class (cached) and, for decimals, by the node's output field.
"""
import copy
from functools import lru_cache

from django.core.exceptions import FieldError
from django.db.models import Aggregate, DecimalField, FloatField, Func, Window, lookups
from django.db.models.expressions import (
    CombinedExpression, DurationExpression, SQLiteNumericMixin, TemporalSubtraction,
)
from django.db.models.fields.json import (
    CaseInsensitiveMixin, ContainedBy, DataContains, JSONExact, KeyTransform, KeyTransformExact,
    compile_json_path,
)
from django.db.models.functions import Cast, Greatest, Least
from django.db.models.sql import compiler

TEXT_LOOKUPS = {
    'contains': 'contains(%s, %s)',
    'startswith': 'startswith(%s, %s)',
    'endswith': 'endswith(%s, %s)',
    'iexact': 'simple_upper(%s) = simple_upper(%s)',
    'icontains': 'contains(simple_upper(%s), simple_upper(%s))',
    'istartswith': 'startswith(simple_upper(%s), simple_upper(%s))',
    'iendswith': 'endswith(simple_upper(%s), simple_upper(%s))',
}
# The process_rhs() implementations that only escape and wrap the value for LIKE
# (or do nothing on SQLite): the literal tests take the value as it is instead.
LIKE_PROCESS_RHS = (
    lookups.PatternLookup.process_rhs,
    lookups.IExact.process_rhs,
    CaseInsensitiveMixin.process_rhs,
)
# Comparisons Django compiles as lhs <operator> rhs: a decimal compared with an
# integer column would be compared as floats (SQLite gives the TEXT side the
# column's NUMERIC affinity), so the integer side is made decimal text first.
COMPARISONS = ('exact', 'gt', 'gte', 'lt', 'lte')
INTEGER_TYPES = {
    'AutoField', 'BigAutoField', 'SmallAutoField', 'IntegerField', 'BigIntegerField',
    'SmallIntegerField', 'PositiveIntegerField', 'PositiveBigIntegerField',
    'PositiveSmallIntegerField',
}
DECIMAL_OPERATORS = {
    CombinedExpression.ADD: 'decimal_add',
    CombinedExpression.SUB: 'decimal_sub',
    CombinedExpression.MUL: 'decimal_mul',
    CombinedExpression.DIV: 'decimal_div',
    CombinedExpression.MOD: 'decimal_mod',
}
DECIMAL_AGGREGATES = {
    'SUM': 'decimal_sum', 'AVG': 'decimal_avg', 'MIN': 'decimal_min', 'MAX': 'decimal_max',
}
DECIMAL_FUNCTIONS = {'ABS': 'decimal_abs', 'ROUND': 'decimal_round', 'MOD': 'decimal_mod'}
# Functions that compute in floating point: Django's SQLite backend hands them the
# floats its decimal columns hold, so they get floats here too.
FLOAT_FUNCTIONS = {
    'ACOS', 'ASIN', 'ATAN', 'ATAN2', 'CEILING', 'COS', 'COT', 'DEGREES', 'EXP', 'FLOOR',
    'LN', 'LOG', 'POWER', 'RADIANS', 'SIGN', 'SIN', 'SQRT', 'TAN',
    'STDDEV_POP', 'STDDEV_SAMP', 'VAR_POP', 'VAR_SAMP',
}


class AsReal(Func):
    """A decimal operand of a floating-point function, as the float it was."""
    template = 'CAST(%(expressions)s AS REAL)'
    output_field = FloatField()


def internal_type(expression):
    """The internal type of an expression's output field, or None (a value, or an
    expression whose type Django cannot tell)."""
    try:
        return expression.output_field.get_internal_type()
    except (AttributeError, FieldError):
        return None


def is_decimal(expression):
    return internal_type(expression) == 'DecimalField'


def with_float_operands(node):
    copy = node.copy()
    copy.set_source_expressions([
        AsReal(source) if is_decimal(source) else source
        for source in copy.get_source_expressions()
    ])
    return copy


class LikewiseCompilerMixin:
    def compile(self, node):
        handler = handler_for(type(node))
        if handler is not None:
            compiled = handler(self, node)
            if compiled is not None:
                return compiled
        return super().compile(node)

    # Decimal aggregates and functions that are the source of a window must stay
    # bare (name(args) OVER ...); the window's result carries the collation.
    _bare = frozenset()

    def decimal_result(self, node, sql, params):
        if id(node) in self._bare:
            return sql, params
        return '(%s COLLATE DECIMAL)' % sql, params

    def compile_text_lookup(self, node):
        connection = self.connection
        lhs, params = node.process_lhs(self, connection)
        rhs, rhs_params = lookups.Lookup.process_rhs(node, self, connection)
        if node.rhs_is_direct_value() and not node.bilateral_transforms:
            # As Django's prep_for_like_query: the value's text.
            rhs_params = [str(value) for value in rhs_params]
        return TEXT_LOOKUPS[node.lookup_name] % (lhs, rhs), [*params, *rhs_params]

    def compile_comparison(self, node):
        lhs, rhs = internal_type(node.lhs), internal_type(node.rhs)
        if lhs == 'DecimalField' and rhs in INTEGER_TYPES:
            node = copy.copy(node)
            node.rhs = Cast(node.rhs, DecimalField())
        elif rhs == 'DecimalField' and lhs in INTEGER_TYPES:
            node = copy.copy(node)
            node.lhs = Cast(node.lhs, DecimalField())
        else:
            return None
        return self.compile(node)

    def compile_json_operand(self, expression, process):
        if isinstance(expression, KeyTransform):
            lhs, params, keys = expression.preprocess_lhs(self, self.connection)
            return '(%s -> %%s)' % lhs, [*params, compile_json_path(keys)]
        sql, params = process(self, self.connection)
        return sql, list(params)

    def compile_json_exact(self, node):
        rhs = node.rhs
        if isinstance(rhs, KeyTransform) or (
                hasattr(rhs, 'as_sql') and internal_type(rhs) == 'JSONField'):
            rhs_sql, rhs_params = self.compile_json_operand(rhs, self.compile_node(rhs))
        elif node.rhs_is_direct_value():
            rhs_sql, rhs_params = lookups.Lookup.process_rhs(node, self, self.connection)
            if rhs_params in ([None], ['null']):
                # JSON null: Django's SQLite form (JSON_TYPE(...) = 'null') is right.
                return None
        else:
            return None
        lhs_sql, lhs_params = self.compile_json_operand(node.lhs, self.compile_node(node.lhs))
        return 'json_equal(%s, %s)' % (lhs_sql, rhs_sql), [*lhs_params, *rhs_params]

    def compile_node(self, node):
        """compile_json_operand()'s process for an operand compiled as it is."""
        return lambda compiler, connection: compiler.compile(node)

    def compile_json_containment(self, node):
        lhs, lhs_params = self.compile_json_operand(node.lhs, node.process_lhs)
        rhs, rhs_params = self.compile_json_operand(node.rhs, node.process_rhs)
        function = 'json_contains' if isinstance(node, DataContains) else 'json_contained_by'
        return '%s(%s, %s)' % (function, lhs, rhs), [*lhs_params, *rhs_params]

    def compile_combined(self, node):
        function = DECIMAL_OPERATORS.get(node.connector)
        if not is_decimal(node):
            return None
        lhs, lhs_params = self.compile(node.lhs)
        rhs, rhs_params = self.compile(node.rhs)
        params = [*lhs_params, *rhs_params]
        if function is None:
            if node.connector != CombinedExpression.POW:
                return None
            # POWER computes in floating point, as on Django's SQLite backend.
            return 'POWER(CAST(%s AS REAL), CAST(%s AS REAL))' % (lhs, rhs), params
        return self.decimal_result(node, '%s(%s, %s)' % (function, lhs, rhs), params)

    def compile_func(self, node):
        if node.function in FLOAT_FUNCTIONS:
            return self.compile_float_function(node)
        kind = generic_func_kind(type(node))
        if kind is None:
            return None
        return self.compile_function(
            node, DECIMAL_AGGREGATES if kind == 'aggregate' else DECIMAL_FUNCTIONS)

    def compile_float_function(self, node):
        # As Django's SQLite backend compiles it, on the floats its decimal columns
        # hold; a decimal result is then CAST(... AS NUMERIC), whose NUMERIC
        # affinity makes comparisons with decimal text numeric.
        if not any(is_decimal(source) for source in node.get_source_expressions()):
            return None
        return super().compile(with_float_operands(node))

    def compile_function(self, node, functions=DECIMAL_FUNCTIONS):
        if not is_decimal(node):
            return None
        function = functions.get(node.function)
        if function is not None:
            sql, params = node.as_sql(self, self.connection, function=function)
        else:
            sql, params = node.as_sql(self, self.connection)
        return self.decimal_result(node, sql, params)

    def compile_window(self, node):
        if not is_decimal(node):
            return None
        source = node.source_expression
        outer = self._bare
        self._bare = outer | {id(source)}
        try:
            sql, params = node.as_sql(self, self.connection)
        finally:
            self._bare = outer
        return self.decimal_result(node, sql, params)

    def compile_extremum(self, node):
        if not is_decimal(node):
            return None
        # SQLite's scalar MAX and MIN compare with the collation of their first
        # argument that has one; each argument is made decimal text under the
        # DECIMAL collation (Django's SQLite backend compares the floats of
        # CAST(... AS NUMERIC)).
        copy = node.copy()
        copy.set_source_expressions([
            Cast(source, DecimalField()) for source in copy.get_source_expressions()])
        sql, params = copy.as_sql(
            self, self.connection, function='MAX' if isinstance(node, Greatest) else 'MIN')
        return self.decimal_result(node, sql, params)

    def compile_cast(self, node):
        field = node.output_field
        source = node.get_source_expressions()[0]
        if field.get_internal_type() in INTEGER_TYPES and is_decimal(source):
            # PostgreSQL rounds a numeric half away from zero on its way to an
            # integer; SQLite's CAST would cut the decimal text at the point.
            sql, params = self.compile(source)
            return 'CAST(decimal_round(%s) AS %s)' % (
                sql, field.cast_db_type(self.connection)), list(params)
        if field.get_internal_type() != 'DecimalField':
            return None
        sql, params = self.compile(source)
        if field.max_digits is not None and field.decimal_places is not None:
            sql = 'decimal(%s, %d, %d)' % (sql, field.max_digits, field.decimal_places)
        else:
            sql = 'decimal(%s)' % sql
        return self.decimal_result(node, sql, list(params))


@lru_cache(maxsize=None)
def handler_for(cls):
    """The LikewiseCompilerMixin method that compiles nodes of class cls, or None."""
    if issubclass(cls, lookups.Lookup):
        if issubclass(cls, (DataContains, ContainedBy)) and cls.as_sql in (
                DataContains.as_sql, ContainedBy.as_sql):
            return LikewiseCompilerMixin.compile_json_containment
        if (issubclass(cls, JSONExact) and cls.as_sql is lookups.Exact.as_sql
                and cls.process_rhs in (JSONExact.process_rhs, KeyTransformExact.process_rhs)):
            return LikewiseCompilerMixin.compile_json_exact
        if cls.lookup_name in COMPARISONS and cls.as_sql in (
                lookups.BuiltinLookup.as_sql, lookups.Exact.as_sql):
            return LikewiseCompilerMixin.compile_comparison
        if (cls.lookup_name in TEXT_LOOKUPS and cls.as_sql is lookups.BuiltinLookup.as_sql
                and cls.process_rhs in LIKE_PROCESS_RHS and not hasattr(cls, 'as_sqlite')):
            return LikewiseCompilerMixin.compile_text_lookup
        return None
    # Only Django's own implementations: a class that compiles itself otherwise
    # (its own as_sql or as_sqlite) keeps doing so.
    if issubclass(cls, CombinedExpression):
        if (issubclass(cls, (DurationExpression, TemporalSubtraction))
                or cls.as_sql is not CombinedExpression.as_sql
                or cls.as_sqlite is not SQLiteNumericMixin.as_sqlite):
            return None
        return LikewiseCompilerMixin.compile_combined
    if issubclass(cls, Window):
        return LikewiseCompilerMixin.compile_window if cls.as_sql is Window.as_sql else None
    if issubclass(cls, (Greatest, Least)):
        return (LikewiseCompilerMixin.compile_extremum
                if cls.as_sqlite in (Greatest.as_sqlite, Least.as_sqlite) else None)
    if issubclass(cls, Cast):
        return LikewiseCompilerMixin.compile_cast if cls.as_sql is Cast.as_sql else None
    if issubclass(cls, Func):
        return LikewiseCompilerMixin.compile_func
    return None


@lru_cache(maxsize=None)
def generic_func_kind(cls):
    """'aggregate' or 'function' when cls compiles as Django's Aggregate or Func
    does (and its SQLite form is only the CAST to NUMERIC), else None."""
    if getattr(cls, 'as_sqlite', None) is not SQLiteNumericMixin.as_sqlite:
        return None
    if issubclass(cls, Aggregate):
        return 'aggregate' if cls.as_sql is Aggregate.as_sql else None
    return 'function' if cls.as_sql is Func.as_sql else None


class SQLCompiler(LikewiseCompilerMixin, compiler.SQLCompiler):
    pass


class SQLInsertCompiler(LikewiseCompilerMixin, compiler.SQLInsertCompiler):
    pass


class SQLDeleteCompiler(LikewiseCompilerMixin, compiler.SQLDeleteCompiler):
    pass


class SQLUpdateCompiler(LikewiseCompilerMixin, compiler.SQLUpdateCompiler):
    def as_sql(self):
        # An expression assigned to a DecimalField is rounded to the field's places
        # on the way in, as PostgreSQL's numeric(P, S) column does.
        self.query.values = [
            (field, model, ToField(value, field)
             if hasattr(value, 'resolve_expression') and not isinstance(value, ToField)
             and field.get_internal_type() == 'DecimalField' and field.max_digits is not None
             else value)
            for field, model, value in self.query.values
        ]
        return super().as_sql()


class SQLAggregateCompiler(LikewiseCompilerMixin, compiler.SQLAggregateCompiler):
    pass


class ToField(Func):
    """decimal(value, max_digits, decimal_places) of the field assigned to."""
    function = 'decimal'

    def __init__(self, expression, field):
        super().__init__(expression, output_field=field)
        self.target = field

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return 'decimal(%s, %d, %d)' % (
            sql, self.target.max_digits, self.target.decimal_places), list(params)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, **extra_context)
