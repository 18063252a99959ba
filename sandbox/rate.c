#include "sandbox/rate.h"

void sb_rate_init(sb_rate *r, long limit)
{
    pthread_mutex_init(&r->mu, NULL);
    r->limit = limit;
    r->window_start = -1;
    r->used = 0;
    r->rejected = 0;
}

void sb_rate_destroy(sb_rate *r)
{
    pthread_mutex_destroy(&r->mu);
}

/* Called with the lock held: ends an expired window. */
static void roll(sb_rate *r, double now)
{
    if (r->window_start >= 0 && now - r->window_start >= SB_RATE_WINDOW_S) {
        r->window_start = -1;
        r->used = 0;
    }
}

static void view(const sb_rate *r, double now, sb_rate_view *v)
{
    long alloc = r->limit > 0 ? r->limit : SB_RATE_UNLIMITED;
    v->allocated = alloc;
    v->used = r->used;
    v->remaining = alloc - r->used > 0 ? alloc - r->used : 0;
    v->resets_after =
        r->window_start < 0 ? SB_RATE_WINDOW_S : SB_RATE_WINDOW_S - (now - r->window_start);
    if (v->resets_after < 0)
        v->resets_after = 0;
}

bool sb_rate_take(sb_rate *r, double now, sb_rate_view *v)
{
    pthread_mutex_lock(&r->mu);
    roll(r, now);
    bool ok = true;
    if (r->limit > 0 && r->used >= r->limit) {
        ok = false;
        r->rejected++;
    } else {
        if (r->window_start < 0)
            r->window_start = now;
        /* Unlimited: the count restarts each window, so "remaining" never runs out.
         */
        r->used++;
    }
    view(r, now, v);
    pthread_mutex_unlock(&r->mu);
    return ok;
}

void sb_rate_peek(sb_rate *r, double now, sb_rate_view *v)
{
    pthread_mutex_lock(&r->mu);
    roll(r, now);
    view(r, now, v);
    pthread_mutex_unlock(&r->mu);
}
