/* `invoicectl sandbox`: options, credentials from the environment, then
 * sandbox_run. */
#include "sandbox/sandbox.h"
#include "cmd/cmd.h"
#include "cmd/options.h"
#include "util/err.h"
#include "util/log.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
    O_LISTEN = CMD_OPT_LONG,
    O_PORT_FILE,
    O_DB,
    O_RATE,
    O_CONC,
    O_LAT,
    O_FAULTS,
    O_SEED,
    O_CERT,
    O_KEY,
    O_EXTRA,
    O_THREADS,
    O_RECORD,
    O_STRICT_DETAILS,
    O_READ_ONLY
};

/* clang-format off */
static const cmd_option options[] = {
    CMD_OPT_VALUE_ENTRY(0, "listen", O_LISTEN, "HOST:PORT",
        "address to serve (default " SANDBOX_DEFAULT_LISTEN "; port 0 picks a free port;\n"
        "a non-loopback address must be given here explicitly)"),
    CMD_OPT_VALUE_ENTRY(0, "port-file", O_PORT_FILE, "FILE",
        "write the port there once accepting connections"),
    CMD_OPT_VALUE_ENTRY(0, "db", O_DB, "FILE",
        "keep invoices in this SQLite file (default: in memory)"),
    CMD_OPT_VALUE_ENTRY(0, "rate-limit", O_RATE, "N",
        "N requests per 60-second window, 429 past it (default: off;\n"
        "B2B Edition allows 150)"),
    CMD_OPT_VALUE_ENTRY(0, "concurrency-limit", O_CONC, "N",
        "429 to requests beyond N in flight (default: off)"),
    CMD_OPT_VALUE_ENTRY(0, "latency", O_LAT, "MS", "add MS milliseconds to every answer"),
    CMD_OPT_VALUE_ENTRY(0, "faults", O_FAULTS, "SPEC",
        "inject faults, e.g. '500=0.05,reset=0.01,slow=0.01:35000,\n"
        "latency=0.1:200,burst429=0.01:2,drop-after-commit=0.02'"),
    CMD_OPT_VALUE_ENTRY(0, "seed", O_SEED, "N",
        "seed of the fault draws (default: from the clock, printed)"),
    {CMD_OPT_VALUE, O_CERT, 0, "tls-cert", "FILE",
     "serve HTTPS with this PEM certificate and key", "--tls-cert FILE, --tls-key FILE", 0, NULL},
    CMD_OPT_VALUE_ENTRY(0, "tls-key", O_KEY, "FILE", NULL), /* listed with --tls-cert */
    CMD_OPT_VALUE_ENTRY(0, "extra-fields", O_EXTRA, "FILE",
        "extra-field configs (JSON) for GET /invoices/extra-fields and checks"),
    CMD_OPT_VALUE_ENTRY(0, "threads", O_THREADS, "N", "server threads (default 4)"),
    CMD_OPT_VALUE_ENTRY(0, "record-requests", O_RECORD, "FILE",
        "write every request handled to FILE, one JSON line each\n"
        "(method, path, body; never headers)"),
    CMD_OPT_FLAG_ENTRY(0, "strict-details", O_STRICT_DETAILS,
        "check the details of an update against the Update schema's\n"
        "own rules, not the Create ones the API's answers follow"),
    CMD_OPT_FLAG_ENTRY(0, "read-only", O_READ_ONLY,
        "the token may only read: POST, PUT and DELETE answer 403"),
    CMD_OPT_END_ENTRY,
};
/* clang-format on */

static const cmd_option_table table = {25, false, options, 0};

static void usage(FILE *out)
{
    fprintf(out, "usage: invoicectl sandbox [--listen HOST:PORT] [--port-file FILE] [--db "
                 "FILE]\n"
                 "                          [--rate-limit N] [--concurrency-limit N] "
                 "[--latency MS]\n"
                 "                          [--faults SPEC] [--seed N] [--tls-cert FILE "
                 "--tls-key FILE]\n"
                 "                          [--extra-fields FILE] [--threads N] [--read-only]\n"
                 "                          [--record-requests FILE] [--strict-details]\n\n"
                 "Run a local emulator of the B2B Edition invoice API, at the root and "
                 "under /api/v3/io/ip,\n"
                 "until SIGINT or SIGTERM.  See docs/sandbox.md.\n\n");
    cmd_options_print(out, &table);
    fprintf(out,
            "\nCredentials: clients must send X-Auth-Token = $B2B_AUTH_TOKEN (default "
            "'%s') and\n"
            "X-Store-Hash = $B2B_STORE_HASH (default '%s').\n",
            SANDBOX_DEFAULT_TOKEN, SANDBOX_DEFAULT_STORE);
}

