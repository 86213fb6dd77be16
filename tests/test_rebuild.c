/*
 * The shared layer's table model and rebuild engine (shim/dialect/table_model.h,
 * rebuild.h), and the PostgreSQL dialect's ALTER TABLE through them:
 *
 *   the model        CREATE TABLE read into columns, clauses and constraints and written
 *                    back; names, rowids, mentions
 *   the rebuild      on a plain connection: children's ON DELETE CASCADE rows, views,
 *                    indexes and triggers survive, enforcement comes back on, a deferred
 *                    violation pending in the transaction stays pending
 *   failure at each step   an ALTER made to fail at every step of the rebuild (the test
 *                    hook) leaves the schema and every row exactly as they were, in
 *                    autocommit and inside a transaction; the same for the mysql
 *                    dialect's ALTER TABLE, its catalog tables included
 *   kill -9          a child process killed at each step of a rebuild of a file
 *                    database, and once mid-copy: on reopening, integrity_check is ok
 *                    and the table is the old one or the new one, whole
 */
#include "lw_shim_test.h"

#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dialect/rebuild.h"
#include "dialect/table_model.h"

/* ---- The model --------------------------------------------------------------------- */

static void test_model(void **state)
{
    (void)state;
    lw_table_model m;
    const char *sql =
        "CREATE TABLE \"t\" (id INTEGER CONSTRAINT \"t_pkey\" PRIMARY KEY NOT NULL, "
        "\"Name\" VARCHAR(10) CHECK (pg_assign(\"Name\", 'varchar', 10) IS NOT NULL) NOT NULL "
        "DEFAULT ('x') COLLATE NOCASE, amount NUMERIC_TEXT(10,2) COLLATE DECIMAL DEFAULT -1, "
        "p INT /* a comment */ CONSTRAINT t_p_fkey REFERENCES parent (id) ON DELETE CASCADE "
        "DEFERRABLE INITIALLY DEFERRED, [odd col] TEXT UNIQUE, "
        "CONSTRAINT \"t_x_check\" CHECK (amount > 0), UNIQUE (p, \"Name\"), FOREIGN KEY (p) "
        "REFERENCES other) WITHOUT ROWID";
    assert_int_equal(lw_tm_parse(sql, &m), LW_TM_OK);
    assert_string_equal(m.name, "t");
    assert_int_equal(m.n_cols, 5);
    assert_int_equal(m.n_cons, 3);
    assert_string_equal(m.cols[1].name, "Name");
    assert_string_equal(m.cols[1].type, "VARCHAR(10)");
    assert_string_equal(m.cols[4].name, "odd col");
    assert_string_equal(m.options, "WITHOUT ROWID");
    lw_tm_clause *def = lw_tm_column_clause(&m.cols[1], LW_TM_DEFAULT);
    assert_non_null(def);
    assert_string_equal(def->expr, "'x'");
    assert_string_equal(lw_tm_column_clause(&m.cols[2], LW_TM_DEFAULT)->expr, "-1");
    assert_string_equal(lw_tm_column_clause(&m.cols[1], LW_TM_COLLATE)->expr, "NOCASE");
    lw_tm_clause *fk = lw_tm_column_clause(&m.cols[3], LW_TM_FOREIGN_KEY);
    assert_string_equal(fk->name, "t_p_fkey");
    assert_string_equal(fk->ref_table, "parent");
    assert_string_equal(fk->on_delete, "CASCADE");
    assert_string_equal(fk->on_update, "NO ACTION");
    assert_int_equal(fk->deferrable, 1);
    assert_int_equal(fk->initially_deferred, 1);
    assert_string_equal(m.cons[1].cols.v[1], "Name");
    assert_int_equal(m.cons[2].ref_cols.n, 0);
    /* Constraints in SQLite's order: the columns' first. */
    lw_tm_constraint *cons = NULL;
    int n = lw_tm_constraints(&m, &cons);
    assert_int_equal(n, 7);
    assert_int_equal(cons[0].clause->kind, LW_TM_PRIMARY_KEY);
    assert_int_equal(cons[1].clause->kind, LW_TM_CHECK);
    assert_int_equal(cons[2].clause->kind, LW_TM_FOREIGN_KEY);
    assert_int_equal(cons[3].clause->kind, LW_TM_UNIQUE);
    assert_string_equal(cons[3].cols[0], "odd col");
    assert_int_equal(cons[3].column, 4);
    assert_int_equal(cons[5].column, -1);
    assert_string_equal(cons[5].cols[1], "Name");
    sqlite3_free(cons);
    assert_false(lw_tm_has_hidden_rowid(&m)); /* WITHOUT ROWID */
    /* Rendered and read again: the same table. */
    char *text = lw_tm_render(&m, "u");
    lw_table_model again;
    assert_int_equal(lw_tm_parse(text, &again), LW_TM_OK);
    assert_string_equal(again.name, "u");
    char *twice = lw_tm_render(&again, "u");
    assert_string_equal(text, twice);
    sqlite3_free(text);
    sqlite3_free(twice);
    lw_tm_free(&again);
    lw_tm_free(&m);

    assert_int_equal(lw_tm_parse("CREATE TABLE r (id INTEGER PRIMARY KEY, v)", &m), LW_TM_OK);
    assert_false(lw_tm_has_hidden_rowid(&m)); /* the rowid is id */
    lw_tm_free(&m);
    assert_int_equal(lw_tm_parse("CREATE TABLE r (id INTEGER PRIMARY KEY DESC, v)", &m), LW_TM_OK);
    assert_true(lw_tm_has_hidden_rowid(&m)); /* DESC: no alias */
    lw_tm_free(&m);
    assert_int_equal(lw_tm_parse("CREATE TABLE r (a, CONSTRAINT)", &m), LW_TM_ESYNTAX);
    lw_tm_free(&m);
    assert_int_equal(lw_tm_parse("CREATE VIEW v AS SELECT 1", &m), LW_TM_ESYNTAX);
    lw_tm_free(&m);
    /* A clause cut short (found by fuzz_table_model: it read past the last token). */
    assert_int_equal(lw_tm_parse("CREATE TABLE x (b INT REFERENCES p (id) ON DELETE", &m),
                     LW_TM_ESYNTAX);
    lw_tm_free(&m);
    assert_int_equal(lw_tm_parse("CREATE TABLE x (b INT PRIMARY KEY ON CONFLICT", &m),
                     LW_TM_ESYNTAX);
    lw_tm_free(&m);

    assert_true(lw_tm_mentions("NEW.\"b\" > 0 AND c", "b"));
    assert_true(lw_tm_mentions("(b DESC)", "B"));
    assert_false(lw_tm_mentions("'b' = b(1)", "b")); /* a string, a function */
}

