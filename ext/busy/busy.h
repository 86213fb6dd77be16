/*
 * The busy policy: what a connection does when another one holds the lock it needs.
 *
 * SQLite's default busy handler (sqlite3_busy_timeout) sleeps longer and longer, up
 * to 100 ms at a time, so a waiter often sleeps through the moment the lock is free
 * and a busy file database loses throughput. This policy polls every
 * LW_BUSY_POLL_MS plus up to LW_BUSY_JITTER_MS of jitter (so that waiters do not wake
 * in lockstep) until a monotonic deadline timeout_ms after the wait began, and
 * records whether it gave up there. That record is what lets a caller tell the two
 * kinds of SQLITE_BUSY apart: "we waited to the deadline" (a lock timeout) and
 * "SQLite refused at once without asking the handler" (a deferred transaction that
 * cannot upgrade, or a stale WAL snapshot: retry the transaction).
 *
 * Plain C: the handler has the signature sqlite3_busy_handler() wants, but nothing
 * here calls SQLite. One policy belongs to one connection and is used by one thread
 * at a time, as the connection is. The shim (shim/conn.c) and the SQL function
 * lw_busy_timeout() (busy_sql.c) both install this one handler.
 */
#ifndef LW_BUSY_H
#define LW_BUSY_H

#include <stdint.h>

/* Polling interval of the handler and its jitter, in milliseconds. */
#ifndef LW_BUSY_POLL_MS
#define LW_BUSY_POLL_MS 1.0
#endif
#ifndef LW_BUSY_JITTER_MS
#define LW_BUSY_JITTER_MS 1.0
#endif
/* The largest timeout: the URL option's and lw_busy_timeout()'s upper bound. */
#define LW_BUSY_MAX_TIMEOUT_MS 2147483647

typedef struct lw_busy {
    int timeout_ms;  /* how long one wait may last; 0: give up at once */
    int nowait;      /* fail at once without recording a timeout (NOWAIT) */
    int timed_out;   /* set when the handler gave up at the deadline; the caller clears it */
    double deadline; /* monotonic seconds; set when a wait begins (count 0) */
    uint64_t rng;    /* xorshift64* state of the jitter; never 0 */
} lw_busy;

/* Sets up a policy with the given timeout (0 to LW_BUSY_MAX_TIMEOUT_MS), no wait in
 * progress, and a jitter seed of its own. */
void lw_busy_init(lw_busy *busy, int timeout_ms);

/*
 * The busy handler: install with sqlite3_busy_handler(db, lw_busy_handler, busy).
 * SQLite calls it with count 0 when a wait begins and 1, 2, ... as it goes on.
 * Returns 1 (after sleeping about LW_BUSY_POLL_MS, or what is left before the
 * deadline) to try again, 0 to give up: at once when nowait is set, otherwise once
 * the deadline has passed, and then timed_out is set.
 */
int lw_busy_handler(void *busy, int count);

/* Monotonic clock in seconds. */
double lw_busy_now(void);

/* Sleeps ms milliseconds plus up to jitter_ms drawn from the policy's jitter. */
void lw_busy_sleep(lw_busy *busy, double ms, double jitter_ms);

#endif
