/* The mapping's "mode" column: each row's import mode (model/mode.h), read as the rows come (a
 * delete or skip row's other cells are not read: it needs only its key) and agreed per invoice
 * like every invoice-level column. */
#include "mapping/load_internal.h"
#include "mapping/read_internal.h"
#include "model/mode.h"
#include "util/common.h"

#include <cjson/cJSON.h>
#include <string.h>

int parse_mode(lctx *c, const cJSON *j)
{
    if (!j)
        return 0;
    if (!cJSON_IsString(j) || !j->valuestring[0])
        return load_fail(c, "mode",
                         "expected the name of the column that holds each row's mode (%s), got "
                         "%s",
                         ic_mode_choices(), json_kind(j));
    c->m->mode_column = xstrdup(j->valuestring);
    return 0;
}

void mapping_set_mode(mapping *m, int mode)
{
    m->default_mode = mode >= 0 && mode < IC_MODE_COUNT ? mode : IC_MODE_UPSERT;
}

const char *mapping_mode_column(const mapping *m)
{
    return m->mode_column;
}

bool mode_cells_agree(const char *a, size_t alen, const char *b, size_t blen)
{
    int x = ic_mode_parse(a, alen);
    return x >= 0 && x == ic_mode_parse(b, blen);
}

int mode_of_row(rctx *r, group *g, const cellsrc *src, reporter *rp)
{
    const mapping *m = r->m;
    if (m->mode_col < 0)
        return m->default_mode;
    const char *s;
    size_t len;
    cell_get(src, m->mode_col, &s, &len);
    if (len) {
        int mode = ic_mode_parse(s, len);
        if (mode >= 0)
            return mode;
        report(rp, SEV_ERROR, src->line, m->header[m->mode_col],
               "unknown mode '%.*s'; expected %s (or a blank cell: the command's --mode)", (int)len,
               s, ic_mode_choices());
        return m->default_mode;
    }
    bool given;
    return mode_of_group(r, g, &given);
}

int mode_of_group(const rctx *r, const group *g, bool *given)
{
    const mapping *m = r->m;
    *given = false;
    if (m->mode_col < 0 || m->col_to_il[m->mode_col] < 0)
        return m->default_mode;
    const ilcell *c = &g->cells[m->col_to_il[m->mode_col]];
    int mode = c->s ? ic_mode_parse(c->s, c->len) : -1;
    if (mode < 0)
        return m->default_mode;
    *given = true;
    return mode;
}