/* ---- Snapshots ----------------------------------------------------------------------- */

/* Everything a rebuild may touch, as text: the schema's statements (TEMP's too) and
 * every row of every table of main (the dialect's records included), typed. */
static char *snapshot(sqlite3 *db)
{
    lw_sqlbuf b = {0};
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT 'main', type, name, tbl_name, sql FROM "
                                        "main.sqlite_schema UNION ALL SELECT 'temp', type, name, "
                                        "tbl_name, sql FROM temp.sqlite_schema ORDER BY 1, 3",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    lw_sqlbuf tables = {0};
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        for (int i = 0; i < 5; i++)
            lw_sqlbuf_appendf(&b, "%s|", sqlite3_column_text(stmt, i));
        lw_sqlbuf_append(&b, "\n", 1);
        if (!strcmp((const char *)sqlite3_column_text(stmt, 0), "main") &&
            !strcmp((const char *)sqlite3_column_text(stmt, 1), "table"))
            lw_sqlbuf_appendf(&tables, "%s\n", sqlite3_column_text(stmt, 2));
    }
    sqlite3_finalize(stmt);
    for (char *t = tables.s, *end; t && *t; t = end + 1) {
        end = strchr(t, '\n');
        *end = 0;
        if (!strncmp(t, "sqlite_", 7))
            continue;
        /* Every column with its storage class and value, the rows in the order of
         * their values. */
        char *sql = sqlite3_mprintf("SELECT * FROM main.\"%w\"", t);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
        lw_sqlbuf order = {0};
        for (int i = 0; i < sqlite3_column_count(stmt); i++)
            lw_sqlbuf_appendf(&order, "%s%d", i ? ", " : " ORDER BY ", i + 1);
        sqlite3_finalize(stmt);
        sqlite3_free(sql);
        sql = sqlite3_mprintf("SELECT * FROM main.\"%w\"%s", t, order.s ? order.s : "");
        lw_sqlbuf_free(&order);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
        lw_sqlbuf_appendf(&b, "== %s\n", t);
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(stmt); i++)
                lw_sqlbuf_appendf(
                    &b, "%d:%s|", sqlite3_column_type(stmt, i),
                    sqlite3_column_text(stmt, i) ? (const char *)sqlite3_column_text(stmt, i) : "");
            lw_sqlbuf_append(&b, "\n", 1);
        }
        sqlite3_finalize(stmt);
        sqlite3_free(sql);
    }
    lw_sqlbuf_free(&tables);
    return lw_sqlbuf_finish(&b);
}

