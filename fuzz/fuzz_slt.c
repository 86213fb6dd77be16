/*
 * libFuzzer target: the sqllogictest runner (shim/slt.c) on arbitrary file contents:
 * format detection, record parsing, sorting, hashing, labels and value formatting, with
 * the records run on a fresh in-memory connection. The first byte picks the dialect
 * (so SQLite's format sees every engine name), the rest is the file. Never a crash, a
 * leak or undefined behaviour; the counts must add up to what the text holds.
 *
 * The SQL runs for real, so the connection is fenced: no attached databases (which also
 * stops VACUUM INTO from writing files), values of at most 1 MB, and a progress handler
 * that interrupts a statement after a budget of virtual-machine steps, so a recursive
 * query cannot hang the fuzzer.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "likewise.h"
#include "slt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Virtual-machine steps (in units of 1000) one input may run. */
#define STEP_BUDGET 2000

static int budget_left(void *arg)
{
    int *left = arg;
    return --*left < 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const urls[] = {
        "sqlite::memory:", "sqlite::memory:?dialect=postgresql", "sqlite::memory:?dialect=mysql",
        "sqlite::memory:?dialect=mariadb", "sqlite::memory:?dialect=oracle"};
    if (size < 1)
        return 0;
    const char *url = urls[data[0] % (sizeof urls / sizeof urls[0])];
    lw_conn *conn = NULL;
    lw_error *err = NULL;
    if (lw_open(url, &conn, &err) != 0)
        abort();
    sqlite3 *db = lw_conn_sqlite(conn);
    int left = STEP_BUDGET;
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1 << 20);
    sqlite3_progress_handler(db, 1000, budget_left, &left);
    lw_slt_counts counts = {0};
    lw_slt_format f =
        lw_slt_run_text(conn, "fuzz.test", (const char *)data + 1, size - 1, NULL, &counts);
    if (f != LW_SLT_LIKEWISE && f != LW_SLT_CANONICAL)
        abort();
    if (f != lw_slt_detect((const char *)data + 1, size - 1))
        abort();
    /* Every record starts on its own line. */
    size_t lines = 1;
    for (size_t i = 1; i < size; i++)
        lines += data[i] == '\n';
    if (counts.passed < 0 || counts.failed < 0 || counts.skipped < 0 ||
        (size_t)counts.passed + (size_t)counts.failed + (size_t)counts.skipped > lines)
        abort();
    sqlite3_progress_handler(db, 0, NULL, NULL);
    lw_close(conn);
    return 0;
}
