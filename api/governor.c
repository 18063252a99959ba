/* The rate governor and retry backoff: see governor.h. */
#include "api/governor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void gov_init(governor *g, int concurrency)
{
    g->concurrency = concurrency > 0 ? concurrency : 1;
    g->in_flight = 0;
    g->probing = true;
    g->have_budget = false;
    g->allocated = -1;
    g->remaining = 0;
    g->reset_at = 0;
    g->paused_until = 0;
    g->last_send = -1;
    g->window_len = -1;
    g->window_s = -1;
    g->cap = g->concurrency;
    g->ok_since_cut = 0;
}

double gov_wait(governor *g, double now)
{
    if (now < g->paused_until)
        return g->paused_until - now;
    if (g->have_budget && now >= g->reset_at + GOV_RESET_MARGIN_S) {
        /* The window we knew about is over: learn the new one from one answer before spending it.
         */
        g->have_budget = false;
        g->probing = true;
    }
    if (g->in_flight >= g->cap)
        return GOV_WAIT_ANSWER;
    if (g->probing)
        return g->in_flight == 0 ? 0 : GOV_WAIT_ANSWER;
    if (!g->have_budget)
        return 0; /* the server sends no rate headers: concurrency is the only bound */
    /* Requests in flight may not be counted in `remaining` yet: count them as spent. */
    double avail = g->remaining - g->in_flight;
    if (avail < 1) {
        double until = g->reset_at + GOV_RESET_MARGIN_S - now;
        /* With requests in flight their answers may still raise the estimate (a new window). */
        return until > 0 ? until : 0;
    }
    /* Spread what is left over the time left, so the budget lasts to the reset and never bursts. */
    double left = g->reset_at - now;
    if (left <= 0 || g->last_send < 0)
        return 0;
    /* avail + 1 slots: the last request of the window goes out one interval before the reset, not
     * on it. */
    double interval = left / (avail + 1);
    double next = g->last_send + interval;
    return next > now ? next - now : 0;
}

void gov_on_send(governor *g, double now)
{
    g->in_flight++;
    g->last_send = now;
}

/* Pauses all sends until now + seconds. */
static void pause_all(governor *g, double now, double seconds)
{
    if (seconds > 0 && now + seconds > g->paused_until)
        g->paused_until = now + seconds;
}

void gov_on_no_answer(governor *g)
{
    if (g->in_flight > 0)
        g->in_flight--;
}

double gov_on_answer(governor *g, double now, long status, const gov_headers *h, double backoff_s)
{
    if (g->in_flight > 0)
        g->in_flight--;
    bool has = h && h->remaining >= 0 && h->resets_after >= 0;
    if (h && h->allocated >= 0)
        g->allocated = h->allocated;
    if (h && h->window_len >= 0)
        g->window_len = h->window_len;
    if (h && h->window_s > 0)
        g->window_s = h->window_s;
    if (status == 429) {
        if (has && h->remaining < 1) {
            /* The budget is spent: everyone waits for the reset, then one request learns the new
             * window. */
            double wait = h->resets_after + GOV_RESET_MARGIN_S;
            pause_all(g, now, wait);
            g->have_budget = false;
            g->probing = true;
            return wait;
        }
        /* Budget left (or unknown): too many at once, or a passing limit.  Send fewer at a time;
         * this request backs off, the others go on. */
        g->cap = g->cap > 1 ? g->cap / 2 : 1;
        g->ok_since_cut = 0;
        if (!has) {
            g->have_budget = false;
            g->probing = true;
        }
        return backoff_s;
    }
    g->probing = false;
    if (g->cap < g->concurrency && ++g->ok_since_cut >= g->cap) {
        g->cap++;
        g->ok_since_cut = 0;
    }
    if (!has)
        return 0;
    double reset_at = now + h->resets_after;
    /* Within one window the server's count only grows, so the smallest remaining is the freshest;
     * answers arrive out of order, so an older, larger figure must not undo a newer one. */
    if (g->have_budget && fabs(reset_at - g->reset_at) < 1.0) {
        if (h->remaining < g->remaining)
            g->remaining = h->remaining;
        if (reset_at < g->reset_at)
            g->reset_at = reset_at;
    } else if (!g->have_budget || reset_at > g->reset_at) {
        g->remaining = h->remaining;
        g->reset_at = reset_at;
        g->have_budget = true;
    }
    return 0;
}

double gov_backoff(int attempt, double base, double cap, double u)
{
    if (attempt < 1)
        attempt = 1;
    double d = base * ldexp(1.0, attempt > 60 ? 60 : attempt - 1);
    if (d > cap)
        d = cap;
    return u * d;
}

double gov_header_number(const char *value)
{
    if (!value)
        return -1;
    while (*value == ' ' || *value == '\t')
        value++;
    if (!(*value >= '0' && *value <= '9') && *value != '.')
        return -1;
    char *end;
    double v = strtod(value, &end);
    if (end == value || !isfinite(v) || v < 0)
        return -1;
    return v;
}

enum gov_hold gov_holding(const governor *g, double now, double *until_s)
{
    if (now < g->paused_until) {
        *until_s = g->paused_until;
        return GOV_HOLD_WINDOW;
    }
    if (g->have_budget && !g->probing && g->remaining - g->in_flight < 1 &&
        now < g->reset_at + GOV_RESET_MARGIN_S) {
        *until_s = g->reset_at + GOV_RESET_MARGIN_S;
        return GOV_HOLD_WINDOW;
    }
    return GOV_HOLD_NONE;
}

double gov_header_window(const char *value)
{
    const char *slash = value ? strchr(value, '/') : NULL;
    if (!slash)
        return -1;
    const char *p = slash + 1;
    while (*p == ' ' || *p == '\t')
        p++;
    char *end;
    double v = 1; /* "times/s": one unit */
    if ((*p >= '0' && *p <= '9') || *p == '.') {
        v = strtod(p, &end);
        if (end == p || !isfinite(v) || v <= 0)
            return -1;
        p = end;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    double unit = 0;
    if (*p == 's' || strncmp(p, "sec", 3) == 0)
        unit = 1;
    else if (*p == 'm' && strncmp(p, "ms", 2) != 0)
        unit = 60;
    else if (*p == 'h')
        unit = 3600;
    return unit > 0 ? v * unit : -1;
}