/* ---- The rebuild on a plain connection ------------------------------------------------ */

static int scalar_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        v = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
}

static void exec_db(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (rc)
        fprintf(stderr, "  SQL: %s\n  error: %s\n", sql, err);
    sqlite3_free(err);
    assert_int_equal(rc, SQLITE_OK);
}

/* The parent table rebuilt with v as an integer column: plan and run. */
static int rebuild_parent(sqlite3 *db, lw_dialect_error *err)
{
    lw_table_model m;
    assert_int_equal(lw_tm_load(db, "parent", &m), LW_TM_OK);
    assert_int_equal(lw_tm_set_type(&m, &m.cols[1], "INTEGER"), LW_TM_OK);
    char *values[2] = {"\"id\"", "CAST(\"v\" AS INTEGER) + 1"};
    char *indexes[1] = {"CREATE INDEX parent_v ON parent (v)"};
    char *triggers[1] = {"CREATE TRIGGER parent_log AFTER INSERT ON parent BEGIN INSERT INTO log "
                         "VALUES (NEW.id); END"};
    lw_rebuild_plan plan = {"parent", &m, values, indexes, 1, triggers, 1, 0, NULL, NULL, NULL};
    int rc = lw_rebuild_table(db, &plan, err);
    sqlite3_free(plan.dropped_views);
    lw_tm_free(&m);
    return rc;
}

