"""Every row of the README's Django table, through Django's ORM.

The same tests run on likewise.django and on PostgreSQL 15 (tests/django/run): the
expected values are PostgreSQL's, so a test passing on both shows likewise.django
answers as Django on PostgreSQL does. Tests of what only SQLite has (one lock for
the whole database, OPTIONS, columns made by the stock backend) run on SQLite only.
"""
import decimal
import os
import threading
import time
from unittest import skipUnless

from django.core.exceptions import ImproperlyConfigured
from django.db import (
    DatabaseError, DataError, OperationalError, connection, connections, transaction,
)
from django.db.models import Avg, DecimalField, F, IntegerField, Max, Min, Sum, Value
from django.db.models.functions import Cast, Greatest, Least, Lower, Upper
from django.test import SimpleTestCase, TestCase, TransactionTestCase

from .models import Counter, Doc, Item, Money, Price

D = decimal.Decimal
ON_SQLITE = connection.vendor == 'sqlite'
ON_LIKEWISE = connection.vendor == 'sqlite' and os.environ.get('LW_DJANGO_DB') == 'likewise'

NAMES = [
    'aabb', 'AABB', 'Straße Ärger', 'STRASSE ÄRGER', 'ß', 'ẞ', 'ı', 'I', 'i', 'İ',
    '\u212a', 'K', 'k', 'ΣΑΣ', 'σας', '100%', '100x', 'a_b', 'axb', 'a\\b', 'a\\\\b',
]


def names(queryset):
    return sorted(queryset.values_list('name', flat=True))


class TextLookupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        Item.objects.bulk_create(Item(name=name) for name in NAMES)

    def test_contains_startswith_endswith_are_case_sensitive(self):
        self.assertEqual(names(Item.objects.filter(name__contains='AA')), ['AABB'])
        self.assertEqual(names(Item.objects.filter(name__contains='aa')), ['aabb'])
        self.assertEqual(names(Item.objects.filter(name__startswith='Str')), ['Straße Ärger'])
        self.assertEqual(names(Item.objects.filter(name__endswith='ÄRGER')), ['STRASSE ÄRGER'])

    def test_exact_stays_exact(self):
        self.assertEqual(names(Item.objects.filter(name='aabb')), ['aabb'])
        self.assertEqual(names(Item.objects.filter(name='K')), ['K'])

    def test_iexact_folds_all_of_unicode(self):
        self.assertEqual(names(Item.objects.filter(name__iexact='straße ärger')),
                         ['Straße Ärger'])
        self.assertEqual(names(Item.objects.filter(name__iexact='σας')), ['ΣΑΣ', 'σας'])

    def test_i_lookups_compare_uppercase_as_postgresql(self):
        # PostgreSQL compares UPPER(x): one character to one, so ß is not SS, ı and
        # i are both I, İ only itself, and the Kelvin sign is not K.
        self.assertEqual(names(Item.objects.filter(name__iexact='ß')), ['ß'])
        self.assertEqual(names(Item.objects.filter(name__iexact='i')), ['I', 'i', 'ı'])
        self.assertEqual(names(Item.objects.filter(name__iexact='İ')), ['İ'])
        self.assertEqual(names(Item.objects.filter(name__iexact='k')), ['K', 'k'])
        self.assertEqual(names(Item.objects.filter(name__icontains='σ')), ['ΣΑΣ', 'σας'])
        self.assertEqual(names(Item.objects.filter(name__istartswith='stra')),
                         ['STRASSE ÄRGER', 'Straße Ärger'])
        self.assertEqual(names(Item.objects.filter(name__iendswith='ärger')),
                         ['STRASSE ÄRGER', 'Straße Ärger'])
        self.assertEqual(names(Item.objects.filter(name__icontains='SS')), ['STRASSE ÄRGER'])

    def test_wildcards_match_literally(self):
        self.assertEqual(names(Item.objects.filter(name__contains='%')), ['100%'])
        self.assertEqual(names(Item.objects.filter(name__endswith='0%')), ['100%'])
        self.assertEqual(names(Item.objects.filter(name__contains='_')), ['a_b'])
        self.assertEqual(names(Item.objects.filter(name__icontains='A_')), ['a_b'])
        self.assertEqual(names(Item.objects.filter(name__iexact='A_B')), ['a_b'])
        self.assertEqual(names(Item.objects.filter(name__contains='\\')), ['a\\\\b', 'a\\b'])
        self.assertEqual(names(Item.objects.filter(name__startswith='a\\\\')), ['a\\\\b'])
        self.assertEqual(names(Item.objects.filter(name__iexact='A\\B')), ['a\\b'])

    def test_expressions_on_the_right(self):
        Item.objects.create(name='Abc%', other='ABC%')
        Item.objects.create(name='xabc%y', other='abc%')
        Item.objects.create(name='abcdy', other='abc%')
        with_other = Item.objects.exclude(other='')
        self.assertEqual(names(with_other.filter(name__iexact=F('other'))), ['Abc%'])
        self.assertEqual(names(with_other.filter(name__contains=F('other'))), ['xabc%y'])
        self.assertEqual(names(with_other.filter(name__icontains=F('other'))),
                         ['Abc%', 'xabc%y'])
        self.assertEqual(names(with_other.filter(name__istartswith=Lower(F('other')))),
                         ['Abc%'])
        self.assertEqual(names(Item.objects.filter(name__contains=Lower(Value('AABB')))),
                         ['aabb'])
        self.assertEqual(names(Item.objects.filter(name__startswith=Upper(Value('aa')))),
                         ['AABB'])

    def test_regex_keeps_backreferences_and_inline_flags(self):
        self.assertEqual(names(Item.objects.filter(name__regex=r'^(a)\1')), ['aabb'])
        self.assertEqual(names(Item.objects.filter(name__iregex=r'^(a)\1b')), ['AABB', 'aabb'])
        self.assertEqual(names(Item.objects.filter(name__regex=r'(?i)ärger$')),
                         ['STRASSE ÄRGER', 'Straße Ärger'])
        self.assertEqual(names(Item.objects.filter(name__regex=r'^a.b$')),
                         ['a\\b', 'a_b', 'axb'])


