/* Reading a journal file whole, for undo (import/journal_read.h). */
#include "import/journal_read.h"

#include "util/common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static journal_rec *rec_for(journal_log *l, const char *key)
{
    size_t i;
    if (strmap_get(&l->index, key, &i))
        return &l->recs[i];
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->recs = xrealloc(l->recs, l->cap * sizeof *l->recs);
    }
    journal_rec *r = &l->recs[l->n];
    memset(r, 0, sizeof *r);
    r->key = xstrdup(key);
    strmap_put(&l->index, key, l->n++);
    return r;
}

static void set_str(char **slot, const char *s)
{
    free(*slot);
    *slot = s ? xstrdup(s) : NULL;
}

/* An id as the journal writes it: a JSON number (digits) or a string; "" when absent or 0. */
static void id_text(const cJSON *id, char *buf, size_t n)
{
    buf[0] = '\0';
    if (cJSON_IsNumber(id) && id->valuedouble >= 1 && id->valuedouble < 1e15)
        snprintf(buf, n, "%.0f", id->valuedouble);
    else if (cJSON_IsString(id))
        snprintf(buf, n, "%s", id->valuestring);
}

static cJSON *take_doc(cJSON *o, const char *name)
{
    cJSON *d = cJSON_DetachItemFromObjectCaseSensitive(o, name);
    if (d && cJSON_IsNull(d)) {
        cJSON_Delete(d);
        return NULL;
    }
    return d;
}

static bool apply(journal_log *l, cJSON *o)
{
    const char *op = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "op"));
    const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "key"));
    if (!op || !key)
        return false;
    char id[CONN_ID_MAX];
    id_text(cJSON_GetObjectItemCaseSensitive(o, "id"), id, sizeof id);
    if (strcmp(op, "before") == 0) {
        journal_rec *r = rec_for(l, key);
        cJSON_Delete(r->before_doc);
        cJSON_Delete(r->before_after);
        r->before_doc = take_doc(o, "doc");
        r->before_after = take_doc(o, "after");
        r->has_before = r->before_after_outcome = true;
        if (id[0])
            snprintf(r->id, sizeof r->id, "%s", id);
        return true;
    }
    if (strcmp(op, "intent") == 0) {
        journal_rec *r = rec_for(l, key);
        const char *number = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "number"));
        set_str(&r->number, number ? number : key);
        r->state = JOURNAL_INTENT;
        return true; /* an intent does not settle the "before" that precedes it */
    }
    if (strcmp(op, "done") == 0 || strcmp(op, "failed") == 0) {
        journal_rec *r = rec_for(l, key);
        bool done = op[0] == 'd';
        r->state = done ? JOURNAL_DONE : JOURNAL_FAILED;
        r->before_after_outcome = false;
        if (done) {
            set_str(&r->action,
                    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "action")));
            if (id[0])
                snprintf(r->id, sizeof r->id, "%s", id);
        } else {
            set_str(&r->error, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "error")));
        }
        return true;
    }
    return false;
}

static int read_text(const char *path, char **out, ic_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ic_err_set(err, IC_EXIT_IO, "cannot open journal '%s': %s", path, strerror(errno));
    size_t cap = 65536, n = 0;
    char *buf = xmalloc(cap + 1);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return ic_err_set(err, IC_EXIT_IO, "cannot read journal '%s'", path);
    }
    buf[n] = '\0';
    *out = buf;
    return 0;
}

int journal_log_read(const char *path, journal_log *out, ic_err *err)
{
    memset(out, 0, sizeof *out);
    strmap_init(&out->index);
    char *text = NULL;
    int rc = read_text(path, &text, err);
    if (rc != 0)
        return rc;
    char *p = text;
    char *nl;
    /* a last line without its newline was cut by a kill: it never happened */
    while ((nl = strchr(p, '\n')) != NULL) {
        *nl = '\0';
        out->lines++;
        cJSON *o = cJSON_Parse(p);
        if (out->lines == 1) {
            const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "journal"));
            if (!kind || strncmp(kind, "invoicectl-", 11) != 0) {
                cJSON_Delete(o);
                free(text);
                return ic_err_set(err, IC_EXIT_USAGE,
                                  "'%s' is not an invoicectl journal (its first line is no "
                                  "journal header)",
                                  path);
            }
            out->header = o;
            o = NULL;
        } else if (!o || !apply(out, o)) {
            out->skipped++;
        }
        cJSON_Delete(o);
        p = nl + 1;
    }
    free(text);
    if (!out->header)
        return ic_err_set(err, IC_EXIT_USAGE, "journal '%s' is empty", path);
    return 0;
}

void journal_log_release(journal_log *l)
{
    for (size_t i = 0; i < l->n; i++) {
        journal_rec *r = &l->recs[i];
        free(r->key);
        free(r->number);
        free(r->action);
        free(r->error);
        cJSON_Delete(r->before_doc);
        cJSON_Delete(r->before_after);
    }
    free(l->recs);
    strmap_release(&l->index);
    cJSON_Delete(l->header);
    memset(l, 0, sizeof *l);
}

const char *journal_log_field(const journal_log *l, const char *name)
{
    return l->header ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l->header, name))
                     : NULL;
}

const journal_rec *journal_log_get(const journal_log *l, const char *key)
{
    size_t i;
    return strmap_get(&l->index, key, &i) ? &l->recs[i] : NULL;
}