static void test_rebuild_plain(void **state)
{
    sqlite3 *db = *state;
    exec_db(db, "PRAGMA foreign_keys = ON;"
                "CREATE TABLE parent (id INT PRIMARY KEY, v TEXT);"
                "CREATE TABLE child (id INT, pid INT REFERENCES parent (id) ON DELETE CASCADE);"
                "CREATE TABLE late (id INT, pid INT REFERENCES parent (id) DEFERRABLE INITIALLY "
                "DEFERRED);"
                "CREATE TABLE log (id INT);"
                "CREATE INDEX parent_v ON parent (v);"
                "CREATE TRIGGER parent_log AFTER INSERT ON parent BEGIN INSERT INTO log VALUES "
                "(NEW.id); END;"
                "CREATE VIEW parent_view AS SELECT id, v FROM parent;"
                "INSERT INTO parent VALUES (1, '10'), (2, '20');"
                "INSERT INTO child VALUES (10, 1), (11, 2);");
    lw_dialect_error err = {{0}, 0, NULL, 0};
    assert_int_equal(rebuild_parent(db, &err), SQLITE_OK);
    /* DROP TABLE of the old parent deleted no child: enforcement was off. */
    assert_int_equal(scalar_int(db, "SELECT count(*) FROM child"), 2);
    assert_int_equal(scalar_int(db, "SELECT sum(v) FROM parent_view"), 32);
    assert_int_equal(scalar_int(db, "SELECT typeof(v) = 'integer' FROM parent WHERE id = 1"), 1);
    assert_int_equal(scalar_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                                    "('parent_v', 'parent_log')"),
                     2);
    assert_int_equal(scalar_int(db, "PRAGMA foreign_keys"), 1);
    /* Enforcement is back: the children's actions fire again. */
    exec_db(db, "DELETE FROM parent WHERE id = 2");
    assert_int_equal(scalar_int(db, "SELECT count(*) FROM child"), 1);

    /* Inside a transaction, with a deferred violation pending: still pending after. */
    exec_db(db, "BEGIN; INSERT INTO late VALUES (1, 99)");
    assert_int_equal(rebuild_parent(db, &err), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    exec_db(db, "DELETE FROM late; COMMIT");

    /* A change the rows break: the copy's error, the table as it was. */
    char *before = snapshot(db);
    lw_table_model m;
    assert_int_equal(lw_tm_load(db, "parent", &m), LW_TM_OK);
    lw_tm_clause check;
    assert_int_equal(lw_tm_parse_clause("CONSTRAINT big CHECK (v > 100)", 1, &check), LW_TM_OK);
    assert_int_equal(lw_tm_add_clause(&m, NULL, &check), LW_TM_OK);
    lw_tm_clause_free(&check);
    char *values[2] = {"\"id\"", "\"v\""};
    lw_rebuild_plan plan = {"parent", &m, values, NULL, 0, NULL, 0, 0, NULL, NULL, NULL};
    assert_int_equal(lw_rebuild_table(db, &plan, &err) & 0xff, SQLITE_CONSTRAINT);
    assert_string_equal(err.message, "CHECK constraint failed: big");
    lw_tm_free(&m);
    char *after = snapshot(db);
    assert_string_equal(before, after);
    sqlite3_free(before);
    sqlite3_free(after);
    lw_dialect_error_clear(&err);
    exec_db(db, "DROP VIEW parent_view; DROP TABLE late; DROP TABLE child; DROP TABLE parent; "
                "DROP TABLE log");
}

/* ---- Failure at each step ---------------------------------------------------------------- */

static const char *const alter_setup =
    "CREATE TABLE owner (id SERIAL PRIMARY KEY, name TEXT NOT NULL);"
    "CREATE TABLE thing (id SERIAL PRIMARY KEY, owner_id INT REFERENCES owner (id) DEFERRABLE "
    "INITIALLY DEFERRED, label VARCHAR(20), price NUMERIC(8,2), flag BOOLEAN DEFAULT true, "
    "doc JSONB, gone TEXT);"
    "CREATE TABLE part (id INT PRIMARY KEY, thing_id INT REFERENCES thing (id) ON DELETE CASCADE);"
    "CREATE INDEX thing_label ON thing (label varchar_pattern_ops);"
    "CREATE UNIQUE INDEX thing_live ON thing (owner_id, label) WHERE flag;"
    "CREATE VIEW thing_gone AS SELECT id, gone FROM thing;"
    "INSERT INTO owner (name) VALUES ('ann'), ('bob');"
    "INSERT INTO thing (owner_id, label, price, doc, gone) VALUES (1, 'a', 1.5, '{\"b\": 1, "
    "\"a\": [1.0]}', 'x'), (2, 'b', 20, '[]', NULL), (1, 'c', NULL, NULL, 'z');"
    "INSERT INTO part VALUES (1, 1), (2, 1), (3, 3);"
    "ALTER TABLE thing DROP COLUMN IF EXISTS nothing";

/* An ALTER that rebuilds thing (and, for the DROP COLUMN CASCADE of a key other tables
 * refer to, part first): a type change, an added SERIAL, a constraint, dropped columns
 * with a view. */
static const char *const alter_all =
    "ALTER TABLE thing ALTER COLUMN price TYPE NUMERIC(10,3), ADD COLUMN seq SERIAL, "
    "ADD CONSTRAINT thing_label_key UNIQUE (label), ALTER COLUMN label SET NOT NULL, "
    "DROP COLUMN gone CASCADE";

/* Makes alter fail at every step of the rebuild (the test hook), in autocommit and
 * inside a transaction: each time it fails with the hook's error (sqlstate) and leaves
 * the database exactly as before (before: its snapshot). */
