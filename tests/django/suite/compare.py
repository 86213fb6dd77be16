"""Compares the two runs of Django's test suite (scripts/django-suite).

    compare.py STOCK.json LIKEWISE.json FLAGS.json [EXTRA_FAILURES [STOCK_STATUS LIKEWISE_STATUS]]

STOCK.json and LIKEWISE.json are recording.py's outcomes; FLAGS.json lists what
likewise.django turned on (flags.py): feature flags and the skip reasons it
removed. STOCK_STATUS and LIKEWISE_STATUS are the runs' exit statuses. Required,
and counted as failures otherwise:
  - both runs recorded their outcomes (a run that died before recording is a
    failure, never a comparison with nothing);
  - every test that passes on the stock backend passes on likewise.django;
  - every test the stock backend skipped only because of something likewise.django
    turned on runs there and passes;
  - the likewise.django run exits as cleanly as the stock run (an error outside
    any test, such as in destroying the test databases, fails it).
Prints both runs' counts, every regression, every newly running test, and ends
with "N passed, N failed" (N passed: the tests passing on likewise.django; the
failures include EXTRA_FAILURES, found by the caller, such as sanitizer reports).
"""
import json
import re
import sys
from collections import Counter

FEATURE_SKIP = re.compile(r"^Database doesn't support (?:any of the )?feature\(s\): (.*)$")
HAS_FEATURE_SKIP = re.compile(r"^Database has feature\(s\) (.*)$")


def load(path):
    """The outcomes recorded at path, or None when the run recorded none."""
    try:
        with open(path) as f:
            outcomes = json.load(f)
    except (OSError, ValueError) as e:
        print('FAIL no outcomes recorded in %s: %s' % (path, e))
        return None
    return {test: tuple(value) for test, value in outcomes.items()}


def turned_on(reason, flags, flags_off, removed_reasons):
    """Whether a stock skip reason names only things likewise.django changed."""
    for pattern, changed in ((FEATURE_SKIP, flags), (HAS_FEATURE_SKIP, flags_off)):
        match = pattern.match(reason)
        if match:
            return all(name.strip() in changed for name in match[1].split(','))
    return reason in removed_reasons


def main(stock_path, likewise_path, flags_path, extra_failures='0', stock_status='0',
         likewise_status='0'):
    stock, likewise = load(stock_path), load(likewise_path)
    if stock is None or likewise is None:
        print('\ndjango-suite: 0 passed, 1 failed')
        return 1
    with open(flags_path) as f:
        info = json.load(f)
    flags, flags_off = set(info['flags']), set(info['flags_off'])
    removed = set(info['skip_reasons'])
    for name, run in (('stock', stock), ('likewise.django', likewise)):
        counts = Counter(outcome for outcome, _ in run.values())
        print('%-16s %5d tests: %d passed, %d failed, %d errors, %d skipped, '
              '%d expected failures' % (
                  name, len(run), counts['pass'], counts['fail'], counts['error'],
                  counts['skip'], counts['xfail']))
    # Tests of the error a backend raises for a feature it lacks skip themselves
    # once the feature is there (skipIfDBFeature): neither a regression nor a test
    # that must now run.
    now_supported = sorted(
        test for test, (outcome, reason) in likewise.items()
        if outcome == 'skip' and HAS_FEATURE_SKIP.match(reason)
        and turned_on(reason, set(), flags, set()))
    regressions = sorted(
        test for test, (outcome, _) in stock.items()
        if outcome == 'pass' and likewise.get(test, ('missing',))[0] != 'pass'
        and test not in now_supported)
    newly = sorted(
        test for test, (outcome, reason) in stock.items()
        if outcome == 'skip' and turned_on(reason, flags, flags_off, removed)
        and test not in now_supported)
    newly_failing = [test for test in newly if likewise.get(test, ('missing',))[0] != 'pass']
    print('\nflags turned on: %s' % ', '.join(sorted(flags)))
    print('flags turned off: %s' % ', '.join(sorted(flags_off)))
    print('skips taken away: %s' % '; '.join(sorted(removed)))
    print('\nregressions (pass on stock, not on likewise.django): %d' % len(regressions))
    for test in regressions:
        outcome, reason = likewise.get(test, ('missing', ''))
        print('  FAIL %s: %s\n%s' % (test, outcome, indent(reason)))
    print('\nnewly running (skipped on stock only because of a flag turned on): %d'
          % len(newly))
    for test in newly:
        outcome, reason = likewise.get(test, ('missing', ''))
        mark = 'ok  ' if outcome == 'pass' else 'FAIL'
        print('  %s %s  [stock: %s]' % (mark, test, stock[test][1]))
        if outcome != 'pass':
            print('%s\n%s' % (outcome, indent(reason)))
    # A class skipped in setUpClass is recorded under one of its tests (Django's
    # parallel runner reports the skip with the index of the last test it started),
    # so its other tests are absent from the stock run: they must pass too.
    absent = sorted(test for test in likewise if test not in stock)
    absent_failing = [test for test in absent if likewise[test][0] not in ('pass', 'skip', 'xfail')]
    print('\nrunning on likewise.django, absent from the stock run (a class skipped as a '
          'whole there): %d' % len(absent))
    for test in absent:
        print('  %s %s: %s' % ('FAIL' if test in absent_failing else 'ok  ', test,
                               likewise[test][0]))
    print('\nnow skipped: they test the error for a feature likewise.django has: %d'
          % len(now_supported))
    for test in now_supported:
        print('  %s  [stock: %s; likewise.django: %s]' % (
            test, stock.get(test, ('missing',))[0], likewise[test][1]))
    other = sorted(
        test for test, (outcome, _) in likewise.items()
        if outcome in ('fail', 'error') and test not in regressions and test not in newly)
    if other:
        print('\nfailing on likewise.django, not passing on stock either: %d' % len(other))
        for test in other:
            print('  %s: %s (stock: %s)' % (test, likewise[test][0], stock.get(test, ('-',))[0]))
    passed = sum(1 for outcome, _ in likewise.values() if outcome == 'pass')
    failed = len(regressions) + len(newly_failing) + len(absent_failing) + int(extra_failures)
    if int(likewise_status) != 0 and int(stock_status) == 0 and failed == 0:
        print('\nFAIL the likewise.django run exited with status %s, the stock run with 0 '
              '(its log has the error)' % likewise_status)
        failed = 1
    print('\ndjango-suite: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


def indent(text):
    return '\n'.join('      ' + line for line in (text or '').splitlines()[-15:])


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:7]))
