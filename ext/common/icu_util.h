/*
 * The one place an ICU UErrorCode becomes text, so every ICU failure reads alike:
 * "<fn>(): <what>: U_ILLEGAL_ARGUMENT_ERROR".
 */
#ifndef LW_COMMON_ICU_UTIL_H
#define LW_COMMON_ICU_UTIL_H

#include <unicode/utypes.h>

/* Returns a message allocated with sqlite3_mprintf (free with sqlite3_free), or NULL
 * when out of memory. */
char *lw_icu_errmsg(const char *fn, const char *what, UErrorCode status);

#endif
