/*
 * The postgresql dialect's own records beside a table's definition, which the ALTER
 * forms keep consistent (alter_run.c) and the catalog views read (catalog.c):
 *
 *   _lw_pg_sequences        sequences (runtime_sequences.c): name, values, data_type
 *                           (int2, int4, int8) and the column that owns it
 *                           (owner_table, owner_column: SERIAL and IDENTITY columns,
 *                           ALTER SEQUENCE ... OWNED BY), dropped with it
 *   _lw_pg_dropped_columns  (table_name, attnum) of every dropped column, so that a
 *                           column keeps PostgreSQL's attnum (ordinal_position): 1, 2,
 *                           5, 7 after columns 3, 4 and 6 were dropped
 *
 * Functions return an SQLite code and set *err (sqlite3_free) on failure.
 */
#ifndef LW_SHIM_PG_CATALOG_H
#define LW_SHIM_PG_CATALOG_H

#include <sqlite3.h>

#include "dialect/table_model.h"

/* The sequences table, created or brought to the current columns (a database made by
 * an earlier version lacks data_type and the owner). */
int lw_pg_seq_table(sqlite3 *db, char **err);
/* Creates sequence name of type ("int2", "int4", "int8") owned by table.column (NULL:
 * none), PostgreSQL's defaults for a SERIAL's sequence; nothing when it exists. */
int lw_pg_seq_create_owned(sqlite3 *db, const char *name, const char *type, const char *table,
                           const char *column, char **err);
/* Drops the sequences owned by table.column (column NULL: by any column of table). */
int lw_pg_seq_drop_owned(sqlite3 *db, const char *table, const char *column, char **err);
/* The owner table.column becomes new_table.new_column (a rename). */
int lw_pg_seq_rename_owner(sqlite3 *db, const char *table, const char *column,
                           const char *new_table, const char *new_column, char **err);

/* attnums[i] of each of the n live columns of table: PostgreSQL's attribute numbers,
 * which dropped columns leave holes in. */
int lw_pg_attnums(sqlite3 *db, const char *table, int n, int *attnums, char **err);
/* Records that the column with attnum was dropped from table. */
int lw_pg_record_dropped(sqlite3 *db, const char *table, int attnum, char **err);
/* table's records follow it to new_table (new_table NULL: they go with the table). */
int lw_pg_rename_dropped(sqlite3 *db, const char *table, const char *new_table, char **err);

/* The trigger that makes a GENERATED ALWAYS AS IDENTITY column refuse explicit values
 * (428C9), named _lw_identity_<table>_<column>. sqlite3_free it. */
char *lw_pg_identity_trigger(const char *table, const char *column, const char *sequence);

/* The name PostgreSQL gives constraint c of table m: its own, or the default one
 * (t_pkey, t_a_b_key, t_a_fkey); NULL for a CHECK without a name (the dialect's type
 * checks, no constraint of PostgreSQL's). sqlite3_free it. */
char *pg_constraint_name(const lw_table_model *m, const lw_tm_constraint *c);
/* The PostgreSQL name of foreign key number fkid (pragma_foreign_key_list's id) of
 * table, or NULL. sqlite3_free it. */
char *lw_pg_foreign_key_name(sqlite3 *db, const char *table, int fkid);

/* The catalog relations (information_schema.*, pg_indexes, pg_class) registered on
 * the connection (catalog.c). */
int lw_pg_catalog_register(sqlite3 *db, char **err);
/* pg_alter_table() and pg_alter_index() (alter_run.c) and pg_drop_table(). */
int lw_pg_alter_register(sqlite3 *db, char **err);

#endif
