/* ISO 4217 alphabetic codes in current use, with their minor units.
 *
 * The table is sorted by code for binary search.  Codes without a minor unit in
 * ISO 4217 (precious metals, the SDR, testing codes) are marked -1;
 * currency_decimals gives 4 for them, the full precision of money_t, so nothing
 * is rounded away.  ANG, SLL and ZWL are still listed while their successors
 * (XCG, SLE, ZWG) phase in; accepting a code in transition costs nothing,
 * refusing a valid one would stop an import. */
#include "model/money.h"

#include <stdlib.h>
#include <string.h>

struct currency {
    char code[4];
    signed char decimals;
};

static const struct currency currencies[] = {
    {"AED", 2},  {"AFN", 2},  {"ALL", 2},  {"AMD", 2},  {"ANG", 2},  {"AOA", 2},  {"ARS", 2},
    {"AUD", 2},  {"AWG", 2},  {"AZN", 2},  {"BAM", 2},  {"BBD", 2},  {"BDT", 2},  {"BGN", 2},
    {"BHD", 3},  {"BIF", 0},  {"BMD", 2},  {"BND", 2},  {"BOB", 2},  {"BOV", 2},  {"BRL", 2},
    {"BSD", 2},  {"BTN", 2},  {"BWP", 2},  {"BYN", 2},  {"BZD", 2},  {"CAD", 2},  {"CDF", 2},
    {"CHE", 2},  {"CHF", 2},  {"CHW", 2},  {"CLF", 4},  {"CLP", 0},  {"CNY", 2},  {"COP", 2},
    {"COU", 2},  {"CRC", 2},  {"CUC", 2},  {"CUP", 2},  {"CVE", 2},  {"CZK", 2},  {"DJF", 0},
    {"DKK", 2},  {"DOP", 2},  {"DZD", 2},  {"EGP", 2},  {"ERN", 2},  {"ETB", 2},  {"EUR", 2},
    {"FJD", 2},  {"FKP", 2},  {"GBP", 2},  {"GEL", 2},  {"GHS", 2},  {"GIP", 2},  {"GMD", 2},
    {"GNF", 0},  {"GTQ", 2},  {"GYD", 2},  {"HKD", 2},  {"HNL", 2},  {"HTG", 2},  {"HUF", 2},
    {"IDR", 2},  {"ILS", 2},  {"INR", 2},  {"IQD", 3},  {"IRR", 2},  {"ISK", 0},  {"JMD", 2},
    {"JOD", 3},  {"JPY", 0},  {"KES", 2},  {"KGS", 2},  {"KHR", 2},  {"KMF", 0},  {"KPW", 2},
    {"KRW", 0},  {"KWD", 3},  {"KYD", 2},  {"KZT", 2},  {"LAK", 2},  {"LBP", 2},  {"LKR", 2},
    {"LRD", 2},  {"LSL", 2},  {"LYD", 3},  {"MAD", 2},  {"MDL", 2},  {"MGA", 2},  {"MKD", 2},
    {"MMK", 2},  {"MNT", 2},  {"MOP", 2},  {"MRU", 2},  {"MUR", 2},  {"MVR", 2},  {"MWK", 2},
    {"MXN", 2},  {"MXV", 2},  {"MYR", 2},  {"MZN", 2},  {"NAD", 2},  {"NGN", 2},  {"NIO", 2},
    {"NOK", 2},  {"NPR", 2},  {"NZD", 2},  {"OMR", 3},  {"PAB", 2},  {"PEN", 2},  {"PGK", 2},
    {"PHP", 2},  {"PKR", 2},  {"PLN", 2},  {"PYG", 0},  {"QAR", 2},  {"RON", 2},  {"RSD", 2},
    {"RUB", 2},  {"RWF", 0},  {"SAR", 2},  {"SBD", 2},  {"SCR", 2},  {"SDG", 2},  {"SEK", 2},
    {"SGD", 2},  {"SHP", 2},  {"SLE", 2},  {"SLL", 2},  {"SOS", 2},  {"SRD", 2},  {"SSP", 2},
    {"STN", 2},  {"SVC", 2},  {"SYP", 2},  {"SZL", 2},  {"THB", 2},  {"TJS", 2},  {"TMT", 2},
    {"TND", 3},  {"TOP", 2},  {"TRY", 2},  {"TTD", 2},  {"TWD", 2},  {"TZS", 2},  {"UAH", 2},
    {"UGX", 0},  {"USD", 2},  {"USN", 2},  {"UYI", 0},  {"UYU", 2},  {"UYW", 4},  {"UZS", 2},
    {"VED", 2},  {"VES", 2},  {"VND", 0},  {"VUV", 0},  {"WST", 2},  {"XAF", 0},  {"XAG", -1},
    {"XAU", -1}, {"XBA", -1}, {"XBB", -1}, {"XBC", -1}, {"XBD", -1}, {"XCD", 2},  {"XCG", 2},
    {"XDR", -1}, {"XOF", 0},  {"XPD", -1}, {"XPF", 0},  {"XPT", -1}, {"XSU", -1}, {"XTS", -1},
    {"XUA", -1}, {"XXX", -1}, {"YER", 2},  {"ZAR", 2},  {"ZMW", 2},  {"ZWG", 2},  {"ZWL", 2},
};

