/*
 * The same program on the embedded emulation and on the real server: accounts and
 * transfers through liblikewise_shim. make test builds it (build/example) and runs it
 * on four URLs, whose outputs must be identical (tests/differential/example):
 *
 *   build/example 'sqlite::memory:?dialect=postgresql'
 *   build/example 'postgresql:///app?host=/var/run/postgresql'
 *   build/example 'sqlite::memory:?dialect=mariadb'
 *   build/example 'mariadb://app@localhost/app'
 *
 * It uses parameters in three styles, a transaction that lw_transaction retries when
 * the engine refuses it (40001, 40P01, MySQL 1213, a lock wait timeout), a unique
 * violation caught by its SQLSTATE class, and SELECT ... FOR UPDATE. Its SQL is
 * written to mean the same to PostgreSQL, MariaDB and SQLite.
 *
 * Build: cc docs/example.c $(pkg-config --cflags --libs likewise-shim), or from the
 * build tree as the Makefile does.
 */
#include <stdio.h>
#include <string.h>

#include "likewise.h"

static int report(lw_conn *conn, const char *what)
{
    const lw_error *e = lw_last_error(conn);
    printf("%s failed: %s (SQLSTATE %s)\n", what, lw_error_message(e), lw_error_sqlstate(e));
    return 1;
}

typedef struct transfer {
    const char *from, *to;
    int amount;
} transfer;

/* One transfer: lock the payer's row, check the balance, move the money. Run by
 * lw_transaction, which begins, commits, and runs it again if the engine refuses. */
static int move_money(lw_conn *conn, void *arg)
{
    const transfer *t = arg;
    lw_rows *rows = NULL;
    int rc = lw_query(conn, "SELECT balance FROM account WHERE owner = :owner FOR UPDATE",
                      LW_ARGS(LW_NAMED("owner", LW_TEXT(t->from))), &rows);
    if (rc)
        return rc;
    rc = lw_rows_next(rows);
    int64_t balance = rc == LW_ROW ? lw_column_int64(rows, 0) : -1;
    lw_rows_close(rows);
    if (rc < 0)
        return rc;
    if (balance < t->amount)
        return LW_ECALLBACK; /* rolled back, not retried */
    rc = lw_exec(conn, "UPDATE account SET balance = balance - %s WHERE owner = %s",
                 LW_ARGS(LW_INT(t->amount), LW_TEXT(t->from)));
    if (rc == 0)
        rc = lw_exec(conn, "UPDATE account SET balance = balance + $1 WHERE owner = $2",
                     LW_ARGS(LW_INT(t->amount), LW_TEXT(t->to)));
    return rc;
}

static int show_balances(lw_conn *conn)
{
    lw_rows *rows = NULL;
    if (lw_query(conn, "SELECT owner, balance FROM account ORDER BY owner", LW_NOARGS, &rows))
        return report(conn, "listing");
    int rc;
    while ((rc = lw_rows_next(rows)) == LW_ROW)
        printf("  %-6s %4lld\n", lw_column_text(rows, 0), (long long)lw_column_int64(rows, 1));
    lw_rows_close(rows);
    return rc < 0 ? report(conn, "listing") : 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: example URL\n");
        return 2;
    }
    lw_conn *conn = NULL;
    lw_error *err = NULL;
    if (lw_open(argv[1], &conn, &err) != 0) {
        printf("cannot connect: %s (SQLSTATE %s)\n", lw_error_message(err), lw_error_sqlstate(err));
        lw_error_free(err);
        return 1;
    }
    if (lw_exec(conn, "DROP TABLE IF EXISTS account", LW_NOARGS) ||
        lw_exec(conn,
                "CREATE TABLE account (id INT PRIMARY KEY, owner VARCHAR(40) NOT NULL UNIQUE, "
                "balance INT NOT NULL)",
                LW_NOARGS))
        return report(conn, "creating the table");
    static const struct {
        int id;
        const char *owner;
        int balance;
    } opening[] = {{1, "alice", 100}, {2, "bob", 50}, {3, "carol", 0}};
    for (int i = 0; i < 3; i++)
        if (lw_exec(conn, "INSERT INTO account (id, owner, balance) VALUES (?, ?, ?)",
                    LW_ARGS(LW_INT(opening[i].id), LW_TEXT(opening[i].owner),
                            LW_INT(opening[i].balance))))
            return report(conn, "opening an account");
    printf("opened 3 accounts\n");

    /* A second account for alice: the UNIQUE constraint refuses it. Class 23 is
     * "integrity constraint violation" on every engine (PostgreSQL says 23505,
     * MariaDB 23000, both with MySQL error 1062). */
    int rc = lw_exec(conn, "INSERT INTO account (id, owner, balance) VALUES (?, ?, ?)",
                     LW_ARGS(LW_INT(4), LW_TEXT("alice"), LW_INT(0)));
    const lw_error *e = lw_last_error(conn);
    if (rc == LW_ECONSTRAINT && strncmp(lw_error_sqlstate(e), "23", 2) == 0)
        printf("second account for alice refused: SQLSTATE class 23, MySQL error %d\n",
               lw_error_mysql_errno(e));
    else
        return report(conn, "the duplicate check");

    transfer transfers[] = {{"alice", "bob", 30}, {"bob", "carol", 80}, {"carol", "alice", 500}};
    for (int i = 0; i < 3; i++) {
        const transfer *t = &transfers[i];
        rc = lw_transaction(conn, LW_TXN_DEFAULT, 5000, move_money, &transfers[i]);
        if (rc == 0)
            printf("moved %d from %s to %s\n", t->amount, t->from, t->to);
        else if (rc == LW_ECALLBACK)
            printf("refused to move %d from %s to %s: not enough money\n", t->amount, t->from,
                   t->to);
        else
            return report(conn, "a transfer");
    }
    printf("balances:\n");
    if (show_balances(conn))
        return 1;
    lw_exec(conn, "DROP TABLE account", LW_NOARGS);
    lw_close(conn);
    return 0;
}
