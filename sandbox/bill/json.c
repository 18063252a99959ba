/* Exact JSON numbers for the BILL emulation (see bill.h): numbers become marked strings on the
 * way in and bare literals on the way out. */
#include "sandbox/bill/bill.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A number's literal must itself be JSON: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool json_number_ok(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9')
            s++;
    else
        return false;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9'))
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!(*s >= '0' && *s <= '9'))
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

/* BILL's numbers: every valid literal kept as its text (up to 63 bytes), the rest refused. */
static enum sb_num bill_number(const char *s, size_t n)
{
    char lit[SB_NUM_TEXT_MAX + 1];
    if (n >= sizeof lit)
        return SB_NUM_BAD;
    memcpy(lit, s, n);
    lit[n] = '\0';
    return json_number_ok(lit) ? SB_NUM_TEXT : SB_NUM_BAD;
}

cJSON *bill_json_parse(const char *text, size_t len)
{
    return sb_json_parse_exact(text, len, bill_number);
}

static void oom(void)
{
    fputs("invoicectl: error: out of memory\n", stderr);
    exit(5);
}

bool bill_json_number(const cJSON *v, const char **literal)
{
    if (!cJSON_IsString(v) || v->valuestring[0] != BILL_NUM_MARK)
        return false;
    *literal = v->valuestring + 1;
    return true;
}

cJSON *bill_json_num(const char *literal)
{
    size_t n = strlen(literal);
    char *s = xmalloc(n + 2);
    s[0] = BILL_NUM_MARK;
    memcpy(s + 1, literal, n + 1);
    cJSON *v = cJSON_CreateString(s);
    free(s);
    return v;
}

cJSON *bill_json_money(money_t m)
{
    char buf[MONEY_MAX_TEXT];
    money_format_min(m, buf, sizeof buf);
    return bill_json_num(buf);
}

bool bill_json_money_value(const cJSON *v, money_t *out)
{
    const char *lit;
    if (!bill_json_number(v, &lit) || strpbrk(lit, "eE"))
        return false;
    return money_parse(lit, strlen(lit), '.', out) == MONEY_OK;
}

/* Marked strings to raw number nodes, in place (their text was checked on the way in). */
static void unmark(cJSON *node)
{
    for (cJSON *it = node ? node->child : NULL; it; it = it->next) {
        const char *lit;
        if (bill_json_number(it, &lit)) {
            cJSON *raw = cJSON_CreateRaw(lit);
            raw->string = it->string; /* the key moves to the new node */
            it->string = NULL;
            cJSON_ReplaceItemViaPointer(node, it, raw);
            it = raw;
        } else {
            unmark(it);
        }
    }
}

char *bill_json_print(const cJSON *doc)
{
    cJSON *copy = cJSON_Duplicate(doc, 1);
    if (!copy)
        oom();
    unmark(copy);
    char *text = cJSON_PrintUnformatted(copy);
    cJSON_Delete(copy);
    if (!text)
        oom();
    return text;
}
