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
    O_READ_ONLY,
    O_API,
    O_USERNAME,
    O_ORG,
    O_PASSWORD_FILE,
    O_DEVKEY_FILE,
    O_SESSION_IDLE,
    O_HOURLY,
    O_LOGINS,
    O_CUSTOMERS,
    O_LOOKUPS
};

/* clang-format off */
static const cmd_option options[] = {
    CMD_OPT_VALUE_ENTRY(0, "api", O_API, "NAME",
        "the API to emulate: bigcommerce-b2b (default), bill-v3 or rebillia"),
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
        "429 to requests beyond N in flight (default: off; bill-v3: 3,\n"
        "answered BDC_1322; 0 turns it off)"),
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
    CMD_OPT_GROUP_ENTRY("\nBILL v3 (--api bill-v3):\n", 0),
    CMD_OPT_VALUE_ENTRY(0, "username", O_USERNAME, "USER",
        "the user login accepts (default " SANDBOX_BILL_USERNAME ")"),
    CMD_OPT_VALUE_ENTRY(0, "organization-id", O_ORG, "ID",
        "the organization (default " SANDBOX_BILL_ORG ")"),
    CMD_OPT_VALUE_ENTRY(0, "password-file", O_PASSWORD_FILE, "FILE",
        "the password, first line of FILE (default " SANDBOX_BILL_PASSWORD ")"),
    CMD_OPT_VALUE_ENTRY(0, "dev-key-file", O_DEVKEY_FILE, "FILE",
        "the developer key, first line of FILE (default " SANDBOX_BILL_DEVKEY ")"),
    CMD_OPT_VALUE_ENTRY(0, "session-idle", O_SESSION_IDLE, "SECONDS",
        "sessions expire after SECONDS idle (default 2100, 35 minutes)"),
    CMD_OPT_VALUE_ENTRY(0, "hourly-limit", O_HOURLY, "N",
        "requests per clock hour, BDC_1144 past it (default 20000; 0: off)"),
    CMD_OPT_VALUE_ENTRY(0, "login-limit", O_LOGINS, "N",
        "logins per clock hour (default 200; 0: off)"),
    CMD_OPT_VALUE_ENTRY(0, "customers", O_CUSTOMERS, "FILE",
        "seed customers from FILE, a JSON array of {id, name, email}\n"
        "(default: five built-in ones, 0cu01SANDBOX00000001 to ...05)"),
    CMD_OPT_GROUP_ENTRY("\nRebillia (--api rebillia):\n", 0),
    CMD_OPT_VALUE_ENTRY(0, "lookups", O_LOOKUPS, "FILE",
        "seed currencies, gateways, customers with payment methods and\n"
        "countries from FILE, a JSON object (default: built-in ones)"),
    CMD_OPT_END_ENTRY,
};
/* clang-format on */

static const cmd_option_table table = {25, false, options, 0};

static void usage(FILE *out)
{
    fprintf(out, "usage: invoicectl sandbox [--api bigcommerce-b2b|bill-v3|rebillia]\n"
                 "                          [--listen HOST:PORT] [--port-file FILE] [--db FILE]\n"
                 "                          [--rate-limit N] [--concurrency-limit N] "
                 "[--latency MS]\n"
                 "                          [--faults SPEC] [--seed N] [--tls-cert FILE "
                 "--tls-key FILE]\n"
                 "                          [--extra-fields FILE] [--threads N] [--read-only]\n"
                 "                          [--record-requests FILE] [--strict-details]\n"
                 "                          [BILL v3 options] [--lookups FILE]\n\n"
                 "Run a local emulator of the B2B Edition invoice API, at the root and "
                 "under /api/v3/io/ip,\n"
                 "or of BILL v3's (--api bill-v3), at the root and under /connect, or of "
                 "Rebillia's\n"
                 "(--api rebillia), at the root and under /v1, until SIGINT or SIGTERM.  "
                 "See docs/sandbox.md.\n\n");
    cmd_options_print(out, &table);
    fprintf(out,
            "\nCredentials: B2B clients must send X-Auth-Token = $B2B_AUTH_TOKEN (default "
            "'%s')\n"
            "and X-Store-Hash = $B2B_STORE_HASH (default '%s'); BILL clients log in "
            "(POST /v3/login)\n"
            "and send the devKey and sessionId headers; Rebillia clients send X-AUTH-TOKEN =\n"
            "$REBILLIA_API_KEY (default '%s').\n",
            SANDBOX_DEFAULT_TOKEN, SANDBOX_DEFAULT_STORE, SANDBOX_REBILLIA_KEY);
}

