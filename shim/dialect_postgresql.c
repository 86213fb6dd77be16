/*
 * The postgresql dialect. This first version is the identity translation with
 * PostgreSQL's lexical rules (nested block comments, no [bracketed] identifiers, so
 * array subscripts lex as brackets) and every parameter style; the structure-aware
 * PostgreSQL rewriter (DESIGN.md 4.4) replaces translate, format_value and map_error.
 */
#include "dialect.h"

const lw_dialect lw_dialect_postgresql = {
    .name = "postgresql",
    .lex_flags = LW_LEX_NESTED_COMMENTS | LW_LEX_NO_BRACKET_IDENT,
    .translate = lw_translate_identity,
};