static void fails_cleanly_at_each_step(lw_conn *c, const char *alter, const char *before,
                                       const char *sqlstate)
{
    sqlite3 *db = lw_conn_sqlite(c);
    for (int in_txn = 0; in_txn < 2; in_txn++)
        for (int step = 1; step < LW_REBUILD_STEPS; step++) {
            lw_rebuild_test_fail_at(step);
            if (in_txn)
                exec_ok(c, "BEGIN");
            int rc = lw_exec(c, alter, NULL, 0);
            const lw_error *e = lw_last_error(c);
            if (rc == 0 || !strstr(lw_error_message(e), "injected failure at rebuild step"))
                fprintf(stderr, "  step %d (%s): rc %d, %s\n", step, lw_rebuild_step_name(step), rc,
                        rc ? lw_error_message(e) : "succeeded");
            assert_int_not_equal(rc, 0);
            assert_non_null(strstr(lw_error_message(e), "injected failure at rebuild step"));
            assert_string_equal(lw_error_sqlstate(e), sqlstate);
            if (in_txn)
                exec_ok(c, "ROLLBACK");
            char *after = snapshot(db);
            if (strcmp(before, after))
                fprintf(stderr, "  step %d (%s), %s: the database changed\n", step,
                        lw_rebuild_step_name(step), in_txn ? "in a transaction" : "autocommit");
            assert_string_equal(before, after);
            sqlite3_free(after);
        }
}

static void test_failure_at_each_step(void **state)
{
    (void)state;
    lw_conn *c = open_ok("sqlite::memory:?dialect=postgresql");
    sqlite3 *db = lw_conn_sqlite(c);
    exec_ok(c, alter_setup);
    char *before = snapshot(db);
    fails_cleanly_at_each_step(c, alter_all, before, "XX000");
    /* Without the hook the same ALTER goes through; in a transaction, ROLLBACK undoes
     * it whole. */
    lw_rebuild_test_fail_at(0);
    exec_ok(c, "BEGIN");
    exec_ok(c, alter_all);
    exec_ok(c, "ROLLBACK");
    char *after = snapshot(db);
    assert_string_equal(before, after);
    sqlite3_free(after);
    exec_ok(c, alter_all);
    after = snapshot(db);
    assert_string_not_equal(before, after);
    assert_non_null(strstr(after, "thing_label_key"));
    sqlite3_free(after);
    sqlite3_free(before);
    lw_close(c);
}

/* The mysql dialect's ALTER TABLE through the same engine (shim/dialect/mysql/alter.c,
 * alter_apply.c): made to fail at each step, it leaves the tables, their rows and the
 * dialect's catalog (_lw_mysql_* tables, in the snapshot) exactly as they were. */
static const char *const my_alter_setup =
    "CREATE TABLE owner (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL);"
    "CREATE TABLE thing (id INT AUTO_INCREMENT PRIMARY KEY, owner_id INT, label VARCHAR(20), "
    "price DECIMAL(8,2), gone TEXT, KEY idx_gone (gone(10)), CONSTRAINT fk_owner FOREIGN KEY "
    "(owner_id) REFERENCES owner (id) ON DELETE CASCADE);"
    "CREATE VIEW thing_labels AS SELECT id, label FROM thing;"
    "INSERT INTO owner (name) VALUES ('ann'), ('bob');"
    "INSERT INTO thing (owner_id, label, price, gone) VALUES (1, 'a', 1.5, 'x'), (2, 'b', 20, "
    "NULL), (1, 'c', NULL, 'z')";

static const char *const my_alter_all =
    "ALTER TABLE thing MODIFY price DECIMAL(10,3), ADD COLUMN n INT NOT NULL DEFAULT 1 AFTER id, "
    "ADD UNIQUE KEY uq_label (title), CHANGE label title VARCHAR(30) NOT NULL, DROP COLUMN gone";

