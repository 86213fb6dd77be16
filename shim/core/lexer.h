/*
 * The SQL lexer of the shim: the only one in likewise. The parameter translation,
 * the FOR UPDATE pass, the transaction-control detection and every dialect rewriter
 * read its tokens; none of them looks at SQL text any other way.
 *
 * Design. lw_lex() cuts the whole text into tokens that cover it exactly: every byte
 * belongs to one token (spaces and comments included), so re-emitting the tokens'
 * bytes in order gives back the text, and a rewriter changes only the tokens it
 * means to. A token is a type, a sub-kind, and a byte range [offset, offset+length)
 * into the caller's text; parameters also carry their number or name range. The
 * lexer allocates only the token array (sqlite3_malloc64, owned by lw_tokens).
 *
 * What it knows:
 *   strings        'a''b', E'\n' (backslash escapes), U&'\0041' (no UESCAPE clause),
 *                  X'ab' and B'01' and N'x', $$...$$ and $tag$...$tag$ (dollar
 *                  quoting); with LW_LEX_BACKSLASH_STRINGS (MySQL) '\'' too, and
 *                  with LW_LEX_DQ_STRINGS "..." is a string instead of an identifier
 *   identifiers    words (keywords included: the lexer does not classify them; $ and,
 *                  with LW_LEX_HASH_IN_WORDS, # continue a word as in Oracle's a#b),
 *                  "quoted ""ident""", `backtick`, [bracketed] (SQLite)
 *   comments       -- to end of line (with LW_LEX_DASH_SPACE only before a space or a
 *                  control character, as MySQL reads it), block comments (nested with
 *                  LW_LEX_NESTED_COMMENTS, as PostgreSQL nests them), # with
 *                  LW_LEX_HASH_COMMENTS (MySQL); MySQL's executable comments
 *                  (LW_LEX_EXEC_COMMENTS), a block comment whose first character is
 *                  '!' followed by an optional version NNNNN: its opening (up to the
 *                  version) and its closing are comment tokens and the text between
 *                  them is lexed as SQL when the version is at most the dialect's
 *                  (LW_LEX_VERSION), else the whole is one comment; with
 *                  LW_LEX_MARIADB_COMMENTS "M!" opens them too (MariaDB's own form)
 *   variables      @name, @'name', @@name, @@session.name (LW_LEX_VARIABLES, MySQL)
 *   numbers        42, 4.2, .5, 1e-3, 0x1F
 *   parameters     ?  ?NNN  $1  :1  :name  @name  $name  %s  %(name)s
 *   operators      longest match of :: -> ->> @> <@ || <= >= <> != == << >> ~~ !~ ...
 *                  and %% (the literal percent of the format styles)
 *   punctuation    ( ) [ ] , ; .
 *
 * Limits: texts up to LW_LEX_MAX_BYTES (2 GiB less one: offsets are 32-bit). A text
 * that ends inside a string, quoted identifier, dollar quote or block comment is an
 * error that names what is unterminated and where it began.
 */
#ifndef LW_SHIM_LEXER_H
#define LW_SHIM_LEXER_H

#include <stddef.h>
#include <stdint.h>

#ifndef LW_LEX_MAX_BYTES
#define LW_LEX_MAX_BYTES 0x7ffffffe
#endif

typedef enum lw_token_type {
    LW_TK_SPACE = 1, /* whitespace */
    LW_TK_COMMENT,   /* -- line, block, or # comment */
    LW_TK_WORD,      /* bare identifier or keyword */
    LW_TK_QIDENT,    /* "quoted", `backtick` or [bracketed] identifier */
    LW_TK_STRING,    /* string literal of any kind (see lw_string_kind) */
    LW_TK_NUMBER,    /* numeric literal */
    LW_TK_PARAM,     /* parameter placeholder (see lw_param_kind) */
    LW_TK_OPERATOR,  /* operator, longest match */
    LW_TK_LPAREN,    /* ( */
    LW_TK_RPAREN,    /* ) */
    LW_TK_LBRACKET,  /* [ (only where [ does not start an identifier) */
    LW_TK_RBRACKET,  /* ] */
    LW_TK_COMMA,     /* , */
    LW_TK_SEMICOLON, /* ; */
    LW_TK_DOT,       /* . */
    LW_TK_VARIABLE   /* @name, @@name (LW_LEX_VARIABLES; kind: lw_variable_kind) */
} lw_token_type;

typedef enum lw_string_kind {
    LW_STR_PLAIN = 1, /* 'a''b' */
    LW_STR_ESCAPE,    /* E'a\nb' (and MySQL's backslash strings) */
    LW_STR_UNICODE,   /* U&'\0041' */
    LW_STR_DOLLAR,    /* $$x$$ or $tag$x$tag$ */
    LW_STR_HEX,       /* X'ab' */
    LW_STR_BIT,       /* B'0101' */
    LW_STR_NATIONAL,  /* N'x' */
    LW_STR_DQ         /* "x" under LW_LEX_DQ_STRINGS */
} lw_string_kind;