class DecimalTests(TestCase):
    A, B, C = D('0.10000000000000000001'), D('0.20000000000000000002'), D('0.30000000000000000003')

    @classmethod
    def setUpTestData(cls):
        Money.objects.bulk_create(Money(amount=value) for value in (cls.A, cls.B, cls.C))

    def test_values_are_stored_exactly(self):
        self.assertEqual(
            list(Money.objects.order_by('amount').values_list('amount', flat=True)),
            [self.A, self.B, self.C])
        if ON_SQLITE:
            with connection.cursor() as cursor:
                cursor.execute('SELECT amount, typeof(amount) FROM lwapp_money ORDER BY id')
                self.assertEqual(cursor.fetchone(), ('0.10000000000000000001', 'text'))

    def test_values_come_back_with_the_field_places(self):
        value = Money.objects.create(amount=D('1.5')).amount
        self.assertEqual(Money.objects.get(amount=D('1.5')).amount.as_tuple(),
                         D('1.50000000000000000000').as_tuple())
        self.assertEqual(value, D('1.5'))

    def test_aggregates_are_postgresql_numeric(self):
        self.assertEqual(Money.objects.aggregate(
            s=Sum('amount'), a=Avg('amount'), lo=Min('amount'), hi=Max('amount')), {
                's': D('0.60000000000000000006'), 'a': D('0.20000000000000000002'),
                'lo': D('0.10000000000000000001'), 'hi': D('0.30000000000000000003')})
        total = Money.objects.aggregate(s=Sum(F('amount') * 3))['s']
        self.assertEqual(str(total), '1.80000000000000000018')

    def test_arithmetic_is_postgresql_numeric(self):
        rows = Money.objects.order_by('amount').annotate(
            times=F('amount') * 3, third=F('amount') / 3, plus=F('amount') + D('1.5'),
            minus=F('amount') - D('0.00000000000000000001'), mod=F('amount') % D('0.07'),
        ).values_list('times', 'third', 'plus', 'minus', 'mod')
        self.assertEqual([tuple(str(v) for v in row) for row in rows], [
            ('0.30000000000000000003', '0.03333333333333333334', '1.60000000000000000001',
             '0.10000000000000000000', '0.03000000000000000001'),
            ('0.60000000000000000006', '0.06666666666666666667', '1.70000000000000000002',
             '0.20000000000000000001', '0.06000000000000000002'),
            ('0.90000000000000000009', '0.10000000000000000001', '1.80000000000000000003',
             '0.30000000000000000002', '0.02000000000000000003'),
        ])

    def test_comparisons_and_order_are_numeric(self):
        Money.objects.all().delete()
        for value in ('10.5', '9.25', '-1', '100', '0.000001'):
            Money.objects.create(amount=D(value))
        self.assertEqual(list(Money.objects.order_by('amount').values_list('amount', flat=True)),
                         [D('-1'), D('0.000001'), D('9.25'), D('10.5'), D('100')])
        self.assertEqual(Money.objects.filter(amount__gt=D('9.3')).count(), 2)
        self.assertEqual(Money.objects.filter(amount__range=(D('-1'), D('9.25'))).count(), 3)
        high = Money.objects.annotate(twice=F('amount') * 2).filter(twice__gt=D('19')).count()
        self.assertEqual(high, 2)
        totals = Money.objects.values('qty').annotate(s=Sum('amount')).filter(s__gt=D('99'))
        self.assertEqual([str(row['s']) for row in totals], ['118.75000100000000000000'])

    def test_comparisons_with_integers_are_exact(self):
        # numeric against integer compares as numeric on PostgreSQL, never as floats.
        Money.objects.all().delete()
        for value in ('1.00000000000000000001', '1', '0.99999999999999999999'):
            Money.objects.create(amount=D(value), qty=1)

        def amounts(queryset):
            return sorted(str(v) for v in queryset.values_list('amount', flat=True))
        self.assertEqual(amounts(Money.objects.filter(amount__gt=F('qty'))),
                         ['1.00000000000000000001'])
        self.assertEqual(amounts(Money.objects.filter(amount=F('qty'))), ['1.00000000000000000000'])
        self.assertEqual(amounts(Money.objects.filter(qty__lt=F('amount'))),
                         ['1.00000000000000000001'])
        self.assertEqual(amounts(Money.objects.filter(qty__gte=F('amount'))),
                         ['0.99999999999999999999', '1.00000000000000000000'])
        self.assertEqual(amounts(Money.objects.annotate(twice=F('amount') * 2)
                                 .filter(twice__lte=F('qty') * 2)),
                         ['0.99999999999999999999', '1.00000000000000000000'])

    def test_update_rounds_to_the_field_places(self):
        # A third of A is 0.03333333333333333334 at 20 places; 4e-21 more is rounded away.
        Money.objects.filter(amount=self.A).update(
            amount=F('amount') / 3 + D('0.000000000000000000004'))
        self.assertEqual(str(Money.objects.order_by('amount')[0].amount), '0.03333333333333333334')
        self.assertEqual(str(Money.objects.aggregate(s=Sum('amount'))['s']),
                         '0.53333333333333333339')

    def test_values_are_stored_as_a_numeric_column_rounds_them(self):
        # PostgreSQL rounds half away from zero (Django's own formatting rounds half
        # to even) and has no negative zero.
        for value, stored in (('1.005', '1.01'), ('-1.005', '-1.01'), ('0.125', '0.13'),
                              ('2.675', '2.68'), ('-0.001', '0.00'), ('1E+2', '100.00')):
            with self.subTest(value=value):
                price = Price.objects.create(value=D(value))
                self.assertEqual(str(Price.objects.get(pk=price.pk).value), stored)
                Price.objects.filter(pk=price.pk).update(value=D(value))
                self.assertEqual(str(Price.objects.get(pk=price.pk).value), stored)

    def test_values_too_large_for_the_field_are_refused(self):
        for value in ('999.995', '1000', '-1000.00', '1E+3', '1E+100'):
            with self.subTest(value=value):
                with self.assertRaisesMessage(DataError, 'numeric field overflow'):
                    with transaction.atomic():
                        Price.objects.create(value=D(value))
        self.assertEqual(str(Price.objects.create(value=D('999.994')).value), '999.994')

    @skipUnless(ON_LIKEWISE, 'PostgreSQL numeric has NaN and the infinities')
    def test_values_that_are_not_numbers_are_refused(self):
        for value in ('NaN', 'Infinity', '-Infinity', 'sNaN'):
            with self.subTest(value=value):
                with self.assertRaisesMessage(DataError, 'decimal columns hold finite numbers'):
                    with transaction.atomic():
                        Price.objects.create(value=D(value))
        self.assertEqual(Price.objects.count(), 0)

    def test_greatest_and_least_are_exact(self):
        Money.objects.all().delete()
        Money.objects.create(amount=D('9999999999.99999999999999999999'), qty=3)
        Money.objects.create(amount=D('0.10000000000000000001'), qty=3)
        rows = Money.objects.order_by('amount').annotate(
            hi=Greatest('amount', Value(D('0.1'))),
            lo=Least('amount', F('qty'), output_field=DecimalField())).values_list('hi', 'lo')
        self.assertEqual([(str(hi), str(lo)) for hi, lo in rows], [
            ('0.10000000000000000001', '0.10000000000000000001'),
            ('9999999999.99999999999999999999', '3')])

    def test_cast_to_integer_rounds(self):
        Money.objects.all().delete()
        for value in ('2.5', '-2.5', '2.49999999999999999999', '-0.5'):
            Money.objects.create(amount=D(value))
        self.assertEqual(list(Money.objects.order_by('id').annotate(
            i=Cast('amount', IntegerField())).values_list('i', flat=True)), [3, -3, 2, -1])

    def test_cast_to_decimal(self):
        self.assertEqual(
            Money.objects.annotate(c=Cast(F('qty'), DecimalField(max_digits=5, decimal_places=2)))
            .values_list('c', flat=True)[0], D('1.00'))


