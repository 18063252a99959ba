#include "sandbox/route.h"
#include "util/common.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct route {
    const char *method;
    const char *pattern; /* "{}" is one path segment captured as the parameter */
    sb_handler fn;
};

/* First match wins: the fixed /invoices/extra-fields comes before /invoices/{}.
 */
static const struct route routes[] = {
    {"GET", "/invoices/extra-fields", sb_h_extra_fields},
    {"GET", "/invoices", sb_h_invoice_list},
    {"POST", "/invoices", sb_h_invoice_create},
    {"GET", "/invoices/{}", sb_h_invoice_get},
    {"PUT", "/invoices/{}", sb_h_invoice_update},
    {"DELETE", "/invoices/{}", sb_h_invoice_delete},
    {"GET", "/invoices/{}/download-pdf", sb_h_invoice_pdf},
    {"POST", "/orders/{}/invoices", sb_h_order_invoice},
    {"GET", "/payments", sb_h_payment_list},
    {"POST", "/payments/offline", sb_h_payment_offline},
};

bool sb_route_match(const char *pattern, const char *path, size_t path_len, char *param,
                    size_t param_size)
{
    const char *p = pattern, *q = path, *qend = path + path_len;
    while (*p && q < qend) {
        if (*p == '{') {
            const char *seg_end = memchr(q, '/', (size_t)(qend - q));
            if (!seg_end)
                seg_end = qend;
            if (seg_end == q)
                return false;
            snprintf(param, param_size, "%.*s", (int)(seg_end - q), q);
            q = seg_end;
            p += 2;
            continue;
        }
        if (*p != *q)
            return false;
        p++, q++;
    }
    return *p == '\0' && q == qend;
}

sb_handler sb_route(const char *method, const char *path, char *param, size_t param_size,
                    int *status, char *allow, size_t allow_size)
{
    size_t len = strlen(path);
    if (len > 1 && path[len - 1] == '/')
        len--;
    param[0] = '\0';
    allow[0] = '\0';
    bool path_known = false;
    char scratch[256];
    for (size_t i = 0; i < IC_ARRAY_LEN(routes); i++) {
        if (!sb_route_match(routes[i].pattern, path, len, scratch, sizeof scratch))
            continue;
        if (strcmp(routes[i].method, method) == 0) {
            snprintf(param, param_size, "%s", strchr(routes[i].pattern, '{') ? scratch : "");
            return routes[i].fn;
        }
        if (!strstr(allow, routes[i].method)) {
            size_t used = strlen(allow);
            snprintf(allow + used, allow_size - used, "%s%s", used ? ", " : "", routes[i].method);
        }
        path_known = true;
    }
    *status = path_known ? 405 : 404;
    return NULL;
}
