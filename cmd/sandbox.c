/* `invoicectl sandbox`: options, credentials from the environment, then
 * sandbox_run. */
#include "sandbox/sandbox.h"
#include "cmd/cmd.h"
#include "util/err.h"
#include "util/log.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: invoicectl sandbox [--listen HOST:PORT] [--port-file FILE] [--db "
            "FILE]\n"
            "                          [--rate-limit N] [--concurrency-limit N] "
            "[--latency MS]\n"
            "                          [--faults SPEC] [--seed N] [--tls-cert FILE "
            "--tls-key FILE]\n"
            "                          [--extra-fields FILE] [--threads N] [--read-only]\n"
            "                          [--record-requests FILE] [--strict-details]\n\n"
            "Run a local emulator of the B2B Edition invoice API, at the root and "
            "under /api/v3/io/ip,\n"
            "until SIGINT or SIGTERM.  See docs/sandbox.md.\n\n"
            "  --listen HOST:PORT     address to serve (default %s; port 0 picks a "
            "free port;\n"
            "                         a non-loopback address must be given here "
            "explicitly)\n"
            "  --port-file FILE       write the port there once accepting "
            "connections\n"
            "  --db FILE              keep invoices in this SQLite file (default: in "
            "memory)\n"
            "  --rate-limit N         N requests per 60-second window, 429 past it "
            "(default: off;\n"
            "                         B2B Edition allows 150)\n"
            "  --concurrency-limit N  429 to requests beyond N in flight (default: "
            "off)\n"
            "  --latency MS           add MS milliseconds to every answer\n"
            "  --faults SPEC          inject faults, e.g. "
            "'500=0.05,reset=0.01,slow=0.01:35000,\n"
            "                         "
            "latency=0.1:200,burst429=0.01:2,drop-after-commit=0.02'\n"
            "  --seed N               seed of the fault draws (default: from the "
            "clock, printed)\n"
            "  --tls-cert FILE, --tls-key FILE\n"
            "                         serve HTTPS with this PEM certificate and key\n"
            "  --extra-fields FILE    extra-field configs (JSON) for GET "
            "/invoices/extra-fields and checks\n"
            "  --threads N            server threads (default 4)\n"
            "  --record-requests FILE write every request handled to FILE, one JSON line each\n"
            "                         (method, path, body; never headers)\n"
            "  --strict-details       check the details of an update against the Update schema's\n"
            "                         own rules, not the Create ones the API's answers follow\n"
            "  --read-only            the token may only read: POST, PUT and DELETE answer 403\n\n"
            "Credentials: clients must send X-Auth-Token = $B2B_AUTH_TOKEN (default "
            "'%s') and\n"
            "X-Store-Hash = $B2B_STORE_HASH (default '%s').\n",
            SANDBOX_DEFAULT_LISTEN, SANDBOX_DEFAULT_TOKEN, SANDBOX_DEFAULT_STORE);
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

int cmd_sandbox(int argc, char **argv)
{
    enum {
        O_LISTEN = 256,
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
    static const struct option longopts[] = {
        {"listen", required_argument, NULL, O_LISTEN},
        {"port-file", required_argument, NULL, O_PORT_FILE},
        {"db", required_argument, NULL, O_DB},
        {"rate-limit", required_argument, NULL, O_RATE},
        {"concurrency-limit", required_argument, NULL, O_CONC},
        {"latency", required_argument, NULL, O_LAT},
        {"faults", required_argument, NULL, O_FAULTS},
        {"seed", required_argument, NULL, O_SEED},
        {"tls-cert", required_argument, NULL, O_CERT},
        {"tls-key", required_argument, NULL, O_KEY},
        {"extra-fields", required_argument, NULL, O_EXTRA},
        {"threads", required_argument, NULL, O_THREADS},
        {"record-requests", required_argument, NULL, O_RECORD},
        {"strict-details", no_argument, NULL, O_STRICT_DETAILS},
        {"read-only", no_argument, NULL, O_READ_ONLY},
        {"help", no_argument, NULL, 'h'},
        CMD_LOG_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    sandbox_config cfg = {.listen = SANDBOX_DEFAULT_LISTEN, .threads = 4};
    bool has_seed = false;
    long v;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h" CMD_LOG_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case O_LISTEN:
            cfg.listen = optarg;
            break;
        case O_PORT_FILE:
            cfg.port_file = optarg;
            break;
        case O_DB:
            cfg.db_path = optarg;
            break;
        case O_RATE:
            if (parse_long("--rate-limit", optarg, 0, 1000000000L, &v))
                return IC_EXIT_USAGE;
            cfg.rate_limit = v;
            break;
        case O_CONC:
            if (parse_long("--concurrency-limit", optarg, 0, 1000000L, &v))
                return IC_EXIT_USAGE;
            cfg.concurrency_limit = v;
            break;
        case O_LAT:
            if (parse_long("--latency", optarg, 0, 600000L, &v))
                return IC_EXIT_USAGE;
            cfg.latency_ms = (int)v;
            break;
        case O_FAULTS:
            cfg.faults = optarg;
            break;
        case O_SEED: {
            char *end;
            errno = 0;
            unsigned long long s = strtoull(optarg, &end, 10);
            if (errno || !*optarg || *end || optarg[0] == '-')
                return cmd_usage_error("sandbox", "--seed '%s': expected a whole number", optarg);
            cfg.seed = s;
            has_seed = true;
            break;
        }
        case O_CERT:
            cfg.tls_cert = optarg;
            break;
        case O_KEY:
            cfg.tls_key = optarg;
            break;
        case O_EXTRA:
            cfg.extra_fields_path = optarg;
            break;
        case O_THREADS:
            if (parse_long("--threads", optarg, 1, 64, &v))
                return IC_EXIT_USAGE;
            cfg.threads = (int)v;
            break;
        case O_RECORD:
            cfg.record_path = optarg;
            break;
        case O_STRICT_DETAILS:
            cfg.strict_details = true;
            break;
        case O_READ_ONLY:
            cfg.read_only = true;
            break;
        case 'h':
            usage(stdout);
            return IC_EXIT_OK;
        case 'v':
        case 'q':
            cmd_log_option(c);
            break;
        case ':':
            return cmd_usage_error("sandbox", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cmd_usage_error("sandbox", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cmd_usage_error("sandbox", "unexpected argument '%s'", argv[optind]);
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
