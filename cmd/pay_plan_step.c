/* pay, steps 3 and 4: the store read and the plan made and printed; then the question before
 * recording (or, with --dry-run, the end). */
#include "cmd/pay_internal.h"
#include "cmd/signals.h"
#include "util/common.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void print_plan(const pay_cmd *pc, bool all)
{
    const pay_plan *p = &pc->plan;
    for (size_t i = 0; i < p->n; i++) {
        const pay_item *it = &p->items[i];
        if (!all && (it->cls == PAY_RECORD || it->cls == PAY_RECORDED))
            continue;
        const ic_payment *pm = it->p;
        printf("%-8s  line %ld  %s", pay_class_name(it->cls), pm->line,
               pm->invoice ? pm->invoice : "-");
        if (pm->valid) {
            /* the payment's own currency when the file says it, else its invoice's */
            const char *cur = pm->currency[0] ? pm->currency : p->invs[it->inv].currency;
            char amount[MONEY_MAX_TEXT];
            money_format(pm->amount, currency_decimals(cur), amount, sizeof amount);
            printf("  %s%s%s", amount, cur[0] ? " " : "", cur);
        }
        if (it->cls == PAY_RECORDED)
            printf("  payment %s (%s)", it->id[0] ? it->id : "?",
                   it->by_journal ? "journal" : "found in the store");
        if (it->reason)
            printf("  %s", it->reason);
        putchar('\n');
    }
}

static void counts_line(const pay_plan *p, char *buf, size_t n)
{
    snprintf(buf, n, "%zu to record, %zu recorded already, %zu refused, %zu invalid, %zu unknown",
             p->counts[PAY_RECORD], p->counts[PAY_RECORDED], p->counts[PAY_REFUSED],
             p->counts[PAY_INVALID], p->counts[PAY_UNKNOWN]);
}

/* "1,500.00 USD and 220.00 CAD": what the payments to record add up to, per currency. */
static void totals_text(const pay_plan *p, char *buf, size_t n)
{
    char codes[16][4];
    money_t sums[16];
    size_t nc = 0;
    for (size_t i = 0; i < p->n; i++) {
        const pay_item *it = &p->items[i];
        if (it->cls != PAY_RECORD)
            continue;
        const char *c = p->invs[it->inv].currency;
        size_t k = 0;
        while (k < nc && strcmp(codes[k], c) != 0)
            k++;
        if (k == nc && nc < 16) {
            memcpy(codes[nc], c, 4);
            sums[nc++] = 0;
        }
        if (k < nc)
            money_add(sums[k], it->p->amount, &sums[k]);
    }
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < nc && used < n; k++) {
        char a[MONEY_MAX_TEXT];
        money_format(sums[k], currency_decimals(codes[k]), a, sizeof a);
        used += (size_t)snprintf(buf + used, n - used, "%s%s %s", k ? " and " : "", a, codes[k]);
    }
}

int pay_make_plan(pay_cmd *pc)
{
    ic_err *err = &pc->err;
    http_proto proto;
    if (pc->target->engine_proto(&pc->conn, &proto, err) == 0)
        pc->e = http_engine_new(&pc->conn, &proto, err);
    if (!pc->e) {
        ic_error("%s", err->msg);
        return err->code ? err->code : IC_EXIT_INTERNAL;
    }
    cmd_signals_install(CMD_SIGNALS_FINISH, pc->e);
    pay_plan_init(&pc->plan, pc->target, &pc->batch);
    pc->have_plan = true;
    ic_verbose("reading the store's invoices and the payments recorded against them");
    int rc = pay_plan_read_store(&pc->plan, pc->e, pay_map_match(pc->pm), pc->jr, err);
    if (rc != 0) {
        bool stopped = cmd_signals_received() != 0;
        ic_error("%s; nothing was sent",
                 stopped ? "interrupted while reading the store" : err->msg);
        return stopped ? IC_EXIT_INTERRUPTED : rc;
    }
    pay_plan_classify(&pc->plan, pc->jr, pc->retry_unknown);
    if (pc->resumed && journal_count(pc->jr) > 0)
        ic_info("journal '%s': payments recorded by earlier runs are not sent again",
                pc->journal_file);
    print_plan(pc, pc->dry_run || ic_log_level >= IC_LOG_VERBOSE);
    char counts[256];
    counts_line(&pc->plan, counts, sizeof counts);
    ic_info("plan: %s (the store lists %zu invoice%s)", counts, pc->plan.store_listed,
            pc->plan.store_listed == 1 ? "" : "s");
    if (!pc->dry_run)
        return 0;
    ic_info("dry run: nothing was sent");
    const size_t *c = pc->plan.counts;
    return c[PAY_REFUSED] + c[PAY_INVALID] + c[PAY_UNKNOWN] ? IC_EXIT_INVALID : PAY_DONE;
}

int pay_confirm(pay_cmd *pc)
{
    size_t n = pc->plan.counts[PAY_RECORD];
    if (n == 0 || pc->yes)
        return 0;
    char total[256];
    totals_text(&pc->plan, total, sizeof total);
    if (!(isatty(STDIN_FILENO) && isatty(STDERR_FILENO))) {
        ic_error("refusing to record %zu payment%s (%s) without confirmation; pass --yes to go "
                 "ahead",
                 n, n == 1 ? "" : "s", total);
        return IC_EXIT_USAGE;
    }
    fprintf(stderr, "Record %zu payment%s (%s) in %s at %s? [y/N] ", n, n == 1 ? "" : "s", total,
            pc->target->title, pc->conn.base_url);
    fflush(stderr);
    char line[64];
    if (!fgets(line, sizeof line, stdin) || (line[0] != 'y' && line[0] != 'Y')) {
        ic_info("nothing sent");
        return IC_EXIT_USAGE;
    }
    return 0;
}
