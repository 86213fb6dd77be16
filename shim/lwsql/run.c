/*
 * Running SQL: statements split with the dialect's lexer, the line loop that reads
 * files, standard input and the terminal, and the backslash commands.
 *
 * The line loop reads a line at a time, as psql does. A line whose first non-blank
 * character is a backslash, read between statements or inside one but outside any
 * quoted text or comment, is a backslash command and runs at once (an unfinished
 * statement stays in the buffer). Other lines join the buffer; when a line holds a ';'
 * the buffer is lexed, and every statement a ';' ends runs (a stored program's
 * BEGIN ... END body does not end at its inner ';'). At the end of the input what is
 * left runs too, as psql runs the last statement of a file. The buffer is lexed only
 * when a line holds a ';', so a long statement costs one lexing per such line.
 *
 * Backslash commands: \q quit; \timing [on|off] print each statement's time as psql does
 * ("Time: 0.123 ms", with minutes and seconds past one second); \dt [PATTERN] the
 * tables; \d the tables and views; \d NAME a table or view; \? the list. An unknown
 * command is an error.
 *
 * Errors print "ERROR <SQLSTATE>: <message>" on standard error. A script stops at the
 * first error (psql -v ON_ERROR_STOP=1); the interactive shell carries on.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dialect/dialect.h"
#include "core/lexer.h"
#include "lwsql.h"

int lwsql_report(const lw_error *e)
{
    fflush(stdout);
    fprintf(stderr, "ERROR %s: %s\n", lw_error_sqlstate(e), lw_error_message(e));
    return 1;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* "Time: 0.123 ms", and past a second psql's "(mm:ss.sss)" forms. */
static void print_timing(double ms)
{
    if (ms < 1000.0) {
        printf("Time: %.3f ms\n", ms);
        return;
    }
    double seconds = ms / 1000.0, minutes = floor(seconds / 60.0);
    seconds -= 60.0 * minutes;
    if (minutes < 60.0) {
        printf("Time: %.3f ms (%02d:%06.3f)\n", ms, (int)minutes, seconds);
        return;
    }
    double hours = floor(minutes / 60.0);
    minutes -= 60.0 * hours;
    if (hours < 24.0) {
        printf("Time: %.3f ms (%02d:%02d:%06.3f)\n", ms, (int)hours, (int)minutes, seconds);
        return;
    }
    double days = floor(hours / 24.0);
    hours -= 24.0 * days;
    printf("Time: %.3f ms (%.0f d %02d:%02d:%06.3f)\n", ms, days, (int)hours, (int)minutes,
           seconds);
}

/* The dialect's lexer options. */
static unsigned lex_flags(const lwsql *s)
{
    const lw_dialect *d = lw_dialect_find(s->dialect, strlen(s->dialect));
    return d ? d->lex_flags : 0;
}

/* The first meaningful words of a statement, upper-cased ("" where there is none or
 * it is not a word). */
typedef struct lead_words {
    char w[4][32];
} lead_words;

static void leading_words(const lwsql *s, const char *sql, lead_words *out)
{
    memset(out, 0, sizeof *out);
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    if (lw_lex(sql, strlen(sql), lex_flags(s), &toks, &lerr) == 0) {
        size_t i = lw_tokens_skip_blank(toks.items, toks.len, 0);
        for (int n = 0; n < 4 && i < toks.len; n++) {
            const lw_token *t = &toks.items[i];
            if (t->type != LW_TK_WORD || t->length >= sizeof out->w[n])
                break;
            for (uint32_t k = 0; k < t->length; k++)
                out->w[n][k] = (char)toupper((unsigned char)sql[t->offset + k]);
            i = lw_tokens_skip_blank(toks.items, toks.len, i + 1);
        }
    }
    lw_tokens_free(&toks);
}

/* Statements that change things and return no rows of their own, whatever the dialect
 * runs them as: in aligned format only their command tag prints. */
static int is_command(const char *word)
{
    static const char *const words[] = {
        "CREATE", "DROP",    "ALTER",   "TRUNCATE",  "BEGIN",   "COMMIT",  "ROLLBACK", "START",
        "END",    "SET",     "RESET",   "SAVEPOINT", "RELEASE", "COMMENT", "GRANT",    "REVOKE",
        "VACUUM", "ANALYZE", "REINDEX", "ATTACH",    "DETACH",  "USE",     "LOCK"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(word, words[i]))
            return 1;
    return 0;
}

static int is_dml(const char *word)
{
    return !strcmp(word, "INSERT") || !strcmp(word, "UPDATE") || !strcmp(word, "DELETE") ||
           !strcmp(word, "REPLACE") || !strcmp(word, "MERGE");
}

/* The command tag psql prints in aligned format: "INSERT 0 2", "UPDATE 1",
 * "CREATE TABLE", "BEGIN"... */