static void test_mysql_failure_at_each_step(void **state)
{
    (void)state;
    lw_conn *c = open_ok("sqlite::memory:?dialect=mariadb");
    sqlite3 *db = lw_conn_sqlite(c);
    exec_ok(c, my_alter_setup);
    char *before = snapshot(db);
    fails_cleanly_at_each_step(c, my_alter_all, before, "XX000");
    /* A conversion that fails (a value too long for the new type) fails the same way,
     * without the hook. */
    lw_rebuild_test_fail_at(0);
    assert_int_not_equal(
        lw_exec(c, "ALTER TABLE thing ADD COLUMN z INT, MODIFY label CHAR(0)", NULL, 0), 0);
    assert_string_equal(lw_error_message(lw_last_error(c)),
                        "Data truncated for column 'label' at row 1");
    char *after = snapshot(db);
    assert_string_equal(before, after);
    sqlite3_free(after);
    /* Without the hook the ALTER goes through. In a transaction it first commits it, as
     * MariaDB's implicit commit does, so a ROLLBACK after it has nothing to undo. */
    exec_ok(c, "BEGIN");
    exec_ok(c, my_alter_all);
    exec_ok(c, "ROLLBACK");
    after = snapshot(db);
    assert_string_not_equal(before, after);
    assert_non_null(strstr(after, "thing.uq_label"));
    assert_non_null(strstr(after, "decimal(10,3)"));
    sqlite3_free(after);
    sqlite3_free(before);
    lw_close(c);
}

/* ---- kill -9 during a rebuild ------------------------------------------------------------- */

static char kill_dir[256];

static int make_kill_dir(void **state)
{
    (void)state;
    snprintf(kill_dir, sizeof kill_dir, "/tmp/lw_test_rebuild_%d", (int)getpid());
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", kill_dir, kill_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int remove_kill_dir(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", kill_dir);
    return system(cmd) == 0 ? 0 : -1;
}

#define KILL_ROWS 100000
static const char *const kill_alter = "ALTER TABLE big ALTER COLUMN n TYPE BIGINT";

/* A file database with a big table (3 indexes): its URL. */
static const char *make_big(const char *name)
{
    static char url[512];
    char path[400];
    snprintf(path, sizeof path, "%s/%s", kill_dir, name);
    unlink(path);
    snprintf(url, sizeof url, "sqlite:///%s?dialect=postgresql", path);
    lw_conn *c = open_ok(url);
    exec_ok(c, "CREATE TABLE big (id SERIAL PRIMARY KEY, n INT, label TEXT, amount NUMERIC(12,2))");
    exec_ok(c, "CREATE INDEX big_n ON big (n); CREATE INDEX big_label ON big (label)");
    sqlite3 *db = lw_conn_sqlite(c);
    char sql[200];
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < %d) "
             "INSERT INTO big (id, n, label, amount) SELECT i, i %% 1000, 'label ' || i, "
             "CAST(i AS TEXT) || '.25' FROM r",
             KILL_ROWS);
    exec_db(db, sql); /* plain SQLite: 100,000 rows at once */
    lw_close(c);
    return url;
}

static char *table_sql(sqlite3 *db, const char *table)
{
    sqlite3_stmt *stmt = NULL;
    char *sql = NULL;
    if (sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE name = ?1", -1, &stmt, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW)
            sql = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return sql;
}

static int signal_fd = -1;

/* The child's pause: tells the parent where it is and waits to be killed. */
static void pause_here(int step)
{
    char c = (char)step;
    if (write(signal_fd, &c, 1) != 1)
        _exit(3);
    for (;;)
        pause();
}

/* The child's mark: tells the parent the copy starts, and goes on. */
static void mark_here(int step)
{
    char c = (char)step;
    if (write(signal_fd, &c, 1) != 1)
        _exit(3);
}

/* Runs the ALTER in a child process that is killed at step (a pause there), or, with
 * delay_us, that many microseconds after the step began while it goes on, or, with
 * delay_us negative, once the ALTER has returned. Returns after the child is gone. */
static void kill_child_at(const char *url, int step, int delay_us)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        signal_fd = fds[1];
        lw_rebuild_test_pause_at(step, delay_us ? mark_here : pause_here);
        lw_conn *c = NULL;
        if (lw_open(url, &c, NULL) != 0)
            _exit(2);
        lw_exec(c, kill_alter, NULL, 0);
        char done = 0; /* finished before it was killed */
        if (write(fds[1], &done, 1) != 1)
            _exit(3);
        for (;;)
            pause();
    }
    close(fds[1]);
    char got = 0;
    assert_int_equal(read(fds[0], &got, 1), 1);
    if (delay_us < 0)
        assert_int_equal(read(fds[0], &got, 1), 1); /* the ALTER returned */
    else if (delay_us)
        usleep((useconds_t)delay_us);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    assert_true(WIFSIGNALED(status));
    close(fds[0]);
}

