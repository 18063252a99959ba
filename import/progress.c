/* One progress line for imports. */
#include "import/progress.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Shown for a value not known yet. */
#define UNKNOWN "\xe2\x80\x93" /* "–" */

void progress_init(progress *p, FILE *out, bool tty, bool quiet)
{
    p->out = out;
    p->tty = tty;
    p->quiet = quiet;
    p->drawn = false;
    p->last_plain_s = -1;
    p->plain_every_s = 10;
    p->first = p->n = 0;
    memset(&p->last, 0, sizeof p->last);
}

void progress_sample_add(progress *p, double now_s, unsigned long requests)
{
    if (p->n == PROGRESS_SAMPLES) {
        p->first = (p->first + 1) % PROGRESS_SAMPLES;
        p->n--;
    }
    p->samples[(p->first + p->n) % PROGRESS_SAMPLES] = (progress_sample){now_s, requests};
    p->n++;
}

double progress_rate_per_min(const progress *p, double now_s)
{
    if (p->n < 2)
        return -1;
    const progress_sample *last = &p->samples[(p->first + p->n - 1) % PROGRESS_SAMPLES];
    /* the oldest sample still inside the window (or the oldest one there is) */
    const progress_sample *from = NULL;
    for (size_t k = 0; k < p->n; k++) {
        const progress_sample *s = &p->samples[(p->first + k) % PROGRESS_SAMPLES];
        if (now_s - s->t <= PROGRESS_RATE_WINDOW_S || k == p->n - 2) {
            from = s;
            break;
        }
    }
    double span = last->t - from->t;
    if (span < PROGRESS_RATE_MIN_S)
        return -1;
    return (double)(last->requests - from->requests) * 60.0 / span;
}

double progress_eta_s(const progress_counts *c, double rate_per_min)
{
    if (c->todo == 0)
        return 0;
    double todo = (double)c->todo;
    double by_rate = rate_per_min > 0 ? todo * 60.0 / rate_per_min : -1;
    if (c->allocated <= 0 || c->remaining < 0)
        return by_rate;
    /* What is left fits in this window: the budget does not bound the time, the client's speed does
     * (and it is not known until measured). */
    if (todo <= (double)c->remaining && by_rate < 0)
        return -1;
    /* the budget: this window's remaining requests, spread until it resets, then whole windows */
    double window = c->window_length_s > 0 ? c->window_length_s : 60; /* B2B Edition's */
    double resets_in = c->window_resets_in_s > 0 ? c->window_resets_in_s : 0;
    double left = (double)c->remaining;
    double est;
    if (todo <= left)
        est = left > 0 ? todo * resets_in / left : 0;
    else
        est = resets_in + (todo - left) * window / (double)c->allocated;
    /* never promise faster than the client has actually been going */
    return by_rate > est ? by_rate : est;
}

const char *progress_duration(double s, char *buf, size_t bufsize)
{
    if (s < 0 || !isfinite(s)) {
        snprintf(buf, bufsize, UNKNOWN);
        return buf;
    }
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, bufsize, "%ldh%02ldm", t / 3600, (t % 3600) / 60);
    else if (t >= 60)
        snprintf(buf, bufsize, "%ldm%02lds", t / 60, t % 60);
    else
        snprintf(buf, bufsize, "%lds", t);
    return buf;
}

void progress_line(const progress *p, const progress_counts *c, double now_s, char *buf,
                   size_t bufsize)
{
    char eta[32], rate[32], tail[96];
    double rpm = progress_rate_per_min(p, now_s);
    if (c->todo > 0 && c->waiting != PROGRESS_SENDING) {
        /* rounded up: "0 s" would say the wait is over */
        double w = c->wait_s > 0 ? ceil(c->wait_s) : 1;
        snprintf(tail, sizeof tail, "waiting %s, %.0f s",
                 c->waiting == PROGRESS_WAIT_WINDOW ? "for the rate window" : "to retry", w);
    } else {
        double e = progress_eta_s(c, rpm);
        if (rpm < 0 && e < 0) {
            snprintf(tail, sizeof tail, "no rate measured yet");
        } else {
            if (rpm < 0)
                snprintf(rate, sizeof rate, UNKNOWN);
            else
                snprintf(rate, sizeof rate, "%.0f", rpm);
            /* work left never shows as "0s" */
            if (c->todo > 0 && e >= 0 && e < 1)
                e = 1;
            snprintf(tail, sizeof tail, "%s req/min  |  ETA %s", rate,
                     progress_duration(e, eta, sizeof eta));
        }
    }
    char deleted[48] = "";
    if (c->deleted)
        snprintf(deleted, sizeof deleted, "  deleted %zu", c->deleted);
    snprintf(buf, bufsize, "created %zu  updated %zu  unchanged %zu%s  failed %zu  |  %s",
             c->created, c->updated, c->unchanged, deleted, c->failed, tail);
}

static bool changed(const progress_counts *a, const progress_counts *b)
{
    return a->created != b->created || a->updated != b->updated || a->unchanged != b->unchanged ||
           a->deleted != b->deleted || a->failed != b->failed || a->todo != b->todo ||
           a->requests != b->requests || a->waiting != b->waiting;
}

void progress_update(progress *p, const progress_counts *c, double now_s)
{
    progress_sample_add(p, now_s, c->requests);
    if (p->quiet)
        return;
    char buf[256];
    if (p->tty) {
        progress_line(p, c, now_s, buf, sizeof buf);
        fprintf(p->out, "\r\033[K%s", buf);
        fflush(p->out);
        p->drawn = true;
        return;
    }
    if (p->last_plain_s >= 0 && now_s - p->last_plain_s < p->plain_every_s)
        return;
    /* a log is not a clock: a line only when there is something new to say */
    if (p->last_plain_s >= 0 && !changed(&p->last, c))
        return;
    p->last_plain_s = now_s;
    p->last = *c;
    progress_line(p, c, now_s, buf, sizeof buf);
    fprintf(p->out, "invoicectl: %s\n", buf);
    fflush(p->out);
}

void progress_finish(progress *p)
{
    if (p->tty && p->drawn && !p->quiet) {
        fputc('\n', p->out);
        fflush(p->out);
    }
    p->drawn = false;
}
