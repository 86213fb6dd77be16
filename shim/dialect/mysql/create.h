/*
 * The state of one CREATE TABLE being written by the mysql and mariadb dialects, shared
 * by columns.c (column types, column definitions, the statement) and keys.c (keys,
 * foreign keys and CHECK constraints, inline or as table elements). Private to those
 * two files.
 */
#ifndef LW_DIALECT_MYSQL_CREATE_H
#define LW_DIALECT_MYSQL_CREATE_H

#include "dialect/mysql/mysql.h"

/* Where a column's definition was written: NOT NULL goes there when a later PRIMARY KEY
 * names it (a key's columns are NOT NULL in MySQL; SQLite would take NULLs). */
typedef struct column_at {
    char *name;
    size_t at; /* offset in the output just after its declared type */
    int not_null;
    char *declared; /* its SQLite declared type (INT UNSIGNED, VARCHAR(10)...) */
} column_at;

/* The state of one CREATE TABLE being written. */
typedef struct create {
    char *table;
    const char *default_collation;
    lw_sqlbuf post;    /* statements after the table: indexes, triggers, catalog rows */
    lw_sqlbuf catalog; /* the catalog rows */
    int ordinal;       /* columns so far */
    int unnamed_checks, foreign_keys;
    char *auto_column;         /* the AUTO_INCREMENT column */
    int auto_keyed;            /* it is the first column of a key */
    lw_sqlbuf on_update;       /* ON UPDATE CURRENT_TIMESTAMP columns, comma-separated */
    lw_sqlbuf on_update_clock; /* and their clocks (clock_of), one a line, in that order */
    lw_sqlbuf columns;         /* every column, quoted and comma-separated */
    lw_sqlbuf keys;            /* the key names used, to name unnamed keys */
    column_at *cols;           /* every column's place in the output */
    int n_cols;
    char *primary;         /* the PRIMARY KEY's columns, comma-separated */
    lw_sqlbuf key_columns; /* every key's columns, comma-separated (checked at the end) */
} create;

/* The PRIMARY KEY's columns are NOT NULL, in the output and in the catalog (called once
 * every column is written). */
void my_create_primary_not_null(lw_walker *w, create *c);
/* An unnamed KEY's name as MariaDB gives it: its first column, then _2, _3... */
char *my_create_key_name(create *c, const char *first);
/* Writes CREATE [UNIQUE] INDEX "<table>.<key>" (cols) after the table and its catalog
 * rows; first_is_ai says the key's first column is the AUTO_INCREMENT one. */
void my_create_add_index(create *c, const char *key, const char *cols, int unique, int first_is_ai);
/* Reads ON DELETE / ON UPDATE actions into SQLite's clause (sql) and the catalog's
 * definition (def); *on_delete and *on_update take the action names. */
void my_create_fk_actions(lw_walker *w, lw_sqlbuf *sql, lw_sqlbuf *def, char **on_delete,
                          char **on_update);
/* CHECK (expr) at the current token, named name ("" for MariaDB's default name). */
void my_create_check_constraint(lw_walker *w, create *c, const char *name);
/* A table element that is not a column (PRIMARY KEY, KEY, UNIQUE, FOREIGN KEY, CHECK,
 * CONSTRAINT): 1 when one was read (or failed), 0 when the element is a column. */
int my_create_table_constraint(lw_walker *w, create *c);
/* 1072 for a key naming a column the table lacks, checked after all columns. */
void my_create_check_key_columns(lw_walker *w, const create *c);

#endif
