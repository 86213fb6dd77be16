/*
 * lwsql: SQL through the likewise shim, from scripts or at a terminal, as psql, mariadb
 * and sqlite3 are used.
 *
 *   lwsql URL -c "SQL"       run SQL (one or more statements); -c and -f may repeat and
 *                            run in order
 *   lwsql URL -f FILE        run a file of SQL; -f - reads standard input (as psql -f -)
 *   lwsql URL                standard input: a script, or on a terminal the interactive
 *                            shell (prompt, line editing, history, \q \dt \d \timing)
 *   lwsql URL --slt FILE...  run sqllogictest files (likewise's format or SQLite's,
 *                            detected per file), print "N passed, N failed"
 *   lwsql --help | --version
 *
 * Output: -A/--unaligned (the default for scripts) prints rows as psql -XAt: one line
 * per row, fields joined by '|', NULL as an empty string, values as the dialect's
 * client shows them. --aligned prints psql's aligned table (the default in the
 * interactive shell), --csv RFC 4180 with a header as psql --csv, --json one JSON object
 * per row (shim/lwsql/output.c has the details).
 *
 * Errors go to standard error as "ERROR <SQLSTATE>: <message>"; a script stops at the
 * first error (psql -v ON_ERROR_STOP=1) and lwsql exits with status 1; the interactive
 * shell reports it and goes on. Backslash commands work in scripts too (run.c).
 * Warnings found when connecting (indexes to rebuild) print as "WARNING: ...".
 * Exit status 2: usage errors or an unreadable file.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "info/info.h"
#include "lwsql.h"
#include "slt.h"

static const char usage_text[] =
    "lwsql runs SQL through the likewise shim: SQLite that behaves like PostgreSQL,\n"
    "MySQL/MariaDB or Oracle, or the real PostgreSQL or MariaDB server.\n"
    "\n"
    "Usage:\n"
    "  lwsql URL [OPTION]...\n"
    "  lwsql URL --slt FILE...\n"
    "\n"
    "URL:\n"
    "  sqlite::memory:  sqlite:///relative.db  sqlite:////absolute.db\n"
    "  options after '?', joined by '&':\n"
    "    dialect=sqlite|postgresql|mysql|mariadb|oracle   timeout=MS (5000)\n"
    "    txn=deferred|immediate|exclusive   journal_mode=MODE   synchronous=MODE\n"
    "    foreign_keys=on|off   mode=ro   init=SQL   max_age=SECONDS   template=PATH\n"
    "    shared=NAME\n"
    "  postgresql://[user[:password]@][host][:port][/dbname][?params]  (libpq's URI:\n"
    "    host=/socket/dir, sslmode=, options=...; and timeout, txn, mode=ro, init,\n"
    "    max_age, template=DATABASE)\n"
    "  mysql:// or mariadb://[user[:password]@][host][:port][/database][?socket=PATH]\n"
    "    (and timeout, txn, mode=ro, init, max_age)\n"
    "\n"
    "Input (-c and -f may repeat; they run in order):\n"
    "  -c, --command=SQL   run SQL (one or more statements)\n"
    "  -f, --file=FILE     run a file of SQL; '-' is standard input\n"
    "  (neither)           read standard input; on a terminal, the interactive shell\n"
    "  --slt FILE...       run sqllogictest files (likewise's or SQLite's format,\n"
    "                      detected per file; skipif/onlyif engine = the dialect);\n"
    "                      prints \"N passed, N failed\"\n"
    "\n"
    "Output:\n"
    "  -A, --unaligned     rows as psql -XAt prints them: fields joined by '|', NULL\n"
    "                      empty (the default unless interactive)\n"
    "  --aligned           psql's aligned table with a header and \"(N rows)\" (the\n"
    "                      default in the interactive shell)\n"
    "  --csv               CSV with a header line, as psql --csv\n"
    "  --json              one JSON object per row, keys the column names\n"
    "\n"
    "Interactive shell and scripts: statements end with ';'. Backslash commands:\n"
    "  \\q                  quit\n"
    "  \\timing [on|off]    print how long each statement took\n"
    "  \\dt [PATTERN]       list tables\n"
    "  \\d [NAME]           list tables and views, or describe one\n"
    "  \\r                  clear the statement being typed\n"
    "  \\?                  list the backslash commands\n"
    "History: $LWSQL_HISTORY, else ~/.lwsql_history.\n"
    "\n"
    "Errors print \"ERROR <SQLSTATE>: <message>\" on standard error; a script stops at\n"
    "the first one. Exit status: 0 success, 1 an SQL error, 2 usage or file errors.\n"
    "\n"
    "Other:\n"
    "  -V, --version       print the versions of lwsql and of the libraries it uses\n"
    "  -?, --help          this help\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("lwsql: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry \"lwsql --help\" for more information.\n", stderr);
    return 2;
}

static void print_version(void)
{
    char info[512];
    lw_build_info(info, (int)sizeof info, sqlite3_libversion());
    printf("lwsql %s\n%s\n", lw_version_string(), info);
}

/* One -c or -f, in the order given. */
typedef struct action {
    int is_file;
    const char *text; /* the SQL, or the file's path */
} action;

