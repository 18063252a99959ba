/* Lookup tables (mapping/lookup.h): reading a name -> id table once, finding ids in constant time,
 * and counting the names it lacks so that each is reported once for the whole file. */
#include "mapping/lookup.h"
#include "mapping/read_internal.h"
#include "util/common.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A JSON table is read whole; it is at most this large (like a mapping file). */
#define LOOKUP_MAX_JSON_BYTES (64 << 20)

/* The key of a name: trimmed, ASCII letters in lower case.  Letters beyond ASCII are compared as
 * written: folding them would need a Unicode case table, and a near miss is reported, never
 * guessed. */
static void fold(const char *s, size_t len, sbuf *out)
{
    trim_span(&s, &len);
    sbuf_reset(out);
    sbuf_add(out, s, len);
    for (size_t i = 0; i < out->len; i++)
        if (out->data[i] >= 'A' && out->data[i] <= 'Z')
            out->data[i] = (char)(out->data[i] + ('a' - 'A'));
}

/* Adds one entry; a name given twice with another id is an error (with both lines when known). */
static bool add_entry(lookup_table *t, const char *name, size_t nlen, const char *id, size_t idlen,
                      long line, long *lines, sbuf *key, char *why, size_t whysize)
{
    const char *where = t->file;
    char place[64] = "";
    if (line > 0)
        snprintf(place, sizeof place, ":%ld", line);
    const char *tn = name;
    size_t tl = nlen;
    trim_span(&tn, &tl);
    const char *ti = id;
    size_t il = idlen;
    trim_span(&ti, &il);
    if (tl == 0) {
        snprintf(why, whysize, "%s%s: blank name (for id '%.*s')", where, place, (int)il, ti);
        return false;
    }
    if (il == 0) {
        snprintf(why, whysize, "%s%s: blank id for '%.*s'", where, place, (int)tl, tn);
        return false;
    }
    if (memchr(tn, '\0', tl) || memchr(ti, '\0', il)) {
        snprintf(why, whysize, "%s%s: a NUL byte in a name or id", where, place);
        return false;
    }
    fold(tn, tl, key);
    size_t prev;
    if (strmap_get(&t->index, key->data, &prev)) {
        if (strlen(t->ids[prev]) == il && memcmp(t->ids[prev], ti, il) == 0)
            return true; /* the same pair again (or the same name in another case): harmless */
        if (lines && lines[prev] > 0)
            snprintf(why, whysize,
                     "%s%s: '%.*s' is given twice, with id '%s' on line %ld and '%.*s' here", where,
                     place, (int)tl, tn, t->ids[prev], lines[prev], (int)il, ti);
        else
            snprintf(why, whysize, "%s: '%.*s' is given twice, with ids '%s' and '%.*s'", where,
                     (int)tl, tn, t->ids[prev], (int)il, ti);
        return false;
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->names = xrealloc(t->names, t->cap * sizeof *t->names);
        t->ids = xrealloc(t->ids, t->cap * sizeof *t->ids);
    }
    t->names[t->n] = xstrndup(tn, tl);
    t->ids[t->n] = xstrndup(ti, il);
    strmap_put(&t->index, key->data, t->n);
    size_t ignored;
    if (!strmap_get(&t->by_id, t->ids[t->n], &ignored))
        strmap_put(&t->by_id, t->ids[t->n], t->n);
    t->n++;
    return true;
}

typedef struct csv_load {
    lookup_table *t;
    sbuf key;
    long *lines; /* per entry, for "given twice" */
    size_t cap_lines;
    char *why;
    size_t whysize;
} csv_load;

static int on_row(void *ctx, const csv_record *rec)
{
    csv_load *cl = ctx;
    size_t before = cl->t->n;
    if (!add_entry(cl->t, rec->fields[0], rec->lens[0], rec->fields[1], rec->lens[1], rec->line,
                   cl->lines, &cl->key, cl->why, cl->whysize))
        return IC_EXIT_USAGE;
    if (cl->t->n > before) {
        if (cl->t->n > cl->cap_lines) {
            cl->cap_lines = cl->cap_lines ? cl->cap_lines * 2 : 64;
            cl->lines = xrealloc(cl->lines, cl->cap_lines * sizeof *cl->lines);
        }
        cl->lines[cl->t->n - 1] = rec->line;
    }
    return 0;
}

