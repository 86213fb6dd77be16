/*
 * Differential libFuzzer target of the regexp module's fast path: a pattern the gate
 * accepts must give PCRE2's and ICU's boolean match the same answer on every subject.
 *
 * The input is read as a small program, so that most inputs are patterns near the
 * gate's edge instead of random bytes ICU refuses:
 *   byte 0      options: bit 0 the PostgreSQL syntax of regexp_like (else the ICU
 *               syntax of REGEXP), bits 1-3 one of its flags (none, i, n, p, w, s,
 *               x, q), bit 4 a raw subject (its bytes as they are, so invalid UTF-8
 *               and any character occur), else an alphabet-built one;
 *   then tokens until a 0xFF byte: each byte picks a piece of pattern syntax (the
 *               gate's subset and its near misses: \b \w \s, inline flags, set
 *               operations, possessive and nested quantifiers...);
 *   then the subject: each byte picks a piece of text (ASCII and non-ASCII letters,
 *               every ICU line terminator and CR LF, ASCII, Arabic-Indic, Kawi and
 *               Nag Mundari digits (the last two new in Unicode 15), NUL).
 * Whenever the compiled pattern has a fast path and ICU answers (not a limit
 * error), lw_re_fast_match must give ICU's answer, else the target traps. The
 * gate's output must also compile in PCRE2 whenever it accepts, unless it passes
 * PCRE2's size limit (a refusal for any other reason would silently lose the fast
 * path). LW_FUZZ_STATS=1 prints how many inputs reached the
 * fast path, to check that the grammar keeps producing them. The seeds in
 * fuzz/seeds/fuzz_regexp_fast hold one input per line-terminator and digit rule:
 * breaking the gate's $ so that it matches between CR and LF went unnoticed by six
 * minutes of fuzzing from scratch but is caught by the dollar_crlf seed at once.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lw_sqlite.h"
#include "common/utf8.h"
#include "regexp/regexp.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const pattern_tokens[] = {"a",
                                             "b",
                                             "A",
                                             "x",
                                             "0",
                                             "5",
                                             "é",
                                             "ß",
                                             "Ж",
                                             "٣",
                                             " ",
                                             "-",
                                             ",",
                                             "_",
                                             ":",
                                             "é",
                                             "\r",
                                             "\n",
                                             "\xc2\x85",
                                             "\xe2\x80\xa8",
                                             ".",
                                             "^",
                                             "$",
                                             "\\A",
                                             "\\z",
                                             "\\Z",
                                             "(",
                                             ")",
                                             "(?:",
                                             "|",
                                             "*",
                                             "+",
                                             "?",
                                             "*?",
                                             "+?",
                                             "??",
                                             "{2}",
                                             "{1,}",
                                             "{0,3}",
                                             "{2,}?",
                                             "{0}",
                                             "[",
                                             "]",
                                             "[^",
                                             "\\d",
                                             "\\D",
                                             "\\.",
                                             "\\(",
                                             "\\[",
                                             "\\\\",
                                             "\\x41",
                                             "\\x{E9}",
                                             "\\x{2028}",
                                             "\\n",
                                             "\\r",
                                             "\\t",
                                             "\\f",
                                             "\\e",
                                             "\\a",
                                             "\\b",
                                             "\\B",
                                             "\\w",
                                             "\\s",
                                             "(?i)",
                                             "(?s)",
                                             "(?m)",
                                             "(?=",
                                             "(?!",
                                             "(?<=",
                                             "&&",
                                             "--",
                                             "[:digit:]",
                                             "\\p{Nd}",
                                             "*+",
                                             "++",
                                             "#",
                                             "{",
                                             "}",
                                             "\\Q",
                                             "\\E",
                                             "\\1",
                                             "\\u00E9",
                                             "\\N{LATIN SMALL LETTER A}",
                                             "[^a]",
                                             "[^\\n]",
                                             "\\r$",
                                             "\\r?$",
                                             ".$",
                                             "[^a]$",
                                             "[a-z]",
                                             "[0-9]",
                                             "[A-Z]",
                                             "\\x{1E4F1}",
                                             "\\0101"};
#define N_PATTERN_TOKENS (sizeof pattern_tokens / sizeof pattern_tokens[0])

static const char *const subject_pieces[] = {"a",
                                             "b",
                                             "A",
                                             "x",
                                             "0",
                                             "5",
                                             "é",
                                             "É",
                                             "ß",
                                             "Ж",
                                             "ж",
                                             " ",
                                             "-",
                                             ".",
                                             "\n",
                                             "\r",
                                             "\r\n",
                                             "\x0b",
                                             "\x0c",
                                             "\xc2\x85",
                                             "\xe2\x80\xa8",
                                             "\xe2\x80\xa9",
                                             "٣",
                                             "\xf0\x91\xbd\x93", /* U+11F53 KAWI DIGIT THREE */
                                             "\xf0\x9e\x93\xb1", /* U+1E4F1 NAG MUNDARI DIGIT ONE */
                                             "\xef\xbc\x97",     /* U+FF17 FULLWIDTH SEVEN */
                                             "(",
                                             ")",
                                             "[",
                                             "\\",
                                             "\x00",
                                             "aaaa",
                                             "ab",
                                             "ba"};
