/* The connector seam: one table of functions per target API, in the spirit of curl's
 * `struct Curl_protocol`.  Everything that knows an endpoint, a header, a JSON field name or an
 * error code of an API lives in that API's folder (api/b2b/, api/bill/, …) behind one
 * `ic_connector`; the plan, the run, the journal, progress, results files, writers and commands
 * only ever call through the table.
 *
 * Documents.  What the store holds is kept as the API gives it: a cJSON object in the target's own
 * shape (a "stored document").  The core never looks inside one; it asks the connector for its
 * match key, its id, the canonical invoice it means, and how a canonical invoice laid over it
 * would look.  Bodies sent are cJSON trees the connector builds.
 *
 * Ids.  Invoice ids are text ("123" for B2B Edition, "00e02BZTBEBDFDESw5ko" for BILL): at most
 * CONN_ID_MAX - 1 bytes, printable ASCII without spaces.  "" means none.
 *
 * Where things are: the registry (connector_find, connector_names, connector_default,
 * connector_find_sync) is api/connector.c, the only generic api/ file that names connectors;
 * conn_filter_init and conn_request_release, which connectors call, are api/conn_filter.c (apart,
 * so the registry and a connector never call each other: `make layers` checks file cycles).  A
 * connector's table is `const ic_connector NAME_connector` in api/NAME/NAME_connector.c.
 *
 * Ownership: connector tables are static and live for the whole process.  Functions returning
 * cJSON trees give them to the caller (cJSON_Delete).  Documents passed in are borrowed.
 */
#ifndef INVOICECTL_API_CONNECTOR_H
#define INVOICECTL_API_CONNECTOR_H

#include "api/conn.h"
#include "api/http.h"
#include "api/merge.h"
#include "api/proto.h"
#include "model/batch.h"
#include "model/invoice.h"
#include "model/problem.h"
#include "util/err.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONN_ID_MAX 64
#define CONN_PAGE_SIZE_MAX 1000

/* What an answer to a request means to the run (not to the engine: the engine has already retried
 * what is safe to retry, signed in again after an expired session, and waited out rate limits). */
enum conn_verdict {
    CONN_OK = 0,     /* success */
    CONN_REFUSED,    /* the API refused this request for its content (4xx with messages); final */
    CONN_DUPLICATE,  /* refused because the match key is taken (B2B 400 "already exists", BILL 422
                        duplicate number): the run looks the invoice up before deciding */
    CONN_NOT_FOUND,  /* the invoice addressed is not in the store (404) */
    CONN_FORBIDDEN,  /* the credentials may not do this (403): every other write would fail the same
                        way, so the run stops (exit 2) */
    CONN_AUTH,       /* the credentials are wrong (bad token, bad password, bad dev key): exit 2 */
    CONN_BUDGET,     /* the API's budget is spent for a long while (BILL's hourly BDC_1144): the run
                        stops, exit 3, the message says when to resume */
    CONN_UNAVAILABLE /* 5xx, 429 past the retries, no answer: for a create, outcome unknown */
};

/* A list filter in canonical terms; a connector refuses (IC_EXIT_USAGE, naming the option) what
 * its API cannot filter by, rather than ignoring it. */
typedef struct conn_filter {
    int status;                        /* -1 any; else 0 open, 1 partially paid, 2 completed */
    const char *customer_id;           /* NULL any */
    int64_t created_from, created_to;  /* 0 = unset; unix seconds, inclusive */
    const char *search_field, *search; /* canonical field name ("invoiceNumber") and text; NULL
                                          unset (B2B Edition only: others refuse it) */
    const char *sort_field, *sort_dir; /* canonical field name ("createdAt") and "asc"/"desc";
                                          NULL: default */
    int page_limit;                    /* 0: the connector's page size; tests use smaller pages */
    bool include_extra_fields;         /* each document with the extra fields the API keeps */
} conn_filter;

void conn_filter_init(conn_filter *f); /* status -1, the rest unset */

/* Called once per page, in list order, with the page's documents (a cJSON array, borrowed: valid
 * during the call), the position of its first document, and the total when the API tells it
 * (else (size_t)-1).  A non-zero return stops the listing and is returned. */
typedef int (*conn_page_fn)(void *ctx, const cJSON *docs, size_t offset, size_t total);

/* A lookup's answer: found is the stored document with that key (borrowed, valid during the call;
 * NULL when the store has none); rc 0, or an exit code with err filled when the lookup failed. */
