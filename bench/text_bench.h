/*
 * Shared by the text module's benchmarks (bench/like_contains, bench/case_mapping):
 * deterministic test data on two connections of one database.
 *
 * likewise replaces like(), lower() and upper(), so SQLite's built-ins cannot run on
 * the connection that has the extension. The baseline therefore runs on a second
 * connection without it, opened on the same in-memory database (the memdb VFS), so
 * both read the very same pages through the same code paths; only the function
 * differs; bench_compare_on (bench.h) times the two.
 *
 * Data: 1,000,000 rows per table, half personal names and half titles, from a fixed
 * xorshift generator (no downloads). text_ascii is ASCII only; in text_mixed about 30%
 * of the rows are non-ASCII: Latin-1 names, Cyrillic, Greek and CJK.
 */
#ifndef LW_TEXT_BENCH_H
#define LW_TEXT_BENCH_H

#include "bench.h"
#include <stdint.h>

#ifndef TEXT_BENCH_ROWS
#define TEXT_BENCH_ROWS 1000000
#endif

static const char *const ascii_first[] = {
    "James",  "Mary",  "John",   "Patricia", "Robert", "Jennifer", "Michael", "Linda",
    "David",  "Susan", "Joseph", "Karen",    "Thomas", "Nancy",    "Charles", "Lisa",
    "Daniel", "Betty", "Mark",   "Sandra",   "Paul",   "Ashley",   "Steven",  "Emily"};
static const char *const ascii_last[] = {
    "Smith",    "Johnson",  "Williams", "Brown",  "Jones", "Garcia",   "Miller", "Davis",
    "Wilson",   "Anderson", "Taylor",   "Thomas", "Moore", "Jackson",  "Martin", "Lee",
    "Thompson", "White",    "Harris",   "Clark",  "Lewis", "Robinson", "Walker", "Young"};
static const char *const ascii_words[] = {
    "the",    "river", "of",     "stars",  "quiet",   "morning", "king",   "garden",
    "secret", "night", "winter", "summer", "house",   "last",    "letter", "city",
    "ocean",  "light", "dark",   "story",  "journey", "song",    "empire", "shadow",
    "dream",  "fire",  "stone",  "road",   "little",  "golden",  "lost",   "children"};
/* One entry each of Latin-1, Cyrillic, Greek and CJK, in rough equal shares. */
static const char *const mixed_names[] = {"François Müller",
                                          "Zoë Lefèvre",
                                          "Jürgen Groß",
                                          "Ångström Øberg",
                                          "José Peña",
                                          "Иван Петров",
                                          "Наталья Смирнова",
                                          "Сергей Кузнецов",
                                          "Γιώργος Παπαδόπουλος",
                                          "Ελένη Οικονόμου",
                                          "Νίκος Γεωργίου",
                                          "山田太郎",
                                          "佐藤花子",
                                          "王小明",
                                          "김민준",
                                          "李娜"};
static const char *const mixed_titles[] = {"Crème brûlée à la maison",
                                           "Straße der Sänger",
                                           "Война и мир",
                                           "Преступление и наказание",
                                           "Η Οδύσσεια",
                                           "Τα παιδιά του ήλιου",
                                           "東京の夜",
                                           "春の海の物語",
                                           "红楼梦",
                                           "Déjà vu au café",
                                           "Über den Wolken",
                                           "Мастер и Маргарита"};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t text_bench_rng = 0x9E3779B97F4A7C15ull;

static uint32_t text_bench_next(uint32_t n)
{
    text_bench_rng ^= text_bench_rng << 13;
    text_bench_rng ^= text_bench_rng >> 7;
    text_bench_rng ^= text_bench_rng << 17;
    return (uint32_t)(text_bench_rng % n);
}

/* Writes one ASCII name or title into buf. */
static void text_bench_ascii_row(char *buf, size_t size)
{
    if (text_bench_next(2) == 0) {
        snprintf(buf, size, "%s %s", ascii_first[text_bench_next(COUNT_OF(ascii_first))],
                 ascii_last[text_bench_next(COUNT_OF(ascii_last))]);
        return;
    }
    size_t n = 0;
    int words = 3 + (int)text_bench_next(4);
    for (int w = 0; w < words && n < size; w++) {
        const char *word = ascii_words[text_bench_next(COUNT_OF(ascii_words))];
        n += (size_t)snprintf(buf + n, size - n, "%s%s", w ? " " : "", word);
    }
    buf[0] = (char)(buf[0] - 32); /* titles start with a capital */
}

/* Creates text_ascii and text_mixed on db. */
static void text_bench_fill(sqlite3 *db)
{
    char buf[256];
    sqlite3_stmt *ins[2];
    bench_exec(db, "CREATE TABLE text_ascii(x TEXT); CREATE TABLE text_mixed(x TEXT); BEGIN");
    if (sqlite3_prepare_v2(db, "INSERT INTO text_ascii VALUES (?)", -1, &ins[0], NULL) ||
        sqlite3_prepare_v2(db, "INSERT INTO text_mixed VALUES (?)", -1, &ins[1], NULL))
        bench_die(db, "prepare insert");
    for (int i = 0; i < TEXT_BENCH_ROWS; i++) {
        text_bench_ascii_row(buf, sizeof buf);
        sqlite3_bind_text(ins[0], 1, buf, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins[0]) != SQLITE_DONE)
            bench_die(db, "insert");
        sqlite3_reset(ins[0]);
        /* 30% of the mixed rows are non-ASCII, the rest drawn as in text_ascii. */
        uint32_t pick = text_bench_next(100);
        if (pick < 15)
            snprintf(buf, sizeof buf, "%s", mixed_names[text_bench_next(COUNT_OF(mixed_names))]);
        else if (pick < 30)
            snprintf(buf, sizeof buf, "%s", mixed_titles[text_bench_next(COUNT_OF(mixed_titles))]);
        else
            text_bench_ascii_row(buf, sizeof buf);
        sqlite3_bind_text(ins[1], 1, buf, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins[1]) != SQLITE_DONE)
            bench_die(db, "insert");
        sqlite3_reset(ins[1]);
    }
    sqlite3_finalize(ins[0]);
    sqlite3_finalize(ins[1]);
    bench_exec(db, "COMMIT");
}

/* Opens two connections on one fresh memdb database holding the data: *plain without
 * the extension (SQLite's built-ins), *ours with likewise registered. */
static void text_bench_open(sqlite3 **plain, sqlite3 **ours)
{
    const char *uri = "file:/likewise-text-bench?vfs=memdb";
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI;
    char *err = NULL;
    if (sqlite3_open_v2(uri, plain, flags, NULL) != SQLITE_OK)
        bench_die(*plain, "open memdb");
    text_bench_fill(*plain);
    if (sqlite3_open_v2(uri, ours, flags, NULL) != SQLITE_OK)
        bench_die(*ours, "open memdb");
    if (sqlite3_likewise_init(*ours, &err, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench: likewise: %s\n", err ? err : "?");
        exit(1);
    }
}

#endif
