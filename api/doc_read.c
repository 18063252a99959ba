/* Strict document reading: see doc_read.h. */
#include "api/doc_read.h"

#include "model/invoice.h"

#include <stdarg.h>
#include <stdio.h>

int doc_fail(doc_reader *r, const char *fmt, ...)
{
    char msg[IC_ERR_MSG_MAX - 100];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ic_err_set(r->err, IC_EXIT_IO, "%s: %s", r->who, msg);
}

bool doc_absent(const cJSON *v)
{
    return !v || cJSON_IsNull(v);
}

int doc_get_str(doc_reader *r, const cJSON *obj, const char *key, const char *path, char **slot)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (doc_absent(v))
        return 0;
    if (!cJSON_IsString(v))
        return doc_fail(r, "'%s%s' is not a string", path, key);
    invoice_set_str(slot, v->valuestring);
    return 0;
}

int doc_reader_open(doc_reader *r, const cJSON *doc, ic_err *err)
{
    r->err = err;
    snprintf(r->who, sizeof r->who, "invoice");
    if (!cJSON_IsObject(doc))
        return doc_fail(r, "not a JSON object");
    const cJSON *num = cJSON_GetObjectItemCaseSensitive(doc, "invoiceNumber");
    if (cJSON_IsString(num))
        snprintf(r->who, sizeof r->who, "invoice '%.60s'", num->valuestring);
    return 0;
}
