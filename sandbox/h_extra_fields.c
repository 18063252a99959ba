/* GET /invoices/extra-fields: the --extra-fields configs, paginated. */
#include "sandbox/handlers_int.h"

#include <string.h>

void sb_h_extra_fields(const sb_ctx *ctx, const sb_request *rq, sb_reply *out)
{
    int64_t offset, limit;
    if (!sb_page_args(rq, out, &offset, &limit))
        return;
    int total = ctx->extra_fields ? cJSON_GetArraySize(ctx->extra_fields) : 0;
    cJSON *page = cJSON_CreateArray();
    for (int64_t i = offset; i < total && i < offset + limit; i++)
        cJSON_AddItemToArray(page,
                             cJSON_Duplicate(cJSON_GetArrayItem(ctx->extra_fields, (int)i), 1));
    char *text = cJSON_PrintUnformatted(page);
    sbuf meta = SBUF_INIT;
    sb_pagination_meta(&meta, total, limit, offset);
    if (text)
        sb_reply_envelope(out, 200, text, strlen(text), meta.data);
    else
        sb_reply_error(out, 500, "out of memory");
    cJSON_free(text);
    cJSON_Delete(page);
    sbuf_release(&meta);
}
