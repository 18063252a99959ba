/* The journal file's removal "before" lines (import/journal_scan.h). */
#include "import/journal_scan.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int journal_scan_removals(const char *path, strmap *keys, ic_err *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return ic_err_set(err, IC_EXIT_IO, "cannot read journal '%s': %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) >= 0) {
        if (!strstr(line, "\"before\"")) /* most lines are not: skip the parse */
            continue;
        cJSON *o = cJSON_Parse(line);
        const char *op = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "op"));
        const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "key"));
        const cJSON *doc = cJSON_GetObjectItemCaseSensitive(o, "doc");
        const cJSON *after = cJSON_GetObjectItemCaseSensitive(o, "after");
        if (op && key && strcmp(op, "before") == 0 && cJSON_IsObject(doc) &&
            (!after || cJSON_IsNull(after)))
            strmap_put(keys, key, 0);
        cJSON_Delete(o);
    }
    int bad = ferror(f);
    free(line);
    fclose(f);
    if (bad)
        return ic_err_set(err, IC_EXIT_IO, "cannot read journal '%s'", path);
    return 0;
}
