# The sanitizer preload for programs that load build/likewise.so, for shell scripts
# (source it; tests/lw_host.py explains why and is the same for python3).
#
#   lw_host sqlite3 :memory: ".load ./$build/likewise" ...
#
# Under make sanitize, scripts/run-tests exports LW_HOST_PRELOAD and lw_host runs its
# command with those runtimes preloaded (and without leak reports: the host program
# is not ours). Anything else the script starts, such as psql or mariadb, runs
# without them. Without LW_HOST_PRELOAD the command runs as it is.
lw_host() {
  if [ -n "${LW_HOST_PRELOAD:-}" ]; then
    LD_PRELOAD="$LW_HOST_PRELOAD" ASAN_OPTIONS=detect_leaks=0 "$@"
  else
    "$@"
  fi
}
