/* Bodies parsed with numbers kept as their text: see json_exact.h. */
#include "sandbox/json_exact.h"

#include "util/sbuf.h"

#include <stdbool.h>
#include <string.h>

cJSON *sb_json_parse_exact(const char *text, size_t len, sb_num_fn policy)
{
    sbuf b = SBUF_INIT;
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_str) {
            if (c == SB_NUM_MARK)
                goto bad; /* raw control bytes are not JSON */
            if (c == '\\' && i + 1 < len) {
                /* \u0001 would decode to the mark: refused like a raw one. */
                if (text[i + 1] == 'u' && i + 5 < len && memcmp(text + i + 2, "0001", 4) == 0)
                    goto bad;
                sbuf_add(&b, text + i, 2);
                i++;
                continue;
            }
            if (c == '"')
                in_str = false;
            sbuf_add(&b, &c, 1);
            continue;
        }
        if (c == '"')
            in_str = true;
        if (c == '-' || (c >= '0' && c <= '9')) {
            size_t j = i;
            while (j < len && text[j] && strchr("-+.eE0123456789", text[j]))
                j++;
            switch (policy(text + i, j - i)) {
            case SB_NUM_PLAIN:
                sbuf_add(&b, text + i, j - i);
                break;
            case SB_NUM_TEXT:
                sbuf_adds(&b, "\"\x01");
                sbuf_add(&b, text + i, j - i < SB_NUM_TEXT_MAX ? j - i : SB_NUM_TEXT_MAX);
                sbuf_adds(&b, "\"");
                break;
            default:
                goto bad;
            }
            i = j - 1;
            continue;
        }
        sbuf_add(&b, &c, 1);
    }
    cJSON *doc = b.data ? cJSON_ParseWithLength(b.data, b.len) : NULL;
    sbuf_release(&b);
    return doc;
bad:
    sbuf_release(&b);
    return NULL;
}