class AlterDecimalFieldTests(TransactionTestCase):
    """A migration that changes a DecimalField's places or precision, or turns
    another column into one: the values are rounded and checked as PostgreSQL's
    ALTER COLUMN ... TYPE numeric(P, S) does."""
    available_apps = ['lwapp']

    def alter(self, field, max_digits, decimal_places):
        new = DecimalField(max_digits=max_digits, decimal_places=decimal_places, null=True)
        new.set_attributes_from_name(field.name)
        new.model = field.model
        with connection.schema_editor() as editor:
            editor.alter_field(field.model, field, new)
        return new

    def stored(self, column, table='lwapp_price'):
        with connection.cursor() as cursor:
            cursor.execute('SELECT %s FROM %s ORDER BY id' % (column, table))
            return [None if v is None else str(D(str(v))) for v, in cursor.fetchall()]

    def test_fewer_places_round_the_values(self):
        for value in ('1.25', '-1.25', '1.24', '99.95', None):
            Price.objects.create(value=None if value is None else D(value))
        field = self.alter(Price._meta.get_field('value'), 4, 1)
        try:
            self.assertEqual(self.stored('value'), ['1.3', '-1.3', '1.2', '100.0', None])
            self.assertEqual(Price.objects.filter(value=D('1.3')).count(), 1)
        finally:
            self.alter(field, 5, 2)

    def test_values_that_no_longer_fit_are_refused(self):
        Price.objects.create(value=D('12.34'))
        with self.assertRaisesMessage(DataError, 'numeric field overflow'):
            self.alter(Price._meta.get_field('value'), 3, 2)
        # Nothing changed: the migration's transaction is rolled back.
        self.assertEqual(self.stored('value'), ['12.34'])
        self.assertEqual(Price.objects.get().value, D('12.34'))

    def test_an_integer_column_becomes_decimal(self):
        for qty in (1, -2, 123456):
            Money.objects.create(amount=D('1'), qty=qty)
        field = self.alter(Money._meta.get_field('qty'), 8, 2)
        try:
            self.assertEqual(self.stored('qty', 'lwapp_money'), ['1.00', '-2.00', '123456.00'])
            self.assertEqual(Money.objects.filter(qty__gt=D('1.5')).count(), 1)
        finally:
            Money.objects.all().delete()
            with connection.schema_editor() as editor:
                editor.alter_field(Money, field, Money._meta.get_field('qty'))


