/* The import journal: JSON Lines appended with write(2), made durable by a syncer thread (group
 * commit), loaded again to resume. */
#include "import/journal.h"

#include "util/common.h"
#include "util/log.h"
#include "util/strmap.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct journal {
    char *path;
    char *started; /* the header's "started" ("" none) */
    int fd;
    bool created; /* the file did not exist before journal_open */
    size_t lines;
    journal_entry *entries;
    size_t n, cap;
    strmap index; /* key -> entries[] position */

    /* Group commit.  The owning thread write()s lines and moves `written` on; the syncer thread
     * fdatasyncs whenever synced < written, covering every line written before the call started,
     * and moves `synced` on.  Both counters, sync_errno, stopping and notify are guarded by mu. */
    pthread_mutex_t mu;
    pthread_cond_t to_sync;   /* the syncer waits here: lines to sync, or stopping */
    pthread_cond_t synced_cv; /* waiters for durability: synced moved on, or sync_errno was set */
    pthread_t syncer;
    bool syncer_on;
    bool stopping;
    uint64_t written;    /* bytes written (the end of the last complete line) */
    uint64_t synced;     /* bytes known to be on disk */
    int sync_errno;      /* set once an fdatasync failed: nothing written after is durable */
    unsigned long syncs; /* fdatasync calls made */
    void (*notify)(void *ctx);
    void *notify_ctx;
};

static char *absolute(const char *path)
{
    char *r = realpath(path, NULL);
    return r ? r : xstrdup(path);
}

int journal_identity_make(const char *csv_path, const char *mapping_path, const char *api_url,
                          const char *store_hash, journal_identity *out, ic_err *err)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (stat(csv_path, &st) != 0)
        return ic_err_set(err, IC_EXIT_IO, "cannot read '%s': %s", csv_path, strerror(errno));
    out->csv_size = (long long)st.st_size;
    out->csv_mtime = (long long)st.st_mtime;
    if (sha256_file_hex(csv_path, out->csv_sha256, err) != 0 ||
        sha256_file_hex(mapping_path, out->mapping_sha256, err) != 0)
        return err->code;
    out->csv_path = absolute(csv_path);
    out->mapping_path = absolute(mapping_path);
    out->api_url = xstrdup(api_url ? api_url : "");
    out->store_hash = xstrdup(store_hash ? store_hash : "");
    return 0;
}

void journal_identity_release(journal_identity *id)
{
    free(id->csv_path);
    free(id->mapping_path);
    free(id->api_url);
    free(id->store_hash);
    memset(id, 0, sizeof *id);
}

char *journal_default_path(const char *dir, const journal_identity *id)
{
    size_t n = strlen(id->csv_path) + strlen(id->mapping_path) + strlen(id->api_url) +
               strlen(id->store_hash) + 8;
    char *seed = xmalloc(n);
    snprintf(seed, n, "%s\n%s\n%s\n%s", id->csv_path, id->mapping_path, id->api_url,
             id->store_hash);
    char hex[SHA256_HEX_LEN + 1];
    sha256_hex(seed, strlen(seed), hex);
    free(seed);
    const char *base = strrchr(id->csv_path, '/');
    base = base ? base + 1 : id->csv_path;
    size_t m = strlen(dir) + strlen(base) + 32;
    char *path = xmalloc(m);
    snprintf(path, m, "%s/%s.%.8s.journal", dir, base, hex);
    return path;
}

/* --- entries
 * ----------------------------------------------------------------------------------------- */

static journal_entry *entry_for(journal *j, const char *key)
{
    size_t i;
    if (strmap_get(&j->index, key, &i))
        return &j->entries[i];
    if (j->n == j->cap) {
        j->cap = j->cap ? j->cap * 2 : 64;
        j->entries = xrealloc(j->entries, j->cap * sizeof *j->entries);
    }
    journal_entry *e = &j->entries[j->n];
    memset(e, 0, sizeof *e);
    e->key = xstrdup(key);
    strmap_put(&j->index, key, j->n++);
    return e;
}

static void set_str(char **slot, const char *s)
{
    free(*slot);
    *slot = s ? xstrdup(s) : NULL;
}

static void apply_intent(journal *j, const char *key, const char *number, const char *body)
{
    journal_entry *e = entry_for(j, key);
    e->state = JOURNAL_INTENT;
    set_str(&e->number, number ? number : key);
    snprintf(e->body_sha256, sizeof e->body_sha256, "%s", body ? body : "");
}

