/*
 * The busy policy (busy.h): a handler that polls to a monotonic deadline.
 */
#include "busy/busy.h"

#include <stddef.h>
#include <time.h>

double lw_busy_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void lw_busy_init(lw_busy *busy, int timeout_ms)
{
    busy->timeout_ms = timeout_ms < 0 ? 0 : timeout_ms;
    busy->nowait = 0;
    busy->timed_out = 0;
    busy->deadline = 0;
    /* Seeded from the policy's address and the clock: two connections, even in two
     * processes started together, draw different jitter. */
    busy->rng = (uint64_t)(uintptr_t)busy ^ (uint64_t)(lw_busy_now() * 1e9) ^ 0x9e3779b97f4a7c15ull;
    if (!busy->rng)
        busy->rng = 1;
}

/* xorshift64*: enough to spread waiters; per policy, so no shared state. */
static uint64_t next_random(lw_busy *busy)
{
    uint64_t x = busy->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    busy->rng = x;
    return x * 2685821657736338717ull;
}

void lw_busy_sleep(lw_busy *busy, double ms, double jitter_ms)
{
    double total = ms + jitter_ms * (double)(next_random(busy) >> 11) / 9007199254740992.0;
    if (total <= 0)
        return;
    struct timespec ts = {(time_t)(total / 1000),
                          (long)(1e6 * (total - 1000.0 * (double)(time_t)(total / 1000)))};
    nanosleep(&ts, NULL);
}

int lw_busy_handler(void *arg, int count)
{
    lw_busy *busy = arg;
    if (busy->nowait)
        return 0;
    double now = lw_busy_now();
    if (count == 0)
        busy->deadline = now + busy->timeout_ms / 1000.0;
    if (now >= busy->deadline) {
        busy->timed_out = 1;
        return 0;
    }
    double left_ms = (busy->deadline - now) * 1000.0;
    if (left_ms < LW_BUSY_POLL_MS)
        lw_busy_sleep(busy, left_ms, 0);
    else
        lw_busy_sleep(busy, LW_BUSY_POLL_MS, LW_BUSY_JITTER_MS);
    return 1;
}
