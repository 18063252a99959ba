/* The small shared parts of the connector contract (api/connector.h) that connectors themselves
 * call: kept apart from the registry (api/connector.c), which names every connector, so that no
 * connector and the registry call each other. */
#include "api/connector.h"

#include <stdlib.h>
#include <string.h>

void conn_filter_init(conn_filter *f)
{
    memset(f, 0, sizeof *f);
    f->status = -1;
}

void conn_request_release(conn_request *r)
{
    if (!r)
        return;
    free(r->path);
    free(r->body);
    r->path = r->body = NULL;
    r->method = NULL;
}

bool conn_id_numeric(const char *id)
{
    size_t n = id ? strspn(id, "0123456789") : 0;
    return n > 0 && n <= 15 && id[n] == 0 && id[0] != '0';
}
