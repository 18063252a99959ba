#include "sandbox/faults.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[SB_FAULT_KINDS_] = {
    [SB_FAULT_NONE] = "none",   [SB_FAULT_500] = "500",
    [SB_FAULT_502] = "502",     [SB_FAULT_503] = "503",
    [SB_FAULT_RESET] = "reset", [SB_FAULT_DROP] = "drop-after-commit",
    [SB_FAULT_SLOW] = "slow",   [SB_FAULT_BURST429] = "burst429",
};

const char *sb_fault_name(enum sb_fault k)
{
    return (k >= 0 && k < SB_FAULT_KINDS_) ? names[k] : "?";
}

void sb_faults_init(sb_faults *f, uint64_t seed)
{
    memset(f, 0, sizeof *f);
    pthread_mutex_init(&f->mu, NULL);
    f->seed = seed;
    f->state = seed;
    f->slow_ms = 35000;
    f->burst_s = 10;
    f->latency_ms = 200;
    f->expire_state = seed ^ 0x5E55104E5E55104EULL;
}

void sb_faults_destroy(sb_faults *f)
{
    pthread_mutex_destroy(&f->mu);
}

/* splitmix64: small, fast, and the same sequence on every platform. */
static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double next_unit(uint64_t *s)
{
    return (double)(next_u64(s) >> 11) * (1.0 / 9007199254740992.0); /* [0, 1) */
}

static int parse_prob(const char *s, const char *end, double *out)
{
    char buf[64];
    size_t n = (size_t)(end - s);
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *e;
    errno = 0;
    double v = strtod(buf, &e);
    if (errno || *e || v < 0 || v > 1)
        return -1;
    *out = v;
    return 0;
}