static void apply_done(journal *j, const char *key, const char *action, const char *id)
{
    journal_entry *e = entry_for(j, key);
    e->state = JOURNAL_DONE;
    set_str(&e->action, action);
    snprintf(e->id, sizeof e->id, "%s", id ? id : "");
}

static void apply_failed(journal *j, const char *key, const char *error)
{
    journal_entry *e = entry_for(j, key);
    e->state = JOURNAL_FAILED;
    set_str(&e->error, error);
}

/* Applies one parsed event line; false when it is not one. */
static bool apply_line(journal *j, const cJSON *o)
{
    const char *op = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "op"));
    const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "key"));
    if (!op || !key)
        return false;
    if (strcmp(op, "intent") == 0) {
        apply_intent(j, key, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "number")),
                     cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "body")));
    } else if (strcmp(op, "done") == 0) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
        char text[CONN_ID_MAX] = "";
        if (cJSON_IsNumber(id) && id->valuedouble >= 1 && id->valuedouble < 1e15)
            snprintf(text, sizeof text, "%.0f", id->valuedouble);
        else if (cJSON_IsString(id))
            snprintf(text, sizeof text, "%s", id->valuestring);
        apply_done(j, key, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "action")),
                   text);
    } else if (strcmp(op, "failed") == 0) {
        apply_failed(j, key, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "error")));
    } else if (strcmp(op, "before") == 0) {
        /* undo's record: read by undo from the file, not kept in memory */
    } else {
        return false;
    }
    return true;
}

/* --- writing
 * ----------------------------------------------------------------------------------------- */

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The text of one event line, newline included, with its time added.  Frees o; the caller frees
 * the result.  NULL when out of memory. */
static char *line_text(cJSON *o, size_t *len)
{
    cJSON_AddNumberToObject(o, "t", (double)time(NULL));
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!text)
        return NULL;
    size_t n = strlen(text);
    char *line = xmalloc(n + 2);
    memcpy(line, text, n);
    line[n] = '\n';
    line[n + 1] = '\0';
    cJSON_free(text);
    *len = n + 1;
    return line;
}

static int sync_error(journal *j, int e, ic_err *err)
{
    return ic_err_set(err, IC_EXIT_IO, "cannot write journal '%s': fdatasync: %s", j->path,
                      strerror(e));
}

/* Writes one object as one line with write(2) (a killed process loses nothing of it) and hands it
 * to the syncer; *end (may be NULL) gets the byte offset just past it: the line is durable once
 * journal_durable(j, *end) says so.  Frees o. */
static int put_line(journal *j, cJSON *o, uint64_t *end, ic_err *err)
{
    size_t n = 0;
    char *line = line_text(o, &n);
    if (!line)
        return ic_err_set(err, IC_EXIT_INTERNAL, "out of memory");
    int rc = 0;
    pthread_mutex_lock(&j->mu);
    int failed = j->sync_errno;
    pthread_mutex_unlock(&j->mu);
    if (failed) {
        rc = sync_error(j, failed, err);
    } else if (write_all(j->fd, line, n) != 0) {
        rc = ic_err_set(err, IC_EXIT_IO, "cannot write journal '%s': %s", j->path, strerror(errno));
    } else {
        j->lines++;
        pthread_mutex_lock(&j->mu);
        j->written += n;
        if (end)
            *end = j->written;
        pthread_cond_signal(&j->to_sync);
        pthread_mutex_unlock(&j->mu);
    }
    free(line);
    return rc;
}

static int fdatasync_retry(int fd)
{
    int rc;
    do
        rc = fdatasync(fd);
    while (rc != 0 && errno == EINTR);
    return rc;
}

/* Makes a new name in the journal's folder durable (a journal just created, or renamed over an
 * old one): without it a power cut could bring back the old journal, or none.  File systems that
 * cannot fsync a folder are not an error. */
static int sync_folder(journal *j, ic_err *err)
{
    const char *slash = strrchr(j->path, '/');
    char *dir =
        slash ? xstrndup(j->path, slash == j->path ? 1 : (size_t)(slash - j->path)) : xstrdup(".");
    int rc = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        int r;
        do
            r = fsync(fd);
        while (r != 0 && errno == EINTR);
        if (r != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP)
            rc = ic_err_set(err, IC_EXIT_IO, "cannot write journal '%s': fsync of folder '%s': %s",
                            j->path, dir, strerror(errno));
        close(fd);
    }
    free(dir);
    return rc;
}

