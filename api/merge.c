/* The normalised comparison of two documents behind "unchanged" and the plan's diffs, and the
 * decimal helpers: see merge.h.  What a target lays over a stored document is its own
 * (api/b2b/b2b_merge.c). */
#include "api/merge.h"

#include "model/money.h"
#include "util/common.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cJSON reports allocation failure as NULL; like xmalloc, stop with the internal-error code. */
static cJSON *must(cJSON *j)
{
    if (!j) {
        fputs("invoicectl: error: out of memory\n", stderr);
        exit(IC_EXIT_INTERNAL);
    }
    return j;
}

bool merge_decimal_canon(const char *s, char *buf, size_t bufsize)
{
    if (!s || bufsize < 3)
        return false;
    bool neg = false;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    const char *ip = s;
    while (*s >= '0' && *s <= '9')
        s++;
    size_t ilen = (size_t)(s - ip);
    const char *fp = NULL;
    size_t flen = 0;
    if (*s == '.') {
        fp = ++s;
        while (*s >= '0' && *s <= '9')
            s++;
        flen = (size_t)(s - fp);
    }
    if (*s != '\0' || ilen + flen == 0)
        return false;
    while (ilen > 0 && *ip == '0')
        ip++, ilen--;
    while (flen > 0 && fp[flen - 1] == '0')
        flen--;
    if (ilen == 0 && flen == 0)
        neg = false; /* -0 is 0 */
    size_t need = (neg ? 1 : 0) + (ilen ? ilen : 1) + (flen ? flen + 1 : 0) + 1;
    if (need > bufsize)
        return false;
    int n = snprintf(buf, bufsize, "%s%.*s%s%s%.*s", neg ? "-" : "", (int)ilen, ip, ilen ? "" : "0",
                     flen ? "." : "", (int)flen, flen ? fp : "");
    return n > 0 && (size_t)n < bufsize;
}

/* The decimal as money_t at 4 places, rounded half away from zero. */
static bool decimal_money4(const char *s, money_t *out)
{
    char canon[128], text[128];
    if (!merge_decimal_canon(s, canon, sizeof canon))
        return false;
    const char *dot = strchr(canon, '.');
    size_t ilen = dot ? (size_t)(dot - canon) : strlen(canon);
    const char *frac = dot ? dot + 1 : "";
    size_t flen = strlen(frac);
    snprintf(text, sizeof text, "%.*s.%.*s", (int)ilen, canon, (int)(flen > 4 ? 4 : flen), frac);
    if (flen == 0)
        text[ilen] = '\0';
    money_t m;
    if (money_parse(text, strlen(text), '.', &m) != MONEY_OK)
        return false;
    if (flen > 4 && frac[4] >= '5' && !money_add(m, canon[0] == '-' ? -1 : 1, &m))
        return false;
    *out = m;
    return true;
}

bool merge_decimal_at4(const char *s, char *buf, size_t bufsize)
{
    money_t m;
    if (!s || !decimal_money4(s, &m) || bufsize < MONEY_MAX_TEXT)
        return false;
    money_format(m, 4, buf, bufsize);
    return true;
}

/* The shortest text that reads back as the same double, as cJSON prints numbers. */
static void number_text(const cJSON *n, char *buf, size_t bufsize)
{
    double d = n->valuedouble;
    snprintf(buf, bufsize, "%1.15g", d);
    if (strtod(buf, NULL) != d)
        snprintf(buf, bufsize, "%1.17g", d);
}

static bool as_decimal(const cJSON *v, char *buf, size_t bufsize);

/* {"code": "USD", "value": "0"}: the API fills an absent discount with a zero amount. */
static bool zero_amount(const cJSON *v)
{
    const cJSON *x, *value = NULL;
    cJSON_ArrayForEach(x, v)
    {
        if (strcmp(x->string, "value") == 0)
            value = x;
        else if (strcmp(x->string, "code") != 0)
            return false;
    }
    char d[128];
    return value && as_decimal(value, d, sizeof d) && strcmp(d, "0") == 0;
}

static bool is_empty(const cJSON *v)
{
    if (!v || cJSON_IsNull(v))
        return true;
    if (cJSON_IsString(v))
        return v->valuestring == NULL || v->valuestring[0] == '\0';
    if (cJSON_IsObject(v))
        return v->child == NULL || zero_amount(v);
    if (cJSON_IsArray(v))
        return v->child == NULL;
    return false;
}

static bool decimal_key(const char *key)
{
    return key && (strcmp(key, "value") == 0 || strcmp(key, "quantity") == 0);
}

/* A JSON number, parsed (cJSON_Number) or kept as its exact text (cJSON_Raw, as b2b_json writes
 * amounts). */
static bool is_number(const cJSON *v)
{
    return cJSON_IsNumber(v) || (cJSON_IsRaw(v) && v->valuestring);
}

