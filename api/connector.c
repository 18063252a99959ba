/* The registry of connectors (api/connector.h), and the synchronous lookup.  Adding a target: its
 * table's extern and one line in `connectors` below (docs/hacking.md, "Adding a target"). */
#include "api/connector.h"
#include "model/mode.h"

#include "util/common.h"
#include "util/sbuf.h"

#include <stdlib.h>
#include <string.h>

extern const ic_connector b2b_connector;      /* api/b2b/b2b_connector.c */
extern const ic_connector bill_connector;     /* api/bill/bill_connector.c */
extern const ic_connector rebillia_connector; /* api/rebillia/connector.c */

/* Every target, the default first. */
static const ic_connector *const connectors[] = {
    &b2b_connector,
    &bill_connector,
    &rebillia_connector,
};

const ic_connector *connector_find(const char *name)
{
    for (size_t i = 0; name && i < IC_ARRAY_LEN(connectors); i++)
        if (strcmp(connectors[i]->name, name) == 0)
            return connectors[i];
    return NULL;
}

const ic_connector *connector_default(void)
{
    return connectors[0];
}

const char *connector_names(void)
{
    static char names[256];
    if (!names[0]) {
        size_t at = 0;
        for (size_t i = 0; i < IC_ARRAY_LEN(connectors); i++) {
            const char *n = connectors[i]->name;
            size_t len = strlen(n);
            if (at + len + 3 > sizeof names)
                break;
            if (i) {
                memcpy(names + at, ", ", 2);
                at += 2;
            }
            memcpy(names + at, n, len);
            at += len;
        }
        names[at] = 0;
    }
    return names;
}

typedef struct sync_find {
    bool answered;
    cJSON *found;
    int rc;
    ic_err *err;
} sync_find;

static void on_found(void *ctx, const cJSON *found, int rc, const ic_err *err)
{
    sync_find *s = ctx;
    s->answered = true;
    s->rc = rc;
    if (rc != 0) {
        if (err)
            *s->err = *err;
        else
            ic_err_set(s->err, rc, "the lookup failed");
        s->err->code = rc;
        return;
    }
    s->found = found ? cJSON_Duplicate(found, 1) : NULL;
}

int connector_find_sync(const ic_connector *c, http_engine *e, const char *match_field,
                        const char *key, int64_t created_since, cJSON **found, ic_err *err)
{
    sync_find s = {.err = err};
    *found = NULL;
    c->find(e, match_field, key, created_since, on_found, &s);
    int run = http_run(e);
    if (!s.answered) {
        /* stopped (or the sign-in failed) before the lookup was answered */
        const ic_err *why = http_engine_error(e);
        if (why) {
            *err = *why;
            return why->code;
        }
        return ic_err_set(err, run ? run : IC_EXIT_INTERNAL, "the lookup of '%s' was not answered",
                          key);
    }
    if (s.rc != 0) {
        cJSON_Delete(s.found);
        return s.rc;
    }
    if (run != 0) {
        cJSON_Delete(s.found);
        return ic_err_set(err, run, "the lookup of '%s' was interrupted", key);
    }
    *found = s.found;
    return 0;
}

void connector_check_batch(const ic_connector *c, ic_batch *b)
{
    if (!c || !c->check)
        return;
    for (size_t i = 0; i < b->n_invoices; i++) {
        ic_invoice *inv = &b->invoices[i];
        if (ic_mode_key_only(inv->mode))
            continue; /* a delete or skip sends nothing of the invoice but its key */
        size_t errors = b->problems.n_errors;
        c->check(inv, b->csv_path, &b->problems);
        if (inv->valid && b->problems.n_errors > errors) {
            inv->valid = false;
            b->n_invalid++;
            if (b->n_valid)
                b->n_valid--;
        }
    }
}