/* The syncer thread: one fdatasync for everything written since the last one. */
static void *syncer_main(void *arg)
{
    journal *j = arg;
    pthread_mutex_lock(&j->mu);
    for (;;) {
        while (!j->stopping && !j->sync_errno && j->synced >= j->written)
            pthread_cond_wait(&j->to_sync, &j->mu);
        if (j->sync_errno || j->synced >= j->written)
            break; /* stopping with nothing left, or failed for good */
        uint64_t target = j->written;
        pthread_mutex_unlock(&j->mu);
        int rc = fdatasync_retry(j->fd);
        int e = errno;
        pthread_mutex_lock(&j->mu);
        j->syncs++;
        if (rc != 0)
            j->sync_errno = e ? e : EIO;
        else if (target > j->synced)
            j->synced = target;
        pthread_cond_broadcast(&j->synced_cv);
        if (j->notify)
            j->notify(j->notify_ctx);
    }
    pthread_mutex_unlock(&j->mu);
    return NULL;
}

int journal_durable(journal *j, uint64_t offset)
{
    pthread_mutex_lock(&j->mu);
    int r = j->sync_errno ? -1 : j->synced >= offset ? 1 : 0;
    pthread_mutex_unlock(&j->mu);
    return r;
}

int journal_wait_durable(journal *j, uint64_t offset, ic_err *err)
{
    pthread_mutex_lock(&j->mu);
    while (!j->sync_errno && j->synced < offset)
        pthread_cond_wait(&j->synced_cv, &j->mu);
    int e = j->sync_errno;
    pthread_mutex_unlock(&j->mu);
    return e ? sync_error(j, e, err) : 0;
}

int journal_check(journal *j, ic_err *err)
{
    pthread_mutex_lock(&j->mu);
    int e = j->sync_errno;
    pthread_mutex_unlock(&j->mu);
    return e ? sync_error(j, e, err) : 0;
}

int journal_sync(journal *j, ic_err *err)
{
    pthread_mutex_lock(&j->mu);
    uint64_t upto = j->written;
    pthread_mutex_unlock(&j->mu);
    return journal_wait_durable(j, upto, err);
}

void journal_set_notify(journal *j, void (*fn)(void *ctx), void *ctx)
{
    pthread_mutex_lock(&j->mu);
    j->notify = fn;
    j->notify_ctx = ctx;
    pthread_mutex_unlock(&j->mu);
}

unsigned long journal_syncs(journal *j)
{
    pthread_mutex_lock(&j->mu);
    unsigned long n = j->syncs;
    pthread_mutex_unlock(&j->mu);
    return n;
}

static cJSON *header_json(const journal_identity *id)
{
    cJSON *h = cJSON_CreateObject();
    cJSON_AddStringToObject(h, "journal", id->kind ? id->kind : "invoicectl-import");
    cJSON_AddNumberToObject(h, "version", 1);
    cJSON_AddStringToObject(h, "csv", id->csv_path);
    cJSON_AddNumberToObject(h, "csv_size", (double)id->csv_size);
    cJSON_AddNumberToObject(h, "csv_mtime", (double)id->csv_mtime);
    cJSON_AddStringToObject(h, "csv_sha256", id->csv_sha256);
    cJSON_AddStringToObject(h, "mapping", id->mapping_path);
    cJSON_AddStringToObject(h, "mapping_sha256", id->mapping_sha256);
    cJSON_AddStringToObject(h, "api", id->api_url);
    cJSON_AddStringToObject(h, "store", id->store_hash);
    if (id->target)
        cJSON_AddStringToObject(h, "target", id->target);
    return h;
}

static bool header_matches(const cJSON *h, const journal_identity *id)
{
    const char *tag = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h, "journal"));
    if (!tag || strcmp(tag, id->kind ? id->kind : "invoicectl-import") != 0)
        return false;
    const struct {
        const char *key, *want;
    } f[] = {{"csv_sha256", id->csv_sha256},
             {"mapping_sha256", id->mapping_sha256},
             {"api", id->api_url},
             {"store", id->store_hash}};
    for (size_t i = 0; i < IC_ARRAY_LEN(f); i++) {
        const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h, f[i].key));
        if (!v || strcmp(v, f[i].want) != 0)
            return false;
    }
    return true;
}