typedef void (*conn_found_fn)(void *ctx, const cJSON *found, int rc, const ic_err *err);

/* One request, as the connector wants it sent: method, path relative to the base URL, body text
 * (NULL none).  Owned strings: release with conn_request_release. */
typedef struct conn_request {
    const char *method;
    char *path;
    char *body;
} conn_request;
void conn_request_release(conn_request *r);

/* True when an id is a plain positive integer of at most 15 digits (exact as a JSON number): such
 * ids (B2B Edition's) are written as numbers in journals, plans, reports and results, as they
 * always were; other ids as strings. */
bool conn_id_numeric(const char *id);

/* A payment to record (the pay command), in canonical terms; strings borrowed for the call. */
typedef struct conn_payment {
    const char *key;      /* the payment key (model/payment.h): kept where payment_find sees it */
    money_t amount;       /* > 0 */
    const char *date;     /* "YYYY-MM-DD" */
    const char *currency; /* the invoice's ISO 4217 code */
    const char *method;   /* how it came ("wire", "CHECK"); NULL unknown */
    const char *reference, *payer; /* NULL when not given */
} conn_payment;

/* Called once per payment recorded against an invoice that carries a payment key (payment_find);
 * non-zero stops the listing and is returned. */
typedef int (*conn_payment_fn)(void *ctx, const char *key, const char *payment_id);

/* One credential a connector needs: where it comes from.  Resolution order is the same for every
 * target (api/conn.c): a --NAME-file option (secrets; "token-file" and "password-file" exist) or
 * --NAME VALUE (non-secrets, value_opt) > the environment variable > the profile's key.  A secret
 * never comes from argv.  Values with control characters are refused (they go into headers). */
typedef struct conn_credential {
    const char *key;      /* profile key and api_conn slot name: "token", "store_hash",
                             "username", "password", "organization_id", "dev_key" */
    const char *env;      /* "B2B_AUTH_TOKEN", "BILL_PASSWORD", … */
    const char *file_opt; /* "token-file", "password-file", or NULL */
    bool secret;          /* wiped after use, never printed */
    bool required;
    const char *help; /* "the store hash (Settings > API accounts)" */
    /* Added (trailing, so positional initialisers of the six fields above still work): */
    const char *value_opt; /* a --NAME VALUE option for a non-secret ("store-hash"), or NULL */
    const char *missing;   /* the message when it is given nowhere; NULL: made from the above */
} conn_credential;

