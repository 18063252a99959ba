#include "formats/export_json.h"
#include "util/common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct export_json {
    FILE *fp;
    bool lines;
    size_t n;
};

export_json *export_json_open(FILE *fp, bool lines)
{
    export_json *w = xcalloc(1, sizeof *w);
    w->fp = fp;
    w->lines = lines;
    return w;
}

int export_json_add(export_json *w, const cJSON *invoice, ic_err *err)
{
    char *text = cJSON_PrintUnformatted(invoice);
    if (!text)
        return ic_err_set(err, IC_EXIT_INTERNAL, "cannot render an invoice as JSON");
    const char *sep = w->lines ? "" : (w->n ? ",\n" : "[\n");
    fputs(sep, w->fp);
    fputs(text, w->fp);
    if (w->lines)
        fputc('\n', w->fp);
    cJSON_free(text);
    w->n++;
    if (ferror(w->fp))
        return ic_err_set(err, IC_EXIT_IO, "cannot write the JSON: %s", strerror(errno));
    return 0;
}

void export_json_free(export_json *w)
{
    free(w);
}

int export_json_finish(export_json *w, ic_err *err)
{
    if (!w->lines)
        fputs(w->n ? "\n]\n" : "[]\n", w->fp);
    int rc = 0;
    if (fflush(w->fp) != 0 || ferror(w->fp))
        rc = ic_err_set(err, IC_EXIT_IO, "cannot write the JSON: %s", strerror(errno));
    export_json_free(w);
    return rc;
}
