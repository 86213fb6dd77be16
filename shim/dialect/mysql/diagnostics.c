/*
 * GET [CURRENT] DIAGNOSTICS, MariaDB's reading of the diagnostics area into user
 * variables (the area is kept, as SHOW WARNINGS keeps it):
 *
 *   GET DIAGNOSTICS @a = NUMBER, @b = ROW_COUNT
 *       the conditions the area holds, the previous statement's ROW_COUNT()
 *   GET DIAGNOSTICS CONDITION n @a = MYSQL_ERRNO, @b = MESSAGE_TEXT,
 *                               @c = RETURNED_SQLSTATE
 *       condition n (an integer or a user variable); one the area lacks adds error
 *       1758 "Invalid condition number" to it and sets nothing, the statement
 *       succeeding (my_condition_ok, runtime_session.c)
 *
 * Written as SELECT 1 WHERE CASE WHEN my_condition_ok(n) THEN typeof(my_setvar('a',
 * my_condition(n, 'MYSQL_ERRNO'))) || ... = 'none' END. GET STACKED DIAGNOSTICS (only
 * in a handler, which the dialect has none of: MariaDB's syntax error outside one),
 * local variables as targets and the other items (CLASS_ORIGIN, TABLE_NAME...) are
 * refused by name.
 */
#include <stdio.h>
#include <string.h>

#include "dialect/mysql/mysql.h"

/* The name of the user variable @name at the current token (moved past), or NULL with
 * the walker failed. */
static char *target(lw_walker *w)
{
    const lw_token *t = lw_tok(w, 0);
    if (!t || t->type != LW_TK_VARIABLE || t->kind != LW_VAR_USER || t->length < 2 ||
        w->sql[t->offset + 1] == '\'' || w->sql[t->offset + 1] == '`' ||
        w->sql[t->offset + 1] == '"') {
        lw_refuse(w, "GET DIAGNOSTICS into anything but a user variable @name");
        return NULL;
    }
    char *name = sqlite3_mprintf("%.*s", (int)t->length - 1, w->sql + t->offset + 1);
    if (!name)
        lw_fail(w, LW_ENOMEM);
    lw_skip(w);
    return name;
}

int my_get_diagnostics(lw_walker *w)
{
    size_t k = 1;
    if (lw_word_at(w, k, "current"))
        k++;
    else if (lw_word_at(w, k, "stacked"))
        return my_syntax_error(w, k);
    if (!lw_word_at(w, k, "diagnostics"))
        return my_syntax_error(w, k);
    w->p += k + 1;
    int condition = lw_word(w, "condition");
    lw_out(w, MY_KEEP_WARNINGS "SELECT 1 WHERE CASE WHEN ");
    char *number = NULL;
    if (condition) {
        lw_skip(w);
        const lw_token *t = lw_tok(w, 0);
        if (t && t->type == LW_TK_NUMBER) {
            number = sqlite3_mprintf("%.*s", (int)t->length, w->sql + t->offset);
            lw_skip(w);
        } else if (t && t->type == LW_TK_VARIABLE) {
            char *name = target(w);
            number = name ? sqlite3_mprintf("my_getvar(%Q)", name) : NULL;
            sqlite3_free(name);
        } else {
            return my_syntax_error(w, 0);
        }
        if (!number)
            return w->rc ? w->rc : lw_fail(w, LW_ENOMEM);
        lw_outf(w, "my_condition_ok(%s) THEN ", number);
    } else {
        lw_out(w, "1 THEN ");
    }
    int items = 0;
    while (!w->rc && !lw_at_end(w)) {
        char *name = target(w);
        if (!name)
            break;
        if (!lw_op_at(w, 0, "=") || !lw_type_at(w, 1, LW_TK_WORD)) {
            sqlite3_free(name);
            my_syntax_error(w, 0);
            break;
        }
        w->p++;
        const lw_token *t = lw_tok(w, 0);
        char item[32];
        snprintf(item, sizeof item, "%.*s", (int)(t->length < 31 ? t->length : 31),
                 w->sql + t->offset);
        for (char *c = item; *c; c++)
            *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
        const char *value = NULL;
        if (!condition && !strcmp(item, "NUMBER"))
            value = "my_condition_count()";
        else if (!condition && !strcmp(item, "ROW_COUNT"))
            value = "row_count()";
        else if (condition && (!strcmp(item, "MYSQL_ERRNO") || !strcmp(item, "MESSAGE_TEXT") ||
                               !strcmp(item, "RETURNED_SQLSTATE")))
            value = "my_condition";
        if (!value) {
            lw_refuse(w, "GET DIAGNOSTICS item %s", item);
            sqlite3_free(name);
            break;
        }
        lw_skip(w);
        if (condition)
            lw_outf(w, "%stypeof(my_setvar(%Q, my_condition(%s, '%s')))", items ? " || " : "", name,
                    number, item);
        else
            lw_outf(w, "%stypeof(my_setvar(%Q, %s))", items ? " || " : "", name, value);
        items++;
        sqlite3_free(name);
        if (!lw_next_item(w))
            break;
        w->t->out->len -= 2; /* the comma lw_next_item wrote */
    }
    sqlite3_free(number);
    if (!w->rc && (!items || !lw_at_end(w)))
        return my_syntax_error(w, 0);
    lw_out(w, " = 'none' END");
    w->consumed = 1;
    return w->rc;
}
