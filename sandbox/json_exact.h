/* Parsing request bodies and stored documents with every number kept as the text it was written
 * in, for the emulations whose APIs carry money as JSON numbers (BILL in currency units, Rebillia
 * in cents): cJSON would read a number into a double and lose its digits.
 *
 * Each number literal outside strings is handed to the emulation's policy, which keeps it as a
 * JSON number (a plain integer a double holds), as a string of SB_NUM_MARK followed by its text, or
 * refuses the body.  SB_NUM_MARK is a byte JSON text may not hold raw inside a string, so a marked
 * string can never come from the client; a raw one, or its \u0001 escape, refuses the body.
 *
 * Ownership: the tree returned is the caller's (cJSON_Delete).
 */
#ifndef INVOICECTL_SANDBOX_JSON_EXACT_H
#define INVOICECTL_SANDBOX_JSON_EXACT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#define SB_NUM_MARK '\x01'

enum sb_num {
    SB_NUM_PLAIN, /* kept as a JSON number */
    SB_NUM_TEXT,  /* kept as SB_NUM_MARK + its text (at most SB_NUM_TEXT_MAX bytes of it) */
    SB_NUM_BAD    /* the body is refused */
};
#define SB_NUM_TEXT_MAX 63

/* The policy: what to do with the number literal s[0..n) ("-12.50", "1e2"). */
typedef enum sb_num (*sb_num_fn)(const char *s, size_t n);

/* The tree of text[0..len), or NULL when it is not JSON or the policy refused a number. */
cJSON *sb_json_parse_exact(const char *text, size_t len, sb_num_fn policy);

#endif
