/* The lookups an invoice needs (company currencies, company gateways, customers with their
 * payment methods, countries), seeded once into a new store from --lookups FILE or the built-in
 * set below, which goes through the same checks.  A section the file leaves out keeps the
 * built-in one.  docs/sandbox.md lists the built-in values. */
#include "sandbox/rebillia/rebillia.h"
#include "util/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char builtin[] =
    "{\"currencies\":["
    "{\"id\":144,\"currencyId\":150,\"iso3\":\"USD\",\"name\":\"US Dollar\",\"symbol\":\"$\","
    "\"numericCode\":\"840\",\"decimals\":2},"
    "{\"id\":145,\"currencyId\":51,\"iso3\":\"EUR\",\"name\":\"Euro\",\"symbol\":\"\u20ac\","
    "\"numericCode\":\"978\",\"decimals\":2},"
    "{\"id\":146,\"currencyId\":52,\"iso3\":\"GBP\",\"name\":\"British Pound\","
    "\"symbol\":\"\u00a3\",\"numericCode\":\"826\",\"decimals\":2},"
    "{\"id\":147,\"currencyId\":75,\"iso3\":\"JPY\",\"name\":\"Japanese Yen\","
    "\"symbol\":\"\u00a5\",\"numericCode\":\"392\",\"decimals\":0}],"
    "\"gateways\":["
    "{\"id\":9,\"gblGatewayId\":3,\"displayName\":\"Sandbox Card\",\"type\":\"stripe\","
    "\"status\":\"active\"},"
    "{\"id\":10,\"gblGatewayId\":1,\"displayName\":\"Offline Payments\",\"type\":\"offline\","
    "\"status\":\"active\"}],"
    "\"customers\":["
    "{\"id\":517,\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\","
    "\"businessName\":\"Analytical Engines Ltd\",\"phone\":\"+1 555 0100\",\"paymentMethods\":["
    "{\"id\":1067,\"companyGatewayId\":9,\"type\":\"card\",\"accountNumber\":\"4242\","
    "\"expDate\":\"12/2030\"},"
    "{\"id\":1068,\"companyGatewayId\":10,\"type\":\"offline\"}]},"
    "{\"id\":518,\"firstName\":\"Grace\",\"lastName\":\"Hopper\",\"email\":\"grace@example.com\","
    "\"businessName\":\"Compiler Works\",\"paymentMethods\":["
    "{\"id\":1069,\"companyGatewayId\":9,\"type\":\"card\",\"accountNumber\":\"1881\","
    "\"expDate\":\"01/2029\"}]},"
    "{\"id\":519,\"firstName\":\"Alan\",\"lastName\":\"Turing\",\"email\":\"alan@example.com\","
    "\"paymentMethods\":[{\"id\":1070,\"companyGatewayId\":9,\"type\":\"ach\","
    "\"accountNumber\":\"6789\"}]}],"
    "\"countries\":["
    "{\"id\":230,\"alpha2Code\":\"US\",\"alpha3Code\":\"USA\",\"name\":\"United States\"},"
    "{\"id\":38,\"alpha2Code\":\"CA\",\"alpha3Code\":\"CAN\",\"name\":\"Canada\"},"
    "{\"id\":229,\"alpha2Code\":\"GB\",\"alpha3Code\":\"GBR\",\"name\":\"United Kingdom\"},"
    "{\"id\":81,\"alpha2Code\":\"DE\",\"alpha3Code\":\"DEU\",\"name\":\"Germany\"},"
    "{\"id\":74,\"alpha2Code\":\"FR\",\"alpha3Code\":\"FRA\",\"name\":\"France\"},"
    "{\"id\":109,\"alpha2Code\":\"JP\",\"alpha3Code\":\"JPN\",\"name\":\"Japan\"},"
    "{\"id\":205,\"alpha2Code\":\"ES\",\"alpha3Code\":\"ESP\",\"name\":\"Spain\"},"
    "{\"id\":107,\"alpha2Code\":\"IT\",\"alpha3Code\":\"ITA\",\"name\":\"Italy\"},"
    "{\"id\":153,\"alpha2Code\":\"NL\",\"alpha3Code\":\"NLD\",\"name\":\"Netherlands\"},"
    "{\"id\":13,\"alpha2Code\":\"AU\",\"alpha3Code\":\"AUS\",\"name\":\"Australia\"},"
    "{\"id\":142,\"alpha2Code\":\"MX\",\"alpha3Code\":\"MEX\",\"name\":\"Mexico\"},"
    "{\"id\":10,\"alpha2Code\":\"AR\",\"alpha3Code\":\"ARG\",\"name\":\"Argentina\"}]}";

