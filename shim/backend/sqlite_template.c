/*
 * Templates (docs/shim.md): a database file read once into memory
 * (sqlite3_serialize, one consistent snapshot, WAL content included) and cloned into
 * a private in-memory connection with sqlite3_deserialize, about a millisecond for a
 * few megabytes. A template is read-only after loading, so threads may share one.
 * Embedded connections only: a server's template is CREATE DATABASE ... TEMPLATE
 * (backend/postgresql.c).
 */
#include <string.h>

#include "backend/sqlite.h"

/* A failure before any connection exists: *err (when not NULL) describes it. */
static int open_error(lw_error **err, int code, const char *sqlstate, int mysql_errno,
                      const char *msg)
{
    if (err) {
        *err = sqlite3_malloc64(sizeof **err);
        if (*err) {
            memset(*err, 0, sizeof **err);
            lw_error_set(*err, code, sqlstate, mysql_errno, "%s", msg ? msg : lw_strerror(code));
        }
    }
    return code;
}

struct lw_template_s {
    unsigned char *image; /* the database file's bytes (sqlite3_malloc) */
    sqlite3_int64 size;
};

int lw_template_open(const char *path, lw_template **out, lw_error **err)
{
    if (err)
        *err = NULL;
    if (!out || !path)
        return open_error(err, LW_EINVAL, "22023", 1210, "lw_template_open: NULL argument");
    *out = NULL;
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    sqlite3_int64 size = 0;
    unsigned char *image = NULL;
    if (rc == SQLITE_OK) {
        /* A read transaction makes the copy one consistent snapshot (WAL included). */
        rc = sqlite3_exec(db, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            image = sqlite3_serialize(db, "main", &size, 0);
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    }
    if (!image || size < 100) {
        char *msg =
            sqlite3_mprintf("cannot load template database '%s': %s", path,
                            rc != SQLITE_OK ? sqlite3_errmsg(db) : "empty or not a database");
        int code = rc == SQLITE_OK || rc == SQLITE_NOTADB ? LW_ECORRUPT : LW_ECANTOPEN;
        open_error(err, code, "58P01", 1049, msg);
        sqlite3_free(msg);
        sqlite3_free(image);
        sqlite3_close(db);
        return code;
    }
    sqlite3_close(db);
    /* A WAL database's header says so (bytes 18 and 19 are 2); the clone lives in the
     * memdb VFS, which has no WAL, so it becomes a rollback-journal database. */
    if (image[18] == 2)
        image[18] = 1;
    if (image[19] == 2)
        image[19] = 1;
    lw_template *tpl = sqlite3_malloc64(sizeof *tpl);
    if (!tpl) {
        sqlite3_free(image);
        return open_error(err, LW_ENOMEM, "53200", 1037, NULL);
    }
    tpl->image = image;
    tpl->size = size;
    *out = tpl;
    return 0;
}

void lw_template_close(lw_template *tpl)
{
    if (!tpl)
        return;
    sqlite3_free(tpl->image);
    sqlite3_free(tpl);
}

int64_t lw_template_size(const lw_template *tpl)
{
    return tpl ? tpl->size : 0;
}

int lw_clone_template(lw_conn *conn, const lw_template *tpl)
{
    if (!conn)
        return LW_EINVAL;
    lw_error_reset(&conn->err);
    if (!tpl)
        return lw_error_set(&conn->err, LW_EINVAL, "22023", 1210, "lw_clone_template: tpl is NULL");
    if (conn->backend != &lw_backend_sqlite)
        return lw_error_set(&conn->err, LW_ENOTSUP, "0A000", 1235,
                            "lw_clone_template: a %s connection cannot clone an SQLite template "
                            "(a PostgreSQL URL's template= option clones a server database)",
                            conn->backend->name);
    lw_sqlite *s = conn->backend_state;
    if (s->is_file || s->is_shared)
        return lw_error_set(&conn->err, LW_ESTATE, "55000", 1105,
                            "templates clone into a private in-memory database "
                            "(sqlite::memory:)");
    if (!sqlite3_get_autocommit(s->db))
        return lw_error_set(&conn->err, LW_ESTATE, "25001", 1399,
                            "cannot clone a template inside a transaction");
    int busy = lw_cache_busy(conn);
    for (sqlite3_stmt *st = sqlite3_next_stmt(s->db, NULL); st && !busy;
         st = sqlite3_next_stmt(s->db, st))
        busy = sqlite3_stmt_busy(st);
    if (busy)
        return lw_error_set(&conn->err, LW_ESTATE, "55006", 1105,
                            "cannot clone a template while query results are open "
                            "(lw_rows_close them first)");
    unsigned char *copy = sqlite3_malloc64((sqlite3_uint64)tpl->size);
    if (!copy)
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    memcpy(copy, tpl->image, (size_t)tpl->size);
    /* Cached statements belong to the old database; deserialize needs none running. */
    lw_cache_clear(conn);
    lw_sqlite_control_clear(s);
    int rc = sqlite3_deserialize(s->db, "main", copy, tpl->size, tpl->size,
                                 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
    if (rc != SQLITE_OK)
        return lw_sqlite_fail(conn, rc);
    return 0;
}