typedef struct ic_connector {
    const char *name;             /* "bigcommerce-b2b", "bill-v3", "rebillia": mapping "target" */
    const char *title;            /* "BigCommerce B2B Edition", for messages */
    const char *default_base_url; /* used when no --api-url / profile "api_url" is given */
    const conn_credential *credentials; /* terminated by {0} */
    int max_concurrency;                /* most requests in flight the API allows; 0 no limit */
    const char *const *match_fields;    /* canonical fields that can be the match key, NULL-ended;
                                           the first is the default */
    bool can_search;                    /* conn_filter.search is supported */
    int max_page_size; /* the list's page size when conn_filter.page_limit is 0, and the largest
                          --page-size allowed (B2B Edition: 250); at most CONN_PAGE_SIZE_MAX */
    /* Why a write answered CONN_FORBIDDEN is refused, and the fix, for the message that stops the
     * run ("the token is not allowed to change invoices"; "use a token whose API account has …").
     * NULL: a generic text.  (Added to the contract: the run names no target's account model.) */
    const char *forbidden_why, *forbidden_fix;
    /* What creating an invoice makes the target do that the user must know before saying yes
     * (B2B Edition emails the buyer), one sentence for the confirmation and the refusal without
     * --yes.  NULL: nothing to say.  (Added to the contract: the prompt names no target's mail.) */
    const char *create_note;
    /* Makes a create body ask the API to email the customer the invoice (import --send-email;
     * BILL: processingOptions.sendEmail true).  NULL: the target cannot be asked per invoice (B2B
     * Edition's email depends on the store's template), and --send-email is refused. */
    void (*ask_email)(cJSON *create_body);

    /* --- the engine: credentials on the wire, sign-in, rate model (api/http.h) --- */
    /* Fills the engine's protocol hooks for this connection (headers, sign-in request, how answers
     * are classified for retries, rate headers).  0 or IC_EXIT_USAGE with err set.  On 0 the
     * proto is passed to http_engine_new (api/http.h), which owns its ctx from then on, even when
     * it fails. */
    int (*engine_proto)(const api_conn *conn, http_proto *proto, ic_err *err);

    /* --- validation --- */
    /* What this target cannot hold, or holds otherwise, of a valid canonical invoice: errors (it
     * would be refused: a number over 100 characters) and warnings naming the field and what
     * happens to it ("cost line 'Freight' is sent as a line item").  May be NULL. */
    void (*check)(const ic_invoice *inv, const char *file, problem_list *out);
    /* The largest amount the target keeps exactly (model/target.h); 0: the whole money range. */
    money_t max_amount;

    /* --- documents --- */
    /* The create body for a canonical invoice.  NULL only when out of memory. */
    cJSON *(*create_body)(const ic_invoice *inv);
    /* A stored document as a canonical invoice (strict: a wrong type is an error naming the field).
     * inv is initialised by the caller and released by it even on error.  0 or IC_EXIT_IO. */
    int (*read_doc)(const cJSON *doc, ic_invoice *inv, ic_err *err);
    /* The document's match value for a canonical match field, and its id; false when absent. */
    bool (*doc_key)(const cJSON *doc, const char *match_field, char *buf, size_t bufsize);
    bool (*doc_id)(const cJSON *doc, char *buf, size_t bufsize);
    /* `stored` with the create body laid over it, as the API would store it after an update (the
     * merge rule of the target: what the file does not say is kept). */
    cJSON *(*merge)(const cJSON *stored, const cJSON *body);
    /* Every field-level difference between two documents, as the target compares values. */
    size_t (*diff)(const cJSON *before, const cJSON *after, merge_change **out);
    /* The update request's body from the merged document (ids of kept lines preserved). */
    cJSON *(*update_body)(const cJSON *merged, const cJSON *stored);
    /* May the stored invoice be updated at all?  NULL: always.  When not, a reason for the plan's
     * "refused" class (Rebillia: only while "posted" or "requestPayment"). */
    bool (*can_update)(const cJSON *stored, char *why, size_t whylen);
    /* Import's replace mode: `stored` with the create body laid over it, but the body's invoice
     * details whole in place of the stored ones (lines the store has that the body lacks are
     * dropped, and nothing of the stored details is kept), as the target would store it; the
     * update body is then made from it by update_body.  NULL: the target cannot replace an
     * invoice whole, and the plan refuses replace rows naming the target. */
    cJSON *(*replace)(const cJSON *stored, const cJSON *body);

    /* --- requests --- */
    void (*create_request)(const char *body, conn_request *out);
    void (*update_request)(const char *id, const char *body, conn_request *out);
    /* The verdict on an answer to a create or update, with the API's message in msg. */
    enum conn_verdict (*verdict)(const http_result *res, char *msg, size_t msglen);
    /* The id of the invoice a successful create answered with; false when it gives none. */
    bool (*answer_id)(const http_result *res, char *id, size_t idlen);
    /* Lists the store through the engine (synchronous: runs the engine).  0 or an exit code. */
    int (*list)(http_engine *e, const conn_filter *f, conn_page_fn fn, void *ctx, ic_err *err);
    /* Looks one invoice up by its match value, from inside a running engine (asynchronous: fn is
     * called once, from an engine callback; also when the lookup failed: rc IC_EXIT_IO and err
     * with the API's message).  B2B Edition searches by invoice number whatever match_field says
     * (the run passes "invoiceNumber" and the invoice's number).  created_since: unix seconds
     * before which the invoice cannot have been created (0 unknown); a connector that cannot filter
     * by the key (BILL) uses it to read only the newest invoices. */
    void (*find)(http_engine *e, const char *match_field, const char *key, int64_t created_since,
                 conn_found_fn fn, void *ctx);

    /* --- per-run lookups (optional: NULL for a target that needs none) --- */
    /* Resolves, before the plan and before anything is sent, every id the batch's create bodies
     * need that the file does not hold (Rebillia: the numeric ids of the currency, customer,
     * countries, gateway and payment method), through the API (synchronous: runs the engine) or
     * from the connection's settings, and keeps them in a cache the connector owns (one per
     * process) that create_body, update_body and check-like steps then read.  Every value that
     * cannot be resolved is reported once in `out`, by name ("customer 'ann@example.com' is not
     * in Rebillia"), with the first invoice that uses it.  Returns 0 when everything resolved;
     * IC_EXIT_INVALID when some value did not (send nothing); IC_EXIT_USAGE for a setting that
     * is missing or wrong (the message names it, never a secret's value); IC_EXIT_IO or
     * IC_EXIT_INTERRUPTED when the lookups could not be made.  err is set whenever it returns
     * non-zero.  Calling it again replaces the cache. */
    int (*prepare)(http_engine *e, const ic_invoice *invs, size_t n, const api_conn *conn,
                   problem_list *out, ic_err *err);
    /* Releases what prepare cached (the end of the run); NULL when prepare is NULL.  Safe to call
     * when prepare never ran. */
    void (*finish)(void);

    /* --- removing an invoice (import's delete mode, undo) --- */
    /* The request that takes a stored invoice out of the store: B2B Edition DELETE /invoices/{id};
     * BILL has no delete and archives (POST /v3/invoices/{id}/archive); Rebillia DELETE
     * /invoices/{id}.  The answer goes through verdict: a 404 is CONN_NOT_FOUND (already gone). */
    void (*delete_request)(const char *id, conn_request *out);
    /* What removing does, for plans, prompts and results: "delete" / "deleted", "archive" /
     * "archived". */
    const char *delete_verb, *delete_done;
    /* May the stored invoice be removed?  NULL: always.  When not, the reason for the plan's
     * "refused" class ("it has payments: open balance 10.00 of 25.00"). */
    bool (*can_delete)(const cJSON *stored, char *why, size_t whylen);
    /* Brings a removed invoice back as it was, under its own id (undo of import's delete mode):
     * BILL POST /v3/invoices/{id}/restore (idempotent: a restored invoice restored again stays
     * so).  NULL for a target whose delete is for good (B2B Edition, Rebillia): undo creates the
     * invoice again from the document recorded before its removal, under a new id.  The answer
     * goes through verdict. */
    void (*undelete_request)(const char *id, conn_request *out);
    /* What undelete_request does, for plans, prompts and results: "unarchive" / "unarchived". */
    const char *undelete_verb, *undelete_done;

    /* --- payments (the pay command) --- */
    /* The body that records a payment received against a stored invoice (B2B Edition: POST
     * /payments/offline; BILL: POST /v3/invoices/record-payment).  The payment key goes where the
     * API keeps it, so that payment_find finds the payment again.  NULL (and every hook below
     * NULL): the target cannot record payments, and `pay` refuses (payment_none says why). */
    cJSON *(*payment_body)(const cJSON *stored, const conn_payment *p);
    void (*payment_request)(const char *body, conn_request *out);
    /* The id of the payment a successful answer gives (the answer's verdict comes from verdict);
     * false when it gives none. */
    bool (*payment_answer_id)(const http_result *res, char *id, size_t idlen);
    /* Lists the payments recorded against a stored invoice (synchronous: runs the engine): fn is
     * called for each one that carries a payment key, with the key and the payment's id.  0 or
     * an exit code with err.  NULL: the API offers no way to find a payment again (BILL), so a
     * payment whose answer was lost is reported unknown and never sent again by itself. */
    int (*payment_find)(http_engine *e, const cJSON *stored, conn_payment_fn fn, void *ctx,
                        ic_err *err);
    /* Why `pay` cannot record payments here (a target without payment_body): "Rebillia's API has
     * no endpoint for recording a payment received offline". */
    const char *payment_none;
} ic_connector;

/* The connector of a target name; NULL when unknown.  connector_names lists every registered name,
 * comma-joined, for messages ("bigcommerce-b2b, bill-v3"); static text. */
const ic_connector *connector_find(const char *name);
const char *connector_names(void);
/* Runs the target's check (if any) over every invoice of the batch: its errors make the invoice
 * invalid (the batch's counts follow), its warnings join the batch's problems. */
void connector_check_batch(const ic_connector *c, ic_batch *b);

/* The default target: "bigcommerce-b2b". */
const ic_connector *connector_default(void);

/* Synchronous lookup for use outside a running engine (resuming open intents): runs the engine
 * until fn is answered.  *found gets a copy (caller cJSON_Deletes) or NULL.  Returns 0, the
 * lookup's rc with err, or http_run's code (interrupted, a failed sign-in). */
int connector_find_sync(const ic_connector *c, http_engine *e, const char *match_field,
                        const char *key, int64_t created_since, cJSON **found, ic_err *err);

#endif