/* Rebillia's API key: REBILLIA_API_KEY, else the documented default (never printed). */
static const char *sandbox_rebillia_key(void)
{
    const char *key = getenv("REBILLIA_API_KEY");
    if (key && *key) {
        ic_info("sandbox: Rebillia: clients must send the API key from REBILLIA_API_KEY");
        return key;
    }
    ic_info("sandbox: Rebillia: REBILLIA_API_KEY is not set; clients must send the API key '%s'",
            SANDBOX_REBILLIA_KEY);
    return SANDBOX_REBILLIA_KEY;
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
    bool has_seed, has_conc;
    const char *bill_option; /* the first BILL-only option given, for the check against --api */
    const char *password_file, *dev_key_file;
};

/* The BILL-only options. */
static int take_bill(struct args *a, int id, const char *arg)
{
    sandbox_bill_config *c = &a->cfg.bill;
    long v;
    static const char *const names[] = {
        [O_USERNAME - O_USERNAME] = "--username",
        [O_ORG - O_USERNAME] = "--organization-id",
        [O_PASSWORD_FILE - O_USERNAME] = "--password-file",
        [O_DEVKEY_FILE - O_USERNAME] = "--dev-key-file",
        [O_SESSION_IDLE - O_USERNAME] = "--session-idle",
        [O_HOURLY - O_USERNAME] = "--hourly-limit",
        [O_LOGINS - O_USERNAME] = "--login-limit",
        [O_CUSTOMERS - O_USERNAME] = "--customers",
    };
    if (!a->bill_option)
        a->bill_option = names[id - O_USERNAME];
    switch (id) {
    case O_USERNAME:
        c->username = arg;
        break;
    case O_ORG:
        c->organization_id = arg;
        break;
    case O_PASSWORD_FILE:
        a->password_file = arg;
        break;
    case O_DEVKEY_FILE:
        a->dev_key_file = arg;
        break;
    case O_SESSION_IDLE:
        if (parse_long("--session-idle", arg, 1, 31L * 86400, &v))
            return IC_EXIT_USAGE;
        c->session_idle_s = v;
        break;
    case O_HOURLY:
        if (parse_long("--hourly-limit", arg, 0, 1000000000L, &v))
            return IC_EXIT_USAGE;
        c->hourly_limit = v;
        break;
    case O_LOGINS:
        if (parse_long("--login-limit", arg, 0, 1000000000L, &v))
            return IC_EXIT_USAGE;
        c->login_limit = v;
        break;
    case O_CUSTOMERS:
        c->customers_path = arg;
        break;
    }
    return 0;
}

/* A secret's first line from a file (never from argv); NULL after the error is printed. */
static char *read_secret(const char *opt, const char *path)
{
    ic_err err = {0};
    size_t len;
    char *text = sandbox_read_file(path, &len, &err);
    if (!text) {
        ic_error("%s: %s", opt, err.msg);
        return NULL;
    }
    text[strcspn(text, "\r\n")] = '\0';
    if (!*text) {
        ic_error("%s: '%s' is empty", opt, path);
        free(text);
        return NULL;
    }
    return text;
}

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
        a->has_conc = true;
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
    case O_API:
        c->api = arg;
        break;
    case O_LOOKUPS:
        c->rebillia_lookups = arg;
        break;
    default:
        return take_bill(a, id, arg);
    }
    return 0;
}