/* Decimal text of a number or a string, or false. */
static bool as_decimal(const cJSON *v, char *buf, size_t bufsize)
{
    if (cJSON_IsRaw(v) && v->valuestring)
        return merge_decimal_canon(v->valuestring, buf, bufsize);
    if (cJSON_IsNumber(v)) {
        char t[64];
        number_text(v, t, sizeof t);
        return merge_decimal_canon(t, buf, bufsize);
    }
    if (cJSON_IsString(v) && v->valuestring)
        return merge_decimal_canon(v->valuestring, buf, bufsize);
    return false;
}

/* Scalar (or type-mismatched) equality under the rule; containers are walked by the caller. */
static bool leaf_equal(const char *key, const cJSON *a, const cJSON *b)
{
    bool ea = is_empty(a), eb = is_empty(b);
    if (ea || eb)
        return ea && eb;
    if (is_number(a) || is_number(b) || (decimal_key(key) && cJSON_IsString(a))) {
        /* At the API's precision: it keeps 4 decimals, so a stored 0.30000000000000004 (a
         * double's noise in a JSON number) is the 0.3 the CSV says. */
        char da[128], db[128];
        if (as_decimal(a, da, sizeof da) && as_decimal(b, db, sizeof db)) {
            money_t ma, mb;
            if (decimal_money4(da, &ma) && decimal_money4(db, &mb))
                return ma == mb;
            return strcmp(da, db) == 0;
        }
    }
    if ((cJSON_IsString(a) && cJSON_IsString(b)) || (cJSON_IsRaw(a) && cJSON_IsRaw(b)))
        return strcmp(a->valuestring, b->valuestring) == 0;
    if (cJSON_IsBool(a) && cJSON_IsBool(b))
        return cJSON_IsTrue(a) == cJSON_IsTrue(b);
    return false;
}

typedef struct diff_ctx {
    merge_change *items;
    size_t n, cap;
    bool stop_at_first;
} diff_ctx;

static char *value_text(const cJSON *v)
{
    if (is_empty(v))
        return NULL;
    if (cJSON_IsString(v))
        return xstrdup(v->valuestring);
    char *p = cJSON_PrintUnformatted(v);
    if (!p)
        must(NULL);
    char *out = xstrdup(p);
    cJSON_free(p);
    return out;
}

static void add_change(diff_ctx *d, const char *path, const cJSON *a, const cJSON *b)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->items = xrealloc(d->items, d->cap * sizeof *d->items);
    }
    merge_change *c = &d->items[d->n++];
    c->path = xstrdup(path[0] ? path : "(invoice)");
    c->old_value = value_text(a);
    c->new_value = value_text(b);
}

static char *child_path(const char *path, const char *key, long index)
{
    size_t n = strlen(path) + (key ? strlen(key) : 0) + 32;
    char *p = xmalloc(n);
    if (key)
        snprintf(p, n, "%s%s%s", path, path[0] ? "." : "", key);
    else
        snprintf(p, n, "%s[%ld]", path, index);
    return p;
}

/* Walks a and b together; records differences.  Returns false to stop early. */
static bool walk(diff_ctx *d, const char *path, const char *key, const cJSON *a, const cJSON *b)
{
    bool ea = is_empty(a), eb = is_empty(b);
    if (ea && eb)
        return true;
    if (!ea && !eb && cJSON_IsObject(a) && cJSON_IsObject(b)) {
        const cJSON *x;
        cJSON_ArrayForEach(x, a)
        {
            char *p = child_path(path, x->string, 0);
            bool go = walk(d, p, x->string, x, cJSON_GetObjectItemCaseSensitive(b, x->string));
            free(p);
            if (!go)
                return false;
        }
        cJSON_ArrayForEach(x, b)
        {
            if (cJSON_GetObjectItemCaseSensitive(a, x->string))
                continue; /* seen from a's side */
            char *p = child_path(path, x->string, 0);
            bool go = walk(d, p, x->string, NULL, x);
            free(p);
            if (!go)
                return false;
        }
        return true;
    }
    if (!ea && !eb && cJSON_IsArray(a) && cJSON_IsArray(b)) {
        const cJSON *x = a->child, *y = b->child;
        for (long i = 0; x || y; i++) {
            char *p = child_path(path, NULL, i);
            bool go = walk(d, p, key, x, y);
            free(p);
            if (!go)
                return false;
            x = x ? x->next : NULL;
            y = y ? y->next : NULL;
        }
        return true;
    }
    if (leaf_equal(key, a, b))
        return true;
    add_change(d, path, a, b);
    return !d->stop_at_first;
}

size_t merge_diff(const cJSON *before, const cJSON *after, merge_change **out)
{
    diff_ctx d = {0};
    walk(&d, "", NULL, before, after);
    *out = d.items;
    return d.n;
}

void merge_changes_free(merge_change *changes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(changes[i].path);
        free(changes[i].old_value);
        free(changes[i].new_value);
    }
    free(changes);
}

bool merge_equal(const cJSON *a, const cJSON *b)
{
    diff_ctx d = {.stop_at_first = true};
    walk(&d, "", NULL, a, b);
    bool eq = d.n == 0;
    merge_changes_free(d.items, d.n);
    return eq;
}
