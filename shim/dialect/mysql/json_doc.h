/*
 * MariaDB's JSON paths and JSON output over the extension's parsed documents
 * (ext/json/json.h), plain C for runtime_json.c.
 *
 * Documents are parsed with LW_JSON_KEEP_ORDER | LW_JSON_RAW_STRINGS: members keep
 * their order and duplicates, strings and numbers their text as written, as MariaDB
 * copies them into its results.
 *
 * Paths (MariaDB's syntax): `$` then any of `.key`, `."quoted key"`, `.*`, `[n]`,
 * `[last]`, `[last-n]`, `[*]`, `**`. A key is compared with the member's name as
 * written; of duplicate keys the first wins.
 *
 * Output: my_json_write() writes a value in MariaDB's form: `{"a": 1, "b": [1, 2]}`
 * (a space after each colon and comma), or without spaces (compact); an edit changes
 * one place while writing, which is how the modifiers build their result.
 *
 * Limits: nesting is bounded by the parser (LW_JSON_MAX_DEPTH), so the recursive
 * writers and matchers are too; a path has at most MY_JPATH_MAX_STEPS steps.
 */
#ifndef LW_SHIM_MYSQL_JSON_DOC_H
#define LW_SHIM_MYSQL_JSON_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "core/sqlbuf.h"
#include "json/json.h"

#define MY_JPATH_MAX_STEPS 256
#define MY_JSON_FLAGS (LW_JSON_KEEP_ORDER | LW_JSON_RAW_STRINGS)
#define MY_JNONE UINT32_MAX

typedef enum my_jstep_kind {
    MY_JSTEP_KEY,
    MY_JSTEP_ANY_KEY,
    MY_JSTEP_INDEX,
    MY_JSTEP_ANY_INDEX,
    MY_JSTEP_ANY_DEPTH
} my_jstep_kind;

typedef struct my_jstep {
    my_jstep_kind kind;
    const char *key; /* KEY: the name as written (points into the path's text) */
    size_t key_len;
    long long index; /* INDEX: from the start, or from the end when from_last */
    int from_last;
} my_jstep;

typedef struct my_jpath {
    my_jstep steps[MY_JPATH_MAX_STEPS];
    int n;
    int wild; /* a step matches more than one place */
    int none; /* `**` right after a key name (.a**.b): MariaDB finds nothing there */
} my_jpath;

typedef enum my_jpath_status { MY_JPATH_OK = 0, MY_JPATH_SYNTAX, MY_JPATH_END } my_jpath_status;

/* Parses text[0..n) into p (its keys point into text). On MY_JPATH_SYNTAX *pos is the
 * 1-based position MariaDB reports (too many steps is a syntax error too). */
my_jpath_status my_jpath_parse(const char *text, size_t n, my_jpath *p, size_t *pos);

/* A growable list of node indices. */
typedef struct my_jnodes {
    uint32_t *v;
    uint32_t n, cap;
    int oom;
} my_jnodes;

void my_jnodes_free(my_jnodes *l);

/* Adds to out every node of j that path p reaches from node `from`, each once, in
 * document order; at most p->n times j's nodes of work. out->oom on failure. */
void my_jpath_find(const lw_json *j, uint32_t from, const my_jpath *p, my_jnodes *out);

/* The value node of the first member named key[0..n) of object node obj, or MY_JNONE. */
uint32_t my_json_member(const lw_json *j, uint32_t obj, const char *key, size_t n);
/* The i-th child of a container (the value of the i-th member of an object). */
uint32_t my_json_child(const lw_json *j, uint32_t node, uint32_t i);
/* The key node of the i-th member of an object. */
uint32_t my_json_key(const lw_json *j, uint32_t obj, uint32_t i);

/* How my_json_write changes the document while writing it. */
typedef enum my_jedit_action {
    MY_JEDIT_NONE = 0,
    MY_JEDIT_REPLACE,    /* target is written as value */
    MY_JEDIT_REMOVE,     /* target (an element or a member's value) is left out */
    MY_JEDIT_ADD_MEMBER, /* object target gets key: value last */
    MY_JEDIT_APPEND,     /* array target gets value last */
    MY_JEDIT_INSERT_AT,  /* array target gets value before its element pos */
    MY_JEDIT_WRAP        /* target is written as [target, value] */
} my_jedit_action;

typedef struct my_jedit {
    my_jedit_action action;
    uint32_t target;
    const char *key; /* ADD_MEMBER: as written between quotes */
    size_t key_len;
    uint32_t pos;
    const char *value; /* JSON text, written as it is */
    size_t value_len;
} my_jedit;

/* Appends node of j to b in MariaDB's form (compact: no spaces), with edit applied
 * (NULL: none). */
void my_json_write(lw_sqlbuf *b, const lw_json *j, uint32_t node, int compact,
                   const my_jedit *edit);

/* Appends node as MariaDB's JSON_DETAILED writes it: one member or element per line,
 * indented by tab spaces per level (at most MY_JSON_MAX_TAB), a container value on the
 * line after its key, an array of one scalar ([1]) and an empty array on one line, an
 * empty object as "{", a line break and its indentation, "}". */
#define MY_JSON_MAX_TAB 64
void my_json_write_detailed(lw_sqlbuf *b, const lw_json *j, uint32_t node, int level, int tab);

/* The nesting depth MariaDB's JSON_DEPTH reports: 1 for a scalar or an empty
 * container, else one more than the deepest child. */
int my_json_depth(const lw_json *j, uint32_t node);

/* MySQL's containment (JSON_CONTAINS): see json_doc.c. */
int my_json_contains(const lw_json *t, uint32_t tn, const lw_json *c, uint32_t cn);

/* JSON_EQUALS's equality: arrays element by element, objects as sets of members (each
 * member of one matched by an equal member of the other, and as many of them),
 * numbers as numbers, strings as written. */
int my_json_equal(const lw_json *a, uint32_t an, const lw_json *b, uint32_t bn);
/* JSON_OVERLAPS: two arrays share an equal element, two objects an equal member; an
 * array and another value: the array holds it; two scalars: equal. */
int my_json_overlaps(const lw_json *a, uint32_t an, const lw_json *b, uint32_t bn);

/* JSON_MERGE_PATCH (RFC 7396) of node an of a (MY_JNONE: absent) with node bn of b. */
void my_json_merge_patch(lw_sqlbuf *out, const lw_json *a, uint32_t an, const lw_json *b,
                         uint32_t bn);
/* JSON_MERGE_PRESERVE of two documents' roots. */
void my_json_merge_preserve(lw_sqlbuf *out, const lw_json *a, uint32_t an, const lw_json *b,
                            uint32_t bn);

/* Appends s[0..n) (UTF-8) as a JSON string, escaped as MariaDB escapes. */
void my_json_append_string(lw_sqlbuf *b, const char *s, size_t n);

#endif
