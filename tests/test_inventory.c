/*
 * Inventory: load build/likewise.so the way users do (sqlite3_load_extension) into a
 * fresh connection and compare the exact list of functions (name, arity, flags) and
 * collations it registers with tests/inventory/ *.txt, one file per module. Then the
 * same for build/likewise_django.so, the name that selects the Django entry point
 * (sqlite3_likewisedjango_init): the same list plus tests/inventory/entry-likewisedjango/.
 *
 * A line is "function NAME/NARG FLAG..." or "collation NAME". Run from the top of
 * the repository; LW_BUILD names the build folder (default "build").
 */
#include "lw_test.h"
#include <dirent.h>

#define MAX_LINES 4096

typedef struct lines {
    char *items[MAX_LINES];
    int len;
} lines;

static void lines_add(lines *l, const char *s)
{
    assert_true(l->len < MAX_LINES);
    l->items[l->len++] = strdup(s);
}

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void lines_free(lines *l)
{
    for (int i = 0; i < l->len; i++)
        free(l->items[i]);
    l->len = 0;
}

static void describe_flags(char *buf, size_t size, int flags)
{
    static const struct {
        int bit;
        const char *name;
    } known[] = {
        {SQLITE_DETERMINISTIC, "deterministic"},
        {SQLITE_DIRECTONLY, "directonly"},
        {SQLITE_SUBTYPE, "subtype"},
        {SQLITE_INNOCUOUS, "innocuous"},
    };
    buf[0] = 0;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (flags & known[i].bit) {
            strncat(buf, " ", size - strlen(buf) - 1);
            strncat(buf, known[i].name, size - strlen(buf) - 1);
        }
}

static void read_expected(lines *expected, const char *folder)
{
    DIR *dir = opendir(folder);
    assert_non_null(dir);
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        size_t n = strlen(entry->d_name);
        if (n < 5 || strcmp(entry->d_name + n - 4, ".txt") != 0)
            continue;
        char path[512], line[512];
        snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        while (fgets(line, sizeof line, f)) {
            line[strcspn(line, "\r\n")] = 0;
            if (line[0] && line[0] != '#')
                lines_add(expected, line);
        }
        fclose(f);
    }
    closedir(dir);
}

static void read_actual(sqlite3 *db, lines *actual)
{
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT name, narg, flags FROM pragma_function_list "
                                        "WHERE builtin = 0",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        char flags[128], line[512];
        describe_flags(flags, sizeof flags, sqlite3_column_int(stmt, 2));
        snprintf(line, sizeof line, "function %s/%d%s", sqlite3_column_text(stmt, 0),
                 sqlite3_column_int(stmt, 1), flags);
        lines_add(actual, line);
    }
    sqlite3_finalize(stmt);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT name FROM pragma_collation_list "
                                        "WHERE name NOT IN ('BINARY', 'NOCASE', 'RTRIM')",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        char line[512];
        snprintf(line, sizeof line, "collation %s", sqlite3_column_text(stmt, 0));
        lines_add(actual, line);
    }
    sqlite3_finalize(stmt);
}

/* Loads BUILD/library into a fresh connection and compares what it adds with the
 * inventory files of tests/inventory and, when given, of extra_folder. */
static void check_inventory(const char *library, const char *extra_folder)
{
    const char *build = getenv("LW_BUILD") ? getenv("LW_BUILD") : "build";
    char path[512];
    snprintf(path, sizeof path, "%s/%s", build, library);

    sqlite3 *db = NULL;
    char *err = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_enable_load_extension(db, 1), SQLITE_OK);

    /* Debian's SQLite registers FTS and R*Tree functions on every connection; what the
     * module adds is what a connection has after loading it and had not before. */
    static lines expected, before, after, actual;
    read_actual(db, &before);
    if (sqlite3_load_extension(db, path, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "cannot load %s: %s\n", path, err ? err : "?");
        fail();
    }
    read_actual(db, &after);
    for (int a = 0; a < after.len; a++) {
        int seen = 0;
        for (int b = 0; b < before.len && !seen; b++)
            seen = strcmp(after.items[a], before.items[b]) == 0;
        if (!seen)
            lines_add(&actual, after.items[a]);
    }
    lines_free(&before);
    lines_free(&after);
    read_expected(&expected, "tests/inventory");
    if (extra_folder)
        read_expected(&expected, extra_folder);
    qsort(expected.items, (size_t)expected.len, sizeof(char *), cmp_line);
    qsort(actual.items, (size_t)actual.len, sizeof(char *), cmp_line);

    int i = 0, j = 0, differences = 0;
    while (i < expected.len || j < actual.len) {
        int c = i == expected.len ? 1
                : j == actual.len ? -1
                                  : strcmp(expected.items[i], actual.items[j]);
        if (c < 0) {
            fprintf(stderr, "  %s missing:    %s\n", library, expected.items[i++]);
            differences++;
        } else if (c > 0) {
            fprintf(stderr, "  %s unexpected: %s\n", library, actual.items[j++]);
            differences++;
        } else {
            i++, j++;
        }
    }
    lines_free(&expected);
    lines_free(&actual);
    sqlite3_close(db);
    assert_int_equal(differences, 0);
}

static void test_loadable_module_registers_exactly_the_inventory(void **state)
{
    (void)state;
    check_inventory("likewise.so", NULL);
}

static void test_django_entry_point_adds_the_generic_names(void **state)
{
    (void)state;
    check_inventory("likewise_django.so", "tests/inventory/entry-likewisedjango");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loadable_module_registers_exactly_the_inventory),
        cmocka_unit_test(test_django_entry_point_adds_the_generic_names),
    };
    return cmocka_run_group_tests_name("inventory", tests, NULL, NULL);
}
