/* The pieces of an undo run its steps share (import/undo_run_internal.h). */
#include "import/undo_run_internal.h"

#include "util/common.h"
#include "util/log.h"

#include <stdlib.h>

bool undo_stopping(const urun *r)
{
    return r->o->stop && *r->o->stop != 0;
}

void undo_set_out(urun *r, size_t i, enum undo_result res, char *error)
{
    free(r->out[i].error);
    r->out[i].result = res;
    r->out[i].error = error;
}

void undo_journal_or_fatal(urun *r, int rc)
{
    if (rc != 0 && !r->fatal) {
        r->fatal = rc;
        ic_error("%s; stopping (the requests in flight finish)", r->err->msg);
    }
}

void undo_refused_fatal(urun *r, const undo_item *it, const char *verb, enum conn_verdict v,
                        long status, const char *msg)
{
    if (r->fatal)
        return;
    r->fatal = v == CONN_BUDGET ? IC_EXIT_IO : IC_EXIT_USAGE;
    ic_err_set(r->err, r->fatal,
               "the API refused to %s invoice '%s' (HTTP %ld: \"%s\"); stopped there: nothing "
               "more was sent",
               verb, it->key, status, msg);
}

void undo_job_end(ujob *j)
{
    urun *r = j->r;
    free(j->body);
    free(j);
    r->inflight--;
    r->feed(r);
}

enum http_gate undo_gate(void *ctx)
{
    ujob *j = ctx;
    urun *r = j->r;
    if (r->fatal || undo_stopping(r))
        return HTTP_GATE_CANCEL;
    int d = journal_durable(r->o->journal, j->at);
    if (d < 0) {
        undo_journal_or_fatal(r, journal_check(r->o->journal, r->err));
        return HTTP_GATE_CANCEL;
    }
    return d ? HTTP_GATE_OPEN : HTTP_GATE_WAIT;
}