@skipUnless(ON_SQLITE, 'columns made by Django\'s SQLite backend exist on SQLite only')
class StockDecimalColumnTests(TransactionTestCase):
    available_apps = ['lwapp']

    def test_real_columns_read_and_convert(self):
        # The table as Django's SQLite backend makes it: "decimal", NUMERIC affinity.
        with connection.cursor() as cursor:
            cursor.execute('DROP TABLE lwapp_money')
            cursor.execute('CREATE TABLE lwapp_money (id integer PRIMARY KEY AUTOINCREMENT, '
                           'amount decimal NOT NULL, qty integer NOT NULL)')
            cursor.execute("INSERT INTO lwapp_money (amount, qty) VALUES "
                           "(0.1, 1), (0.2, 1), ('1.25', 2), (3, 2)")
        self.assertEqual(list(Money.objects.order_by('id').values_list('amount', flat=True)),
                         [D('0.1'), D('0.2'), D('1.25'), D('3')])
        self.assertEqual(Money.objects.filter(amount__gt=D('1')).count(), 2)
        with connection.schema_editor() as editor:
            self.assertEqual(editor.convert_decimal_columns(Money), ['amount'])
            self.assertEqual(editor.convert_decimal_columns(Money), [])
        with connection.cursor() as cursor:
            cursor.execute('SELECT amount, typeof(amount) FROM lwapp_money ORDER BY id')
            self.assertEqual(cursor.fetchall(), [
                ('0.10000000000000000000', 'text'), ('0.20000000000000000000', 'text'),
                ('1.25000000000000000000', 'text'), ('3.00000000000000000000', 'text')])
        self.assertEqual(str(Money.objects.aggregate(s=Sum('amount'))['s']),
                         '4.55000000000000000000')


class JSONTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        Doc.objects.create(data={'a': [1, 2, {'b': 'c'}], 'n': 1.0, 's': 'x'})
        Doc.objects.create(data={'a': [3], 'n': 2})
        Doc.objects.create(data=[1, [2, 3]])
        Doc.objects.create(data=None)

    def test_contains_is_jsonb(self):
        self.assertEqual(Doc.objects.filter(data__contains={'a': [2]}).count(), 1)
        self.assertEqual(Doc.objects.filter(data__contains={'a': [{'b': 'c'}, 1]}).count(), 1)
        self.assertEqual(Doc.objects.filter(data__contains={'n': 1}).count(), 1)
        self.assertEqual(Doc.objects.filter(data__contains=[[3]]).count(), 1)
        self.assertEqual(Doc.objects.filter(data__contains={}).count(), 2)

    def test_contained_by_is_jsonb(self):
        self.assertEqual(
            Doc.objects.filter(data__contained_by={'a': [3, 4], 'n': 2.0, 'z': 1}).count(), 1)

    def test_key_transforms(self):
        self.assertEqual(Doc.objects.filter(data__a__contains=[{'b': 'c'}]).count(), 1)
        self.assertEqual(Doc.objects.filter(data__a__contains={'b': 'c'}).count(), 0)
        self.assertEqual(Doc.objects.filter(data__s__contains='x').count(), 1)
        self.assertEqual(Doc.objects.filter(data__a__contained_by=[1, 2, 3, {'b': 'c'}]).count(),
                         2)

    def test_exact_is_jsonb_equality(self):
        # Objects are sets of members, numbers compare by value, arrays keep their
        # order, and types never mix (true is not 1).
        Doc.objects.create(data={'b': 2, 'a': [1, {'y': 2, 'x': 1.0}]})
        self.assertEqual(Doc.objects.filter(data={'a': [1.0, {'x': 1, 'y': 2}], 'b': 2.0}).count(),
                         1)
        self.assertEqual(Doc.objects.filter(data__a=[1, {'x': 1, 'y': 2}]).count(), 1)
        self.assertEqual(Doc.objects.filter(data__a=[{'x': 1, 'y': 2}, 1]).count(), 0)
        self.assertEqual(Doc.objects.filter(data__a__1={'y': 2.0, 'x': 1}).count(), 1)
        self.assertEqual(Doc.objects.filter(data__b=2.0).count(), 1)
        self.assertEqual(Doc.objects.filter(data__n=True).count(), 0)
        self.assertEqual(Doc.objects.filter(data__n=1).count(), 1)
        self.assertEqual(Doc.objects.filter(data__s='x').count(), 1)
        self.assertEqual(Doc.objects.filter(data=[1, [2, 3]]).count(), 1)
        self.assertEqual(Doc.objects.filter(data=[[2, 3], 1]).count(), 0)
        self.assertEqual(Doc.objects.filter(data=F('data')).count(), 4)


class PyformatTests(TestCase):
    def test_cursor_execute(self):
        with connection.cursor() as cursor:
            cursor.execute('SELECT %(x)s, %(y)s, %(x)s', {'x': 1, 'y': 'two'})
            self.assertEqual(cursor.fetchone(), (1, 'two', 1))
            cursor.execute("SELECT %s, '100%%', '%%s'", [5])
            self.assertEqual(cursor.fetchone(), (5, '100%', '%s'))

    def test_executemany_and_raw(self):
        with connection.cursor() as cursor:
            cursor.executemany('INSERT INTO lwapp_item (name, other) VALUES (%(n)s, %(o)s)',
                               [{'n': 'p1', 'o': 'x'}, {'n': 'p2', 'o': 'y'}])
        raw = Item.objects.raw('SELECT * FROM lwapp_item WHERE other = %(o)s', {'o': 'y'})
        self.assertEqual([item.name for item in raw], ['p2'])


@skipUnless(ON_LIKEWISE, 'likewise.django translates statements')
class StatementTests(SimpleTestCase):
    """likewise.django's statement tokenizer (python/likewise/django/statement.py)."""

    def translate(self, sql, formatted=True):
        from likewise.django.statement import translate
        return translate(sql, formatted)

    def test_parameters(self):
        t = self.translate("SELECT %s, %%s, '%%s %s 50%%' -- it's %s\n, \"a%%s\" FROM t")
        self.assertEqual(t.sql, "SELECT ?, %s, '%s %s 50%' -- it's %s\n, \"a%s\" FROM t")
        self.assertIsNone(t.names)
        t = self.translate('SELECT %(a)s, %(b c)s, /* %(x)s */ %(a)s')
        self.assertEqual((t.sql, t.names), ('SELECT ?, ?, /* %(x)s */ ?', ('a', 'b c', 'a')))
        self.assertEqual(self.translate('SELECT 7 % 3, ?, :x').sql, 'SELECT 7 % 3, ?, :x')
        self.assertEqual(self.translate("SELECT '%%'", formatted=False).sql, "SELECT '%%'")
        self.assertEqual(self.translate("SELECT [a%%b], `c%%d`, 'x''%%'").sql,
                         "SELECT [a%b], `c%d`, 'x''%'")

    def test_lock_clause(self):
        cases = {
            'SELECT * FROM t FOR UPDATE': ('SELECT * FROM t ', False, False),
            'SELECT * FROM t LIMIT 21 for update nowait;': ('SELECT * FROM t LIMIT 21 ;', True,
                                                            False),
            'SELECT * FROM "t" FOR UPDATE OF "t", x.y, [z] SKIP LOCKED': (
                'SELECT * FROM "t" ', False, True),
            'SELECT 1 FOR NO KEY UPDATE /* c */': ('SELECT 1  /* c */', False, False),
            'SELECT 1 FOR KEY SHARE -- c': ('SELECT 1  -- c', False, False),
            'SELECT 1 FOR SHARE': ('SELECT 1 ', False, False),
        }
        for sql, (stripped, nowait, skip) in cases.items():
            with self.subTest(sql=sql):
                t = self.translate(sql)
                self.assertEqual((t.sql, t.lock.nowait, t.lock.skip_locked),
                                 (stripped, nowait, skip))
        for sql in ("SELECT 'FOR UPDATE'", 'SELECT * FROM (SELECT 1 FOR UPDATE) q',
                    'SELECT 1 FOR UPDATE OF', 'SELECT 1 FOR UPDATE NOWAIT x',
                    'CREATE TRIGGER r AFTER INSERT ON t FOR EACH ROW BEGIN SELECT 1; END',
                    'SELECT "FOR" FROM t', 'SELECT 1 -- FOR UPDATE'):
            with self.subTest(sql=sql):
                t = self.translate(sql)
                self.assertEqual((t.sql, t.lock), (sql, None))

    def test_errors(self):
        from sqlite3 import ProgrammingError
        from likewise.django.statement import bind
        with self.assertRaisesMessage(ProgrammingError, 'statement mixes %s and %(name)s'):
            self.translate('SELECT %s, %(a)s')
        with self.assertRaisesMessage(ProgrammingError, 'no value for parameter %(b)s'):
            bind(self.translate('SELECT %(a)s, %(b)s'), {'a': 1})
        with self.assertRaisesMessage(ProgrammingError, 'need a mapping, got list'):
            bind(self.translate('SELECT %(a)s'), [1])


