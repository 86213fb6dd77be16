"""Tests of compare.py, the verdict of scripts/django-suite (tests/django/run runs them).

The verdict must fail whenever a run is broken, whatever files earlier runs left.
"""
import contextlib
import io
import json
import os
import tempfile
import unittest

import compare

PASSING = {'a.tests.T.test_x': ['pass', ''], 'a.tests.T.test_y': ['skip', 'PostgreSQL tests']}


class CompareTests(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.flags = self.write('flags.json', {'flags': [], 'flags_off': [], 'skip_reasons': []})

    def write(self, name, value):
        path = os.path.join(self.dir.name, name)
        with open(path, 'w') as f:
            json.dump(value, f)
        return path

    def verdict(self, stock, likewise, *statuses):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = compare.main(stock, likewise, self.flags, '0', *statuses)
        return status, out.getvalue().splitlines()[-1]

    def test_equal_runs_pass(self):
        stock = self.write('stock.json', PASSING)
        likewise = self.write('likewise.json', PASSING)
        self.assertEqual(self.verdict(stock, likewise, '0', '0'),
                         (0, 'django-suite: 1 passed, 0 failed'))

    def test_a_regression_fails(self):
        stock = self.write('stock.json', PASSING)
        failing = dict(PASSING, **{'a.tests.T.test_x': ['error', 'x']})
        likewise = self.write('likewise.json', failing)
        self.assertEqual(self.verdict(stock, likewise, '0', '1'),
                         (1, 'django-suite: 0 passed, 1 failed'))

    def test_a_run_that_recorded_nothing_fails(self):
        stock = self.write('stock.json', PASSING)
        missing = os.path.join(self.dir.name, 'likewise.json')
        self.assertEqual(self.verdict(stock, missing, '0', '1'),
                         (1, 'django-suite: 0 passed, 1 failed'))
        self.assertEqual(self.verdict(missing, stock, '1', '0'),
                         (1, 'django-suite: 0 passed, 1 failed'))

    def test_a_run_that_exited_badly_fails(self):
        stock = self.write('stock.json', PASSING)
        likewise = self.write('likewise.json', PASSING)
        self.assertEqual(self.verdict(stock, likewise, '0', '1'),
                         (1, 'django-suite: 1 passed, 1 failed'))


if __name__ == '__main__':
    unittest.main()
