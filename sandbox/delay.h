/* Holds answers back without holding a server thread: the connection is
 * suspended (libmicrohttpd's MHD_suspend_connection) and this scheduler's
 * thread resumes it when its time comes.
 *
 * Ownership: the caller owns the sb_delay; connections stay libmicrohttpd's.
 */
#ifndef INVOICECTL_SANDBOX_DELAY_H
#define INVOICECTL_SANDBOX_DELAY_H

#include <pthread.h>
#include <stdbool.h>

struct MHD_Connection;
struct sb_delay_item;

typedef struct sb_delay {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool started, stopping;
    struct sb_delay_item *head; /* sorted by due time */
} sb_delay;

int sb_delay_start(sb_delay *d); /* 0, or an errno value */
/* Resumes connection c (already suspended by the caller) after ms milliseconds.
 */
void sb_delay_add(sb_delay *d, struct MHD_Connection *c, int ms);
/* Resumes every waiting connection now and ends the thread; later sb_delay_add
 * calls resume at once. */
void sb_delay_stop(sb_delay *d);
/* Releases the lock and condition; call once the server has stopped. */
void sb_delay_destroy(sb_delay *d);

#endif