def other_connection():
    """A second connection to the database, in a transaction of its own."""
    other = connection.copy()
    other.set_autocommit(False)
    return other


class SelectForUpdateTests(TransactionTestCase):
    available_apps = ['lwapp']

    def setUp(self):
        self.item = Item.objects.create(name='locked')
        self.other = other_connection()

    def tearDown(self):
        self.other.rollback()
        self.other.close()

    def lock_from_other(self, clause):
        with self.other.cursor() as cursor:
            cursor.execute('SELECT name FROM lwapp_item WHERE id = %s ' + clause, [self.item.pk])
            return cursor.fetchall()

    def test_nowait_fails_at_once_while_another_connection_holds_the_lock(self):
        with transaction.atomic():
            Item.objects.select_for_update().get(pk=self.item.pk)
            started = time.monotonic()
            with self.assertRaises(DatabaseError):
                self.lock_from_other('FOR UPDATE NOWAIT')
            self.assertLess(time.monotonic() - started, 1)
        self.other.rollback()
        self.assertEqual(self.lock_from_other('FOR UPDATE NOWAIT'), [('locked',)])

    def test_skip_locked_skips_the_locked_row(self):
        with transaction.atomic():
            self.assertEqual(
                list(Item.objects.select_for_update(nowait=True).filter(pk=self.item.pk)),
                [self.item])
            self.assertEqual(self.lock_from_other('FOR UPDATE SKIP LOCKED'), [])
        self.other.rollback()
        self.assertEqual(self.lock_from_other('FOR UPDATE SKIP LOCKED'), [('locked',)])

    def test_of_and_no_key(self):
        with transaction.atomic():
            self.assertEqual(
                list(Item.objects.select_for_update(of=('self',), no_key=True)), [self.item])
            with self.assertRaises(DatabaseError):
                self.lock_from_other('FOR NO KEY UPDATE NOWAIT')

    def test_raw_for_update_outside_a_transaction(self):
        # The lock lasts for the statement, in a transaction of its own.
        self.assertEqual([item.name for item in Item.objects.raw(
            'SELECT * FROM lwapp_item FOR UPDATE')], ['locked'])
        self.assertEqual(self.lock_from_other('FOR UPDATE NOWAIT'), [('locked',)])

    def test_a_bad_parameter_leaves_no_lock_held(self):
        with self.assertRaises((KeyError, DatabaseError)):
            with connection.cursor() as cursor:
                cursor.execute('SELECT name FROM lwapp_item WHERE id = %(id)s FOR UPDATE',
                               {'pk': self.item.pk})
        self.assertEqual(self.lock_from_other('FOR UPDATE NOWAIT'), [('locked',)])

    @skipUnless(ON_LIKEWISE, 'likewise.django cursors')
    def test_rows_come_straight_from_sqlite(self):
        # Python code run for each row is what the extension exists to avoid; the
        # read-ahead cases (SKIP LOCKED, FOR UPDATE outside a transaction) must not
        # put a Python method between sqlite3 and every row.
        import sqlite3
        cursor = type(connection.cursor().cursor)
        for name in ('fetchone', 'fetchmany', 'fetchall', '__next__', '__iter__'):
            with self.subTest(name=name):
                self.assertIs(getattr(cursor, name), getattr(sqlite3.Cursor, name))

    def test_plain_for_update_waits_for_the_lock(self):
        holder = []

        def hold():
            with transaction.atomic():
                Item.objects.select_for_update().get(pk=self.item.pk)
                holder.append('locked')
                time.sleep(0.5)
                Item.objects.filter(pk=self.item.pk).update(name='changed')
            connection.close()

        thread = threading.Thread(target=hold)
        thread.start()
        while not holder:
            time.sleep(0.01)
        self.assertEqual(self.lock_from_other('FOR UPDATE'), [('changed',)])
        thread.join()


