/* One progress line for imports. */
#include "api/progress.h"

#include <math.h>
#include <stdio.h>

void progress_init(progress *p, FILE *out, bool tty, bool quiet)
{
    p->out = out;
    p->tty = tty;
    p->quiet = quiet;
    p->drawn = false;
    p->last_plain_s = -1;
    p->plain_every_s = 10;
}

double progress_eta_s(const progress_counts *c)
{
    if (c->todo == 0)
        return 0;
    double rate = c->elapsed_s > 1 && c->requests > 0 ? (double)c->requests / c->elapsed_s : 0;
    if (c->allocated > 0) {
        double window = c->window_length_s > 0 ? c->window_length_s : 60;
        double budget_rate = (double)c->allocated / window;
        long left_now = c->remaining > 0 ? c->remaining : 0;
        if ((double)c->todo <= (double)left_now)
            return rate > 0 ? (double)c->todo / rate : (double)c->todo / budget_rate;
        /* the rest of this window's budget, then whole windows at the allocated rate */
        double after = ((double)c->todo - (double)left_now) / budget_rate;
        double first = c->window_resets_in_s > 0 ? c->window_resets_in_s : 0;
        double est = first + after;
        /* never promise faster than the client has actually been */
        if (rate > 0 && (double)c->todo / rate > est)
            est = (double)c->todo / rate;
        return est;
    }
    return rate > 0 ? (double)c->todo / rate : -1;
}

const char *progress_duration(double s, char *buf, size_t bufsize)
{
    if (s < 0 || !isfinite(s)) {
        snprintf(buf, bufsize, "?");
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

static void line(const progress_counts *c, char *buf, size_t bufsize)
{
    char eta[32];
    double rpm = c->elapsed_s > 0 ? (double)c->requests * 60.0 / c->elapsed_s : 0;
    snprintf(buf, bufsize,
             "created %zu  updated %zu  unchanged %zu  failed %zu  |  %.0f req/min  |  ETA %s",
             c->created, c->updated, c->unchanged, c->failed, rpm,
             progress_duration(progress_eta_s(c), eta, sizeof eta));
}

void progress_update(progress *p, const progress_counts *c, double now_s)
{
    if (p->quiet)
        return;
    char buf[256];
    if (p->tty) {
        line(c, buf, sizeof buf);
        fprintf(p->out, "\r\033[K%s", buf);
        fflush(p->out);
        p->drawn = true;
        return;
    }
    if (p->last_plain_s >= 0 && now_s - p->last_plain_s < p->plain_every_s)
        return;
    p->last_plain_s = now_s;
    line(c, buf, sizeof buf);
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