static cJSON *intent_json(const char *key, const char *number, const char *body)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "op", "intent");
    cJSON_AddStringToObject(o, "key", key);
    cJSON_AddStringToObject(o, "number", number ? number : key);
    cJSON_AddStringToObject(o, "body", body ? body : "");
    return o;
}

int journal_intent_write(journal *j, const char *key, const char *number, const char *body_sha256,
                         uint64_t *durable_at, ic_err *err)
{
    int rc = put_line(j, intent_json(key, number, body_sha256), durable_at, err);
    if (rc == 0)
        apply_intent(j, key, number, body_sha256);
    return rc;
}

int journal_intent(journal *j, const char *key, const char *number, const char *body_sha256,
                   ic_err *err)
{
    uint64_t at = 0;
    int rc = journal_intent_write(j, key, number, body_sha256, &at, err);
    return rc == 0 ? journal_wait_durable(j, at, err) : rc;
}

static void add_id(cJSON *o, const char *id)
{
    if (conn_id_numeric(id) || !id[0])
        cJSON_AddNumberToObject(o, "id", id[0] ? strtod(id, NULL) : 0);
    else
        cJSON_AddStringToObject(o, "id", id);
}

int journal_done(journal *j, const char *key, const char *action, const char *id, ic_err *err)
{
    cJSON *o = cJSON_CreateObject();
    if (!id)
        id = "";
    cJSON_AddStringToObject(o, "op", "done");
    cJSON_AddStringToObject(o, "key", key);
    cJSON_AddStringToObject(o, "action", action);
    add_id(o, id);
    int rc = put_line(j, o, NULL, err);
    if (rc == 0)
        apply_done(j, key, action, id);
    return rc;
}

int journal_before_write(journal *j, const char *key, const char *id, const cJSON *before,
                         const cJSON *after, uint64_t *durable_at, ic_err *err)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "op", "before");
    cJSON_AddStringToObject(o, "key", key);
    add_id(o, id ? id : "");
    cJSON_AddItemToObject(o, "doc", before ? cJSON_Duplicate(before, 1) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "after", after ? cJSON_Duplicate(after, 1) : cJSON_CreateNull());
    return put_line(j, o, durable_at, err);
}

int journal_failed(journal *j, const char *key, const char *error, ic_err *err)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "op", "failed");
    cJSON_AddStringToObject(o, "key", key);
    cJSON_AddStringToObject(o, "error", error ? error : "");
    int rc = put_line(j, o, NULL, err);
    if (rc == 0)
        apply_failed(j, key, error);
    return rc;
}

/* --- opening
 * ----------------------------------------------------------------------------------------- */

static void entries_release(journal *j)
{
    for (size_t i = 0; i < j->n; i++) {
        free(j->entries[i].key);
        free(j->entries[i].number);
        free(j->entries[i].action);
        free(j->entries[i].error);
    }
    free(j->entries);
    j->entries = NULL;
    j->n = j->cap = 0;
    strmap_release(&j->index);
}