/* The value of an option given as "-c VALUE", "--command VALUE" or "--command=VALUE". */
static const char *option_value(int argc, char **argv, int *i, const char *shortname,
                                const char *longname)
{
    const char *a = argv[*i];
    size_t n = strlen(longname);
    if (!strncmp(a, longname, n) && a[n] == '=')
        return a + n + 1;
    if (!strcmp(a, shortname) || !strcmp(a, longname)) {
        if (*i + 1 >= argc)
            return NULL;
        return argv[++*i];
    }
    return NULL;
}

static int is_option(const char *a, const char *shortname, const char *longname)
{
    size_t n = strlen(longname);
    return !strcmp(a, shortname) || !strcmp(a, longname) ||
           (!strncmp(a, longname, n) && a[n] == '=');
}

static int run_file(lwsql *s, const char *path)
{
    if (!strcmp(path, "-"))
        return lwsql_run_lines(s, lwsql_stream_line, stdin);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fflush(stdout);
        fprintf(stderr, "lwsql: cannot open %s\n", path);
        return 2;
    }
    int rc = lwsql_run_lines(s, lwsql_stream_line, f);
    fclose(f);
    return rc;
}

int main(int argc, char **argv)
{
    const char *url = NULL;
    action *actions = calloc((size_t)argc, sizeof *actions);
    int n_actions = 0, format = -1, slt_first = 0;
    if (!actions) {
        fputs("lwsql: out of memory\n", stderr);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-?") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            free(actions);
            return 0;
        }
        if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
            print_version();
            free(actions);
            return 0;
        }
        if (is_option(a, "-c", "--command") || is_option(a, "-f", "--file")) {
            int is_file = is_option(a, "-f", "--file");
            const char *v = is_file ? option_value(argc, argv, &i, "-f", "--file")
                                    : option_value(argc, argv, &i, "-c", "--command");
            if (!v) {
                free(actions);
                return usage_error("option %s needs a value", a);
            }
            actions[n_actions++] = (action){is_file, v};
        } else if (!strcmp(a, "-A") || !strcmp(a, "--unaligned")) {
            format = LWSQL_UNALIGNED;
        } else if (!strcmp(a, "--aligned")) {
            format = LWSQL_ALIGNED;
        } else if (!strcmp(a, "--csv")) {
            format = LWSQL_CSV;
        } else if (!strcmp(a, "--json")) {
            format = LWSQL_JSON;
        } else if (!strcmp(a, "--slt")) {
            slt_first = i + 1;
            break;
        } else if (a[0] == '-' && a[1]) {
            free(actions);
            return usage_error("unknown option %s", a);
        } else if (!url) {
            url = a;
        } else {
            free(actions);
            return usage_error("unexpected argument %s", a);
        }
    }
    if (!url) {
        free(actions);
        return usage_error("%s", "no connection URL given");
    }
    if (slt_first) {
        free(actions);
        if (slt_first >= argc)
            return usage_error("%s", "--slt needs at least one file");
        return lw_slt_run(url, argc - slt_first, argv + slt_first);
    }

    lw_conn *conn = NULL;
    lw_error *err = NULL;
    if (lw_open(url, &conn, &err) != 0) {
        int status = lwsql_report(err);
        lw_error_free(err);
        free(actions);
        return status;
    }
    for (int i = 0; i < lw_warning_count(conn); i++)
        fprintf(stderr, "WARNING: %s\n", lw_warning(conn, i));

    lwsql s = {0};
    s.conn = conn;
    s.dialect = lw_conn_dialect(conn);
    /* Interactive as psql decides it: no -c or -f, and a terminal on both sides. */
    s.interactive = n_actions == 0 && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    s.format = format >= 0 ? (lwsql_format)format : s.interactive ? LWSQL_ALIGNED : LWSQL_UNALIGNED;
    int status = 0;
    if (s.interactive)
        status = lwsql_shell(&s);
    else if (n_actions == 0)
        status = lwsql_run_lines(&s, lwsql_stream_line, stdin);
    for (int i = 0; i < n_actions && status == 0 && !s.quit; i++)
        status = actions[i].is_file ? run_file(&s, actions[i].text)
                                    : lwsql_run_command(&s, actions[i].text);
    free(actions);
    lw_close(conn);
    fflush(stdout);
    return status;
}