static bool load_csv(lookup_table *t, const char *path, const csv_options *csv, char *why,
                     size_t whysize)
{
    csv_options co = *csv;
    co.delimiter = 0; /* the table's own delimiter, whatever the data file uses */
    ic_err err;
    ic_err_clear(&err);
    csv_reader *rd = csv_reader_open(path, &co, &err);
    if (!rd) {
        snprintf(why, whysize, "%s", err.msg);
        return false;
    }
    bool ok = false;
    if (csv_reader_ncols(rd) != 2) {
        snprintf(why, whysize, "%s:1: expected 2 columns (name, id), the header has %zu", t->file,
                 csv_reader_ncols(rd));
        goto out;
    }
    csv_load cl = {t, {0}, NULL, 0, why, whysize};
    int rc = csv_reader_run(rd, on_row, &cl, &err);
    sbuf_release(&cl.key);
    free(cl.lines);
    if (rc && err.code) {
        snprintf(why, whysize, "%s", err.msg);
        goto out;
    }
    if (rc)
        goto out; /* why was set by on_row */
    ok = true;
out:
    csv_reader_free(rd);
    return ok;
}

static char *read_file(const char *path, const char *shown, size_t *len, char *why, size_t whysize)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, whysize, "cannot open '%s': %s", shown, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > LOOKUP_MAX_JSON_BYTES) {
                snprintf(why, whysize, "'%s' is too large for a lookup table (more than 64 MiB)",
                         shown);
                free(buf);
                fclose(f);
                return NULL;
            }
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        snprintf(why, whysize, "cannot read '%s': %s", shown, strerror(errno));
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static bool load_json(lookup_table *t, const char *path, char *why, size_t whysize)
{
    size_t len;
    char *text = read_file(path, t->file, &len, why, whysize);
    if (!text)
        return false;
    bool ok = false;
    sbuf key = {0};
    const char *body = text;
    if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0)
        body += 3;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(body, len - (size_t)(body - text), &end, false);
    if (!root) {
        /* The place of the error, as a line number. */
        long line = 1;
        const char *at = end ? end : body;
        for (const char *p = body; p < at && *p; p++)
            line += *p == '\n';
        snprintf(why, whysize, "%s:%ld: invalid JSON", t->file, line);
        goto out;
    }
    if (!cJSON_IsObject(root)) {
        snprintf(why, whysize, "%s: expected an object such as {\"Acme Ltd\": \"1236\"}", t->file);
        goto out;
    }
    for (const cJSON *e = root->child; e; e = e->next) {
        char num[64];
        const char *id = NULL;
        if (cJSON_IsString(e)) {
            id = e->valuestring;
        } else if (cJSON_IsNumber(e) && e->valuedouble == (double)(long long)e->valuedouble &&
                   e->valuedouble >= -9007199254740992.0 && e->valuedouble <= 9007199254740992.0) {
            /* A whole number is written as the API's id text; a fraction is no id. */
            snprintf(num, sizeof num, "%lld", (long long)e->valuedouble);
            id = num;
        } else {
            snprintf(why, whysize, "%s: '%s': expected an id (a string or a whole number)", t->file,
                     e->string);
            goto out;
        }
        if (!add_entry(t, e->string, strlen(e->string), id, strlen(id), 0, NULL, &key, why,
                       whysize))
            goto out;
    }
    ok = true;
out:
    cJSON_Delete(root);
    sbuf_release(&key);
    free(text);
    return ok;
}

static bool ends_with_json(const char *s)
{
    size_t n = strlen(s);
    return n >= 5 && strcasecmp(s + n - 5, ".json") == 0;
}

lookup_table *lookup_load(const char *mapping_path, const char *file, const csv_options *csv,
                          char *why, size_t whysize)
{
    /* Relative to the mapping file, so a mapping and its table move together. */
    char *path;
    const char *slash = strrchr(mapping_path, '/');
    if (file[0] == '/' || !slash)
        path = xstrdup(file);
    else {
        int dl = (int)(slash - mapping_path) + 1;
        size_t n = (size_t)dl + strlen(file) + 1;
        path = xmalloc(n);
        snprintf(path, n, "%.*s%s", dl, mapping_path, file);
    }
    lookup_table *t = xcalloc(1, sizeof *t);
    t->file = xstrdup(file);
    strmap_init(&t->index);
    strmap_init(&t->by_id);
    strmap_init(&t->miss_index);
    bool ok = ends_with_json(file) ? load_json(t, path, why, whysize)
                                   : load_csv(t, path, csv, why, whysize);
    if (ok && t->n == 0) {
        snprintf(why, whysize, "%s: the table is empty (expected rows of name, id)", t->file);
        ok = false;
    }
    free(path);
    if (!ok) {
        lookup_free(t);
        return NULL;
    }
    return t;
}