static int read_all(int fd, char **out, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            free(buf);
            return -1;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

static int lock_fd(int fd, const char *path, ic_err *err)
{
    if (flock(fd, LOCK_EX | LOCK_NB) == 0)
        return 0;
    if (errno == EWOULDBLOCK)
        return ic_err_set(err, IC_EXIT_IO,
                          "journal '%s' is in use by another invoicectl run; wait for it to finish",
                          path);
    return ic_err_set(err, IC_EXIT_IO, "cannot lock journal '%s': %s", path, strerror(errno));
}

/* One line straight to fd, before the syncer runs (a new journal being made under a temporary name;
 * messages name the journal).  Frees o. */
static int write_obj(journal *j, int fd, cJSON *o, ic_err *err)
{
    size_t n = 0;
    char *line = line_text(o, &n);
    if (!line)
        return ic_err_set(err, IC_EXIT_INTERNAL, "out of memory");
    int rc = 0;
    if (write_all(fd, line, n) != 0)
        rc = ic_err_set(err, IC_EXIT_IO, "cannot write journal '%s': %s", j->path, strerror(errno));
    else
        j->lines++;
    free(line);
    return rc;
}

/* A journal about to be replaced by a new one (other inputs) is kept under its run's name (a hard
 * link: the rename of the new one over the path leaves it there), so that its run can still be
 * undone.  A journal without a start time (an older invoicectl's) is not kept, as before. */
static int keep_replaced(const char *path, const char *started, ic_err *err)
{
    if (!started || !started[0])
        return 0;
    char *kept = journal_run_path(path, started, NULL);
    int rc = 0;
    if (link(path, kept) != 0 && errno != EEXIST)
        rc = ic_err_set(err, IC_EXIT_IO, "cannot keep the replaced journal '%s' as '%s': %s", path,
                        kept, strerror(errno));
    else
        ic_info("the journal replaced is kept as '%s' (for `invoicectl undo`)", kept);
    free(kept);
    return rc;
}

/* Writes a new journal (header and the given intents) under a temporary name and renames it into
 * place. */
static int start_new(journal *j, const journal_identity *id, const journal *old, ic_err *err)
{
    size_t n = strlen(j->path) + 16;
    char *tmp = xmalloc(n);
    snprintf(tmp, n, "%s.new", j->path);
    int rc = 0;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = ic_err_set(err, IC_EXIT_IO, "cannot create journal '%s': %s", tmp, strerror(errno));
        goto out;
    }
    cJSON *h = header_json(id);
    char started[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cJSON_AddStringToObject(h, "started", started);
    free(j->started);
    j->started = xstrdup(started);
    rc = write_obj(j, fd, h, err);
    for (size_t i = 0; rc == 0 && old && i < old->n; i++) {
        const journal_entry *e = &old->entries[i];
        if (e->state != JOURNAL_INTENT)
            continue;
        rc = write_obj(j, fd, intent_json(e->key, e->number, e->body_sha256), err);
        if (rc == 0)
            apply_intent(j, e->key, e->number, e->body_sha256);
    }
    /* on disk before it replaces the old journal (no syncer runs yet) */
    if (rc == 0 && fdatasync_retry(fd) != 0)
        rc = sync_error(j, errno, err);
    if (close(fd) != 0 && rc == 0)
        rc = ic_err_set(err, IC_EXIT_IO, "cannot write journal '%s': %s", tmp, strerror(errno));
    if (rc == 0 && rename(tmp, j->path) != 0)
        rc = ic_err_set(err, IC_EXIT_IO, "cannot rename '%s' to '%s': %s", tmp, j->path,
                        strerror(errno));
    if (rc != 0)
        unlink(tmp);
    else
        rc = sync_folder(j, err);
out:
    free(tmp);
    return rc;
}

journal *journal_open(const char *path, const journal_identity *id, bool *resumed, ic_err *err)
{
    journal *j = xcalloc(1, sizeof *j);
    journal old = {0};
    char *text = NULL;
    char *old_started = NULL; /* the header's, when it has one */
    size_t len = 0;
    j->path = xstrdup(path);
    j->fd = -1;
    strmap_init(&j->index);
    strmap_init(&old.index);
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->to_sync, NULL);
    pthread_cond_init(&j->synced_cv, NULL);
    *resumed = false;

    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        j->created = fd >= 0;
    }
    if (fd < 0) {
        ic_err_set(err, IC_EXIT_IO, "cannot open journal '%s': %s", path, strerror(errno));
        goto fail;
    }
    j->fd = fd;
    if (lock_fd(fd, path, err) != 0)
        goto fail;
    if (read_all(fd, &text, &len) != 0) {
        ic_err_set(err, IC_EXIT_IO, "cannot read journal '%s': %s", path, strerror(errno));
        goto fail;
    }

    /* A last line without its newline was cut by a kill during the write: it never happened. */
    size_t complete = len;
    while (complete > 0 && text[complete - 1] != '\n')
        complete--;
    bool matches = false;
    size_t lineno = 0;
    for (char *p = text; p < text + complete;) {
        char *nl = memchr(p, '\n', (size_t)(text + complete - p));
        *nl = '\0';
        lineno++;
        cJSON *o = cJSON_Parse(p);
        if (lineno == 1) {
            matches = o && header_matches(o, id);
            const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "started"));
            old_started = xstrdup(st ? st : "");
        } else if (!o || !apply_line(matches ? j : &old, o)) {
            ic_warn("journal '%s', line %zu: not a journal event; ignored", path, lineno);
        }
        cJSON_Delete(o);
        p = nl + 1;
    }

    if (matches) {
        if (complete < len && ftruncate(fd, (off_t)complete) != 0) {
            ic_err_set(err, IC_EXIT_IO, "cannot repair journal '%s': %s", path, strerror(errno));
            goto fail;
        }
        if (lseek(fd, 0, SEEK_END) < 0) {
            ic_err_set(err, IC_EXIT_IO, "cannot seek journal '%s': %s", path, strerror(errno));
            goto fail;
        }
        j->lines = lineno;
        *resumed = true;
        j->started = old_started;
        old_started = NULL;
    } else {
        if (lineno > 0)
            ic_info("journal '%s' was written for other inputs (the CSV, mapping or store differ); "
                    "starting a new one",
                    path);
        if (lineno > 0 && keep_replaced(path, old_started, err) != 0)
            goto fail;
        if (start_new(j, id, &old, err) != 0)
            goto fail;
        /* Reopen the renamed file; the old descriptor held the lock until now. */
        int nfd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
        if (nfd < 0) {
            ic_err_set(err, IC_EXIT_IO, "cannot open journal '%s': %s", path, strerror(errno));
            goto fail;
        }
        close(j->fd);
        j->fd = nfd;
        if (lock_fd(nfd, path, err) != 0)
            goto fail;
    }
    struct stat st;
    if (fstat(j->fd, &st) != 0) {
        ic_err_set(err, IC_EXIT_IO, "cannot read journal '%s': %s", path, strerror(errno));
        goto fail;
    }
    j->written = (uint64_t)st.st_size;
    /* a new journal was synced before it took its place; a resumed one (perhaps just repaired) is
     * synced first by the syncer */
    j->synced = *resumed ? 0 : j->written;
    int terr = pthread_create(&j->syncer, NULL, syncer_main, j);
    if (terr != 0) {
        ic_err_set(err, IC_EXIT_INTERNAL, "cannot start the journal's syncer thread: %s",
                   strerror(terr));
        goto fail;
    }
    j->syncer_on = true;
    free(text);
    free(old_started);
    entries_release(&old);
    return j;
