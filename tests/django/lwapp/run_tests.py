"""Runs the app's tests with Django's own runner (tests/django/run)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
import lw_host  # noqa: E402

lw_host.preload_sanitizers()

import django  # noqa: E402
from django.conf import settings  # noqa: E402
from django.test.utils import get_runner  # noqa: E402

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')
django.setup()
runner = get_runner(settings)(verbosity=1, interactive=False)
sys.exit(1 if runner.run_tests(['lwapp']) else 0)
