/* The SIGINT / SIGTERM handlers of import and export.  See signals.h. */
#include "cmd/signals.h"

#include "util/atomic_file.h"
#include "util/err.h"

#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t g_stop;
static volatile sig_atomic_t g_sending;
static volatile sig_atomic_t g_policy;
static http_engine *volatile g_engine;
static struct sigaction old_int, old_term;
static bool installed;

static void say(const char *m, size_t n)
{
    ssize_t w = write(STDERR_FILENO, m, n);
    (void)w;
}

static void on_abort(void)
{
    if (g_stop) {
        /* A second signal: leave at once, without the temporary file. */
        atomic_file_cleanup_on_signal();
        _exit(IC_EXIT_INTERRUPTED);
    }
    g_stop = 1;
    if (g_engine)
        http_engine_stop(g_engine);
}

/* The first stops new requests, the second abandons those in flight. */
static void on_finish(void)
{
    if (g_stop < 2)
        g_stop++;
    if ((g_stop >= 2 || !g_sending) && g_engine) {
        http_engine_stop(g_engine);
        if (g_sending) {
            static const char m[] = "\ninvoicectl: abandoning the requests in flight\n";
            say(m, sizeof m - 1);
        }
    } else if (g_sending) {
        /* requests waiting out a backoff or a rate window are not in flight: drop them now */
        if (g_engine)
            http_engine_drain(g_engine);
        static const char m[] = "\ninvoicectl: stopping after the requests in flight finish; "
                                "press Ctrl-C again to abandon them\n";
        say(m, sizeof m - 1);
    }
}

static void on_signal(int sig)
{
    (void)sig;
    if (g_policy == CMD_SIGNALS_ABORT)
        on_abort();
    else
        on_finish();
}

void cmd_signals_install(enum cmd_signals_policy policy, http_engine *engine)
{
    cmd_signals_uninstall();
    g_stop = 0;
    g_sending = 0;
    g_policy = (sig_atomic_t)policy;
    g_engine = engine;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    installed = true;
}

void cmd_signals_uninstall(void)
{
    if (!installed)
        return;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    installed = false;
    g_engine = NULL;
}

void cmd_signals_sending(bool on)
{
    g_sending = on;
}

int cmd_signals_received(void)
{
    return g_stop;
}

volatile sig_atomic_t *cmd_signals_flag(void)
{
    return &g_stop;
}