@skipUnless(ON_SQLITE, 'SQLite transactions and OPTIONS')
class SQLiteTransactionTests(TransactionTestCase):
    available_apps = ['lwapp']

    def wrapper(self, name=None, **options):
        settings = dict(connection.settings_dict, OPTIONS=options)
        if name:
            settings['NAME'] = os.path.join(os.path.dirname(settings['NAME']), name)
        return type(connections['default'])(settings, 'options')

    def test_defaults(self):
        with connection.cursor() as cursor:
            cursor.execute('PRAGMA journal_mode')
            self.assertEqual(cursor.fetchone(), ('wal',))
            cursor.execute('PRAGMA synchronous')
            self.assertEqual(cursor.fetchone(), (1,))
            cursor.execute('SELECT lw_busy_timeout()')
            self.assertEqual(cursor.fetchone(), (5000,))
        self.assertEqual(connection.connection.transaction_mode, 'IMMEDIATE')

    def test_options(self):
        # A database of its own: the journal mode belongs to the file.
        other = self.wrapper('options.db', timeout=0.25, journal_mode='delete',
                             synchronous='full', init_command='PRAGMA cache_size = -4000',
                             transaction_mode='exclusive')
        with other.cursor() as cursor:
            self.assertEqual(cursor.execute('SELECT lw_busy_timeout()').fetchone(), (250,))
            self.assertEqual(cursor.execute('PRAGMA journal_mode').fetchone(), ('delete',))
            self.assertEqual(cursor.execute('PRAGMA synchronous').fetchone(), (2,))
            self.assertEqual(cursor.execute('PRAGMA cache_size').fetchone(), (-4000,))
        self.assertEqual(other.connection.transaction_mode, 'EXCLUSIVE')
        other.close()
        os.remove(other.settings_dict['NAME'])

    def test_bad_options_are_named(self):
        for options, message in (
                ({'transaction_mode': 'LAZY'}, "OPTIONS['transaction_mode'] is 'LAZY'"),
                ({'timeout': -1}, "OPTIONS['timeout'] is -1"),
                ({'timeout': float('nan')}, "OPTIONS['timeout'] is nan"),
                ({'timeout': 1e300}, "OPTIONS['timeout'] is 1e+300"),
                ({'timeout': 3000000}, "OPTIONS['timeout'] is 3000000; expected a number of "
                                       "seconds from 0 to 2147483"),
                ({'timeout': '5'}, "OPTIONS['timeout'] is '5'"),
                ({'journal_mode': 'fast'}, "OPTIONS['journal_mode'] is 'fast'"),
                ({'synchronous': 'always'}, "OPTIONS['synchronous'] is 'always'")):
            with self.subTest(options=options):
                with self.assertRaisesMessage(ImproperlyConfigured, message):
                    self.wrapper(**options).ensure_connection()

    def test_transactions_take_the_write_lock_first(self):
        other = self.wrapper(timeout=0.3)
        with transaction.atomic():
            Item.objects.count()
            started = time.monotonic()
            with self.assertRaisesMessage(OperationalError, 'database is locked'):
                with other.cursor() as cursor:
                    cursor.execute("INSERT INTO lwapp_item (name, other) VALUES ('x', '')")
            # The timeout option is the deadline the other connection waited to.
            self.assertGreaterEqual(time.monotonic() - started, 0.25)
        other.close()

    def test_for_update_in_a_deferred_transaction_that_has_read(self):
        deferred = self.wrapper(transaction_mode='DEFERRED')
        holder = self.wrapper()
        deferred.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        with deferred.cursor() as cursor:
            cursor.execute('SELECT count(*) FROM lwapp_item')
            holder.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
            holder.cursor().execute('SELECT 1')  # BEGIN IMMEDIATE: holds the write lock
            started = time.monotonic()
            with self.assertRaisesMessage(OperationalError, 'could not serialize access'):
                cursor.execute('SELECT id FROM lwapp_item FOR UPDATE')
            self.assertLess(time.monotonic() - started, 1)
            holder.rollback()
            deferred.rollback()
            # Nobody else writing: the read transaction takes the lock and keeps it.
            deferred.set_autocommit(True)
            deferred.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
            cursor.execute('SELECT count(*) FROM lwapp_item')
            cursor.execute('SELECT id FROM lwapp_item FOR UPDATE')
            other = self.wrapper(timeout=0)
            with self.assertRaisesMessage(OperationalError, 'database is locked'):
                other.cursor().execute("INSERT INTO lwapp_item (name, other) VALUES ('x', '')")
            other.close()
        deferred.rollback()
        deferred.close()
        holder.close()

    def test_deferred_transactions_leave_the_lock_until_they_write(self):
        deferred = self.wrapper(transaction_mode='DEFERRED')
        other = self.wrapper(timeout=0)
        # As atomic() begins a transaction: BEGIN DEFERRED, taken by the SELECT.
        deferred.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        with deferred.cursor() as cursor:
            cursor.execute('SELECT count(*) FROM lwapp_item')
        with other.cursor() as cursor:
            cursor.execute("INSERT INTO lwapp_item (name, other) VALUES ('x', '')")
        deferred.rollback()
        deferred.close()
        other.close()