static void print_tag(const lwsql *s, const lead_words *w)
{
    const char *first = w->w[0];
    long long changes = (long long)lw_changes(s->conn);
    if (!strcmp(first, "INSERT") || !strcmp(first, "REPLACE"))
        printf("INSERT 0 %lld\n", changes);
    else if (is_dml(first))
        printf("%s %lld\n", first, changes);
    else if (!strcmp(first, "CREATE") || !strcmp(first, "DROP") || !strcmp(first, "ALTER")) {
        /* CREATE UNIQUE INDEX, CREATE TEMP TABLE, CREATE OR REPLACE VIEW: the object. */
        const char *object = w->w[1];
        if (!strcmp(object, "UNIQUE") || !strcmp(object, "TEMP") || !strcmp(object, "TEMPORARY"))
            object = w->w[2];
        else if (!strcmp(object, "OR"))
            object = w->w[3];
        printf("%s%s%s\n", first, *object ? " " : "", object);
    } else if (first[0]) {
        printf("%s\n", first);
    }
}

/* Runs one statement and prints its rows; returns 0 or 1 (error reported). */
static int run_statement(lwsql *s, const char *sql)
{
    double start = now_ms();
    int aligned = s->format == LWSQL_ALIGNED;
    lead_words w;
    if (aligned)
        leading_words(s, sql, &w);
    lw_rows *rows = NULL;
    int rc = 0;
    if (lw_query(s->conn, sql, NULL, 0, &rows) != 0) {
        rc = lwsql_report(lw_last_error(s->conn));
    } else {
        int ncol = lw_column_count(rows), silent = aligned && (ncol == 0 || is_command(w.w[0]));
        int step = 0;
        if (silent)
            while ((step = lw_rows_next(rows)) == LW_ROW)
                continue;
        else
            step = lwsql_print_rows(s, rows);
        if (step < 0)
            rc = lwsql_report(lw_last_error(s->conn));
        else if (silent || (aligned && is_dml(w.w[0])))
            print_tag(s, &w);
        lw_rows_close(rows);
    }
    if (s->timing)
        print_timing(now_ms() - start);
    fflush(stdout);
    return rc;
}

int lwsql_run_text(lwsql *s, const char *text)
{
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    size_t len = strlen(text);
    int rc = lw_lex(text, len, lex_flags(s), &toks, &lerr);
    if (rc) {
        fflush(stdout);
        if (rc == -2)
            fprintf(stderr, "ERROR 53200: out of memory\n");
        else
            fprintf(stderr, "ERROR 42601: %s at character %zu\n", lerr.message, lerr.offset + 1);
        lw_tokens_free(&toks);
        return 1;
    }
    int status = 0;
    for (size_t start = 0; start < toks.len;) {
        size_t end = lw_statement_end(text, toks.items, toks.len, start);
        size_t first = lw_tokens_skip_blank(toks.items, end, start);
        if (first < end) {
            size_t from = toks.items[start].offset;
            size_t to = end < toks.len ? toks.items[end].offset : len;
            char *stmt = lwsql_xrealloc(NULL, to - from + 1);
            memcpy(stmt, text + from, to - from);
            stmt[to - from] = 0;
            int failed = run_statement(s, stmt);
            free(stmt);
            if (failed) {
                status = 1;
                if (!s->interactive)
                    break;
            }
        }
        start = end + 1;
    }
    lw_tokens_free(&toks);
    return status;
}

/* A growable buffer of SQL text. */
typedef struct sqlbuf {
    char *s;
    size_t len, cap;
} sqlbuf;

static void buf_add(sqlbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = lwsql_xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

/* ---- Backslash commands ------------------------------------------------------------- */

static void help(void)
{
    puts("General\n"
         "  \\q                     quit lwsql\n"
         "  \\r                     clear the statement being typed\n"
         "  \\timing [on|off]       toggle timing of statements\n"
         "  \\?                     this list\n"
         "Informational\n"
         "  \\d                     list tables and views\n"
         "  \\d NAME                describe a table or view\n"
         "  \\dt [PATTERN]          list tables (PATTERN may use * and ?)");
}

/* Runs a backslash command (line starts at the backslash); \r clears *pending (NULL:
 * nothing pending). Returns 0 or 1. */
static int meta_command(lwsql *s, const char *line, sqlbuf *pending)
{
    char cmd[32] = {0};
    size_t n = 1 + strcspn(line + 1, " \t\\");
    if (n >= sizeof cmd)
        n = sizeof cmd - 1;
    memcpy(cmd, line, n);
    const char *arg = line + strcspn(line, " \t");
    arg += strspn(arg, " \t");
    char *argument = lwsql_xstrdup(arg);
    for (size_t k = strlen(argument); k > 0 && isspace((unsigned char)argument[k - 1]); k--)
        argument[k - 1] = 0;
    int rc = 0;
    if (!strcmp(cmd, "\\q")) {
        s->quit = 1;
    } else if (!strcmp(cmd, "\\timing")) {
        if (!*argument)
            s->timing = !s->timing;
        else if (!strcmp(argument, "on"))
            s->timing = 1;
        else if (!strcmp(argument, "off"))
            s->timing = 0;
        else {
            fprintf(stderr, "\\timing: unrecognized value \"%s\": Boolean expected\n", argument);
            rc = 1;
        }
        if (!rc)
            printf("Timing is %s.\n", s->timing ? "on" : "off");
    } else if (!strcmp(cmd, "\\dt")) {
        rc = lwsql_list_relations(s, *argument ? argument : NULL, 1);
    } else if (!strcmp(cmd, "\\d")) {
        rc = *argument ? lwsql_describe(s, argument) : lwsql_list_relations(s, NULL, 0);
    } else if (!strcmp(cmd, "\\r")) {
        if (pending)
            pending->len = 0;
        if (s->interactive)
            puts("Query buffer reset (cleared).");
    } else if (!strcmp(cmd, "\\?")) {
        help();
    } else {
        fprintf(stderr, "invalid command %s\nTry \\? for help.\n", cmd);
        rc = 1;
    }
    free(argument);
    fflush(stdout);
    return rc;
}

int lwsql_run_command(lwsql *s, const char *text)
{
    const char *start = text + strspn(text, " \t\r\n");
    if (*start == '\\')
        return meta_command(s, start, NULL);
    return lwsql_run_text(s, text);
}

/* ---- The line loop --------------------------------------------------------------------- */

char *lwsql_stream_line(void *ctx, const char *prompt)
{
    (void)prompt;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, (FILE *)ctx);
    if (n < 0) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = 0;
    return line;
}

