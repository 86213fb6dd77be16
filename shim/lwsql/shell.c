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
 * Ctrl-C while a statement runs stops it through lw_cancel, on every backend (SQLite's
 * sqlite3_interrupt, PostgreSQL's cancel request, MariaDB's KILL QUERY): the statement
 * fails with an error, or ends early, and the shell goes on. lw_cancel may open a
 * connection (MariaDB), which a signal handler must not do, so the handler only wakes
 * a thread that calls it. At the prompt Ctrl-C clears the statement being typed (\r).
 * End of input (Ctrl-D) leaves as \q does.
 */
#include <editline/readline.h>
#include <locale.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "lwsql.h"

/* Lines of history kept, psql's default HISTSIZE. */
#define HISTORY_LINES 500

static volatile sig_atomic_t interrupted;
/* 1 while readline waits for a line: Ctrl-C then clears it instead of canceling. */
static volatile sig_atomic_t at_prompt;
/* Posted by the handler (sem_post is async-signal-safe) for the canceling thread. */
static sem_t cancel_requests;
static volatile sig_atomic_t canceler_running, shell_done;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
    if (!at_prompt && canceler_running)
        sem_post(&cancel_requests);
}

/* Waits for Ctrl-C during a statement and cancels it, until the shell ends. */
static void *canceler(void *arg)
{
    lw_conn *conn = arg;
    for (;;) {
        while (sem_wait(&cancel_requests) != 0)
            continue; /* EINTR */
        if (shell_done)
            return NULL;
        lw_cancel(conn);
    }
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
    at_prompt = 1;
    char *line = readline(prompt);
    at_prompt = 0;
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

    /* The canceling thread first, so that no Ctrl-C finds it missing. It blocks SIGINT
     * (a thread inherits the mask), so the signal interrupts readline's wait here. */
    pthread_t thread;
    sigset_t sigint, mask;
    sigemptyset(&sigint);
    sigaddset(&sigint, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigint, &mask);
    shell_done = 0;
    if (sem_init(&cancel_requests, 0, 0) == 0) {
        if (pthread_create(&thread, NULL, canceler, s->conn) == 0)
            canceler_running = 1;
        else
            sem_destroy(&cancel_requests);
    }
    pthread_sigmask(SIG_SETMASK, &mask, NULL);
    if (!canceler_running)
        fputs("lwsql: Ctrl-C cannot cancel statements (no thread for it)\n", stderr);
    /* No SA_RESTART: a Ctrl-C at the prompt must end readline's wait. */
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);

    const char *backend = lw_conn_backend(s->conn);
    if (!strcmp(backend, "sqlite"))
        printf("lwsql %s (dialect %s, SQLite %s)\n", lw_version_string(), s->dialect,
               sqlite3_libversion());
    else
        printf("lwsql %s (dialect %s, %s server)\n", lw_version_string(), s->dialect,
               !strcmp(backend, "postgresql") ? "PostgreSQL" : "MariaDB");
    printf("Type \"\\?\" for help.\n\n");
    int status = lwsql_run_lines(s, shell_line, NULL);

    sigaction(SIGINT, &old, NULL);
    if (canceler_running) {
        canceler_running = 0;
        shell_done = 1;
        sem_post(&cancel_requests);
        pthread_join(thread, NULL);
        sem_destroy(&cancel_requests);
    }
    if (history && write_history(history) != 0)
        fprintf(stderr, "lwsql: could not save history to %s\n", history);
    clear_history();
    free(history);
    return status;
}
