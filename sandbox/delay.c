#include "sandbox/delay.h"
#include "util/common.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <time.h>

struct sb_delay_item {
    struct timespec due;
    struct MHD_Connection *conn;
    struct sb_delay_item *next;
};

static bool before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void *run(void *arg)
{
    sb_delay *d = arg;
    pthread_mutex_lock(&d->mu);
    for (;;) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        while (d->head && (d->stopping || !before(&now, &d->head->due))) {
            struct sb_delay_item *it = d->head;
            d->head = it->next;
            MHD_resume_connection(it->conn);
            free(it);
        }
        if (d->stopping)
            break;
        if (d->head)
            pthread_cond_timedwait(&d->cv, &d->mu, &d->head->due);
        else
            pthread_cond_wait(&d->cv, &d->mu);
    }
    pthread_mutex_unlock(&d->mu);
    return NULL;
}

int sb_delay_start(sb_delay *d)
{
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&d->mu, NULL);
    pthread_cond_init(&d->cv, &ca);
    pthread_condattr_destroy(&ca);
    d->head = NULL;
    d->stopping = false;
    int rc = pthread_create(&d->thread, NULL, run, d);
    d->started = rc == 0;
    return rc;
}

void sb_delay_add(sb_delay *d, struct MHD_Connection *c, int ms)
{
    struct sb_delay_item *it = xmalloc(sizeof *it);
    clock_gettime(CLOCK_MONOTONIC, &it->due);
    it->due.tv_sec += ms / 1000;
    it->due.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (it->due.tv_nsec >= 1000000000L) {
        it->due.tv_sec++;
        it->due.tv_nsec -= 1000000000L;
    }
    it->conn = c;
    pthread_mutex_lock(&d->mu);
    if (d->stopping) { /* shutting down: answer now */
        pthread_mutex_unlock(&d->mu);
        free(it);
        MHD_resume_connection(c);
        return;
    }
    struct sb_delay_item **pp = &d->head;
    while (*pp && !before(&it->due, &(*pp)->due))
        pp = &(*pp)->next;
    it->next = *pp;
    *pp = it;
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
}

void sb_delay_stop(sb_delay *d)
{
    if (!d->started)
        return;
    pthread_mutex_lock(&d->mu);
    d->stopping = true;
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
    pthread_join(d->thread, NULL);
}

void sb_delay_destroy(sb_delay *d)
{
    if (!d->started)
        return;
    pthread_cond_destroy(&d->cv);
    pthread_mutex_destroy(&d->mu);
    d->started = false;
}
