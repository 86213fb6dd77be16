"""The sanitizer preload for python3 processes that load build/likewise.so.

Under `make sanitize`, scripts/run-tests exports LW_HOST_PRELOAD (the ASan and UBSan
runtimes): an instrumented likewise.so can only be loaded into a program that has
them loaded first. Python and Debian's sqlite3 shell are not instrumented, so the
scripts that load the extension into them call preload_sanitizers() before anything
else. It re-executes this interpreter with the runtimes preloaded, then takes them
out of the environment again, so the database clients the script starts (psql,
mariadb, scripts/oracle), which are not ours and hang under them, never inherit
them. Without LW_HOST_PRELOAD it does nothing.

tests/lw_host.sh is the same for shell scripts.
"""
import os
import sys

_SAVED_ASAN_OPTIONS = "LW_HOST_SAVED_ASAN_OPTIONS"


def preload_sanitizers():
    preload = os.environ.get("LW_HOST_PRELOAD")
    if not preload:
        return
    if os.environ.get("LD_PRELOAD") != preload:
        env = dict(os.environ)
        env[_SAVED_ASAN_OPTIONS] = env.get("ASAN_OPTIONS", "")
        env["LD_PRELOAD"] = preload
        # The interpreter's own allocations are not ours to report as leaks.
        env["ASAN_OPTIONS"] = "detect_leaks=0"
        sys.stdout.flush()
        os.execve(sys.executable, [sys.executable] + sys.argv, env)
    # Running with the runtimes loaded: children start without them.
    del os.environ["LD_PRELOAD"]
    saved = os.environ.pop(_SAVED_ASAN_OPTIONS, "")
    if saved:
        os.environ["ASAN_OPTIONS"] = saved
    else:
        os.environ.pop("ASAN_OPTIONS", None)


def extension_child_env():
    """The environment for a python3 child that loads likewise.so itself: with the
    sanitizer runtimes preloaded under `make sanitize`, as preload_sanitizers() gives
    this process; the plain environment otherwise."""
    env = dict(os.environ)
    preload = env.get("LW_HOST_PRELOAD")
    if preload:
        env["LD_PRELOAD"] = preload
        env["ASAN_OPTIONS"] = "detect_leaks=0"
    return env
