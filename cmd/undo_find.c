/* undo, step 1: which run.  RESULTS_DIR's summary.json names the run's journal and its start;
 * the journal at that path may have been replaced since by a run on other inputs, which keeps the
 * old one under journal_run_path's name (import/journal.h).  JOURNAL names one directly. */
#include "cmd/undo_internal.h"
#include "util/common.h"
#include "util/log.h"
#include "util/sha256.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static cJSON *read_json(const char *path, ic_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        ic_err_set(err, IC_EXIT_IO, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0, got;
    char *buf = xmalloc(cap + 1);
    while ((got = fread(buf + n, 1, cap - n, f)) > 0)
        if ((n += got) == cap)
            buf = xrealloc(buf, (cap *= 2) + 1);
    fclose(f);
    buf[n] = '\0';
    cJSON *doc = cJSON_Parse(buf);
    free(buf);
    if (!doc)
        ic_err_set(err, IC_EXIT_USAGE, "'%s' is not JSON", path);
    return doc;
}

/* The journal a results folder names: *path and *started (new strings). */
static int from_results(const char *dir, char **path, char **started, ic_err *err)
{
    size_t n = strlen(dir) + 16;
    char *sum = xmalloc(n);
    snprintf(sum, n, "%s/summary.json", dir);
    cJSON *doc = read_json(sum, err);
    int rc = doc ? 0 : err->code;
    if (doc) {
        const char *p = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "journal_file"));
        const char *s =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "journal_started"));
        if (!p || !p[0] || !s) {
            rc = ic_err_set(err, IC_EXIT_USAGE,
                            "'%s' names no journal: the run sent nothing (a dry run), or an older "
                            "invoicectl wrote it; give the journal file instead",
                            sum);
        } else {
            *path = xstrdup(p);
            *started = xstrdup(s);
        }
    }
    cJSON_Delete(doc);
    free(sum);
    return rc;
}

/* The header's "started" of the journal at path; NULL when it cannot be read. */
static char *started_of(const char *path)
{
    journal_log l;
    ic_err ignored = {0};
    char *s = NULL;
    if (journal_log_read(path, &l, &ignored) == 0) {
        const char *v = journal_log_field(&l, "started");
        s = xstrdup(v ? v : "");
    }
    journal_log_release(&l);
    return s;
}

/* The run at `live` that started at `started`: the live journal while it is still that run's,
 * else the one kept when it was replaced. */
static int which_file(undo_cmd *uc, const char *live, const char *started)
{
    char *now = started_of(live);
    if (now && strcmp(now, started) == 0) {
        uc->run_path = xstrdup(live);
    } else {
        char *kept = journal_run_path(live, started, NULL);
        if (access(kept, R_OK) == 0) {
            ic_verbose("the journal '%s' was replaced since; the run's is kept as '%s'", live,
                       kept);
            uc->run_path = kept;
            kept = NULL;
        }
        free(kept);
    }
    free(now);
    if (!uc->run_path)
        return ic_err_set(&uc->err, IC_EXIT_IO,
                          "the journal of the run in '%s' (started %s) is neither '%s' nor kept "
                          "beside it",
                          uc->arg, started, live);
    uc->undo_path = journal_run_path(live, started, ".undo");
    return 0;
}

/* An import resuming the run while undo plans and sends would add work undo never saw: the run's
 * journal is locked shared (import locks it exclusively), and either of the two is refused. */
static int lock_run(undo_cmd *uc)
{
    uc->run_fd = open(uc->run_path, O_RDONLY | O_CLOEXEC);
    if (uc->run_fd < 0)
        return ic_err_set(&uc->err, IC_EXIT_IO, "cannot open journal '%s': %s", uc->run_path,
                          strerror(errno));
    if (flock(uc->run_fd, LOCK_SH | LOCK_NB) != 0)
        return ic_err_set(
            &uc->err, IC_EXIT_IO,
            errno == EWOULDBLOCK
                ? "journal '%s' is in use by an invoicectl import; wait for it to finish"
                : "cannot lock journal '%s'",
            uc->run_path);
    return 0;
}

int undo_locate(undo_cmd *uc)
{
    ic_err *err = &uc->err;
    struct stat st;
    int rc = 0;
    if (stat(uc->arg, &st) != 0) {
        rc = ic_err_set(err, IC_EXIT_IO, "cannot open '%s': %s", uc->arg, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        char *live = NULL, *started = NULL;
        uc->arg_is_results = true;
        rc = from_results(uc->arg, &live, &started, err);
        if (rc == 0)
            rc = which_file(uc, live, started);
        free(live);
        free(started);
    } else {
        uc->run_path = xstrdup(uc->arg);
    }
    if (rc == 0)
        rc = lock_run(uc);
    if (rc == 0) {
        rc = journal_log_read(uc->run_path, &uc->run, err);
        uc->have_run = rc == 0;
    }
    const char *kind = uc->have_run ? journal_log_field(&uc->run, "journal") : NULL;
    if (rc == 0 && strcmp(kind, "invoicectl-import") != 0)
        rc = ic_err_set(err, IC_EXIT_USAGE, "'%s' is the journal of %s, not of an import",
                        uc->run_path, kind);
    if (rc == 0 && !uc->undo_path) {
        /* a journal given directly: its own name, unless it is already a kept run's */
        const char *started = journal_log_field(&uc->run, "started");
        char *kept_form = journal_run_path("", started ? started : "", NULL);
        size_t a = strlen(uc->run_path), b = strlen(kept_form);
        if (a > b && strcmp(uc->run_path + a - b, kept_form) == 0) {
            char *stem = xstrndup(uc->run_path, a - b);
            size_t m = a + 16;
            uc->undo_path = xmalloc(m);
            snprintf(uc->undo_path, m, "%s%.*s.undo", stem, (int)(b - 8), kept_form);
            free(stem);
        } else {
            uc->undo_path = journal_run_path(uc->run_path, started ? started : "", ".undo");
        }
        free(kept_form);
    }
    if (rc == 0 && access(uc->undo_path, F_OK) == 0) {
        rc = journal_log_read(uc->undo_path, &uc->done, err);
        uc->have_done = rc == 0;
        /* an undo of the run as it was before it grew (imported again since) says nothing of now */
        char want[SHA256_HEX_LEN + 1];
        undo_run_hash(&uc->run, want);
        const char *had = uc->have_done ? journal_log_field(&uc->done, "csv_sha256") : NULL;
        if (uc->have_done && (!had || strcmp(had, want) != 0)) {
            journal_log_release(&uc->done);
            uc->have_done = false;
        }
    }
    if (rc != 0)
        ic_error("%s", err->msg);
    return rc;
}