#define N_SUBJECT_PIECES (sizeof subject_pieces / sizeof subject_pieces[0])

static const char flag_letters[] = {0, 'i', 'n', 'p', 'w', 's', 'x', 'q'};

static unsigned long runs, fast_runs;

static void print_stats(void)
{
    fprintf(stderr, "fuzz_regexp_fast: %lu inputs, %lu with a fast path\n", runs, fast_runs);
}

/* Appends n bytes to buf (capacity cap); returns 0 when they do not fit. */
static int append(char *buf, size_t *len, size_t cap, const char *s, size_t n)
{
    if (*len + n > cap)
        return 0;
    memcpy(buf + *len, s, n);
    *len += n;
    return 1;
}

/* The length of piece, which may be the one-byte string holding NUL. */
static size_t piece_len(const char *piece)
{
    return piece[0] == 0 ? 1 : strlen(piece);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int stats_registered;
    if (!stats_registered) {
        stats_registered = 1;
        if (getenv("LW_FUZZ_STATS"))
            atexit(print_stats);
    }
    if (size < 1 || size > 4096)
        return 0;
    uint8_t options = data[0];
    size_t i = 1;
    char pattern[2048], subject[4096];
    size_t pattern_len = 0, subject_len = 0;
    for (; i < size && data[i] != 0xFF; i++) {
        const char *token = pattern_tokens[data[i] % N_PATTERN_TOKENS];
        if (!append(pattern, &pattern_len, sizeof pattern, token, strlen(token)))
            return 0;
    }
    i++; /* the 0xFF */
    if (options & 0x10) {
        for (; i < size; i++)
            subject[subject_len++] = (char)data[i];
    } else {
        for (; i < size; i++) {
            const char *piece = subject_pieces[data[i] % N_SUBJECT_PIECES];
            if (!append(subject, &subject_len, sizeof subject, piece, piece_len(piece)))
                return 0;
        }
    }

    unsigned opts = (options & 1) ? 0 : LW_RE_SYNTAX_ICU;
    char flag = flag_letters[(options >> 1) & 7];
    char *err = NULL;
    if ((options & 1) && flag && lw_re_parse_flags(&flag, 1, &opts, &err) != 0) {
        sqlite3_free(err);
        return 0;
    }
    lw_regex *re = lw_regex_compile("fuzz", 1, pattern, (int)pattern_len, opts, &err);
    sqlite3_free(err);
    if (!re)
        return 0;
    runs++;
    if (re->fast)
        fast_runs++;
    if ((opts & LW_RE_SYNTAX_ICU) && !re->literal_only) {
        char *translated = NULL;
        uint32_t pcre2_options = 0;
        int accepted =
            lw_re_fast_translate(pattern, (int32_t)pattern_len, 0, &translated, &pcre2_options);
        if (accepted == 1 && !re->fast) {
            /* Only its size limit may refuse what the gate wrote (\d is a long class). */
            int error = 0;
            PCRE2_SIZE offset = 0;
            pcre2_code *code = pcre2_compile((PCRE2_SPTR)translated, PCRE2_ZERO_TERMINATED,
                                             pcre2_options, &error, &offset, NULL);
            pcre2_code_free(code);
            if (code || error != PCRE2_ERROR_PATTERN_TOO_LARGE) {
                fprintf(stderr, "the gate accepted '%.*s' but PCRE2 refused it (%d)\n",
                        (int)pattern_len, pattern, error);
                __builtin_trap();
            }
        }
        sqlite3_free(translated);
    }
    lw_re_subject s = {0};
    int64_t bad = 0;
    if (re->fast && lw_re_subject_set(&s, subject, (int32_t)subject_len, &bad) == 0) {
        lw_re_match m;
        err = NULL;
        int icu = lw_re_find(re, &s, 0, &m, "fuzz", &err);
        sqlite3_free(err);
        int fast = lw_re_fast_match(re, subject, (int32_t)subject_len);
        if (icu >= 0 && fast >= 0 && icu != fast) {
            fprintf(stderr, "fast path %d, ICU %d: pattern '%.*s' options %u subject '%.*s'\n",
                    fast, icu, (int)pattern_len, pattern, opts, (int)subject_len, subject);
            __builtin_trap();
        }
    }
    lw_re_subject_free(&s);
    lw_regex_unref(re);
    return 0;
}