/* What a LW_TK_VARIABLE names (MySQL): a user variable @name (or @'name', @`name`,
 * @"name"), or a system variable @@name, @@session.name, @@global.name. */
typedef enum lw_variable_kind { LW_VAR_USER = 1, LW_VAR_SYSTEM } lw_variable_kind;

typedef enum lw_param_kind {
    LW_PARAM_QMARK = 1, /* ?            anonymous, in order */
    LW_PARAM_FORMAT,    /* %s           anonymous, in order */
    LW_PARAM_NUMBERED,  /* ?NNN $1 :1   by number */
    LW_PARAM_NAMED      /* :name @name $name %(name)s   by name */
} lw_param_kind;

/* Token flags. */
#define LW_TKF_PERCENT_ESCAPE 0x01 /* the operator %% (a literal % in format styles) */

typedef struct lw_token {
    uint8_t type;    /* lw_token_type */
    uint8_t kind;    /* lw_string_kind or lw_param_kind, else 0 */
    uint8_t sigil;   /* a parameter's first character: ? $ : @ % */
    uint8_t flags;   /* LW_TKF_* */
    uint32_t offset; /* first byte in the text */
    uint32_t length; /* bytes */
    uint32_t number; /* LW_PARAM_NUMBERED: the number (1-based); LW_PARAM_QMARK: 0, or
                        the position a dialect fixed for it (map_param in dialect.c) */
    uint32_t name_offset, name_length; /* LW_PARAM_NAMED: the name, without sigil */
} lw_token;

typedef struct lw_tokens {
    lw_token *items; /* owned; free with lw_tokens_free */
    size_t len, cap;
} lw_tokens;

/* Lexer options. */
#define LW_LEX_NESTED_COMMENTS 0x01   /* block comments nest (PostgreSQL) */
#define LW_LEX_HASH_COMMENTS 0x02     /* # starts a line comment (MySQL) */
#define LW_LEX_BACKSLASH_STRINGS 0x04 /* '...' strings take backslash escapes (MySQL) */
#define LW_LEX_DQ_STRINGS 0x08        /* "..." is a string (MySQL without ANSI_QUOTES) */
#define LW_LEX_NO_BRACKET_IDENT 0x10  /* [ is punctuation, not a quoted identifier (PG arrays) */
#define LW_LEX_DASH_SPACE                                                                          \
    0x20                             /* -- starts a comment only before a space, a control         \
                                        character or the end (MySQL: 1--1 is 1 - -1) */
#define LW_LEX_EXEC_COMMENTS 0x40    /* executable comments (MySQL; see above) */
#define LW_LEX_MARIADB_COMMENTS 0x80 /* executable comments opened by "M!" (MariaDB) */
#define LW_LEX_VARIABLES 0x100       /* @name and @@name are variables, not parameters */
#define LW_LEX_DIGIT_IDENTS 0x200    /* an identifier may start with digits (MySQL: 1a) */
/* The server version executable comments are compared with (MariaDB 10.11: 101100),
 * kept in the flags' upper bits. */
#define LW_LEX_VERSION(v) ((unsigned)(v) << 12)
#define LW_LEX_VERSION_OF(flags) ((flags) >> 12)
#define LW_LEX_HASH_IN_WORDS 0x400 /* # continues a word after its first character (Oracle) */

/* A lexing error: the message (static text) and the byte offset it refers to. */
typedef struct lw_lex_error {
    const char *message;
    size_t offset;
} lw_lex_error;

/*
 * Appends the tokens of text[0..len) to out (which the caller zero-initialises and
 * frees with lw_tokens_free, also after an error). Returns 0, -1 on a lexing error
 * (*err says what and where) or -2 when out of memory.
 */
int lw_lex(const char *text, size_t len, unsigned flags, lw_tokens *out, lw_lex_error *err);
void lw_tokens_free(lw_tokens *toks);

/* True when the token is a bare word equal to word, ASCII case-insensitively. */
int lw_token_is_word(const char *text, const lw_token *tok, const char *word);
/* True for tokens that carry no meaning (spaces and comments). */
int lw_token_is_blank(const lw_token *tok);
/* Index of the first meaningful token at or after i (len when there is none). */
size_t lw_tokens_skip_blank(const lw_token *toks, size_t len, size_t i);

/*
 * Index of the ';' token that ends the statement starting at token start, or len when
 * it runs to the end. Inside the compound body of a stored program (CREATE TRIGGER,
 * PROCEDURE, FUNCTION or EVENT: SQLite's and MariaDB's BEGIN ... END, PostgreSQL's
 * BEGIN ATOMIC ... END; MariaDB's BEGIN NOT ATOMIC) a ';' ends a body statement, not
 * the program: BEGIN ... END blocks nest, with CASE, IF, LOOP, WHILE, REPEAT and FOR
 * inside.
 */
size_t lw_statement_end(const char *text, const lw_token *toks, size_t len, size_t start);

/* Human name of a token type, for messages and tests ("word", "string"...). */
const char *lw_token_type_name(int type);

#endif
