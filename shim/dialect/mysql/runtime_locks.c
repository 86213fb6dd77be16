/*
 * MariaDB's named locks (user-level locks): GET_LOCK(name, timeout), RELEASE_LOCK(name),
 * IS_FREE_LOCK(name), IS_USED_LOCK(name), RELEASE_ALL_LOCKS() (registered by
 * runtime.c under those names).
 *
 * Meaning. On the server a lock name is one lock for every session of the server. Here
 * "the server" is the database: every connection to one database file, in any process,
 * shares its lock names; a :memory: database is its connection's alone, so its locks are
 * that connection's (nobody else can open that database).
 *
 * Design. A database file's locks are advisory byte-range locks on a sidecar file next
 * to it, "<database's real path>-lwlocks" (created empty on first use, never written):
 * a name is hashed (64-bit FNV-1a) to an offset below 2^62 and the lock is a write lock
 * on that one byte, taken with fcntl's open-file-description locks (F_OFD_SETLK), which
 * belong to the descriptor and so to the connection: two connections of one process
 * conflict as two processes do, and closing the connection (or the process ending)
 * releases its locks, as a session's end does on the server. Each connection opens the
 * sidecar once, at its first lock. An in-process registry, keyed by the database and
 * the full name, records which connection holds a name and how many times (locks nest
 * per session, as in MariaDB 10.0 and later); it answers IS_USED_LOCK with the holder's
 * CONNECTION_ID() and is the whole lock table for :memory: databases.
 *
 * SQL and NULL rules, as MariaDB 10.11:
 *   GET_LOCK(name, timeout)  1 when taken (again, by its holder: one more level), 0
 *                 when timeout seconds passed first (a negative timeout waits forever;
 *                 the wait polls every 10 ms), NULL for a NULL name or a failure of the
 *                 sidecar file (with warning 1105 saying why)
 *   RELEASE_LOCK(name)   1 when this connection held it (one level released), 0 when
 *                 another holds it, NULL when nobody does
 *   IS_FREE_LOCK(name)   1 or 0;  IS_USED_LOCK(name)  the holder's CONNECTION_ID(),
 *                 NULL when free
 *   RELEASE_ALL_LOCKS()  the number of levels released
 *
 * Limits: two names whose hashes collide are one lock for connections in different
 * processes (about n^2 / 2^63 for n names in use); IS_USED_LOCK of a lock held by another
 * process is 0 (its CONNECTION_ID() is that process's own numbering); no deadlock
 * detection between waiting GET_LOCKs (MariaDB has none either for user locks before
 * 10.x's metadata locking reports 1213; a wait here ends at its timeout); a read-only
 * directory or database opened mode=ro without an existing sidecar file makes GET_LOCK
 * NULL with the reason as a warning.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dialect/mysql/runtime_int.h"

/* One held name: in the process-wide registry. */
typedef struct held {
    struct held *next;
    char *database; /* the database's real path, or "" for a connection's own */
    char *name;
    const my_session *owner;
    uint64_t connection_id;
    int levels;
    pid_t pid; /* the process that took it: a child of fork() inherits the registry,
                  not the locks' connections */
} held;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static held *registry;

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* The database a connection's locks belong to: its file's real path (sqlite3_free),
 * or "" for an in-memory or temporary database (the connection's own). */
static char *database_of(my_session *s)
{
    const char *file = sqlite3_db_filename(s->db, "main");
    if (!file || !file[0])
        return sqlite3_mprintf("");
    char *real = realpath(file, NULL);
    char *out = sqlite3_mprintf("%s", real ? real : file);
    free(real);
    return out;
}

/* The registry entry of (database, name), the registry lock held. An entry of a
 * connection's own database matches only that connection. */
static held *find(const char *database, const char *name, const my_session *s)
{
    pid_t pid = getpid();
    for (held *h = registry; h; h = h->next)
        if (h->pid == pid && !strcmp(h->database, database) && !strcmp(h->name, name) &&
            (database[0] || h->owner == s))
            return h;
    return NULL;
}

/* The sidecar's descriptor of the session, opened at its first use; -1 with *why set. */
static int sidecar(my_session *s, const char *database, const char **why)
{
    if (s->lock_fd >= 0)
        return s->lock_fd;
    char *path = sqlite3_mprintf("%s-lwlocks", database);
    if (!path) {
        *why = "out of memory";
        return -1;
    }
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    sqlite3_free(path);
    if (fd < 0) {
        *why = strerror(errno);
        return -1;
    }
    s->lock_fd = fd;
    return fd;
}

/* A write lock on the name's byte: F_SETLK-style try (0 taken, 1 held elsewhere, -1
 * failure), or with unlock the release. */
static int byte_lock(int fd, const char *name, short type, int query)
{
    struct flock fl = {0};
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = (off_t)(fnv1a(name) & 0x3fffffffffffffffULL);
    fl.l_len = 1;
    if (query) {
        if (fcntl(fd, F_OFD_GETLK, &fl) < 0)
            return -1;
        return fl.l_type != F_UNLCK;
    }
    if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
        return 0;
    return errno == EAGAIN || errno == EACCES ? 1 : -1;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void get_lock_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    if (!name)
        return;
    double timeout = sqlite3_value_type(argv[1]) == SQLITE_NULL ? 0 : sqlite3_value_double(argv[1]);
    char *database = database_of(s);
    if (!database) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    double deadline = now_s() + timeout;
    const char *why = NULL;
    for (;;) {
        pthread_mutex_lock(&registry_lock);
        held *h = find(database, name, s);
        int taken = 0, busy = h && h->owner != s;
        if (h && h->owner == s) {
            h->levels++;
            taken = 1;
        } else if (!busy && database[0]) {
            int fd = sidecar(s, database, &why);
            int r = fd < 0 ? -1 : byte_lock(fd, name, F_WRLCK, 0);
            if (r < 0 && !why)
                why = strerror(errno);
            busy = r == 1;
            taken = r == 0;
        } else if (!busy) {
            taken = 1;
        }
        if (taken && !(h && h->owner == s)) {
            held *n = sqlite3_malloc64(sizeof *n);
            char *d = sqlite3_mprintf("%s", database), *nm = sqlite3_mprintf("%s", name);
            if (!n || !d || !nm) {
                sqlite3_free(n);
                sqlite3_free(d);
                sqlite3_free(nm);
                if (database[0] && s->lock_fd >= 0)
                    byte_lock(s->lock_fd, name, F_UNLCK, 0);
                pthread_mutex_unlock(&registry_lock);
                sqlite3_free(database);
                sqlite3_result_error_nomem(ctx);
                return;
            }
            *n = (held){registry, d, nm, s, s->connection_id, 1, getpid()};
            registry = n;
        }
        pthread_mutex_unlock(&registry_lock);
        if (taken || why)
            break;
        if (timeout >= 0 && now_s() >= deadline) {
            sqlite3_free(database);
            sqlite3_result_int(ctx, 0);
            return;
        }
        sleep_ms(10);
    }
    sqlite3_free(database);
    if (why) {
        my_warn(s, LW_LEVEL_WARNING, 1105, "GET_LOCK: the lock file next to the database: %s", why);
        return; /* NULL */
    }
    sqlite3_result_int(ctx, 1);
}

/* Removes h (the registry lock held) and releases its byte. */
static void drop(my_session *s, held *h)
{
    for (held **p = &registry; *p; p = &(*p)->next)
        if (*p == h) {
            *p = h->next;
            break;
        }
    if (h->database[0] && s->lock_fd >= 0)
        byte_lock(s->lock_fd, h->name, F_UNLCK, 0);
    sqlite3_free(h->database);
    sqlite3_free(h->name);
    sqlite3_free(h);
}

/* Whether another process holds name's byte in database's sidecar (1), not (0). */
static int held_elsewhere(my_session *s, const char *database, const char *name)
{
    const char *why = NULL;
    int fd = database[0] ? sidecar(s, database, &why) : -1;
    return fd >= 0 && byte_lock(fd, name, F_WRLCK, 1) == 1;
}

static void release_lock_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    my_session *s = MY_SESSION(ctx);
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    char *database = name ? database_of(s) : NULL;
    if (!database)
        return;
    pthread_mutex_lock(&registry_lock);
    held *h = find(database, name, s);
    if (h && h->owner == s) {
        if (--h->levels == 0)
            drop(s, h);
        sqlite3_result_int(ctx, 1);
    } else if (h || held_elsewhere(s, database, name)) {
        sqlite3_result_int(ctx, 0);
    }
    pthread_mutex_unlock(&registry_lock);
    sqlite3_free(database);
}