static void test_kill_during_rebuild(void **state)
{
    (void)state;
    /* The definition before and after, from a run that finishes. */
    const char *url = make_big("expected.db");
    lw_conn *c = open_ok(url);
    char *old_sql = table_sql(lw_conn_sqlite(c), "big");
    exec_ok(c, kill_alter);
    char *new_sql = table_sql(lw_conn_sqlite(c), "big");
    lw_close(c);
    assert_string_not_equal(old_sql, new_sql);

    static const int steps[] = {LW_REBUILD_COPY,    LW_REBUILD_DROP,    LW_REBUILD_RENAME,
                                LW_REBUILD_INDEXES, LW_REBUILD_CATALOG, LW_REBUILD_COMMIT};
    int old_seen = 0, new_seen = 0;
    for (size_t k = 0; k < sizeof steps / sizeof steps[0] + 4; k++) {
        int mid_copy = k >= sizeof steps / sizeof steps[0];
        url = make_big("kill.db");
        /* Mid-copy: killed 5, 20 and 80 ms into the copy of 100,000 rows; last, once
         * the statement has returned. */
        int delay = !mid_copy ? 0 : k == 6 ? 5000 : k == 7 ? 20000 : k == 8 ? 80000 : -1;
        kill_child_at(url, mid_copy ? LW_REBUILD_COPY : steps[k], delay);
        c = open_ok(url);
        sqlite3 *db = lw_conn_sqlite(c);
        char *ok = NULL;
        sqlite3_stmt *stmt = NULL;
        assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL), 0);
        if (sqlite3_step(stmt) == SQLITE_ROW)
            ok = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
        sqlite3_finalize(stmt);
        assert_string_equal(ok, "ok");
        sqlite3_free(ok);
        char *now = table_sql(db, "big");
        assert_non_null(now);
        int is_old = !strcmp(now, old_sql), is_new = !strcmp(now, new_sql);
        assert_true(is_old || is_new);
        old_seen += is_old;
        new_seen += is_new;
        /* Whole: every row, no half-built table left behind, the indexes there. */
        assert_int_equal(scalar_int(db, "SELECT count(*) FROM big"), KILL_ROWS);
        assert_int_equal(scalar_int(db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE "
                                        "'\\_lw\\_new\\_%' ESCAPE '\\'"),
                         0);
        assert_int_equal(scalar_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                                        "AND tbl_name = 'big'"),
                         3);
        assert_int_equal(scalar_int(db, "SELECT sum(n) FROM big"), 49950000);
        sqlite3_free(now);
        lw_close(c);
    }
    /* Killed before its commit, a rebuild leaves the old table; after it, the new one. */
    assert_true(old_seen >= (int)(sizeof steps / sizeof steps[0]));
    assert_true(new_seen >= 1);
    fprintf(stderr, "  kill -9: %d times the old table, %d times the new one\n", old_seen,
            new_seen);
    sqlite3_free(old_sql);
    sqlite3_free(new_sql);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model),
        cmocka_unit_test(test_rebuild_plain),
        cmocka_unit_test(test_failure_at_each_step),
        cmocka_unit_test(test_mysql_failure_at_each_step),
        cmocka_unit_test_setup_teardown(test_kill_during_rebuild, make_kill_dir, remove_kill_dir),
    };
    return cmocka_run_group_tests(tests, lw_test_open, lw_test_close);
}