# Names Django's SQLite backend registers as Python functions on every connection.
DJANGO_FUNCTIONS = (
    'django_date_extract', 'django_date_trunc', 'django_datetime_cast_date',
    'django_datetime_cast_time', 'django_datetime_extract', 'django_datetime_trunc',
    'django_time_extract', 'django_time_trunc', 'django_time_diff', 'django_timestamp_diff',
    'django_format_dtdelta', 'regexp', 'acos', 'asin', 'atan', 'atan2', 'bitxor', 'ceiling',
    'cos', 'cot', 'degrees', 'exp', 'floor', 'ln', 'log', 'lpad', 'md5', 'mod', 'pi',
    'power', 'radians', 'repeat', 'reverse', 'rpad', 'sha1', 'sha224', 'sha256', 'sha384',
    'sha512', 'sign', 'sin', 'sqrt', 'tan', 'rand', 'stddev_pop', 'stddev_samp', 'var_pop',
    'var_samp',
)
SQLITE_INNOCUOUS = 0x200000


@skipUnless(ON_SQLITE, 'the SQLite connection')
class FunctionTests(TestCase):
    def test_no_python_function_runs_per_row(self):
        # Python's create_function() never marks a function innocuous; every
        # registration of these names must be the extension's C.
        with connection.cursor() as cursor:
            cursor.execute('SELECT name, narg, flags FROM pragma_function_list WHERE name IN (%s)'
                           % ', '.join(['%s'] * len(DJANGO_FUNCTIONS)), DJANGO_FUNCTIONS)
            rows = cursor.fetchall()
        self.assertEqual(sorted({name for name, _, _ in rows}), sorted(DJANGO_FUNCTIONS))
        self.assertEqual([row for row in rows if not row[2] & SQLITE_INNOCUOUS], [])

    def test_date_lookups_and_math(self):
        import datetime
        from django.db.models.functions import ExtractYear, Sqrt
        from .models import Event
        Event.objects.create(when=datetime.datetime(2024, 3, 15, 10, 30), num=16)
        self.assertEqual(Event.objects.filter(when__month=3).count(), 1)
        self.assertEqual(Event.objects.annotate(y=ExtractYear('when'), r=Sqrt('num'))
                         .values_list('y', 'r').get(), (2024, 4.0))


@skipUnless(ON_LIKEWISE, "likewise.django's dbshell")
class DbshellTests(SimpleTestCase):
    databases = {'default'}

    def test_dbshell_loads_the_django_entry_point(self):
        import subprocess
        import lw_host
        args, _ = connection.client.settings_to_cmd_args_env(connection.settings_dict, [])
        # Under make sanitize the shell loads the instrumented library too.
        shell = subprocess.run(
            args, env=lw_host.extension_child_env(), capture_output=True, text=True,
            input="SELECT simple_upper('straße'), CEILING(2.5), typeof(CEILING(2.5));")
        self.assertEqual((shell.stdout, shell.stderr), ('STRAßE|3|integer\n', ''))


@skipUnless(ON_SQLITE, 'the database file')
class ConcurrencyTests(TransactionTestCase):
    """A short form of tests/django/concurrency: threads, each with its connection."""
    available_apps = ['lwapp']

    def test_read_modify_write_from_threads_loses_nothing(self):
        counter = Counter.objects.create()
        errors = []

        def work():
            try:
                for _ in range(25):
                    with transaction.atomic():
                        row = Counter.objects.get(pk=counter.pk)
                        row.value += 1
                        row.save()
            except DatabaseError as e:
                errors.append(e)
            finally:
                connection.close()

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(Counter.objects.get(pk=counter.pk).value, 100)


if os.environ.get('LW_DJANGO_DB') == 'postgresql':
    # Nothing above may depend on SQLite when it runs on PostgreSQL.
    assert not ON_SQLITE