fail:
    free(text);
    free(old_started);
    entries_release(&old);
    journal_close(j);
    return NULL;
}

void journal_close_unused(journal *j)
{
    if (!j)
        return;
    /* Still holding the lock: no other run can have started on it. */
    if (j->created && j->n == 0 && j->lines <= 1 && unlink(j->path) == 0) {
        ic_err ignored = {0};
        sync_folder(j, &ignored);
    }
    journal_close(j);
}

void journal_close(journal *j)
{
    if (!j)
        return;
    if (j->syncer_on) {
        /* the syncer syncs what is left, then ends */
        pthread_mutex_lock(&j->mu);
        j->stopping = true;
        j->notify = NULL;
        pthread_cond_signal(&j->to_sync);
        pthread_mutex_unlock(&j->mu);
        pthread_join(j->syncer, NULL);
        if (j->sync_errno)
            ic_warn("cannot write journal '%s': fdatasync: %s", j->path, strerror(j->sync_errno));
    }
    if (j->fd >= 0)
        close(j->fd);
    pthread_cond_destroy(&j->synced_cv);
    pthread_cond_destroy(&j->to_sync);
    pthread_mutex_destroy(&j->mu);
    entries_release(j);
    free(j->path);
    free(j->started);
    free(j);
}

const char *journal_path(const journal *j)
{
    return j->path;
}

const char *journal_started(const journal *j)
{
    return j->started ? j->started : "";
}

char *journal_run_path(const char *path, const char *started, const char *suffix)
{
    size_t n = strlen(path);
    static const char ext[] = ".journal";
    size_t stem = n >= sizeof ext - 1 && strcmp(path + n - (sizeof ext - 1), ext) == 0
                      ? n - (sizeof ext - 1)
                      : n;
    char compact[32];
    size_t k = 0;
    for (const char *p = started; *p && k + 1 < sizeof compact; p++)
        if (*p != '-' && *p != ':')
            compact[k++] = *p;
    compact[k] = '\0';
    size_t m = stem + k + strlen(suffix ? suffix : ext) + 4;
    char *out = xmalloc(m);
    snprintf(out, m, "%.*s.%s%s", (int)stem, path, compact, suffix ? suffix : ext);
    return out;
}

size_t journal_lines(const journal *j)
{
    return j->lines;
}

size_t journal_count(const journal *j)
{
    return j->n;
}

const journal_entry *journal_entry_at(const journal *j, size_t i)
{
    return i < j->n ? &j->entries[i] : NULL;
}

const journal_entry *journal_get(const journal *j, const char *key)
{
    size_t i;
    return strmap_get(&j->index, key, &i) ? &j->entries[i] : NULL;
}
