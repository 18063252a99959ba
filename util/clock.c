#include "util/clock.h"

#include <time.h>

static double seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double mono_now(void)
{
    return seconds(CLOCK_MONOTONIC);
}

double thread_cpu_now(void)
{
    return seconds(CLOCK_THREAD_CPUTIME_ID);
}
