/*
 * The LIKE matcher of the text module: a pattern compiled once (per statement, in the
 * SQL glue) and matched against many subjects in time linear in the subject.
 *
 * Pattern syntax is SQL LIKE: '%' matches any sequence of code points, '_' exactly one
 * code point, an escape character (when given) makes the next character literal.
 * With LW_LIKE_FOLD both sides are compared after Unicode simple (1:1) case folding,
 * so '_' still matches one code point; without it code points compare exactly.
 * Invalid UTF-8 never fails a match: each invalid byte is a code point of its own that
 * equals only the same byte and is never folded.
 *
 * Design: the pattern is cut at each '%' into segments of literal code points and
 * '_'. A match places the first segment at the start (unless the pattern starts with
 * '%'), the last at the end (unless it ends with '%'), and every segment between at
 * its leftmost occurrence after the previous one. Leftmost placement is always safe
 * because whatever a later placement could match, an earlier one leaves more subject
 * for the rest, so there is never any backtracking. Each segment is searched with the
 * bit-parallel Shift-And automaton (one 64-bit word per 64 code points of segment, up
 * to LW_LIKE_SHIFT_AND_MAX_WORDS words), which reads each subject code point once;
 * longer literal segments use Knuth-Morris-Pratt. Together a match costs
 * O(len(subject) * ceil(longest segment / 64)). The one exception is a segment longer
 * than 64 * LW_LIKE_SHIFT_AND_MAX_WORDS code points that also contains '_': it is
 * searched naively, O(len(subject) * len(segment)), still without backtracking.
 * While no partial match is alive the search skips ahead byte-wise to the next byte
 * that can start the segment, which is what makes '%needle%' fast on ASCII text.
 */
#ifndef LW_TEXT_LIKE_H
#define LW_TEXT_LIKE_H

#include <stddef.h>
#include <stdint.h>

/* Segments up to 64 * this many code points use Shift-And; a build may change it. */
#ifndef LW_LIKE_SHIFT_AND_MAX_WORDS
#define LW_LIKE_SHIFT_AND_MAX_WORDS 16
#endif

/* Compile flags. */
#define LW_LIKE_FOLD 1u       /* compare after simple case folding */
#define LW_LIKE_LITERAL 2u    /* '%' and '_' are ordinary characters (contains() etc.) */
#define LW_LIKE_OPEN_START 4u /* as if the pattern started with '%' */
#define LW_LIKE_OPEN_END 8u   /* as if the pattern ended with '%' */

/* The escape argument when there is no escape character. */
#define LW_LIKE_NO_ESCAPE (-1)

typedef enum lw_like_rc {
    LW_LIKE_OK = 0,
    LW_LIKE_NOMEM,
    LW_LIKE_TRAILING_ESCAPE /* the pattern ends with the escape character */
} lw_like_rc;

typedef struct lw_like_pattern lw_like_pattern;

/*
 * Compiles pat[0..n) (UTF-8, invalid bytes allowed) with escape (a code point from
 * lw_like_char, or LW_LIKE_NO_ESCAPE) and flags. On success *out is owned by the
 * caller (lw_like_free). A compiled pattern holds scratch space for matching, so one
 * pattern must not be matched from two threads at once.
 */
lw_like_rc lw_like_compile(const char *pat, size_t n, int32_t escape, unsigned flags,
                           lw_like_pattern **out);

/* Returns 1 when s[0..n) matches p, else 0. */
int lw_like_match(lw_like_pattern *p, const char *s, size_t n);

/* As lw_like_match, and adds to *steps the number of subject code points decoded: the
 * measure of work the linear-time tests bound. */
int lw_like_match_counted(lw_like_pattern *p, const char *s, size_t n, uint64_t *steps);

/* The escape and flags p was compiled with, so a cached pattern can be checked. */
int32_t lw_like_pattern_escape(const lw_like_pattern *p);
unsigned lw_like_pattern_flags(const lw_like_pattern *p);

void lw_like_free(lw_like_pattern *p);

/* How many patterns this process has compiled: lets tests check that a statement
 * compiles its pattern once, not once per row. */
uint64_t lw_like_compilations(void);

/*
 * The code point LIKE sees in s[0..n) when it is exactly one character (an invalid
 * byte counts as one), else -1: how an ESCAPE argument is read.
 */
int32_t lw_like_char(const char *s, size_t n);

#endif