enum kind { K_ID, K_INT, K_TEXT, K_OPT };

typedef struct field {
    const char *name;
    enum kind kind;
} field;

typedef struct section {
    const char *name, *sql; /* sql binds the fields in order, then the parent's id */
    const field *fields;
} section;

static const field currency_fields[] = {
    {"id", K_ID},      {"currencyId", K_ID},   {"iso3", K_TEXT},    {"name", K_TEXT},
    {"symbol", K_OPT}, {"numericCode", K_OPT}, {"decimals", K_INT}, {NULL, K_ID}};
static const field gateway_fields[] = {
    {"id", K_ID},     {"gblGatewayId", K_ID}, {"displayName", K_TEXT},
    {"type", K_TEXT}, {"status", K_TEXT},     {NULL, K_ID}};
static const field customer_fields[] = {
    {"id", K_ID},      {"firstName", K_TEXT},   {"lastName", K_TEXT},
    {"email", K_TEXT}, {"businessName", K_OPT}, {"phone", K_OPT},
    {NULL, K_ID}};
static const field method_fields[] = {{"id", K_ID},
                                      {"companyGatewayId", K_ID},
                                      {"type", K_TEXT},
                                      {"accountName", K_OPT},
                                      {"accountNumber", K_OPT},
                                      {"expDate", K_OPT},
                                      {NULL, K_ID}};
static const field country_fields[] = {
    {"id", K_ID}, {"alpha2Code", K_TEXT}, {"alpha3Code", K_OPT}, {"name", K_TEXT}, {NULL, K_ID}};

static const section sections[] = {
    {"currencies",
     "INSERT INTO reb_currency(id, gbl_id, iso3, name, symbol, numeric_code, decimals)"
     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
     currency_fields},
    {"gateways",
     "INSERT INTO reb_gateway(id, gbl_id, display_name, type, status) VALUES (?1, ?2, ?3, ?4, ?5)",
     gateway_fields},
    {"customers",
     "INSERT INTO reb_customer(id, first_name, last_name, email, business_name, phone)"
     " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
     customer_fields},
    {"countries", "INSERT INTO reb_country(id, alpha2, alpha3, name) VALUES (?1, ?2, ?3, ?4)",
     country_fields},
};

static const section methods = {
    "paymentMethods",
    "INSERT INTO reb_payment_method(id, gateway_id, type, account_name, account_number, exp_date,"
    " customer_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    method_fields};

/* Inserts one item; its problem (naming the field) in why. */
static bool insert(reb_state *r, const section *sec, const cJSON *item, int64_t parent, char *why,
                   size_t whylen)
{
    sqlite3_stmt *st = reb_prepare(r, sec->sql);
    if (!st)
        return snprintf(why, whylen, "database error"), false;
    int i = 0;
    for (; sec->fields[i].name; i++) {
        const field *f = &sec->fields[i];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, f->name);
        int64_t n;
        bool ok = true;
        if (f->kind == K_ID && (ok = reb_json_id(v, &n)))
            sqlite3_bind_int64(st, i + 1, n);
        else if (f->kind == K_INT && (ok = reb_json_int(v, 0, 4, &n)))
            sqlite3_bind_int64(st, i + 1, n);
        else if ((f->kind == K_TEXT || f->kind == K_OPT) && reb_json_text(v))
            sqlite3_bind_text(st, i + 1, v->valuestring, -1, SQLITE_TRANSIENT);
        else if (f->kind == K_TEXT || (f->kind == K_OPT && v && !cJSON_IsNull(v)))
            ok = false;
        if (!ok) {
            sqlite3_finalize(st);
            snprintf(why, whylen, "\"%s\": expected %s", f->name,
                     f->kind == K_ID    ? "a positive whole number"
                     : f->kind == K_INT ? "a whole number from 0 to 4"
                                        : "a string");
            return false;
        }
    }
    if (parent)
        sqlite3_bind_int64(st, i + 1, parent);
    bool done = sqlite3_step(st) == SQLITE_DONE;
    if (!done)
        snprintf(why, whylen, "%s", sqlite3_errmsg(r->db)); /* a repeated id, mostly */
    sqlite3_finalize(st);
    return done;
}

