/* The clocks the program reads: a monotonic one for elapsed times, rates and deadlines (never the
 * wall clock, which can jump), and the calling thread's CPU time for the export's profile.
 * Both in seconds as a double: enough for microseconds over years of uptime. */
#ifndef INVOICECTL_UTIL_CLOCK_H
#define INVOICECTL_UTIL_CLOCK_H

/* Seconds on CLOCK_MONOTONIC, from an arbitrary start: only differences mean anything. */
double mono_now(void);
/* Seconds of CPU time the calling thread has used. */
double thread_cpu_now(void);

#endif