static void forget_misses(lookup_table *t)
{
    for (size_t i = 0; i < t->n_miss; i++) {
        free(t->misses[i].name);
        free(t->misses[i].invoice);
    }
    free(t->misses);
    t->misses = NULL;
    t->n_miss = t->cap_miss = 0;
    strmap_release(&t->miss_index);
}

void lookup_free(lookup_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->names[i]);
        free(t->ids[i]);
    }
    free(t->names);
    free(t->ids);
    strmap_release(&t->index);
    strmap_release(&t->by_id);
    forget_misses(t);
    free(t->file);
    free(t);
}

const char *lookup_find(const lookup_table *t, const char *s, size_t len, sbuf *scratch)
{
    if (memchr(s, '\0', len))
        return NULL; /* the map's keys are C strings: a NUL inside a cell cannot match */
    fold(s, len, scratch);
    size_t i;
    if (!scratch->data || !strmap_get(&t->index, scratch->data, &i))
        return NULL;
    return t->ids[i];
}

const char *lookup_name_of(const lookup_table *t, const char *id)
{
    size_t i;
    return strmap_get(&t->by_id, id, &i) ? t->names[i] : NULL;
}

lookup_miss *lookup_note_miss(lookup_table *t, const char *s, size_t len, long line)
{
    sbuf key = {0};
    trim_span(&s, &len);
    fold(s, len, &key);
    size_t i;
    lookup_miss *first = NULL;
    if (strmap_get(&t->miss_index, key.data, &i)) {
        t->misses[i].rows++;
    } else {
        if (t->n_miss == t->cap_miss) {
            t->cap_miss = t->cap_miss ? t->cap_miss * 2 : 16;
            t->misses = xrealloc(t->misses, t->cap_miss * sizeof *t->misses);
        }
        first = &t->misses[t->n_miss];
        *first = (lookup_miss){xstrndup(s, len), 1, line, NULL};
        strmap_put(&t->miss_index, key.data, t->n_miss++);
    }
    sbuf_release(&key);
    return first;
}

static int collect(void *ctx, fspec *f, int level)
{
    mapping *m = ctx;
    if (!f->lookup)
        return 0;
    f->lookup->counted_by_rows = level == 0;
    m->lookups = xrealloc(m->lookups, (m->n_lookups + 1) * sizeof *m->lookups);
    m->lookups[m->n_lookups++] = f;
    return 0;
}

void lookup_collect(mapping *m)
{
    mapping_each_fspec(m, collect, m);
}

void lookup_begin(const mapping *m)
{
    for (size_t i = 0; i < m->n_lookups; i++)
        forget_misses(m->lookups[i]->lookup);
}

void lookup_count_row(struct rctx *r, struct group *g, const cellsrc *src, long line)
{
    const mapping *m = r->m;
    for (size_t i = 0; i < m->n_lookups; i++) {
        const fspec *f = m->lookups[i];
        if (!f->lookup->counted_by_rows)
            continue;
        const char *s;
        size_t len;
        cell_get(src, f->col, &s, &len);
        if (len == 0 || lookup_find(f->lookup, s, len, &r->scratch))
            continue;
        lookup_miss *first = lookup_note_miss(f->lookup, s, len, line);
        if (first)
            first->invoice = xstrdup(display_key(r, g));
    }
}

void lookup_end(const mapping *m, reporter *rp)
{
    for (size_t i = 0; i < m->n_lookups; i++) {
        const fspec *f = m->lookups[i];
        const lookup_table *t = f->lookup;
        /* "customer 'Acme Ltd'": the word the users think in, for the customer fields. */
        const char *noun = strstr(f->name, "ustomer") ? "customer " : "";
        for (size_t k = 0; k < t->n_miss; k++) {
            const lookup_miss *ms = &t->misses[k];
            rp->invoice = ms->invoice;
            report(rp, SEV_ERROR, ms->line, f->column, "%s: %s'%.*s' is not in %s (%zu row%s)",
                   f->name, noun, (int)(strlen(ms->name) > 80 ? 80 : strlen(ms->name)), ms->name,
                   t->file, ms->rows, ms->rows == 1 ? "" : "s");
        }
    }
    rp->invoice = NULL;
}