int cmd_sandbox(int argc, char **argv)
{
    struct args a = {.cfg = {.listen = SANDBOX_DEFAULT_LISTEN,
                             .threads = 4,
                             .bill = {.session_idle_s = SANDBOX_BILL_SESSION_IDLE,
                                      .hourly_limit = SANDBOX_BILL_HOURLY,
                                      .login_limit = SANDBOX_BILL_LOGINS}}};
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
    bool bill = cfg.api && strcmp(cfg.api, "bill-v3") == 0;
    bool rebillia = cfg.api && strcmp(cfg.api, "rebillia") == 0;
    if (cfg.api && !bill && !rebillia && strcmp(cfg.api, "bigcommerce-b2b") != 0)
        return cmd_usage_error(
            "sandbox", "--api '%s': expected bigcommerce-b2b, bill-v3 or rebillia", cfg.api);
    if (!bill && a.bill_option)
        return cmd_usage_error("sandbox", "%s applies to --api bill-v3", a.bill_option);
    if (bill && (cfg.read_only || cfg.extra_fields_path || cfg.strict_details))
        return cmd_usage_error("sandbox", "%s applies to --api bigcommerce-b2b",
                               cfg.read_only           ? "--read-only"
                               : cfg.extra_fields_path ? "--extra-fields"
                                                       : "--strict-details");
    if (!rebillia && cfg.rebillia_lookups)
        return cmd_usage_error("sandbox", "--lookups applies to --api rebillia");
    char *password = NULL, *dev_key = NULL;
    if (bill) {
        sandbox_bill_config *bc = &cfg.bill;
        if (!bc->username)
            bc->username = SANDBOX_BILL_USERNAME;
        if (!bc->organization_id)
            bc->organization_id = SANDBOX_BILL_ORG;
        if (!a.has_conc)
            cfg.concurrency_limit = SANDBOX_BILL_CONCURRENCY;
        if (a.password_file && !(password = read_secret("--password-file", a.password_file)))
            return IC_EXIT_USAGE;
        if (a.dev_key_file && !(dev_key = read_secret("--dev-key-file", a.dev_key_file))) {
            free(password);
            return IC_EXIT_USAGE;
        }
        bc->password = password ? password : SANDBOX_BILL_PASSWORD;
        bc->dev_key = dev_key ? dev_key : SANDBOX_BILL_DEVKEY;
        ic_info("sandbox: BILL v3: user '%s', organization '%s'; clients must send the %s "
                "developer key and password",
                bc->username, bc->organization_id, dev_key || password ? "given" : "default");
    }

    const char *token = getenv("B2B_AUTH_TOKEN");
    const char *store = getenv("B2B_STORE_HASH");
    bool env_token = token && *token, env_store = store && *store;
    if (!env_token)
        token = SANDBOX_DEFAULT_TOKEN;
    if (!env_store)
        store = SANDBOX_DEFAULT_STORE;
    if (!bill && !rebillia) {
        if (env_token)
            ic_info("sandbox: clients must send the token from B2B_AUTH_TOKEN");
        else
            ic_info("sandbox: B2B_AUTH_TOKEN is not set; clients must send the token '%s'", token);
        if (env_store)
            ic_info("sandbox: store hash '%s' (from B2B_STORE_HASH)", store);
        else
            ic_info("sandbox: B2B_STORE_HASH is not set; clients must send the store "
                    "hash '%s'",
                    store);
    }
    cfg.token = token;
    cfg.store_hash = store;
    if (rebillia)
        cfg.token = sandbox_rebillia_key();
    if (!has_seed) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        cfg.seed = (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec ^ (uint64_t)getpid();
    }
    if (cfg.faults && *cfg.faults)
        ic_info("sandbox: faults '%s', seed %" PRIu64, cfg.faults, cfg.seed);

    ic_err err = {0};
    int rc = sandbox_run(&cfg, &err);
    free(password);
    free(dev_key);
    if (rc) {
        ic_error("%s", err.msg);
        return rc;
    }
    return IC_EXIT_OK;
}
