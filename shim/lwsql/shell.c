/*
 * The interactive shell: lwsql URL on a terminal (standard input and output both).
 *
 * Line editing and history come from Debian's libedit (BSD licensed) through its
 * readline interface. The prompt names the dialect and says where the statement being
 * typed stands, as psql's does: "postgresql=> " before a statement, "postgresql-> " on
 * its following lines, and ' " * $ ( in place of '-' inside a string, a quoted
 * identifier, a comment, a dollar-quoted string or parentheses. Every line typed
 * (except blank ones) goes into the history, which is read at start and written at
 * exit: $LWSQL_HISTORY, or ~/.lwsql_history ($HOME), 500 lines as psql keeps.
 *
 * Ctrl-C while a statement runs interrupts it (SQLite's sqlite3_interrupt: the
 * statement fails with an error and the shell goes on); at the prompt it clears the
 * statement being typed (\r). End of input (Ctrl-D) leaves as \q does.
 */
#include <editline/readline.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "lwsql.h"

/* Lines of history kept, psql's default HISTSIZE. */
#define HISTORY_LINES 500

static volatile sig_atomic_t interrupted;
static sqlite3 *running_db;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
    if (running_db)
        sqlite3_interrupt(running_db);
}

static char *history_path(void)
{
    const char *path = getenv("LWSQL_HISTORY");
    if (path && *path)
        return lwsql_xstrdup(path);
    const char *home = getenv("HOME");
    return home && *home ? lwsql_xprintf("%s/.lwsql_history", home) : NULL;
}

static char *shell_line(void *ctx, const char *prompt)
{
    (void)ctx;
    fflush(stdout);
    interrupted = 0;
    char *line = readline(prompt);
    if (!line && interrupted) {
        /* Ctrl-C at the prompt: drop what was typed. */
        putchar('\n');
        return lwsql_xstrdup("\\r");
    }
    if (!line) {
        puts("\\q");
        return NULL;
    }
    if (line[strspn(line, " \t")])
        add_history(line);
    return line;
}

int lwsql_shell(lwsql *s)
{
    /* libedit reads multibyte characters in the terminal's encoding. Only LC_CTYPE:
     * LC_NUMERIC would change how printf writes numbers. */
    setlocale(LC_CTYPE, "");
    char *history = history_path();
    using_history();
    stifle_history(HISTORY_LINES);
    if (history)
        read_history(history);
    /* Tab inserts a tab: libedit's default would complete file names. */
    rl_bind_key('\t', rl_insert);

    /* No SA_RESTART: a Ctrl-C at the prompt must end readline's wait. */
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    running_db = lw_conn_sqlite(s->conn);

    printf("lwsql %s (dialect %s, SQLite %s)\nType \"\\?\" for help.\n\n", lw_version_string(),
           s->dialect, sqlite3_libversion());
    int status = lwsql_run_lines(s, shell_line, NULL);

    running_db = NULL;
    sigaction(SIGINT, &old, NULL);
    if (history && write_history(history) != 0)
        fprintf(stderr, "lwsql: could not save history to %s\n", history);
    clear_history();
    free(history);
    return status;
}