static int load_section(reb_state *r, const section *sec, const cJSON *items, const char *from,
                        ic_err *err)
{
    char why[256];
    int i = 0;
    const cJSON *item;
    if (!cJSON_IsArray(items))
        return ic_err_set(err, IC_EXIT_USAGE, "%s: \"%s\": expected an array", from, sec->name);
    cJSON_ArrayForEach(item, items)
    {
        i++;
        if (!insert(r, sec, item, 0, why, sizeof why))
            return ic_err_set(err, IC_EXIT_USAGE, "%s: %s %d: %s", from, sec->name, i, why);
        const cJSON *pms = sec->fields == customer_fields
                               ? cJSON_GetObjectItemCaseSensitive(item, methods.name)
                               : NULL;
        const cJSON *pm;
        int64_t id = 0;
        reb_json_id(cJSON_GetObjectItemCaseSensitive(item, "id"), &id);
        int j = 0;
        cJSON_ArrayForEach(pm, pms)
        {
            j++;
            if (!insert(r, &methods, pm, id, why, sizeof why))
                return ic_err_set(err, IC_EXIT_USAGE, "%s: %s %d: payment method %d: %s", from,
                                  sec->name, i, j, why);
        }
    }
    return 0;
}

int reb_seed(reb_state *r, const char *path, ic_err *err)
{
    if (reb_store_exists(r, "SELECT 1 FROM reb_counter WHERE name = 'seeded' AND ?1", 1, 0))
        return 0; /* a kept store (--db) has its lookups already, even an empty section */
    cJSON *defaults = cJSON_Parse(builtin), *file = NULL;
    if (path) {
        size_t len;
        char *text = sandbox_read_file(path, &len, err);
        if (!text) {
            cJSON_Delete(defaults);
            return err->code;
        }
        file = reb_json_parse(text, len);
        free(text);
        if (!cJSON_IsObject(file)) {
            cJSON_Delete(defaults);
            cJSON_Delete(file);
            return ic_err_set(err, IC_EXIT_USAGE,
                              "'%s': expected a JSON object of currencies, gateways, customers "
                              "and countries",
                              path);
        }
    }
    int rc = reb_exec(r, "BEGIN") ? 0 : IC_EXIT_IO;
    for (size_t i = 0; rc == 0 && i < IC_ARRAY_LEN(sections); i++) {
        const cJSON *given = cJSON_GetObjectItemCaseSensitive(file, sections[i].name);
        char from[300];
        snprintf(from, sizeof from, "'%s'", given ? path : "built-in lookups");
        rc = load_section(r, &sections[i],
                          given ? given
                                : cJSON_GetObjectItemCaseSensitive(defaults, sections[i].name),
                          from, err);
    }
    if (rc == 0 && !reb_store_exists(r,
                                     "SELECT 1 FROM reb_payment_method p WHERE ?1 AND NOT EXISTS"
                                     " (SELECT 1 FROM reb_gateway g WHERE g.id = p.gateway_id)",
                                     1, 0))
        rc = reb_store_next(r, "seeded") && reb_exec(r, "COMMIT") ? 0 : IC_EXIT_IO;
    else if (rc == 0)
        rc = ic_err_set(err, IC_EXIT_USAGE,
                        "'%s': a payment method names a companyGatewayId that no gateway has",
                        path ? path : "built-in lookups");
    if (rc)
        reb_exec(r, "ROLLBACK");
    cJSON_Delete(defaults);
    cJSON_Delete(file);
    return rc;
}