static const struct currency *find(const char *code)
{
    if (!code || strlen(code) != 3)
        return NULL;
    size_t lo = 0, hi = sizeof currencies / sizeof currencies[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(code, currencies[mid].code, 3);
        if (c == 0)
            return &currencies[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

bool currency_is_iso4217(const char *code)
{
    return find(code) != NULL;
}

int currency_decimals(const char *code)
{
    const struct currency *c = find(code);
    if (!c)
        return 2;
    return c->decimals < 0 ? 4 : c->decimals;
}

/* English names of the codes above, as ISO 4217 writes them ("Yuan Renminbi", "Pound Sterling")
 * and as ERP exports and banks commonly do ("Chinese Yuan", "British Pound", "US Dollar"): the
 * key is the name folded as fold_name() does (ASCII lower case, '.' dropped, blanks single).
 * Sorted by key for binary search (tests/unit/test_money.c checks the order and that every code
 * is one of the table above).  A name two codes share in ISO 4217 ("Leone": SLE and SLL;
 * "Bolívar Soberano": VES and VED) goes to the current one; the other is reached by its code. */
static const struct currency_name {
    const char *name;
    char code[4];
} currency_names[] = {
    {"adb unit of account", "XUA"},
    {"afghan afghani", "AFN"},
    {"afghani", "AFN"},
    {"albanian lek", "ALL"},
    {"algerian dinar", "DZD"},
    {"american dollar", "USD"},
    {"angolan kwanza", "AOA"},
    {"argentine peso", "ARS"},
    {"ariary", "MGA"},
    {"armenian dram", "AMD"},
    {"aruban florin", "AWG"},
    {"australian dollar", "AUD"},
    {"azerbaijan manat", "AZN"},
    {"azerbaijani manat", "AZN"},
    {"bahamian dollar", "BSD"},
    {"bahraini dinar", "BHD"},
    {"baht", "THB"},
    {"balboa", "PAB"},
    {"bangladeshi taka", "BDT"},
    {"barbadian dollar", "BBD"},
    {"barbados dollar", "BBD"},
    {"belarusian ruble", "BYN"},
    {"belize dollar", "BZD"},
    {"bermuda dollar", "BMD"},
    {"bermudian dollar", "BMD"},
    {"bhutanese ngultrum", "BTN"},
    {"bolivar soberano", "VES"},
    {"bolivian boliviano", "BOB"},
    {"boliviano", "BOB"},
    {"bol\xC3\xADvar soberano", "VES"},
    {"bond markets unit european composite unit (eurco)", "XBA"},
    {"bond markets unit european monetary unit (emu-6)", "XBB"},
    {"bond markets unit european unit of account 17 (eua-17)", "XBD"},
    {"bond markets unit european unit of account 9 (eua-9)", "XBC"},
    {"bosnia and herzegovina convertible mark", "BAM"},
    {"botswana pula", "BWP"},
    {"brazilian real", "BRL"},
    {"british pound", "GBP"},
    {"british pound sterling", "GBP"},
    {"brunei dollar", "BND"},
    {"bulgarian lev", "BGN"},
    {"burundi franc", "BIF"},
    {"burundian franc", "BIF"},
    {"cabo verde escudo", "CVE"},
    {"cambodian riel", "KHR"},
    {"canadian dollar", "CAD"},
    {"cape verde escudo", "CVE"},
    {"cape verdean escudo", "CVE"},
    {"caribbean guilder", "XCG"},
    {"cayman islands dollar", "KYD"},
    {"central african cfa franc", "XAF"},
    {"cfa franc bceao", "XOF"},
    {"cfa franc beac", "XAF"},
    {"cfp franc", "XPF"},
    {"chilean peso", "CLP"},
    {"chinese renminbi", "CNY"},
    {"chinese yuan", "CNY"},
    {"chinese yuan renminbi", "CNY"},
    {"codes specifically reserved for testing purposes", "XTS"},
    {"colombian peso", "COP"},
    {"comorian franc", "KMF"},
    {"comoro franc", "KMF"},
    {"congolese franc", "CDF"},
    {"convertible mark", "BAM"},
    {"cordoba oro", "NIO"},
    {"costa rican colon", "CRC"},
    {"costa rican col\xC3\xB3n", "CRC"},
    {"cuban convertible peso", "CUC"},
    {"cuban peso", "CUP"},
    {"czech koruna", "CZK"},
    {"c\xC3\xB3rdoba oro", "NIO"},
    {"dalasi", "GMD"},
    {"danish krone", "DKK"},
    {"denar", "MKD"},
    {"djibouti franc", "DJF"},
    {"djiboutian franc", "DJF"},
    {"dobra", "STN"},
    {"dominican peso", "DOP"},
    {"dong", "VND"},
    {"east caribbean dollar", "XCD"},
    {"egyptian pound", "EGP"},
    {"el salvador colon", "SVC"},
    {"emirati dirham", "AED"},
    {"eritrean nakfa", "ERN"},
    {"ethiopian birr", "ETB"},
    {"euro", "EUR"},
    {"falkland islands pound", "FKP"},
    {"fiji dollar", "FJD"},
    {"fijian dollar", "FJD"},
    {"forint", "HUF"},
    {"gambian dalasi", "GMD"},
    {"georgian lari", "GEL"},
    {"ghana cedi", "GHS"},
    {"ghanaian cedi", "GHS"},
    {"gibraltar pound", "GIP"},
    {"gold", "XAU"},
    {"gourde", "HTG"},
    {"great british pound", "GBP"},
    {"guarani", "PYG"},
    {"guaran\xC3\xAD", "PYG"},
    {"guatemalan quetzal", "GTQ"},
    {"guinean franc", "GNF"},
    {"guyana dollar", "GYD"},
    {"guyanese dollar", "GYD"},
    {"haitian gourde", "HTG"},
    {"honduran lempira", "HNL"},
    {"hong kong dollar", "HKD"},
    {"hryvnia", "UAH"},
    {"hungarian forint", "HUF"},
    {"iceland krona", "ISK"},
    {"icelandic krona", "ISK"},
    {"icelandic kr\xC3\xB3na", "ISK"},
    {"indian rupee", "INR"},
    {"indonesian rupiah", "IDR"},
    {"iranian rial", "IRR"},
    {"iraqi dinar", "IQD"},
    {"israeli new shekel", "ILS"},
    {"israeli shekel", "ILS"},
    {"jamaican dollar", "JMD"},
    {"japanese yen", "JPY"},
    {"jordanian dinar", "JOD"},
    {"kazakhstani tenge", "KZT"},
    {"kenyan shilling", "KES"},
    {"kina", "PGK"},
    {"kip", "LAK"},
    {"korean won", "KRW"},
    {"kuwaiti dinar", "KWD"},
    {"kwanza", "AOA"},
    {"kyat", "MMK"},
    {"kyrgyzstani som", "KGS"},
    {"lao kip", "LAK"},
    {"lari", "GEL"},
    {"lebanese pound", "LBP"},
    {"lek", "ALL"},
    {"lempira", "HNL"},
    {"leone", "SLE"},
    {"lesotho loti", "LSL"},
    {"liberian dollar", "LRD"},
    {"libyan dinar", "LYD"},
    {"lilangeni", "SZL"},
    {"loti", "LSL"},
    {"macanese pataca", "MOP"},
    {"macedonian denar", "MKD"},
    {"malagasy ariary", "MGA"},
    {"malawi kwacha", "MWK"},
    {"malawian kwacha", "MWK"},
    {"malaysian ringgit", "MYR"},
    {"maldivian rufiyaa", "MVR"},
    {"mauritanian ouguiya", "MRU"},
    {"mauritian rupee", "MUR"},
    {"mauritius rupee", "MUR"},
    {"mexican peso", "MXN"},
    {"mexican unidad de inversion", "MXV"},
    {"mexican unidad de inversion (udi)", "MXV"},
    {"moldovan leu", "MDL"},
    {"mongolian tugrik", "MNT"},
    {"moroccan dirham", "MAD"},
    {"mozambican metical", "MZN"},
    {"mozambique metical", "MZN"},
    {"mvdol", "BOV"},
    {"myanmar kyat", "MMK"},
    {"naira", "NGN"},
    {"nakfa", "ERN"},
    {"namibia dollar", "NAD"},
    {"namibian dollar", "NAD"},
    {"nepalese rupee", "NPR"},
    {"netherlands antillean guilder", "ANG"},
    {"new israeli shekel", "ILS"},
    {"new israeli sheqel", "ILS"},
    {"new taiwan dollar", "TWD"},
    {"new zealand dollar", "NZD"},
    {"ngultrum", "BTN"},
    {"nicaraguan cordoba", "NIO"},
    {"nicaraguan c\xC3\xB3rdoba", "NIO"},
    {"nigerian naira", "NGN"},
    {"north korean won", "KPW"},
    {"norwegian krone", "NOK"},
    {"omani rial", "OMR"},
    {"ouguiya", "MRU"},
    {"pa'anga", "TOP"},
    {"paanga", "TOP"},
    {"pakistan rupee", "PKR"},
    {"pakistani rupee", "PKR"},
    {"palladium", "XPD"},
    {"panamanian balboa", "PAB"},
    {"papua new guinean kina", "PGK"},
    {"paraguayan guarani", "PYG"},
    {"pataca", "MOP"},
    {"peruvian sol", "PEN"},
    {"peso convertible", "CUC"},
    {"peso uruguayo", "UYU"},
    {"philippine peso", "PHP"},
    {"platinum", "XPT"},
    {"polish zloty", "PLN"},
    {"polish z\xC5\x82oty", "PLN"},
    {"pound sterling", "GBP"},
    {"pounds sterling", "GBP"},
    {"pula", "BWP"},
    {"qatari rial", "QAR"},
    {"qatari riyal", "QAR"},
    {"quetzal", "GTQ"},
    {"rand", "ZAR"},
    {"renminbi", "CNY"},
    {"rial omani", "OMR"},
    {"riel", "KHR"},
    {"ringgit", "MYR"},
    {"romanian leu", "RON"},
    {"rufiyaa", "MVR"},
    {"rupiah", "IDR"},
    {"russian rouble", "RUB"},
    {"russian ruble", "RUB"},
    {"rwanda franc", "RWF"},
    {"rwandan franc", "RWF"},
    {"saint helena pound", "SHP"},
    {"salvadoran col\xC3\xB3n", "SVC"},
    {"samoan tala", "WST"},
    {"saudi riyal", "SAR"},
    {"sdr", "XDR"},
    {"serbian dinar", "RSD"},
    {"seychelles rupee", "SCR"},
    {"seychellois rupee", "SCR"},
    {"sierra leonean leone", "SLE"},
    {"silver", "XAG"},
    {"singapore dollar", "SGD"},
    {"sol", "PEN"},
    {"solomon islands dollar", "SBD"},
    {"som", "KGS"},
    {"somali shilling", "SOS"},
    {"somoni", "TJS"},
    {"south african rand", "ZAR"},
    {"south korean won", "KRW"},
    {"south sudanese pound", "SSP"},
    {"special drawing right", "XDR"},
    {"sri lanka rupee", "LKR"},
    {"sri lankan rupee", "LKR"},
    {"sterling", "GBP"},
    {"sucre", "XSU"},
    {"sudanese pound", "SDG"},
    {"surinam dollar", "SRD"},
    {"surinamese dollar", "SRD"},
    {"swazi lilangeni", "SZL"},
    {"swedish krona", "SEK"},
    {"swiss franc", "CHF"},
    {"syrian pound", "SYP"},
    {"s\xC3\xA3o tom\xC3\xA9 and pr\xC3\xADncipe dobra", "STN"},
    {"taiwan dollar", "TWD"},
    {"tajikistani somoni", "TJS"},
    {"taka", "BDT"},
    {"tala", "WST"},
    {"tanzanian shilling", "TZS"},
    {"tenge", "KZT"},
    {"thai baht", "THB"},
    {"the codes assigned for transactions where no currency is involved", "XXX"},
    {"tongan pa'anga", "TOP"},
    {"trinidad and tobago dollar", "TTD"},
    {"tugrik", "MNT"},
    {"tunisian dinar", "TND"},
    {"turkish lira", "TRY"},
    {"turkmenistan new manat", "TMT"},
    {"turkmenistani manat", "TMT"},
    {"t\xC3\xB6gr\xC3\xB6g", "MNT"},
    {"uae dirham", "AED"},
    {"uganda shilling", "UGX"},
    {"ugandan shilling", "UGX"},
    {"uk pound", "GBP"},
    {"ukrainian hryvnia", "UAH"},
    {"unidad de fomento", "CLF"},
    {"unidad de valor real", "COU"},
    {"unidad previsional", "UYW"},
    {"united arab emirates dirham", "AED"},
    {"united states dollar", "USD"},
    {"uruguay peso en unidades indexadas", "UYI"},
    {"uruguay peso en unidades indexadas (ui)", "UYI"},
    {"uruguayan peso", "UYU"},
    {"us dollar", "USD"},
    {"us dollar (next day)", "USN"},
    {"uzbekistan sum", "UZS"},
    {"uzbekistani som", "UZS"},
    {"vanuatu vatu", "VUV"},
    {"vatu", "VUV"},
    {"venezuelan bolivar", "VES"},
    {"venezuelan bol\xC3\xADvar", "VES"},
    {"vietnamese dong", "VND"},
    {"vietnamese \xC4\x90\xE1\xBB\x93ng", "VND"},
    {"west african cfa franc", "XOF"},
    {"wir euro", "CHE"},
    {"wir franc", "CHW"},
    {"won", "KRW"},
    {"yemeni rial", "YER"},
    {"yen", "JPY"},
    {"yuan renminbi", "CNY"},
    {"zambian kwacha", "ZMW"},
    {"zimbabwe dollar", "ZWL"},
    {"zimbabwe gold", "ZWG"},
    {"zimbabwean dollar", "ZWL"},
    {"zloty", "PLN"},
    {"z\xC5\x82oty", "PLN"},
};

#define NAME_MAX_LEN 64

/* The key of a name: ASCII letters in lower case, '.' left out ("U.S." is "us"), runs of blanks
 * (space, tab, U+00A0) as one space, none at either end.  0 when the result would not fit. */
static size_t fold_name(const char *s, size_t len, char out[NAME_MAX_LEN])
{
    size_t n = 0;
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' ||
            (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0)) {
            if (c == 0xC2)
                i++;
            space = n > 0;
            continue;
        }
        if (c == '.')
            continue;
        if (space) {
            if (n + 1 >= NAME_MAX_LEN)
                return 0;
            out[n++] = ' ';
            space = false;
        }
        if (n + 1 >= NAME_MAX_LEN)
            return 0;
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    out[n] = '\0';
    return n;
}

static int cmp_name(const void *key, const void *elem)
{
    return strcmp(key, ((const struct currency_name *)elem)->name);
}

static const char *code_of_key(const char *key)
{
    const struct currency_name *e =
        bsearch(key, currency_names, sizeof currency_names / sizeof currency_names[0],
                sizeof currency_names[0], cmp_name);
    return e ? e->code : NULL;
}

bool currency_from_name(const char *s, size_t len, char code[4])
{
    char key[NAME_MAX_LEN];
    size_t n = fold_name(s, len, key);
    if (n == 0)
        return false;
    const char *c = code_of_key(key);
    /* "US Dollars", "Euros", "Swiss Francs": the plural of a listed name. */
    if (!c && n > 1 && key[n - 1] == 's') {
        key[n - 1] = '\0';
        c = code_of_key(key);
    }
    if (!c)
        return false;
    memcpy(code, c, 4);
    return true;
}

size_t currency_name_count(void)
{
    return sizeof currency_names / sizeof currency_names[0];
}

const char *currency_name_at(size_t i, const char **code)
{
    if (i >= currency_name_count())
        return NULL;
    *code = currency_names[i].code;
    return currency_names[i].name;
}
