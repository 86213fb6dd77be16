/*
 * String literals of every dialect, decoded into their values and written back as
 * SQLite string literals. The lexer (core/lexer.h) says what kind a string token is;
 * this decodes it:
 *
 *   'a''b'   N'x'                      plain: a doubled quote is one quote
 *   E'a\nb'  (PostgreSQL)              backslash escapes (lw_pg_escapes)
 *   'a\nb'   "a\nb"  N'x' (MySQL)      backslash escapes (the MySQL dialect's rules),
 *                                      the quote doubled inside "..." too
 *   U&'d\0061t'                        \XXXX and \+XXXXXX code points; \\ is a backslash
 *   $$x$$  $tag$x$tag$                 the body as it is
 *
 * Which escapes a string takes is the dialect's table (lw_escape_rules): single-letter
 * escapes with the byte they stand for, letters whose backslash is kept (MySQL keeps
 * \% and \_ for LIKE), and the numeric forms \xHH, \ooo, \uXXXX, \UXXXXXXXX. A
 * backslash before any other character stands for that character.
 *
 * Errors (PostgreSQL's rules): an escape that yields a zero byte or an invalid code
 * point; the caller words the error for its dialect. Limits: none beyond the
 * token's length; the value is never longer than the token.
 */
#ifndef LW_SHIM_LITERALS_H
#define LW_SHIM_LITERALS_H

#include <stddef.h>

#include "core/lexer.h"
#include "core/sqlbuf.h"

/* One single-letter escape: \letter stands for byte. */
typedef struct lw_escape {
    char letter;
    char byte;
} lw_escape;

#define LW_ESC_HEX 0x01     /* \xH and \xHH: a byte (\x with no digit is x) */
#define LW_ESC_OCTAL 0x02   /* \o, \oo, \ooo: the low byte of the value */
#define LW_ESC_UNICODE 0x04 /* \uXXXX, \UXXXXXXXX: a code point */
#define LW_ESC_ZERO_OK 0x08 /* a zero byte is a value, not an error (MySQL's \0) */

typedef struct lw_escape_rules {
    const lw_escape *escapes; /* single-letter escapes */
    size_t n_escapes;
    const char *kept; /* letters whose backslash stays in the value ("%_"), or NULL */
    unsigned flags;   /* LW_ESC_* */
} lw_escape_rules;

/* PostgreSQL's E'' escapes: \b \f \n \r \t, \xHH, \ooo, \uXXXX, \UXXXXXXXX. */
extern const lw_escape_rules lw_pg_escapes;

/* Why a string could not be decoded. */
typedef struct lw_literal_error {
    const char *message; /* static text, PostgreSQL's wording */
    int zero_byte;       /* the escape gave a zero byte (PostgreSQL: 22021, else 42601) */
} lw_literal_error;

/*
 * Appends the value of the string token text[0..n) of the given lw_string_kind to
 * val. escapes says which backslash escapes the string takes (NULL: none); a
 * U&'' string takes its own. Returns 0, or -1 with *err filled.
 */
int lw_decode_string(const char *text, size_t n, int kind, const lw_escape_rules *escapes,
                     lw_sqlbuf *val, lw_literal_error *err);

/* Appends value[0..n) as a SQLite string literal: 'it''s', a zero byte as
 * '||char(0)||' (SQLite text literals cannot hold one). */
void lw_append_sql_string(lw_sqlbuf *out, const char *value, size_t n);

#endif