/* A duration in seconds: a decimal number in (0, hi]. */
static int parse_seconds(const char *s, const char *end, double hi, double *out)
{
    char buf[32];
    size_t n = (size_t)(end - s);
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *e;
    errno = 0;
    double v = strtod(buf, &e);
    if (errno || *e || !(v > 0) || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int parse_int(const char *s, const char *end, long lo, long hi, int *out)
{
    char buf[32];
    size_t n = (size_t)(end - s);
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *e;
    errno = 0;
    long v = strtol(buf, &e, 10);
    if (errno || *e || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

int sb_faults_parse(sb_faults *f, const char *spec, ic_err *err)
{
    if (!spec || !*spec)
        return 0;
    const char *p = spec;
    while (*p) {
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (!eq)
            return ic_err_set(err, IC_EXIT_USAGE, "--faults: '%.*s' is not KIND=PROBABILITY",
                              (int)(end - p), p);
        const char *colon = memchr(eq, ':', (size_t)(end - eq));
        const char *pend = colon ? colon : end;
        int kind = -1;
        bool latency = false;
        size_t klen = (size_t)(eq - p);
        for (int k = 1; k < SB_FAULT_KINDS_; k++)
            if (strlen(names[k]) == klen && memcmp(p, names[k], klen) == 0)
                kind = k;
        if (klen == 7 && memcmp(p, "latency", 7) == 0)
            latency = true;
        bool expire = klen == 14 && memcmp(p, "session-expire", 14) == 0;
        if (kind < 0 && !latency && !expire)
            return ic_err_set(err, IC_EXIT_USAGE,
                              "--faults: unknown kind '%.*s' (known: 500, 502, 503, reset, "
                              "drop-after-commit, slow, latency, burst429, session-expire)",
                              (int)klen, p);
        double prob;
        if (parse_prob(eq + 1, pend, &prob) != 0)
            return ic_err_set(err, IC_EXIT_USAGE,
                              "--faults: '%.*s': probability must be between 0 and 1",
                              (int)(end - p), p);
        bool takes_arg = latency || kind == SB_FAULT_SLOW || kind == SB_FAULT_BURST429;
        if (colon && !takes_arg)
            return ic_err_set(err, IC_EXIT_USAGE, "--faults: '%.*s' takes no ':' argument",
                              (int)(end - p), p);
        if (colon && kind == SB_FAULT_BURST429) {
            if (parse_seconds(colon + 1, end, 3600, &f->burst_s) != 0)
                return ic_err_set(err, IC_EXIT_USAGE,
                                  "--faults: '%.*s': the burst's length must be seconds, more "
                                  "than 0 and at most 3600",
                                  (int)(end - p), p);
        } else if (colon) {
            int v;
            if (parse_int(colon + 1, end, 1, 600000L, &v) != 0)
                return ic_err_set(err, IC_EXIT_USAGE, "--faults: '%.*s': bad number after ':'",
                                  (int)(end - p), p);
            if (latency)
                f->latency_ms = v;
            else
                f->slow_ms = v;
        }
        if (expire)
            f->session_expire_p = prob;
        else if (latency)
            f->latency_p = prob;
        else
            f->p[kind] = prob;
        p = *end ? end + 1 : end;
    }
    double sum = 0;
    for (int k = 1; k < SB_FAULT_KINDS_; k++)
        sum += f->p[k];
    if (sum > 1.0 + 1e-9)
        return ic_err_set(err, IC_EXIT_USAGE,
                          "--faults: probabilities of 500, 502, 503, reset, "
                          "drop-after-commit, slow and "
                          "burst429 add up to %.4g, more than 1",
                          sum);
    return 0;
}

bool sb_faults_in_burst(sb_faults *f, double now, double *left_s)
{
    pthread_mutex_lock(&f->mu);
    bool in = f->bursts > 0 && now < f->burst_until;
    if (in) {
        *left_s = f->burst_until - now;
        f->injected[SB_FAULT_BURST429]++;
    }
    pthread_mutex_unlock(&f->mu);
    return in;
}

void sb_faults_draw(sb_faults *f, double now, sb_fault_draw *out)
{
    out->kind = SB_FAULT_NONE;
    out->delay_ms = 0;
    out->burst_left_s = 0;
    pthread_mutex_lock(&f->mu);
    f->draws++;
    /* Both numbers are drawn for every request, so one kind's outcome never
     * shifts another's sequence. */
    double u = next_unit(&f->state);
    double v = next_unit(&f->state);
    double acc = 0;
    for (int k = 1; k < SB_FAULT_KINDS_; k++) {
        acc += f->p[k];
        if (f->p[k] > 0 && u < acc) {
            out->kind = (enum sb_fault)k;
            break;
        }
    }
    if (out->kind == SB_FAULT_BURST429) {
        f->bursts++;
        f->burst_until = now + f->burst_s;
        out->burst_left_s = f->burst_s;
    }
    if (out->kind == SB_FAULT_SLOW)
        out->delay_ms = f->slow_ms;
    if (f->latency_p > 0 && v < f->latency_p) {
        out->delay_ms += f->latency_ms;
        f->latency_added++;
    }
    f->injected[out->kind]++;
    pthread_mutex_unlock(&f->mu);
}

bool sb_faults_session_expire(sb_faults *f)
{
    if (!(f->session_expire_p > 0))
        return false;
    pthread_mutex_lock(&f->mu);
    bool hit = next_unit(&f->expire_state) < f->session_expire_p;
    if (hit)
        f->sessions_expired++;
    pthread_mutex_unlock(&f->mu);
    return hit;
}

void sb_faults_summary(sb_faults *f, FILE *out)
{
    pthread_mutex_lock(&f->mu);
    fputs("invoicectl: sandbox: injected faults:", out);
    for (int k = 1; k < SB_FAULT_KINDS_; k++)
        fprintf(out, " %s=%lu", names[k], f->injected[k]);
    if (f->session_expire_p > 0)
        fprintf(out, " session-expire=%lu", f->sessions_expired);
    fprintf(out, " latency=%lu (bursts %lu; seed %llu; %lu API requests drawn)\n", f->latency_added,
            f->bursts, (unsigned long long)f->seed, f->draws);
    pthread_mutex_unlock(&f->mu);
}