static int blank(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    return *s == 0;
}

/*
 * Where the buffer stands: *done is the length of its complete statements (0: none);
 * the return value is the prompt's state: '=' nothing pending, '-' a statement goes on,
 * '\'' inside a string, '"' inside a quoted identifier, '*' inside a comment, '$' inside
 * a dollar-quoted string, '(' inside parentheses.
 */
static char buffer_state(const lwsql *s, const sqlbuf *b, size_t *done)
{
    *done = 0;
    if (!b->len || blank(b->s))
        return '=';
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    int rc = lw_lex(b->s, b->len, lex_flags(s), &toks, &lerr);
    char state = '-';
    if (rc == -1 && !strncmp(lerr.message, "unterminated", 12)) {
        state = strstr(lerr.message, "dollar")       ? '$'
                : strstr(lerr.message, "comment")    ? '*'
                : strstr(lerr.message, "identifier") ? '"'
                                                     : '\'';
    } else if (rc) {
        /* Another lexing error: let the statement run and report it. */
        *done = b->len;
    } else {
        size_t start = 0, after = 0;
        while (start < toks.len) {
            size_t end = lw_statement_end(b->s, toks.items, toks.len, start);
            if (end >= toks.len)
                break;
            after = toks.items[end].offset + 1;
            start = end + 1;
        }
        *done = after;
        int depth = 0;
        for (size_t i = start; i < toks.len; i++)
            depth += toks.items[i].type == LW_TK_LPAREN                ? 1
                     : toks.items[i].type == LW_TK_RPAREN && depth > 0 ? -1
                                                                       : 0;
        if (depth > 0)
            state = '(';
        else if (blank(b->s + after))
            state = '=';
    }
    lw_tokens_free(&toks);
    return state;
}

/* Runs the first n bytes of the buffer and keeps the rest. */
static int run_prefix(lwsql *s, sqlbuf *b, size_t n)
{
    char *text = lwsql_xrealloc(NULL, n + 1);
    memcpy(text, b->s, n);
    text[n] = 0;
    size_t rest = b->len - n;
    memmove(b->s, b->s + n, rest + 1);
    b->len = rest;
    if (blank(b->s))
        b->len = 0;
    int rc = lwsql_run_text(s, text + strspn(text, " \t\r\n"));
    free(text);
    return rc;
}

/* True inside a string, a quoted identifier or a comment. */
static int quoted(char state)
{
    return state == '\'' || state == '"' || state == '*' || state == '$';
}

int lwsql_run_lines(lwsql *s, lwsql_line_fn next_line, void *ctx)
{
    sqlbuf b = {0};
    int status = 0;
    size_t done = 0;
    while (!s->quit) {
        /* Only a terminal shows the prompt, so only there is the buffer lexed for it. */
        char prompt[64] = "";
        if (s->interactive)
            snprintf(prompt, sizeof prompt, "%s%c> ", s->dialect, buffer_state(s, &b, &done));
        char *line = next_line(ctx, prompt);
        if (!line)
            break;
        const char *text = line + strspn(line, " \t");
        int rc = 0;
        if (*text == '\\' && !quoted(buffer_state(s, &b, &done))) {
            rc = meta_command(s, text, &b);
        } else {
            buf_add(&b, line, strlen(line));
            buf_add(&b, "\n", 1);
            if (strchr(line, ';')) {
                buffer_state(s, &b, &done);
                if (done)
                    rc = run_prefix(s, &b, done);
            }
        }
        free(line);
        /* At a terminal an error is reported and forgotten, as in psql. */
        if (rc && !s->interactive) {
            status = 1;
            break;
        }
    }
    /* What is left at the end of a file runs, as psql runs it; a person who typed
     * half a statement and then end-of-file does not want it run. */
    if (!status && !s->quit && b.len && !blank(b.s) && !s->interactive)
        status = lwsql_run_text(s, b.s + strspn(b.s, " \t\r\n"));
    free(b.s);
    return status;
}
