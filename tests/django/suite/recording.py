"""A Django test runner that records every test's outcome.

Django's own runner prints descriptions (docstrings) instead of test ids, and its
parallel workers report to the parent through the result object: a result class
that keeps (id, outcome, reason) for each event sees every test of every worker.
The outcomes go to the JSON file named by LW_SUITE_RESULTS, for compare.py.
"""
import json
import os
import unittest

from django.test.runner import DiscoverRunner

# The outcome a test keeps when several events name it (subtests, a teardown error
# after a pass): the worst one.
RANK = {'pass': 0, 'xfail': 0, 'skip': 1, 'xpass': 2, 'fail': 3, 'error': 4}


class RecordingResult(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {}

    def record(self, test, outcome, reason=''):
        test_id = test.id()
        old = self.outcomes.get(test_id)
        if old is None or RANK[outcome] > RANK[old[0]]:
            self.outcomes[test_id] = (outcome, reason)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.record(test, 'pass')

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.record(test, 'fail', self._exc_info_to_string(err, test)[-2000:])

    def addError(self, test, err):
        super().addError(test, err)
        self.record(test, 'error', self._exc_info_to_string(err, test)[-2000:])

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.record(test, 'skip', reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.record(test, 'xfail')

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.record(test, 'xpass')

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            self.record(test, 'fail' if failed else 'error',
                        '%s: %s' % (subtest, self._exc_info_to_string(err, test)[-2000:]))


class RecordingRunner(DiscoverRunner):
    def get_resultclass(self):
        return RecordingResult

    def run_suite(self, suite, **kwargs):
        result = super().run_suite(suite, **kwargs)
        path = os.environ.get('LW_SUITE_RESULTS')
        if path:
            with open(path, 'w') as f:
                json.dump(result.outcomes, f, indent=0, sort_keys=True)
        return result