static int parse_long(const char *opt, const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || !*v || *end || n < lo || n > hi)
        return cmd_usage_error("sandbox", "%s '%s': expected a whole number from %ld to %ld", opt,
                               v, lo, hi);
    *out = n;
    return 0;
}

struct args {
    sandbox_config cfg;
    bool has_seed;
};

static int take(void *ctx, int id, const char *arg)
{
    struct args *a = ctx;
    sandbox_config *c = &a->cfg;
    long v;
    switch (id) {
    case O_LISTEN:
        c->listen = arg;
        break;
    case O_PORT_FILE:
        c->port_file = arg;
        break;
    case O_DB:
        c->db_path = arg;
        break;
    case O_RATE:
        if (parse_long("--rate-limit", arg, 0, 1000000000L, &v))
            return IC_EXIT_USAGE;
        c->rate_limit = v;
        break;
    case O_CONC:
        if (parse_long("--concurrency-limit", arg, 0, 1000000L, &v))
            return IC_EXIT_USAGE;
        c->concurrency_limit = v;
        break;
    case O_LAT:
        if (parse_long("--latency", arg, 0, 600000L, &v))
            return IC_EXIT_USAGE;
        c->latency_ms = (int)v;
        break;
    case O_FAULTS:
        c->faults = arg;
        break;
    case O_SEED: {
        char *end;
        errno = 0;
        unsigned long long s = strtoull(arg, &end, 10);
        if (errno || !*arg || *end || arg[0] == '-')
            return cmd_usage_error("sandbox", "--seed '%s': expected a whole number", arg);
        c->seed = s;
        a->has_seed = true;
        break;
    }
    case O_CERT:
        c->tls_cert = arg;
        break;
    case O_KEY:
        c->tls_key = arg;
        break;
    case O_EXTRA:
        c->extra_fields_path = arg;
        break;
    case O_THREADS:
        if (parse_long("--threads", arg, 1, 64, &v))
            return IC_EXIT_USAGE;
        c->threads = (int)v;
        break;
    case O_RECORD:
        c->record_path = arg;
        break;
    case O_STRICT_DETAILS:
        c->strict_details = true;
        break;
    case O_READ_ONLY:
        c->read_only = true;
        break;
    }
    return 0;
}

int cmd_sandbox(int argc, char **argv)
{
    struct args a = {.cfg = {.listen = SANDBOX_DEFAULT_LISTEN, .threads = 4}};
    cmd_parser p = {"sandbox", &table, usage, take, &a};
    int first = 0;
    int prc = cmd_parse(&p, argc, argv, &first);
    if (prc != 0)
        return prc == CMD_PARSE_HELP ? IC_EXIT_OK : prc;
    sandbox_config cfg = a.cfg;
    bool has_seed = a.has_seed;
    if (first < argc)
        return cmd_usage_error("sandbox", "unexpected argument '%s'", argv[first]);
    if (!cfg.tls_cert != !cfg.tls_key)
        return cmd_usage_error("sandbox", "--tls-cert and --tls-key go together");

    const char *token = getenv("B2B_AUTH_TOKEN");
    const char *store = getenv("B2B_STORE_HASH");
    if (token && *token) {
        ic_info("sandbox: clients must send the token from B2B_AUTH_TOKEN");
    } else {
        token = SANDBOX_DEFAULT_TOKEN;
        ic_info("sandbox: B2B_AUTH_TOKEN is not set; clients must send the token '%s'", token);
    }
    if (store && *store) {
        ic_info("sandbox: store hash '%s' (from B2B_STORE_HASH)", store);
    } else {
        store = SANDBOX_DEFAULT_STORE;
        ic_info("sandbox: B2B_STORE_HASH is not set; clients must send the store "
                "hash '%s'",
                store);
    }
    cfg.token = token;
    cfg.store_hash = store;
    if (!has_seed) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        cfg.seed = (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec ^ (uint64_t)getpid();
    }
    if (cfg.faults && *cfg.faults)
        ic_info("sandbox: faults '%s', seed %" PRIu64, cfg.faults, cfg.seed);

    ic_err err = {0};
    int rc = sandbox_run(&cfg, &err);
    if (rc) {
        ic_error("%s", err.msg);
        return rc;
    }
    return IC_EXIT_OK;
}
