/*
 * ROW_COUNT(): the rows the previous statement changed, as MariaDB counts them.
 *
 *   INSERT          1 per inserted row (INSERT IGNORE: the rows it did not skip)
 *   ... ON DUPLICATE KEY UPDATE   1 per inserted row, 2 per updated row whose values
 *                   changed, 0 per row the update left as it was
 *   REPLACE         1 per inserted row, and 1 more per row it deleted first
 *   UPDATE          the rows whose values changed (not the rows it matched: the
 *                   server's default, without CLIENT_FOUND_ROWS)
 *   DELETE          the rows deleted
 *   SELECT, SHOW    -1
 *   anything else   0 (DDL, SET, transaction control)
 *
 * SQLite's own counts (sqlite3_changes) differ: an UPDATE counts every row it matched,
 * an upsert's update counts 1, REPLACE does not count the rows it deleted. So the
 * dialect counts the changes itself, in SQLite's pre-update hook: each change a
 * statement makes directly (trigger depth 0, which leaves out foreign key actions and
 * the dialect's own triggers) to a table that is not the dialect's catalog
 * (_lw_...). An update counts when a column's value or the rowid changes, compared
 * byte for byte as the server compares the record.
 *
 * The count of a statement is final when the next one starts (my_row_count_next, from
 * before_statement); ROW_COUNT() reads that. A statement that failed keeps the count
 * of what it changed before it failed (MariaDB says -1; the dialect cannot tell a
 * failure from before_statement). The hook is the connection's one pre-update hook:
 * nothing else in the shim sets one.
 */
#ifndef SQLITE_ENABLE_PREUPDATE_HOOK
/* Declares sqlite3_preupdate_hook and friends: the SQLite the shim links (Debian's
 * libsqlite3) is built with it. */
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#endif
#include <string.h>
#include <strings.h>

#include "dialect/mysql/runtime.h"

/* What a statement's ROW_COUNT() is made of (my_session.stmt_counts): nothing (0), the
 * changes the pre-update hook counted, -1, or SQLite's own count (a plain INSERT or a
 * DELETE, where SQLite counts as MariaDB does: the hook is off then, so that the
 * INSERTs applications run most pay nothing per row). */
enum { MY_COUNT_ZERO = 0, MY_COUNT_CHANGES, MY_COUNT_SELECT, MY_COUNT_SQLITE };

/* Whether a column's old and new values are the same bytes of the same type. */
static int same_value(sqlite3_value *a, sqlite3_value *b)
{
    int ta = sqlite3_value_type(a), tb = sqlite3_value_type(b);
    if (ta != tb)
        return 0;
    switch (ta) {
    case SQLITE_NULL:
        return 1;
    case SQLITE_INTEGER:
        return sqlite3_value_int64(a) == sqlite3_value_int64(b);
    case SQLITE_FLOAT:
        return memcmp(&(double){sqlite3_value_double(a)}, &(double){sqlite3_value_double(b)},
                      sizeof(double)) == 0;
    default: {
        const void *pa =
            ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(a) : sqlite3_value_blob(a);
        int na = sqlite3_value_bytes(a);
        const void *pb =
            ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(b) : sqlite3_value_blob(b);
        int nb = sqlite3_value_bytes(b);
        return na == nb && (na == 0 || (pa && pb && memcmp(pa, pb, (size_t)na) == 0));
    }
    }
}

/* Whether an update changes the row: its rowid or any column. */
static int update_changes(sqlite3 *db, sqlite3_int64 old_key, sqlite3_int64 new_key)
{
    if (old_key != new_key)
        return 1;
    int n = sqlite3_preupdate_count(db);
    for (int i = 0; i < n; i++) {
        sqlite3_value *a = NULL, *b = NULL;
        if (sqlite3_preupdate_old(db, i, &a) != SQLITE_OK ||
            sqlite3_preupdate_new(db, i, &b) != SQLITE_OK)
            return 1; /* cannot tell: count it, as SQLite would */
        if (!same_value(a, b))
            return 1;
    }
    return 0;
}

static void preupdate(void *ctx, sqlite3 *db, int op, const char *zdb, const char *table,
                      sqlite3_int64 old_key, sqlite3_int64 new_key)
{
    (void)zdb;
    my_session *s = ctx;
    if (sqlite3_preupdate_depth(db) > s->stmt_count_depth || !strncmp(table, "_lw_", 4))
        return;
    /* An UPDATE's next row: MariaDB's "at row N" counts the rows the statement found,
     * and a row's new values are computed before its pre-update call. */
    if (op == SQLITE_UPDATE && !s->stmt_is_insert)
        s->stmt_row++;
    if (s->stmt_counts != MY_COUNT_CHANGES)
        return;
    if (op != SQLITE_UPDATE) {
        s->stmt_changed++;
        return;
    }
    if (update_changes(db, old_key, new_key))
        /* An INSERT that updates is ON DUPLICATE KEY UPDATE: 2 per updated row. */
        s->stmt_changed += s->stmt_is_insert ? 2 : 1;
}

void my_row_count_install(sqlite3 *db, my_session *s)
{
    (void)db;
    s->hook_on = 0; /* installed by the first statement that needs it */
}

void my_row_count_remove(sqlite3 *db)
{
    sqlite3_preupdate_hook(db, NULL, NULL);
}

/* Turns the hook on or off for the statement that starts. */
static void hook(my_session *s, int on)
{
    if (s->hook_on == on)
        return;
    sqlite3_preupdate_hook(s->db, on ? preupdate : NULL, on ? s : NULL);
    s->hook_on = on;
}

/* The first word of a statement's original text (after blanks and parentheses). */
static int source_starts_with(const char *src, size_t n, const char *word)
{
    size_t i = 0, len = strlen(word);
    while (i < n &&
           (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r' || src[i] == '('))
        i++;
    return n - i >= len && !strncasecmp(src + i, word, len) &&
           (n - i == len || !((src[i + len] | 0x20) >= 'a' && (src[i + len] | 0x20) <= 'z'));
}

int my_source_reads_rows(const char *source, size_t source_len)
{
    return source && (source_starts_with(source, source_len, "select") ||
                      source_starts_with(source, source_len, "with") ||
                      source_starts_with(source, source_len, "show") ||
                      source_starts_with(source, source_len, "values") ||
                      source_starts_with(source, source_len, "table"));
}

void my_row_count_next(my_session *s, int is_insert, int plain, int reads_rows)
{
    s->row_count = s->stmt_counts == MY_COUNT_CHANGES  ? s->stmt_changed
                   : s->stmt_counts == MY_COUNT_SQLITE ? (int64_t)sqlite3_changes64(s->db)
                   : s->stmt_counts == MY_COUNT_SELECT ? -1
                                                       : 0;
    s->stmt_changed = 0;
    s->stmt_is_insert = is_insert;
    hook(s, s->stmt_is_write && !plain);
    if (s->stmt_is_write)
        s->stmt_counts = plain ? MY_COUNT_SQLITE : MY_COUNT_CHANGES;
    else if (reads_rows) {
        s->stmt_counts = MY_COUNT_SELECT;
        /* FOUND_ROWS() reads the previous SELECT's count (found_rows.c). */
        s->found_rows_before = s->found_rows;
        s->found_rows = -1;
    } else
        s->stmt_counts = MY_COUNT_ZERO;
}
