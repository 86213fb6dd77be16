"""Lists what likewise.django turns on relative to Django's SQLite backend, as
JSON for compare.py: the boolean features it turns on or off, and the skip
reasons of Django's suite it takes away (a django_test_skips entry it drops, a
test collation it names where the stock backend names none).

    PYTHONPATH=...:python /usr/bin/python3 flags.py DBDIR > flags.json
"""
import json
import os
import sys

import django
from django.conf import settings

# Skip messages Django's suite uses when a test_collations entry is None
# (tests/db_functions/comparison/test_collate.py).
COLLATION_SKIPS = {
    'ci': 'This backend does not support case-insensitive collations.',
    'cs': 'This backend does not support case-sensitive collations.',
    'swedish_ci': 'This backend does not support language collations.',
}


def main(dbdir):
    name = os.path.join(dbdir, 'flags.db')
    settings.configure(DATABASES={
        'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': name},
        'likewise': {'ENGINE': 'likewise.django', 'NAME': name},
    })
    django.setup()
    from django.db import connections
    stock, ours = connections['default'].features, connections['likewise'].features
    on, off = [], []
    for attr in sorted(dir(type(ours))):
        if attr.startswith('_'):
            continue
        before, after = getattr(stock, attr), getattr(ours, attr)
        if before is False and after is True:
            on.append(attr)
        elif before is True and after is False:
            off.append(attr)
    reasons = set(stock.django_test_skips) - set(ours.django_test_skips)
    for key, message in COLLATION_SKIPS.items():
        if not stock.test_collations.get(key) and ours.test_collations.get(key):
            reasons.add(message)
    for alias in ('default', 'likewise'):
        connections[alias].close()
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(name + suffix):
            os.remove(name + suffix)
    json.dump({'flags': on, 'flags_off': off, 'skip_reasons': sorted(reasons)}, sys.stdout,
              indent=1)


if __name__ == '__main__':
    main(sys.argv[1])