/* IS_FREE_LOCK (used 0) and IS_USED_LOCK (used 1). */
static void lock_state(sqlite3_context *ctx, sqlite3_value **argv, int used)
{
    my_session *s = MY_SESSION(ctx);
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    char *database = name ? database_of(s) : NULL;
    if (!database)
        return;
    pthread_mutex_lock(&registry_lock);
    held *h = find(database, name, s);
    int elsewhere = !h && held_elsewhere(s, database, name);
    if (!used)
        sqlite3_result_int(ctx, !h && !elsewhere);
    else if (h)
        sqlite3_result_int64(ctx, (sqlite3_int64)h->connection_id);
    else if (elsewhere)
        sqlite3_result_int(ctx, 0);
    pthread_mutex_unlock(&registry_lock);
    sqlite3_free(database);
}

static void is_free_lock_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    lock_state(ctx, argv, 0);
}

static void is_used_lock_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    lock_state(ctx, argv, 1);
}

int my_release_all_locks(my_session *s)
{
    int levels = 0;
    pthread_mutex_lock(&registry_lock);
    for (held *h = registry, *next; h; h = next) {
        next = h->next;
        if (h->owner == s) {
            levels += h->levels;
            drop(s, h);
        }
    }
    pthread_mutex_unlock(&registry_lock);
    return levels;
}

static void release_all_locks_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int(ctx, my_release_all_locks(MY_SESSION(ctx)));
}

void my_locks_close(my_session *s)
{
    my_release_all_locks(s);
    if (s->lock_fd >= 0)
        close(s->lock_fd); /* the descriptor's locks go with it */
    s->lock_fd = -1;
}

const lw_function_def my_lock_functions[] = {
    {"get_lock", 2, SQLITE_UTF8, get_lock_func, NULL, NULL, NULL, NULL},
    {"release_lock", 1, SQLITE_UTF8, release_lock_func, NULL, NULL, NULL, NULL},
    {"is_free_lock", 1, SQLITE_UTF8, is_free_lock_func, NULL, NULL, NULL, NULL},
    {"is_used_lock", 1, SQLITE_UTF8, is_used_lock_func, NULL, NULL, NULL, NULL},
    {"release_all_locks", 0, SQLITE_UTF8, release_all_locks_func, NULL, NULL, NULL, NULL},
};
const size_t my_lock_functions_n = sizeof my_lock_functions / sizeof my_lock_functions[0];
