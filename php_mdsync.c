/* mdsync: the PHP face. Argument parsing, option merging, converting results to PHP
 * values, exceptions. Everything below (src/) knows nothing of PHP values. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "php_ini.h"
#include "SAPI.h"
#include "ext/standard/info.h"
#include "ext/spl/spl_exceptions.h"
#include "ext/spl/spl_iterators.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "zend_attributes.h"
#include "zend_smart_str.h"
#include "ext/standard/php_string.h"
#include "ext/standard/url.h"
#include "ext/hash/php_hash.h"
#include "ext/random/php_random.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <json-c/json_c_version.h>

#include "php_mdsync.h"
#include "src/error.h"
#include "src/http.h"
#include "src/users.h"
#include "src/django.h"
#include "src/plan.h"
#include "src/sign.h"
#include "src/url.h"
#include "src/moodle.h"
#include "src/events.h"
#include "mdsync_arginfo.h"

ZEND_DECLARE_MODULE_GLOBALS(mdsync)

static zend_class_entry *mdsync_ce_exception;
static zend_class_entry *mdsync_ce_http_exception;
static zend_class_entry *mdsync_ce_connection_exception;
static zend_class_entry *mdsync_ce_protocol_exception;
static zend_class_entry *mdsync_ce_moodle_exception;

/* Record keys, interned once. */
static zend_string *key_source, *key_fields[MDSYNC_F_COUNT + 1];

/* {{{ INI: validated, bound to globals. Secrets never live here (phpinfo shows INI). */
static ZEND_INI_MH(OnUpdateMdsyncPositive)
{
	zend_long v = ZEND_ATOL(ZSTR_VAL(new_value));
	zend_long max = (zend_long) (uintptr_t) mh_arg3;
	if (v < 1 || (max && v > max)) {
		return FAILURE;
	}
	return OnUpdateLong(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

static ZEND_INI_MH(OnUpdateMdsyncRetries)
{
	zend_long v = ZEND_ATOL(ZSTR_VAL(new_value));
	if (v < 0 || v > 20) {
		return FAILURE;
	}
	return OnUpdateLong(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

static ZEND_INI_MH(OnUpdateMdsyncPath)
{
	if (ZSTR_LEN(new_value) == 0 || ZSTR_VAL(new_value)[0] != '/') {
		return FAILURE;
	}
	return OnUpdateString(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

#define MDSYNC_INI_POSITIVE(name, def, field, max) \
	STD_PHP_INI_ENTRY(name, def, PHP_INI_ALL, OnUpdateMdsyncPositive, field, zend_mdsync_globals, mdsync_globals)
PHP_INI_BEGIN()
	STD_PHP_INI_ENTRY("mdsync.django_url", "", PHP_INI_ALL, OnUpdateString, django_url, zend_mdsync_globals, mdsync_globals)
	STD_PHP_INI_ENTRY("mdsync.users_path", "/api/user/", PHP_INI_ALL, OnUpdateMdsyncPath, users_path, zend_mdsync_globals, mdsync_globals)
	STD_PHP_INI_ENTRY("mdsync.ca_info", "", PHP_INI_ALL, OnUpdateString, ca_info, zend_mdsync_globals, mdsync_globals)
	ZEND_INI_ENTRY3_EX("mdsync.timeout_ms", "30000", PHP_INI_ALL, OnUpdateMdsyncPositive,
		(void *) XtOffsetOf(zend_mdsync_globals, timeout_ms), (void *) &mdsync_globals, (void *) 0, NULL)
	ZEND_INI_ENTRY3_EX("mdsync.connect_timeout_ms", "5000", PHP_INI_ALL, OnUpdateMdsyncPositive,
		(void *) XtOffsetOf(zend_mdsync_globals, connect_timeout_ms), (void *) &mdsync_globals, (void *) 0, NULL)
	ZEND_INI_ENTRY3_EX("mdsync.concurrency", "8", PHP_INI_ALL, OnUpdateMdsyncPositive,
		(void *) XtOffsetOf(zend_mdsync_globals, concurrency), (void *) &mdsync_globals, (void *) 256, NULL)
	ZEND_INI_ENTRY3_EX("mdsync.page_size", "1000", PHP_INI_ALL, OnUpdateMdsyncPositive,
		(void *) XtOffsetOf(zend_mdsync_globals, page_size), (void *) &mdsync_globals, (void *) 100000, NULL)
	ZEND_INI_ENTRY3_EX("mdsync.deadline_ms", "300000", PHP_INI_ALL, OnUpdateMdsyncPositive,
		(void *) XtOffsetOf(zend_mdsync_globals, deadline_ms), (void *) &mdsync_globals, (void *) 0, NULL)
	STD_PHP_INI_ENTRY("mdsync.max_retries", "3", PHP_INI_ALL, OnUpdateMdsyncRetries, max_retries, zend_mdsync_globals, mdsync_globals)
PHP_INI_END()
/* }}} */

/* {{{ options */
typedef enum { OPT_STRING, OPT_INT, OPT_BOOL, OPT_ARRAY } opt_type;

typedef struct {
	const char *name;
	opt_type type;
} opt_def;

/* Every option key mdsync knows (DESIGN.md); one array may serve every function. */
static const opt_def opt_defs[] = {
	{ "django_url", OPT_STRING }, { "django_token", OPT_STRING }, { "django_auth_scheme", OPT_STRING },
	{ "users_path", OPT_STRING }, { "page_size", OPT_INT }, { "field_map", OPT_ARRAY }, { "match", OPT_STRING },
	{ "pagination", OPT_STRING }, { "allow_empty", OPT_BOOL }, { "max_pages", OPT_INT },
	{ "concurrency", OPT_INT }, { "timeout_ms", OPT_INT }, { "connect_timeout_ms", OPT_INT },
	{ "max_retries", OPT_INT }, { "deadline_ms", OPT_INT }, { "max_response_bytes", OPT_INT },
	{ "ca_info", OPT_STRING }, { "verify_tls", OPT_BOOL }, { "proxy", OPT_STRING },
	{ "moodle_url", OPT_STRING }, { "moodle_token", OPT_STRING }, { "signing_secret", OPT_STRING },
	{ "grades_path", OPT_STRING }, { "grades_method", OPT_STRING }, { "grades_url_template", OPT_STRING },
	{ "django_password", OPT_STRING }, { "suspend", OPT_BOOL }, { "suspend_max_percent", OPT_INT },
	{ "delete_after_days", OPT_INT },
	{ NULL, OPT_STRING }
};

typedef struct {
	mdsync_http_config http;
	mdsync_django_config django;
	mdsync_moodle_config moodle;
	mdsync_plan_opts plan;
	zend_long suspend_max_percent;
	bool djangoid_first;
	bool generate_password;
	char *token;             /* a copy, wiped on release */
	char *moodle_token;      /* likewise */
	char *signing_secret;    /* likewise */
	char *grades_auth;       /* "Authorization: …" for grade requests, or NULL; likewise */
	const char *grades_base, *grades_path, *grades_method, *grades_template;
	char *ca_info;
	char *field_paths_owned[MDSYNC_F_COUNT + 1];
} mdsync_opts;

static zval *opt(HashTable *o, const char *name)
{
	zval *z = o ? zend_hash_str_find(o, name, strlen(name)) : NULL;
	return (z && Z_TYPE_P(z) != IS_NULL) ? z : NULL;
}

static const char *opt_str(HashTable *o, const char *name, const char *def)
{
	zval *z = opt(o, name);
	return z ? Z_STRVAL_P(z) : def;
}

static zend_long opt_long(HashTable *o, const char *name, zend_long def)
{
	zval *z = opt(o, name);
	return z ? Z_LVAL_P(z) : def;
}

static bool opt_bool(HashTable *o, const char *name, bool def)
{
	zval *z = opt(o, name);
	return z ? Z_TYPE_P(z) == IS_TRUE : def;
}

/* Checks keys and value types. Never echoes a value: it may be a secret. */
static bool check_option_types(HashTable *o, uint32_t arg)
{
	zend_string *key;
	zval *val;
	ZEND_HASH_FOREACH_STR_KEY_VAL(o, key, val) {
		const opt_def *d;
		if (!key) {
			zend_argument_value_error(arg, "must have string keys (option names)");
			return false;
		}
		for (d = opt_defs; d->name; d++) {
			if (zend_string_equals_cstr(key, d->name, strlen(d->name))) {
				break;
			}
		}
		if (!d->name) {
			zend_argument_value_error(arg, "has an unknown option \"%s\"", ZSTR_VAL(key));
			return false;
		}
		if (Z_TYPE_P(val) == IS_NULL) {
			continue;
		}
		if ((d->type == OPT_STRING && Z_TYPE_P(val) != IS_STRING)
			|| (d->type == OPT_INT && Z_TYPE_P(val) != IS_LONG)
			|| (d->type == OPT_BOOL && Z_TYPE_P(val) != IS_TRUE && Z_TYPE_P(val) != IS_FALSE)
			|| (d->type == OPT_ARRAY && Z_TYPE_P(val) != IS_ARRAY)) {
			static const char *const names[] = { "string", "int", "bool", "array" };
			zend_argument_type_error(arg, "option \"%s\" must be of type %s, %s given",
				d->name, names[d->type], zend_zval_type_name(val));
			return false;
		}
		if (d->type == OPT_STRING && memchr(Z_STRVAL_P(val), '\0', Z_STRLEN_P(val))) {
			zend_argument_value_error(arg, "option \"%s\" must not contain NUL bytes", d->name);
			return false;
		}
	} ZEND_HASH_FOREACH_END();
	return true;
}

static bool range(uint32_t arg, const char *name, zend_long v, zend_long lo, zend_long hi)
{
	if (v < lo || v > hi) {
		zend_argument_value_error(arg, "option \"%s\" must be between " ZEND_LONG_FMT " and " ZEND_LONG_FMT, name, lo, hi);
		return false;
	}
	return true;
}

static const char *env(const char *name)
{
	char *v = sapi_getenv((char *) name, strlen(name));
	if (v) {
		/* sapi_getenv's copy is ours: keep it in request memory for the call */
		const char *copy = estrdup(v);
		efree(v);
		return copy;
	}
	v = getenv(name);
	return v ? estrdup(v) : NULL;
}

static void opts_release(mdsync_opts *mo)
{
	int f;
	mdsync_secret_free(mo->token);
	mdsync_secret_free(mo->moodle_token);
	mdsync_secret_free(mo->signing_secret);
	mdsync_secret_free(mo->grades_auth);
	mo->token = mo->moodle_token = mo->signing_secret = mo->grades_auth = NULL;
	for (f = 0; f <= MDSYNC_F_COUNT; f++) {
		if (mo->field_paths_owned[f]) {
			efree(mo->field_paths_owned[f]);
			mo->field_paths_owned[f] = NULL;
		}
	}
}

static bool parse_field_map(mdsync_opts *mo, HashTable *map, uint32_t arg)
{
	static const char *const defaults[MDSYNC_F_COUNT + 1] = {
		"id", "username", "email", "first_name", "last_name", "edeboid", "iasid", "id", NULL, "!is_active",
	};
	zend_string *key;
	zval *val;
	int f;

	for (f = 0; f <= MDSYNC_F_COUNT; f++) {
		mo->django.field_paths[f] = defaults[f];
	}
	if (!map) {
		return true;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(map, key, val) {
		for (f = 0; f <= MDSYNC_F_COUNT; f++) {
			if (key && zend_string_equals_cstr(key, mdsync_field_names[f], strlen(mdsync_field_names[f]))) {
				break;
			}
		}
		if (f > MDSYNC_F_COUNT) {
			zend_argument_value_error(arg, "option \"field_map\" has an unknown field \"%s\" (known: id, username, email, "
				"firstname, lastname, edeboid, iasid, djangoid, auth, suspended)", key ? ZSTR_VAL(key) : "(int)");
			return false;
		}
		if (Z_TYPE_P(val) == IS_NULL || (Z_TYPE_P(val) == IS_STRING && Z_STRLEN_P(val) == 0)) {
			if (f == MDSYNC_F_ID) {
				zend_argument_value_error(arg, "option \"field_map\" cannot drop \"id\"");
				return false;
			}
			mo->django.field_paths[f] = NULL;
			continue;
		}
		if (Z_TYPE_P(val) != IS_STRING) {
			zend_argument_type_error(arg, "option \"field_map\" values must be strings or null, %s given for \"%s\"",
				zend_zval_type_name(val), mdsync_field_names[f]);
			return false;
		}
		mo->field_paths_owned[f] = estrndup(Z_STRVAL_P(val), Z_STRLEN_P(val));
		mo->django.field_paths[f] = mo->field_paths_owned[f];
	} ZEND_HASH_FOREACH_END();
	return true;
}

#define NEED_DJANGO 1
#define NEED_MOODLE 2
#define NEED_GRADES 4

static bool printable_token(const char *t)
{
	for (; *t; t++) {
		if ((unsigned char) *t <= 0x20 || (unsigned char) *t >= 0x7f) {
			return false;
		}
	}
	return true;
}

static bool opts_moodle(mdsync_opts *mo, HashTable *o, uint32_t arg)
{
	const char *url = opt_str(o, "moodle_url", NULL), *token;
	char why[128];
	if (!url || !*url) {
		zend_argument_value_error(arg, "option \"moodle_url\" is required");
		return false;
	}
	if (!mdsync_url_check_base(url, why, sizeof(why))) {
		zend_argument_value_error(arg, "option \"moodle_url\" %s", why);
		return false;
	}
	token = opt_str(o, "moodle_token", NULL);
	mo->moodle_token = token ? estrdup(token) : (char *) env("MDSYNC_MOODLE_TOKEN");
	if (!mo->moodle_token || !*mo->moodle_token) {
		zend_argument_value_error(arg, "option \"moodle_token\" is required (or set MDSYNC_MOODLE_TOKEN in the environment)");
		return false;
	}
	if (!printable_token(mo->moodle_token)) {
		zend_argument_value_error(arg, "option \"moodle_token\" must be printable ASCII without spaces");
		return false;
	}
	mo->moodle.base_url = url;
	mo->moodle.token = mo->moodle_token;
	return true;
}

static bool opts_django(mdsync_opts *mo, HashTable *o, uint32_t arg);

/* Grade delivery needs the Django URL and the signing secret; a token is sent if there is one. */
static bool opts_grades(mdsync_opts *mo, HashTable *o, uint32_t arg)
{
	const char *url = opt_str(o, "django_url", MDSYNC_G(django_url)), *secret, *token, *scheme;
	char why[128];

	if (!url || !*url) {
		zend_argument_value_error(arg, "option \"django_url\" is required (or set mdsync.django_url)");
		return false;
	}
	if (!mdsync_url_check_base(url, why, sizeof(why))) {
		zend_argument_value_error(arg, "option \"django_url\" %s", why);
		return false;
	}
	mo->grades_base = url;
	mo->grades_path = opt_str(o, "grades_path", "/api/grades/");
	mo->grades_template = opt_str(o, "grades_url_template", NULL);
	if (mo->grades_path[0] != '/' || (mo->grades_template && mo->grades_template[0] != '/')) {
		zend_argument_value_error(arg, "options \"grades_path\" and \"grades_url_template\" must start with /");
		return false;
	}
	mo->grades_method = opt_str(o, "grades_method", "POST");
	if (strcmp(mo->grades_method, "POST") != 0 && strcmp(mo->grades_method, "PATCH") != 0 && strcmp(mo->grades_method, "PUT") != 0) {
		zend_argument_value_error(arg, "option \"grades_method\" must be \"POST\", \"PATCH\" or \"PUT\"");
		return false;
	}
	secret = opt_str(o, "signing_secret", NULL);
	mo->signing_secret = secret ? estrdup(secret) : (char *) env("MDSYNC_SIGNING_SECRET");
	if (!mo->signing_secret || !*mo->signing_secret) {
		zend_argument_value_error(arg, "option \"signing_secret\" is required (or set MDSYNC_SIGNING_SECRET in the environment)");
		return false;
	}
	scheme = opt_str(o, "django_auth_scheme", "Token");
	if (strcmp(scheme, "Token") != 0 && strcmp(scheme, "Bearer") != 0) {
		zend_argument_value_error(arg, "option \"django_auth_scheme\" must be \"Token\" or \"Bearer\"");
		return false;
	}
	token = opt_str(o, "django_token", NULL);
	mo->token = token ? estrdup(token) : (char *) env("MDSYNC_DJANGO_TOKEN");
	if (mo->token && *mo->token) {
		if (!printable_token(mo->token)) {
			zend_argument_value_error(arg, "option \"django_token\" must be printable ASCII without spaces");
			return false;
		}
		spprintf(&mo->grades_auth, 0, "Authorization: %s %s", scheme, mo->token);
	}
	return true;
}

/* Merges INI defaults, the environment and the options array. On failure a TypeError or
 * ValueError is thrown and nothing needs releasing. */
static bool opts_parse(mdsync_opts *mo, HashTable *o, uint32_t arg, int need)
{
	memset(mo, 0, sizeof(*mo));
	if (o && !check_option_types(o, arg)) {
		return false;
	}

	mo->http.concurrency = opt_long(o, "concurrency", MDSYNC_G(concurrency));
	mo->http.timeout_ms = opt_long(o, "timeout_ms", MDSYNC_G(timeout_ms));
	mo->http.connect_timeout_ms = opt_long(o, "connect_timeout_ms", MDSYNC_G(connect_timeout_ms));
	mo->http.max_retries = opt_long(o, "max_retries", MDSYNC_G(max_retries));
	mo->http.deadline_ms = opt_long(o, "deadline_ms", MDSYNC_G(deadline_ms));
	mo->http.max_response_bytes = (size_t) opt_long(o, "max_response_bytes", 64 * 1024 * 1024);
	mo->http.verify_tls = opt_bool(o, "verify_tls", true);
	mo->http.ca_info = opt_str(o, "ca_info", MDSYNC_G(ca_info));
	mo->http.proxy = opt_str(o, "proxy", NULL);
	mo->http.retry_base_ms = 200;
	if (!range(arg, "concurrency", mo->http.concurrency, 1, 256)
		|| !range(arg, "timeout_ms", mo->http.timeout_ms, 1, 86400000)
		|| !range(arg, "connect_timeout_ms", mo->http.connect_timeout_ms, 1, 86400000)
		|| !range(arg, "max_retries", mo->http.max_retries, 0, 20)
		|| !range(arg, "deadline_ms", mo->http.deadline_ms, 1, 7 * 86400000L)
		|| !range(arg, "max_response_bytes", (zend_long) mo->http.max_response_bytes, 1024, (zend_long) 1 << 31)) {
		return false;
	}
	if ((need & NEED_DJANGO) && !opts_django(mo, o, arg)) {
		opts_release(mo);
		return false;
	}
	if ((need & NEED_GRADES) && !opts_grades(mo, o, arg)) {
		opts_release(mo);
		return false;
	}
	if ((need & NEED_MOODLE) && !opts_moodle(mo, o, arg)) {
		opts_release(mo);
		return false;
	}
	return true;
}

static bool opts_django(mdsync_opts *mo, HashTable *o, uint32_t arg)
{
	const char *url, *scheme, *match, *pagination, *token, *password;
	char why[128];

	url = opt_str(o, "django_url", MDSYNC_G(django_url));
	if (!url || !*url) {
		zend_argument_value_error(arg, "option \"django_url\" is required (or set mdsync.django_url)");
		return false;
	}
	if (!mdsync_url_check_base(url, why, sizeof(why))) {
		zend_argument_value_error(arg, "option \"django_url\" %s", why);
		return false;
	}
	mo->django.base_url = url;
	mo->django.users_path = opt_str(o, "users_path", MDSYNC_G(users_path));
	if (mo->django.users_path[0] != '/') {
		zend_argument_value_error(arg, "option \"users_path\" must start with /");
		return false;
	}
	mo->django.page_size = opt_long(o, "page_size", MDSYNC_G(page_size));
	mo->django.max_pages = opt_long(o, "max_pages", 100000);
	mo->django.allow_empty = opt_bool(o, "allow_empty", false);
	if (!range(arg, "page_size", mo->django.page_size, 1, 100000) || !range(arg, "max_pages", mo->django.max_pages, 1, 10000000)) {
		return false;
	}
	scheme = opt_str(o, "django_auth_scheme", "Token");
	if (strcmp(scheme, "Token") != 0 && strcmp(scheme, "Bearer") != 0) {
		zend_argument_value_error(arg, "option \"django_auth_scheme\" must be \"Token\" or \"Bearer\"");
		return false;
	}
	mo->django.auth_scheme = scheme;
	pagination = opt_str(o, "pagination", "auto");
	if (strcmp(pagination, "auto") != 0 && strcmp(pagination, "page") != 0
		&& strcmp(pagination, "limit") != 0 && strcmp(pagination, "cursor") != 0) {
		zend_argument_value_error(arg, "option \"pagination\" must be \"auto\", \"page\", \"limit\" or \"cursor\"");
		return false;
	}
	mo->django.pagination = pagination;
	match = opt_str(o, "match", "email");
	if (strcmp(match, "email") == 0) {
		mo->djangoid_first = false;
	} else if (strcmp(match, "djangoid,email") == 0) {
		mo->djangoid_first = true;
	} else {
		zend_argument_value_error(arg, "option \"match\" must be \"email\" or \"djangoid,email\"");
		return false;
	}
	password = opt_str(o, "django_password", "none");
	if (strcmp(password, "none") == 0) {
		mo->generate_password = false;
	} else if (strcmp(password, "generate") == 0) {
		mo->generate_password = true;
	} else {
		zend_argument_value_error(arg, "option \"django_password\" must be \"none\" or \"generate\"");
		return false;
	}
	if (!parse_field_map(mo, opt(o, "field_map") ? Z_ARRVAL_P(opt(o, "field_map")) : NULL, arg)) {
		return false;
	}
	mo->plan.djangoid_first = mo->djangoid_first;
	mo->plan.suspend = opt_bool(o, "suspend", false);
	mo->suspend_max_percent = opt_long(o, "suspend_max_percent", 5);
	{
		zend_long days = opt_long(o, "delete_after_days", 0);
		if (!range(arg, "suspend_max_percent", mo->suspend_max_percent, 0, 100)
			|| !range(arg, "delete_after_days", days, 0, 36500)) {
			return false;
		}
		if (days > 0 && !mo->plan.suspend) {
			zend_argument_value_error(arg, "option \"delete_after_days\" needs \"suspend\"");
			return false;
		}
		mo->plan.delete_before = days > 0 ? (int64_t) time(NULL) - (int64_t) days * 86400 : 0;
	}

	token = opt_str(o, "django_token", NULL);
	mo->token = token ? estrdup(token) : (char *) env("MDSYNC_DJANGO_TOKEN");
	if (!mo->token || !*mo->token) {
		zend_argument_value_error(arg, "option \"django_token\" is required (or set MDSYNC_DJANGO_TOKEN in the environment)");
		return false;
	}
	if (!printable_token(mo->token)) {
		zend_argument_value_error(arg, "option \"django_token\" must be printable ASCII without spaces");
		return false;
	}
	mo->django.token = mo->token;
	return true;
}
/* }}} */

/* {{{ errors */
static void throw_error(const mdsync_error *err)
{
	zend_class_entry *ce;
	zend_object *ex;
	switch (err->kind) {
		case MDSYNC_E_HTTP: ce = mdsync_ce_http_exception; break;
		case MDSYNC_E_CONNECTION: ce = mdsync_ce_connection_exception; break;
		case MDSYNC_E_PROTOCOL: ce = mdsync_ce_protocol_exception; break;
		case MDSYNC_E_MOODLE: ce = mdsync_ce_moodle_exception; break;
		default: ce = mdsync_ce_exception; break;
	}
	ex = zend_throw_exception(ce, err->message, 0);
	if (ce == mdsync_ce_http_exception) {
		zend_update_property_long(ce, ex, "statusCode", sizeof("statusCode") - 1, err->status);
	}
	if (ce == mdsync_ce_moodle_exception) {
		zend_update_property_string(ce, ex, "errorCode", sizeof("errorCode") - 1, err->code);
	}
	if (ce == mdsync_ce_http_exception || ce == mdsync_ce_connection_exception) {
		zend_update_property_string(ce, ex, "url", sizeof("url") - 1, err->url);
	}
}
/* }}} */

/* {{{ records to PHP */
/* A Moodle id: always an int (the planner only takes positive integer ids). */
static void moodle_id_zval(zval *z, const char *s)
{
	ZVAL_LONG(z, s ? ZEND_STRTOL(s, NULL, 10) : 0);
}

/* A Django id: always a string, exactly as Django sent it (ids may be UUIDs, or
 * integers beyond PHP's range). */
static void django_id_zval(zval *z, const char *s)
{
	if (s) {
		ZVAL_STRING(z, s);
	} else {
		ZVAL_NULL(z);
	}
}

static void user_to_zval(zval *out, const mdsync_userset *s, const mdsync_user *u, const char *source)
{
	zval v;
	int f;
	bool django = source[0] == 'd';
	array_init_size(out, MDSYNC_F_COUNT + 2);
	ZVAL_STRING(&v, source);
	zend_hash_add_new(Z_ARRVAL_P(out), key_source, &v);
	for (f = 0; f < MDSYNC_F_COUNT; f++) {
		const char *val = mdsync_user_get(s, u, (mdsync_field) f);
		if (f == MDSYNC_F_ID && !django) {
			moodle_id_zval(&v, val);
		} else if (val) {
			ZVAL_STRING(&v, val);
		} else {
			ZVAL_NULL(&v);
		}
		zend_hash_add_new(Z_ARRVAL_P(out), key_fields[f], &v);
	}
	ZVAL_BOOL(&v, u->suspended);
	zend_hash_add_new(Z_ARRVAL_P(out), key_fields[MDSYNC_F_SUSPENDED], &v);
}

static void users_to_array(zval *out, const mdsync_userset *s, const char *source)
{
	size_t i;
	array_init_size(out, (uint32_t) s->count);
	for (i = 0; i < s->count; i++) {
		zval rec;
		user_to_zval(&rec, s, &s->users[i], source);
		zend_hash_next_index_insert_new(Z_ARRVAL_P(out), &rec);
	}
}
/* }}} */

/* A record's field: arrays, and objects through get_properties(), where declared
 * properties are IS_INDIRECT slots (an unset typed property is IS_UNDEF: absent). */
static zval *rec_field(HashTable *ht, const char *name, size_t len)
{
	zval *z = zend_hash_str_find_ind(ht, name, len);
	if (z) {
		ZVAL_DEREF(z);
	}
	return z;
}

/* A record's fields: an array's table, or an object's properties; NULL for anything else. */
static HashTable *rec_table(zval *rec)
{
	ZVAL_DEREF(rec);
	if (Z_TYPE_P(rec) == IS_ARRAY) {
		return Z_ARRVAL_P(rec);
	}
	return Z_TYPE_P(rec) == IS_OBJECT ? Z_OBJ_HT_P(rec)->get_properties(Z_OBJ_P(rec)) : NULL;
}

/* {{{ Moodle records from PHP */
typedef struct {
	mdsync_userset *set;
	size_t n;
	bool failed;
} read_ctx;

static bool scalar_text(zval *z, char *buf, size_t len, const char **out, size_t *out_len)
{
	switch (Z_TYPE_P(z)) {
		case IS_STRING:
			*out = Z_STRVAL_P(z);
			*out_len = Z_STRLEN_P(z);
			return true;
		case IS_LONG:
			*out_len = (size_t) snprintf(buf, len, ZEND_LONG_FMT, Z_LVAL_P(z));
			*out = buf;
			return true;
		default:
			return false;
	}
}

static bool read_moodle_user(read_ctx *c, zval *rec)
{
	HashTable *ht;
	int f;
	char buf[32];
	zval *z;

	if (!(ht = rec_table(rec))) {
		ZVAL_DEREF(rec);
		zend_argument_type_error(1, "must hold arrays or objects (user records), %s given at position %zu",
			zend_zval_type_name(rec), c->n);
		return false;
	}
	mdsync_userset_add(c->set);
	for (f = 0; f < MDSYNC_F_COUNT; f++) {
		const char *name = mdsync_field_names[f], *text;
		size_t len;
		z = rec_field(ht, name, strlen(name));
		if ((!z || Z_TYPE_P(z) == IS_NULL) && (f == MDSYNC_F_EDEBOID || f == MDSYNC_F_IASID || f == MDSYNC_F_DJANGOID)) {
			/* Moodle's own spelling of a custom profile field */
			char alias[64];
			snprintf(alias, sizeof(alias), "profile_field_%s", name);
			z = rec_field(ht, alias, strlen(alias));
		}
		if (!z || Z_TYPE_P(z) == IS_NULL) {
			continue;
		}
		if (!scalar_text(z, buf, sizeof(buf), &text, &len)) {
			zend_argument_type_error(1, "user at position %zu: \"%s\" must be a string or int, %s given",
				c->n, name, zend_zval_type_name(z));
			return false;
		}
		mdsync_userset_set(c->set, (mdsync_field) f, text, len);
	}
	{
		const mdsync_user *u = &c->set->users[c->set->count - 1];
		const char *id = mdsync_user_get(c->set, u, MDSYNC_F_ID);
		zend_long l;
		double d;
		if (!id || is_numeric_string(id, strlen(id), &l, &d, false) != IS_LONG || l <= 0) {
			zend_argument_value_error(1, "user at position %zu must have a positive integer \"id\"", c->n);
			return false;
		}
	}
	z = rec_field(ht, "suspended", sizeof("suspended") - 1);
	c->set->users[c->set->count - 1].suspended = z && zend_is_true(z);
	z = rec_field(ht, "suspended_at", sizeof("suspended_at") - 1);
	if (z && Z_TYPE_P(z) != IS_NULL && !(Z_TYPE_P(z) == IS_STRING && Z_STRLEN_P(z) == 0)) {
		zend_long l;
		double d;
		if (Z_TYPE_P(z) == IS_LONG) {
			l = Z_LVAL_P(z);
		} else if (Z_TYPE_P(z) != IS_STRING || is_numeric_string(Z_STRVAL_P(z), Z_STRLEN_P(z), &l, &d, false) != IS_LONG) {
			zend_argument_type_error(1, "user at position %zu: \"suspended_at\" must be a Unix time", c->n);
			return false;
		}
		c->set->users[c->set->count - 1].suspended_at = l > 0 ? (int64_t) l : 0;
	}
	if (c->set->too_big) {
		zend_argument_value_error(1, "holds more user data than mdsync can hold");
		return false;
	}
	c->n++;
	return true;
}

static int read_moodle_iter(zend_object_iterator *iter, void *puser)
{
	read_ctx *c = puser;
	zval *rec = iter->funcs->get_current_data(iter);
	if (EG(exception) || !rec || !read_moodle_user(c, rec)) {
		c->failed = true;
		return ZEND_HASH_APPLY_STOP;
	}
	return ZEND_HASH_APPLY_KEEP;
}

static bool read_moodle_users(zval *input, mdsync_userset *set)
{
	read_ctx c = { set, 0, false };
	zval *rec;
	if (Z_TYPE_P(input) == IS_ARRAY) {
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(input), rec) {
			if (!read_moodle_user(&c, rec)) {
				return false;
			}
		} ZEND_HASH_FOREACH_END();
		return true;
	}
	if (spl_iterator_apply(input, read_moodle_iter, &c) == FAILURE || c.failed || EG(exception)) {
		return false;
	}
	return true;
}
/* }}} */

static bool fetch_django(mdsync_opts *mo, mdsync_userset *out, mdsync_fetch_stats *stats)
{
	mdsync_error err;
	memset(&err, 0, sizeof(err));
	memset(stats, 0, sizeof(*stats));
	if (!mdsync_django_fetch_users(&mo->django, &mo->http, out, stats, &err)) {
		throw_error(&err);
		return false;
	}
	return true;
}

/* {{{ mdsync_django_users(array $options = []): array */
PHP_FUNCTION(mdsync_django_users)
{
	HashTable *options = NULL;
	mdsync_opts mo;
	mdsync_userset users;
	mdsync_fetch_stats stats;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (!opts_parse(&mo, options, 1, NEED_DJANGO)) {
		RETURN_THROWS();
	}
	if (!fetch_django(&mo, &users, &stats)) {
		opts_release(&mo);
		RETURN_THROWS();
	}
	opts_release(&mo);
	users_to_array(return_value, &users, "django");
	mdsync_userset_dtor(&users);
}
/* }}} */

/* {{{ mdsync_django_status(array $options = []): array */
PHP_FUNCTION(mdsync_django_status)
{
	HashTable *options = NULL;
	mdsync_opts mo;
	mdsync_django_probe probe;
	mdsync_error err;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (!opts_parse(&mo, options, 1, NEED_DJANGO)) {
		RETURN_THROWS();
	}
	memset(&err, 0, sizeof(err));
	if (!mdsync_django_status(&mo.django, &mo.http, &probe, &err)) {
		opts_release(&mo);
		throw_error(&err);
		RETURN_THROWS();
	}
	opts_release(&mo);
	array_init_size(return_value, 3);
	if (probe.count >= 0) {
		add_assoc_long(return_value, "count", probe.count);
	} else {
		add_assoc_null(return_value, "count");
	}
	add_assoc_string(return_value, "pagination", (char *) probe.pagination);
	add_assoc_long(return_value, "elapsed_ms", probe.elapsed_ms);
}
/* }}} */

/* {{{ the plan to PHP */
static void add_ids(zval *arr, const char *name, const mdsync_userset *s, const uint32_t *idx, uint32_t n, bool django)
{
	zval list, v;
	uint32_t i;
	array_init_size(&list, n);
	for (i = 0; i < n; i++) {
		const char *id = mdsync_user_get(s, &s->users[idx[i]], MDSYNC_F_ID);
		if (django) {
			django_id_zval(&v, id);
		} else {
			moodle_id_zval(&v, id);
		}
		zend_hash_next_index_insert_new(Z_ARRVAL(list), &v);
	}
	add_assoc_zval(arr, name, &list);
}

static void conflict_message(smart_str *m, const mdsync_conflict *c, const mdsync_plan *p,
	const mdsync_userset *ms, const mdsync_userset *ds)
{
	const uint32_t *mi = p->cm.v + c->m_start, *di = p->cd.v + c->d_start;
	const mdsync_user *mu = c->m_count ? &ms->users[mi[0]] : NULL;
	const mdsync_user *du = c->d_count ? &ds->users[di[0]] : NULL;
#define MID(u) mdsync_user_get(ms, (u), MDSYNC_F_ID)
#define DID(u) mdsync_user_get(ds, (u), MDSYNC_F_ID)
#define OR(s) ((s) ? (s) : "")
	switch (c->reason) {
		case MDSYNC_C_DUPLICATE_EMAIL:
			smart_str_append_printf(m, "the email \"%s\" belongs to %u Moodle and %u Django users; fix it on the side that has it twice",
				OR(mu ? mdsync_user_email_norm(ms, mu) : mdsync_user_email_norm(ds, du)), c->m_count, c->d_count);
			break;
		case MDSYNC_C_NO_EMAIL:
			if (mu) {
				smart_str_append_printf(m, "Moodle user %s (%s) has no email", MID(mu), OR(mdsync_user_get(ms, mu, MDSYNC_F_USERNAME)));
			} else {
				smart_str_append_printf(m, "Django user %s (%s) has no email", DID(du), OR(mdsync_user_get(ds, du, MDSYNC_F_USERNAME)));
			}
			break;
		case MDSYNC_C_IDENTIFIER_MISMATCH:
			smart_str_append_printf(m, "Moodle user %s carries djangoid %s, but its email belongs to Django user %s",
				MID(mu), OR(mdsync_user_get(ms, mu, MDSYNC_F_DJANGOID)), c->d_count > 1 ? DID(&ds->users[di[1]]) : "?");
			break;
		case MDSYNC_C_DJANGOID_MISMATCH:
			smart_str_append_printf(m, "Moodle user %s carries djangoid %s, but the Django user with its email (%s) is %s",
				MID(mu), OR(mdsync_user_get(ms, mu, MDSYNC_F_DJANGOID)), OR(mdsync_user_email_norm(ms, mu)), du ? DID(du) : "none");
			break;
		case MDSYNC_C_DJANGO_USER_MISSING:
			smart_str_append_printf(m, "Moodle user %s carries djangoid %s, which is not in Django's list (deleted, or not visible to this token)",
				MID(mu), OR(mdsync_user_get(ms, mu, MDSYNC_F_DJANGOID)));
			break;
		case MDSYNC_C_MATCHED_TWICE:
			smart_str_append_printf(m, "%u Moodle users match Django user %s", c->m_count, DID(du));
			break;
		case MDSYNC_C_EMAIL_MISMATCH:
			smart_str_append_printf(m, "Moodle user %s carries djangoid %s, but that Django user's email is %s, not %s "
				"(match \"djangoid,email\" follows the id)", MID(mu), OR(mdsync_user_get(ms, mu, MDSYNC_F_DJANGOID)),
				OR(mdsync_user_email_norm(ds, du)), OR(mdsync_user_email_norm(ms, mu)));
			break;
		case MDSYNC_C_COUNT:
			break;
	}
#undef MID
#undef DID
#undef OR
	smart_str_0(m);
}

static void plan_to_zval(zval *rv, const mdsync_plan *p, const mdsync_userset *ms, const mdsync_userset *ds,
	const mdsync_fetch_stats *fs, int64_t t0)
{
	zval list, v, stats;
	size_t i;

	array_init_size(rv, 6);

	array_init_size(&list, (uint32_t) p->only_m.n);
	for (i = 0; i < p->only_m.n; i++) {
		user_to_zval(&v, ms, &ms->users[p->only_m.v[i]], "moodle");
		zend_hash_next_index_insert_new(Z_ARRVAL(list), &v);
	}
	add_assoc_zval(rv, "only_in_moodle", &list);

	array_init_size(&list, (uint32_t) p->only_d.n);
	for (i = 0; i < p->only_d.n; i++) {
		user_to_zval(&v, ds, &ds->users[p->only_d.v[i]], "django");
		zend_hash_next_index_insert_new(Z_ARRVAL(list), &v);
	}
	add_assoc_zval(rv, "only_in_django", &list);

	/* both: moodle id => django id; compact at any size */
	array_init_size(&list, (uint32_t) p->both.n);
	for (i = 0; i < p->both.n; i++) {
		const char *mid = mdsync_user_get(ms, &ms->users[p->both.v[i].m], MDSYNC_F_ID);
		django_id_zval(&v, mdsync_user_get(ds, &ds->users[p->both.v[i].d], MDSYNC_F_ID));
		zend_hash_index_update(Z_ARRVAL(list), ZEND_STRTOL(mid, NULL, 10), &v);
	}
	add_assoc_zval(rv, "both", &list);

	/* moodle_updates: by field (moodle id => value), not an array per user */
	{
		static const struct { const char *name; mdsync_field f; uint32_t bit; } upd[] = {
			{ "edeboid", MDSYNC_F_EDEBOID, MDSYNC_UPD_EDEBOID },
			{ "iasid", MDSYNC_F_IASID, MDSYNC_UPD_IASID },
			{ "djangoid", MDSYNC_F_DJANGOID, MDSYNC_UPD_DJANGOID },
		};
		zval by_field[3];
		size_t k;
		array_init_size(&list, 3);
		for (k = 0; k < 3; k++) {
			array_init(&by_field[k]);
		}
		for (i = 0; i < p->both.n; i++) {
			const mdsync_pair *pr = &p->both.v[i];
			zend_ulong mid;
			if (!pr->updates) {
				continue;
			}
			mid = (zend_ulong) ZEND_STRTOL(mdsync_user_get(ms, &ms->users[pr->m], MDSYNC_F_ID), NULL, 10);
			for (k = 0; k < 3; k++) {
				if (pr->updates & upd[k].bit) {
					add_index_string(&by_field[k], mid, mdsync_user_get(ds, &ds->users[pr->d], upd[k].f));
				}
			}
		}
		for (k = 0; k < 3; k++) {
			add_assoc_zval(&list, upd[k].name, &by_field[k]);
		}
	}
	add_assoc_zval(rv, "moodle_updates", &list);

	array_init_size(&list, (uint32_t) p->conflicts.n);
	for (i = 0; i < p->conflicts.n; i++) {
		const mdsync_conflict *c = &p->conflicts.v[i];
		smart_str msg = {0};
		const char *email = NULL;
		zval entry;
		array_init_size(&entry, 5);
		add_assoc_string(&entry, "reason", (char *) mdsync_conflict_names[c->reason]);
		conflict_message(&msg, c, p, ms, ds);
		add_assoc_str(&entry, "message", msg.s ? msg.s : ZSTR_EMPTY_ALLOC());
		add_ids(&entry, "moodle_ids", ms, p->cm.v + c->m_start, c->m_count, false);
		add_ids(&entry, "django_ids", ds, p->cd.v + c->d_start, c->d_count, true);
		if (c->m_count) {
			email = mdsync_user_email_norm(ms, &ms->users[p->cm.v[c->m_start]]);
		}
		if (!email && c->d_count) {
			email = mdsync_user_email_norm(ds, &ds->users[p->cd.v[c->d_start]]);
		}
		if (email) {
			add_assoc_string(&entry, "email", (char *) email);
		} else {
			add_assoc_null(&entry, "email");
		}
		zend_hash_next_index_insert_new(Z_ARRVAL(list), &entry);
	}
	add_assoc_zval(rv, "conflicts", &list);

	{
		zval susp, revive, del;
		array_init(&susp);
		array_init(&revive);
		array_init(&del);
		for (i = 0; i < p->changes.n; i++) {
			const mdsync_change *ch = &p->changes.v[i];
			zend_ulong mid = ZEND_STRTOL(mdsync_user_get(ms, &ms->users[ch->m], MDSYNC_F_ID), NULL, 10);
			const char *reason = ch->d == UINT32_MAX ? "django_user_missing" : "django_user_inactive";
			zval v;
			if (ch->d == UINT32_MAX) {
				ZVAL_NULL(&v);
			} else {
				django_id_zval(&v, mdsync_user_get(ds, &ds->users[ch->d], MDSYNC_F_ID));
			}
			if (ch->kind == MDSYNC_CH_SUSPEND) {
				zval entry;
				array_init_size(&entry, 2);
				add_assoc_string(&entry, "reason", (char *) reason);
				add_assoc_zval(&entry, "django_id", &v);
				zend_hash_index_update(Z_ARRVAL(susp), mid, &entry);
			} else if (ch->kind == MDSYNC_CH_REVIVE) {
				zend_hash_index_update(Z_ARRVAL(revive), mid, &v);
			} else {
				zval_ptr_dtor(&v);
				add_index_string(&del, mid, reason);
			}
		}
		add_assoc_zval(rv, "to_suspend", &susp);
		add_assoc_zval(rv, "to_revive", &revive);
		add_assoc_zval(rv, "to_delete", &del);
	}

	array_init_size(&stats, 17);
	add_assoc_long(&stats, "moodle_users", (zend_long) ms->count);
	add_assoc_long(&stats, "django_users", (zend_long) ds->count);
	add_assoc_long(&stats, "only_in_moodle", (zend_long) p->only_m.n);
	add_assoc_long(&stats, "only_in_django", (zend_long) p->only_d.n);
	add_assoc_long(&stats, "both", (zend_long) p->both.n);
	add_assoc_long(&stats, "moodle_updates", (zend_long) p->updates);
	add_assoc_long(&stats, "conflicts", (zend_long) p->conflicts.n);
	add_assoc_long(&stats, "django_inactive_skipped", (zend_long) p->django_inactive);
	add_assoc_long(&stats, "to_suspend", (zend_long) p->n_suspend);
	add_assoc_long(&stats, "to_revive", (zend_long) p->n_revive);
	add_assoc_long(&stats, "to_delete", (zend_long) p->n_delete);
	add_assoc_long(&stats, "pages", fs->pages);
	add_assoc_long(&stats, "requests", fs->requests);
	add_assoc_long(&stats, "retries", fs->retries);
	add_assoc_long(&stats, "bytes", (zend_long) fs->bytes);
	add_assoc_long(&stats, "fetch_ms", fs->elapsed_ms);
	add_assoc_long(&stats, "elapsed_ms", (zend_long) (mdsync_now_ms() - t0));
	add_assoc_zval(rv, "stats", &stats);
}
/* }}} */

/* {{{ mdsync_sync_users(iterable $moodle_users, array $options = []): array */
PHP_FUNCTION(mdsync_sync_users)
{
	zval *input;
	HashTable *options = NULL;
	mdsync_opts mo;
	mdsync_userset moodle, django;
	mdsync_fetch_stats stats;
	mdsync_plan plan;
	int64_t t0 = mdsync_now_ms();

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ITERABLE(input)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (!opts_parse(&mo, options, 2, NEED_DJANGO)) {
		RETURN_THROWS();
	}
	/* Read Moodle's side first: bad input fails before any request is made. */
	mdsync_userset_init(&moodle);
	if (!read_moodle_users(input, &moodle)) {
		mdsync_userset_dtor(&moodle);
		opts_release(&mo);
		RETURN_THROWS();
	}
	if (!fetch_django(&mo, &django, &stats)) {
		mdsync_userset_dtor(&moodle);
		opts_release(&mo);
		RETURN_THROWS();
	}
	mdsync_plan_build(&moodle, &django, &mo.plan, &plan);
	if (plan.n_suspend > 0 && (zend_long) plan.n_suspend * 100 > mo.suspend_max_percent * (zend_long) moodle.count) {
		/* The guard: a Django that suddenly lists far fewer users must not suspend half of Moodle. */
		zend_throw_exception_ex(mdsync_ce_exception, 0,
			"refusing to plan: %zu of %zu Moodle users (%.1f%%) would be suspended, above suspend_max_percent (" ZEND_LONG_FMT "%%); "
			"check Django's answer, or raise the ceiling if this is expected",
			plan.n_suspend, moodle.count, 100.0 * (double) plan.n_suspend / (double) moodle.count, mo.suspend_max_percent);
	} else {
		plan_to_zval(return_value, &plan, &moodle, &django, &stats, t0);
	}
	mdsync_plan_dtor(&plan);
	mdsync_userset_dtor(&moodle);
	mdsync_userset_dtor(&django);
	opts_release(&mo);
}
/* }}} */

/* {{{ mdsync_sign(string $body, string $secret, ?int $timestamp = null): string */
PHP_FUNCTION(mdsync_sign)
{
	zend_string *body, *secret;
	zend_long t = 0;
	bool t_null = true;
	char out[MDSYNC_SIGNATURE_MAX];

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(body)
		Z_PARAM_STR(secret)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG_OR_NULL(t, t_null)
	ZEND_PARSE_PARAMETERS_END();

	if (ZSTR_LEN(secret) == 0) {
		zend_argument_value_error(2, "must not be empty");
		RETURN_THROWS();
	}
	if (t_null) {
		t = (zend_long) time(NULL);
	} else if (t < 0) {
		zend_argument_value_error(3, "must be a Unix time (0 or more)");
		RETURN_THROWS();
	}
	mdsync_sign_header(ZSTR_VAL(body), ZSTR_LEN(body), ZSTR_VAL(secret), ZSTR_LEN(secret), (int64_t) t, out);
	RETURN_STRING(out);
}
/* }}} */

/* {{{ mdsync_verify(string $body, string $signature_header, string $secret, int $tolerance_s = 300): bool */
PHP_FUNCTION(mdsync_verify)
{
	zend_string *body, *header, *secret;
	zend_long tolerance = 300;

	ZEND_PARSE_PARAMETERS_START(3, 4)
		Z_PARAM_STR(body)
		Z_PARAM_STR(header)
		Z_PARAM_STR(secret)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(tolerance)
	ZEND_PARSE_PARAMETERS_END();

	if (ZSTR_LEN(secret) == 0) {
		zend_argument_value_error(3, "must not be empty");
		RETURN_THROWS();
	}
	if (tolerance < 0) {
		zend_argument_value_error(4, "must be 0 or more");
		RETURN_THROWS();
	}
	RETURN_BOOL(mdsync_verify_header(ZSTR_VAL(body), ZSTR_LEN(body), ZSTR_VAL(header), ZSTR_LEN(header),
		ZSTR_VAL(secret), ZSTR_LEN(secret), (int64_t) tolerance, (int64_t) time(NULL)));
}
/* }}} */

/* {{{ JSON to PHP: objects become arrays. Depth is already bounded by the parser. */
static void json_to_zval(zval *out, json_object *j)
{
	switch (json_object_get_type(j)) {
		case json_type_null:
			ZVAL_NULL(out);
			break;
		case json_type_boolean:
			ZVAL_BOOL(out, json_object_get_boolean(j));
			break;
		case json_type_int:
			ZVAL_LONG(out, (zend_long) json_object_get_int64(j));
			break;
		case json_type_double:
			ZVAL_DOUBLE(out, json_object_get_double(j));
			break;
		case json_type_string:
			ZVAL_STRINGL(out, json_object_get_string(j), (size_t) json_object_get_string_len(j));
			break;
		case json_type_array: {
			size_t i, n = json_object_array_length(j);
			array_init_size(out, (uint32_t) n);
			for (i = 0; i < n; i++) {
				zval v;
				json_to_zval(&v, json_object_array_get_idx(j, i));
				zend_hash_next_index_insert_new(Z_ARRVAL_P(out), &v);
			}
			break;
		}
		case json_type_object: {
			array_init(out);
			json_object_object_foreach(j, key, val) {
				zval v;
				json_to_zval(&v, val);
				zend_symtable_str_update(Z_ARRVAL_P(out), key, strlen(key), &v);
			}
			break;
		}
	}
}
/* }}} */

/* {{{ batch results: one per input, under the input's own key */
static void batch_put(zval *rv, zend_string *key, zend_ulong idx, zval *res)
{
	if (key) {
		zend_hash_update(Z_ARRVAL_P(rv), key, res);
	} else {
		zend_hash_index_update(Z_ARRVAL_P(rv), idx, res);
	}
}

/* A record that could not be sent as it is (no request was made). */
static void local_failure(zval *res, const char *status, const char *message, const char *detail_key)
{
	array_init_size(res, 4);
	add_assoc_string(res, "status", (char *) status);
	add_assoc_long(res, "http_status", 0);
	add_assoc_string(res, "message", (char *) message);
	add_assoc_null(res, detail_key);
}
/* }}} */

/* {{{ the create body: the canonical record through field_map, nested paths made objects */
static void json_set_path(json_object *root, const char *path, json_object *val)
{
	const char *dot;
	while ((dot = strchr(path, '.')) != NULL) {
		char key[128];
		size_t len = (size_t) (dot - path);
		json_object *next = NULL;
		if (len >= sizeof(key)) {
			json_object_put(val);
			return;
		}
		memcpy(key, path, len);
		key[len] = '\0';
		if (!json_object_object_get_ex(root, key, &next) || !json_object_is_type(next, json_type_object)) {
			next = json_object_new_object();
			if (!next || json_object_object_add(root, key, next) != 0) {
				json_object_put(val);
				return;
			}
		}
		root = next;
		path = dot + 1;
	}
	if (json_object_object_add(root, path, val) != 0) {
		json_object_put(val);
	}
}

/* Builds item's body from a record; on a record that cannot be sent, writes why and returns false. */
static bool create_body(const mdsync_opts *mo, zval *rec, mdsync_create_item *it, char *why, size_t why_len)
{
	static const mdsync_field sent[] = {
		MDSYNC_F_USERNAME, MDSYNC_F_EMAIL, MDSYNC_F_FIRSTNAME, MDSYNC_F_LASTNAME, MDSYNC_F_EDEBOID, MDSYNC_F_IASID,
	};
	HashTable *ht;
	json_object *body;
	zval *z;
	size_t i;
	const char *s;

	if (!(ht = rec_table(rec))) {
		ZVAL_DEREF(rec);
		snprintf(why, why_len, "a user record must be an array or object, %s given", zend_zval_type_name(rec));
		return false;
	}
	z = rec_field(ht, "email", sizeof("email") - 1);
	if (z && Z_TYPE_P(z) == IS_STRING) {
		zend_string *t = php_trim(Z_STR_P(z), NULL, 0, 3);
		if (ZSTR_LEN(t) == 0) {
			z = NULL;
		}
		zend_string_release(t);
	}
	if (!z || Z_TYPE_P(z) != IS_STRING) {
		snprintf(why, why_len, "the user has no email");
		return false;
	}
	z = rec_field(ht, "username", sizeof("username") - 1);
	if (!z || Z_TYPE_P(z) != IS_STRING || Z_STRLEN_P(z) == 0) {
		snprintf(why, why_len, "the user has no username");
		return false;
	}
	body = json_object_new_object();
	if (!body) {
		snprintf(why, why_len, "out of memory");
		return false;
	}
	for (i = 0; i < sizeof(sent) / sizeof(sent[0]); i++) {
		const char *name = mdsync_field_names[sent[i]], *path = mo->django.field_paths[sent[i]];
		if (!path) {
			continue;
		}
		z = rec_field(ht, name, strlen(name));
		if (z && Z_TYPE_P(z) == IS_STRING) {
			zend_string *v = sent[i] == MDSYNC_F_EMAIL ? php_trim(Z_STR_P(z), NULL, 0, 3) : zend_string_copy(Z_STR_P(z));
			json_set_path(body, path, json_object_new_string_len(ZSTR_VAL(v), (int) ZSTR_LEN(v)));
			if (sent[i] == MDSYNC_F_EMAIL) {
				/* the idempotency key: the matching key of this user */
				zend_string *lower = zend_string_tolower(v);
				snprintf(it->idempotency_key, sizeof(it->idempotency_key), "user:%s", ZSTR_VAL(lower));
				zend_string_release(lower);
			}
			zend_string_release(v);
		} else if (z && Z_TYPE_P(z) != IS_NULL) {
			snprintf(why, why_len, "\"%s\" must be a string or null, %s given", name, zend_zval_type_name(z));
			json_object_put(body);
			return false;
		}
	}
	z = rec_field(ht, "suspended", sizeof("suspended") - 1);
	if (z && (s = mo->django.field_paths[MDSYNC_F_SUSPENDED]) != NULL) {
		bool suspended = zend_is_true(z);
		bool invert = s[0] == '!';
		json_set_path(body, invert ? s + 1 : s, json_object_new_boolean(invert ? !suspended : suspended));
	}
	if (mo->generate_password) {
		/* A random password nobody knows: for APIs that insist on one. Never a default. */
		unsigned char raw[24];
		char hex[49];
		if (php_random_bytes_silent(raw, sizeof(raw)) == FAILURE) {
			snprintf(why, why_len, "no randomness for a password");
			json_object_put(body);
			return false;
		}
		php_hash_bin2hex(hex, raw, sizeof(raw));
		hex[48] = '\0';
		json_set_path(body, "password", json_object_new_string(hex));
		explicit_bzero(hex, sizeof(hex));
		explicit_bzero(raw, sizeof(raw));
	}
	s = json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN);
	if (!s) {
		snprintf(why, why_len, "cannot encode the user as JSON");
		json_object_put(body);
		return false;
	}
	it->body_len = strlen(s);
	it->body = estrndup(s, it->body_len);
	json_object_put(body);
	return true;
}
/* }}} */

/* {{{ mdsync_create_django_users(array $users, array $options = []): array */
PHP_FUNCTION(mdsync_create_django_users)
{
	HashTable *users, *options = NULL;
	mdsync_opts mo;
	mdsync_create_item *items;
	bool *sendable;
	mdsync_fetch_stats stats;
	mdsync_error err;
	zend_string *key;
	zend_ulong idx;
	zval *rec;
	uint32_t n, i = 0, k = 0;
	char (*why)[160];

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY_HT(users)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (!opts_parse(&mo, options, 2, NEED_DJANGO)) {
		RETURN_THROWS();
	}
	n = zend_hash_num_elements(users);
	items = ecalloc(n ? n : 1, sizeof(*items));
	sendable = ecalloc(n ? n : 1, sizeof(bool));
	why = ecalloc(n ? n : 1, sizeof(*why));
	/* Records that cannot be sent get their error now; the rest go out together. */
	ZEND_HASH_FOREACH_VAL(users, rec) {
		sendable[i] = create_body(&mo, rec, &items[k], why[i], sizeof(why[i]));
		if (sendable[i]) {
			k++;
		}
		i++;
	} ZEND_HASH_FOREACH_END();

	memset(&err, 0, sizeof(err));
	memset(&stats, 0, sizeof(stats));
	if (!mdsync_django_create_users(&mo.django, &mo.http, items, k, &stats, &err)) {
		throw_error(&err);
	} else {
		array_init_size(return_value, n);
		i = 0;
		k = 0;
		ZEND_HASH_FOREACH_KEY(users, idx, key) {
			zval res;
			if (!sendable[i]) {
				local_failure(&res, "error", why[i], "errors");
			} else {
				mdsync_create_item *it = &items[k++];
				array_init_size(&res, 4);
				switch (it->outcome) {
					case MDSYNC_CREATE_CREATED: {
						zval id;
						add_assoc_string(&res, "status", "created");
						django_id_zval(&id, it->django_id);
						add_assoc_zval(&res, "django_id", &id);
						break;
					}
					case MDSYNC_CREATE_EXISTS:
						add_assoc_string(&res, "status", "exists");
						break;
					case MDSYNC_CREATE_ERROR: {
						zval errors;
						add_assoc_string(&res, "status", "error");
						add_assoc_long(&res, "http_status", it->status);
						add_assoc_string(&res, "message", it->message);
						if (it->errors) {
							json_to_zval(&errors, it->errors);
							add_assoc_zval(&res, "errors", &errors);
						} else {
							add_assoc_null(&res, "errors");
						}
						break;
					}
				}
			}
			batch_put(return_value, key, idx, &res);
			i++;
		} ZEND_HASH_FOREACH_END();
	}
	for (i = 0; i < n; i++) {
		if (items[i].body) {
			efree(items[i].body);
		}
		if (items[i].django_id) {
			efree(items[i].django_id);
		}
		if (items[i].errors) {
			json_object_put(items[i].errors);
		}
	}
	efree(items);
	efree(sendable);
	efree(why);
	opts_release(&mo);
}
/* }}} */

/* {{{ Moodle's REST parameters: nested arrays as PHP's own parser reads them (users[0][customfields][0][type]=…) */
static bool encode_params(smart_str *out, HashTable *ht, const char *prefix, int depth)
{
	zend_string *key;
	zend_ulong idx;
	zval *val;

	if (depth > 16) {
		zend_argument_value_error(2, "is nested too deeply");
		return false;
	}
	ZEND_HASH_FOREACH_KEY_VAL(ht, idx, key, val) {
		smart_str name = {0};
		ZVAL_DEREF(val);
		if (prefix) {
			smart_str_appends(&name, prefix);
			smart_str_appendc(&name, '[');
		}
		if (key) {
			zend_string *enc = php_raw_url_encode(ZSTR_VAL(key), ZSTR_LEN(key));
			smart_str_append(&name, enc);
			zend_string_efree(enc);
		} else {
			smart_str_append_unsigned(&name, idx);
		}
		if (prefix) {
			smart_str_appendc(&name, ']');
		}
		smart_str_0(&name);
		switch (Z_TYPE_P(val)) {
			case IS_ARRAY:
				if (!encode_params(out, Z_ARRVAL_P(val), ZSTR_VAL(name.s), depth + 1)) {
					smart_str_free(&name);
					return false;
				}
				break;
			case IS_NULL:
				break; /* absent, as Moodle reads a missing optional parameter */
			case IS_STRING:
			case IS_LONG:
			case IS_DOUBLE:
			case IS_TRUE:
			case IS_FALSE: {
				zend_string *str = Z_TYPE_P(val) == IS_TRUE ? ZSTR_CHAR('1') : Z_TYPE_P(val) == IS_FALSE ? ZSTR_CHAR('0') : zval_get_string(val);
				zend_string *enc = php_raw_url_encode(ZSTR_VAL(str), ZSTR_LEN(str));
				if (out->s && ZSTR_LEN(out->s)) {
					smart_str_appendc(out, '&');
				}
				smart_str_append(out, name.s);
				smart_str_appendc(out, '=');
				smart_str_append(out, enc);
				zend_string_efree(enc);
				zend_string_release(str);
				break;
			}
			default:
				zend_argument_type_error(2, "must hold only arrays and scalars, %s given at \"%s\"", zend_zval_type_name(val), ZSTR_VAL(name.s));
				smart_str_free(&name);
				return false;
		}
		smart_str_free(&name);
	} ZEND_HASH_FOREACH_END();
	return true;
}
/* }}} */

/* {{{ mdsync_moodle_call(string $wsfunction, array $params = [], array $options = []): mixed */
PHP_FUNCTION(mdsync_moodle_call)
{
	zend_string *fn;
	HashTable *params = NULL, *options = NULL;
	mdsync_opts mo;
	mdsync_error err;
	smart_str body = {0};
	json_object *answer = NULL;
	size_t i;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_STR(fn)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(params)
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (ZSTR_LEN(fn) == 0 || ZSTR_LEN(fn) > 100) {
		zend_argument_value_error(1, "must be a web service function name");
		RETURN_THROWS();
	}
	for (i = 0; i < ZSTR_LEN(fn); i++) {
		char c = ZSTR_VAL(fn)[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
			zend_argument_value_error(1, "must be a web service function name (a-z, 0-9, _)");
			RETURN_THROWS();
		}
	}
	if (params && !encode_params(&body, params, NULL, 0)) {
		smart_str_free(&body);
		RETURN_THROWS();
	}
	if (!opts_parse(&mo, options, 3, NEED_MOODLE)) {
		smart_str_free(&body);
		RETURN_THROWS();
	}
	smart_str_0(&body);
	memset(&err, 0, sizeof(err));
	if (!mdsync_moodle_call(&mo.moodle, &mo.http, ZSTR_VAL(fn), body.s ? ZSTR_VAL(body.s) : "", body.s ? ZSTR_LEN(body.s) : 0, &answer, &err)) {
		throw_error(&err);
	} else {
		if (answer) {
			json_to_zval(return_value, answer);
			json_object_put(answer);
		} else {
			RETVAL_NULL();
		}
	}
	smart_str_free(&body);
	opts_release(&mo);
}
/* }}} */

/* {{{ grades */
typedef enum { G_INT, G_NUM, G_STR } gfield_kind;

/* The grade event, in the order it goes on the wire. */
static const struct { const char *name; gfield_kind kind; bool required; } grade_fields[] = {
	{ "userid", G_INT, true }, { "djangoid", G_STR, false }, { "email", G_STR, false },
	{ "courseid", G_INT, true }, { "courseshortname", G_STR, false }, { "courseidnumber", G_STR, false },
	{ "itemid", G_INT, true }, { "itemtype", G_STR, false }, { "itemmodule", G_STR, false },
	{ "itemname", G_STR, false }, { "grademax", G_NUM, false }, { "finalgrade", G_NUM, false },
	{ "timemodified", G_INT, true }, { "gradeid", G_INT, false },
};

/* Moodle's records hold numbers as strings ("87.50000"): both are taken. */
static bool grade_value(zval *z, gfield_kind kind, json_object **out)
{
	zend_long l;
	double d;
	zend_uchar t;
	switch (Z_TYPE_P(z)) {
		case IS_LONG:
			if (kind == G_STR) {
				char buf[32];
				snprintf(buf, sizeof(buf), ZEND_LONG_FMT, Z_LVAL_P(z));
				*out = json_object_new_string(buf);
			} else {
				*out = kind == G_NUM ? json_object_new_double((double) Z_LVAL_P(z)) : json_object_new_int64(Z_LVAL_P(z));
			}
			return true;
		case IS_DOUBLE:
			if (kind != G_NUM || !zend_finite(Z_DVAL_P(z))) {
				return false;
			}
			*out = json_object_new_double(Z_DVAL_P(z));
			return true;
		case IS_STRING:
			if (kind == G_STR) {
				*out = json_object_new_string_len(Z_STRVAL_P(z), (int) Z_STRLEN_P(z));
				return true;
			}
			t = is_numeric_string(Z_STRVAL_P(z), Z_STRLEN_P(z), &l, &d, false);
			if (kind == G_INT && t == IS_LONG) {
				*out = json_object_new_int64(l);
				return true;
			}
			if (kind == G_NUM && (t == IS_LONG || t == IS_DOUBLE)) {
				*out = json_object_new_double(t == IS_LONG ? (double) l : d);
				return t == IS_LONG || zend_finite(d);
			}
			return false;
		default:
			return false;
	}
}

/* Expands {name} placeholders with the grade's values, URL-encoded. */
static bool expand_template(const char *tpl, HashTable *ht, smart_str *out, char *why, size_t why_len)
{
	const char *p = tpl;
	while (*p) {
		const char *open = strchr(p, '{'), *close;
		char name[64];
		zval *z;
		zend_string *v, *enc;
		if (!open) {
			smart_str_appends(out, p);
			break;
		}
		smart_str_appendl(out, p, (size_t) (open - p));
		close = strchr(open, '}');
		if (!close || (size_t) (close - open - 1) >= sizeof(name)) {
			snprintf(why, why_len, "grades_url_template has an unclosed or overlong placeholder");
			return false;
		}
		memcpy(name, open + 1, (size_t) (close - open - 1));
		name[close - open - 1] = '\0';
		z = rec_field(ht, name, strlen(name));
		if (!z || (Z_TYPE_P(z) != IS_STRING && Z_TYPE_P(z) != IS_LONG) || (Z_TYPE_P(z) == IS_STRING && Z_STRLEN_P(z) == 0)) {
			snprintf(why, why_len, "grades_url_template needs {%s}, which this grade does not have", name);
			return false;
		}
		v = zval_get_string(z);
		enc = php_raw_url_encode(ZSTR_VAL(v), ZSTR_LEN(v));
		smart_str_append(out, enc);
		zend_string_efree(enc);
		zend_string_release(v);
		p = close + 1;
	}
	smart_str_0(out);
	return true;
}

/* Builds one grade's request; on a grade that cannot be sent, writes why and returns false. */
static bool grade_item(const mdsync_opts *mo, zval *rec, mdsync_push_item *it, char *why, size_t why_len)
{
	HashTable *ht;
	json_object *body;
	zval *z;
	size_t i;
	const char *json;
	smart_str path = {0};

	if (!(ht = rec_table(rec))) {
		ZVAL_DEREF(rec);
		snprintf(why, why_len, "a grade must be an array or object, %s given", zend_zval_type_name(rec));
		return false;
	}
	body = json_object_new_object();
	if (!body) {
		snprintf(why, why_len, "out of memory");
		return false;
	}
	for (i = 0; i < sizeof(grade_fields) / sizeof(grade_fields[0]); i++) {
		json_object *v = NULL;
		z = rec_field(ht, grade_fields[i].name, strlen(grade_fields[i].name));
		if (!z || Z_TYPE_P(z) == IS_NULL) {
			if (grade_fields[i].required) {
				snprintf(why, why_len, "the grade has no \"%s\"", grade_fields[i].name);
				json_object_put(body);
				return false;
			}
		} else if (!grade_value(z, grade_fields[i].kind, &v)) {
			snprintf(why, why_len, "\"%s\" must be %s, %s given", grade_fields[i].name,
				grade_fields[i].kind == G_INT ? "an integer" : grade_fields[i].kind == G_NUM ? "a number" : "a string",
				zend_zval_type_name(z));
			json_object_put(body);
			return false;
		}
		json_object_object_add(body, grade_fields[i].name, v); /* NULL is JSON null */
	}
	z = rec_field(ht, "idempotency_key", sizeof("idempotency_key") - 1);
	if (z && Z_TYPE_P(z) == IS_STRING && Z_STRLEN_P(z) > 0) {
		size_t k;
		for (k = 0; k < Z_STRLEN_P(z); k++) {
			if ((unsigned char) Z_STRVAL_P(z)[k] < 0x20 || Z_STRVAL_P(z)[k] == 0x7f) {
				snprintf(why, why_len, "\"idempotency_key\" must not hold control characters");
				json_object_put(body);
				return false;
			}
		}
		if (Z_STRLEN_P(z) > 200) {
			snprintf(why, why_len, "\"idempotency_key\" is longer than 200 bytes");
			json_object_put(body);
			return false;
		}
		it->idempotency_key = estrndup(Z_STRVAL_P(z), Z_STRLEN_P(z));
	} else if (z && Z_TYPE_P(z) != IS_NULL) {
		snprintf(why, why_len, "\"idempotency_key\" must be a non-empty string");
		json_object_put(body);
		return false;
	} else {
		/* stable: the same change always gets the same key */
		json_object *gid = NULL, *tm = NULL, *uid = NULL, *iid = NULL;
		json_object_object_get_ex(body, "gradeid", &gid);
		json_object_object_get_ex(body, "timemodified", &tm);
		json_object_object_get_ex(body, "userid", &uid);
		json_object_object_get_ex(body, "itemid", &iid);
		if (gid) {
			spprintf(&it->idempotency_key, 0, "grade:%" PRId64 ":%" PRId64, json_object_get_int64(gid), json_object_get_int64(tm));
		} else {
			spprintf(&it->idempotency_key, 0, "grade:%" PRId64 ":%" PRId64 ":%" PRId64,
				json_object_get_int64(uid), json_object_get_int64(iid), json_object_get_int64(tm));
		}
	}
	if (mo->grades_template) {
		if (!expand_template(mo->grades_template, ht, &path, why, why_len)) {
			smart_str_free(&path);
			json_object_put(body);
			return false;
		}
		it->url = mdsync_url_join(mo->grades_base, ZSTR_VAL(path.s));
		smart_str_free(&path);
	} else {
		it->url = mdsync_url_join(mo->grades_base, mo->grades_path);
	}
	json = json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN);
	it->body_len = strlen(json);
	it->body = estrndup(json, it->body_len);
	json_object_put(body);
	return true;
}

static void push_result(zval *res, const mdsync_push_item *it)
{
	zval answer;
	array_init_size(res, 5);
	switch (it->outcome) {
		case MDSYNC_PUSH_DELIVERED:
			add_assoc_string(res, "status", "delivered");
			add_assoc_long(res, "http_status", it->status);
			break;
		case MDSYNC_PUSH_RETRY:
			add_assoc_string(res, "status", "retry");
			add_assoc_long(res, "http_status", it->status);
			add_assoc_long(res, "retry_after", it->retry_after);
			add_assoc_string(res, "message", (char *) it->message);
			break;
		case MDSYNC_PUSH_REJECTED:
			add_assoc_string(res, "status", "rejected");
			add_assoc_long(res, "http_status", it->status);
			add_assoc_string(res, "message", (char *) it->message);
			if (it->answer) {
				json_to_zval(&answer, it->answer);
				add_assoc_zval(res, "answer", &answer);
			} else if (it->answer_text[0]) {
				add_assoc_string(res, "answer", (char *) it->answer_text);
			} else {
				add_assoc_null(res, "answer");
			}
			break;
	}
}

static void push_grades(INTERNAL_FUNCTION_PARAMETERS, bool one)
{
	HashTable *grades, *options = NULL, single;
	zval *rec, *grade = NULL;
	mdsync_opts mo;
	mdsync_push_item *items;
	mdsync_push_config pc;
	mdsync_error err;
	char (*why)[200];
	bool *sendable;
	uint32_t n, i = 0, k = 0;
	zend_string *key;
	zend_ulong idx;

	if (one) {
		ZEND_PARSE_PARAMETERS_START(1, 2)
			Z_PARAM_ARRAY(grade)
			Z_PARAM_OPTIONAL
			Z_PARAM_ARRAY_HT(options)
		ZEND_PARSE_PARAMETERS_END();
		zend_hash_init(&single, 1, NULL, NULL, 0);
		zend_hash_next_index_insert(&single, grade); /* borrowed: no destructor */
		grades = &single;
	} else {
		ZEND_PARSE_PARAMETERS_START(1, 2)
			Z_PARAM_ARRAY_HT(grades)
			Z_PARAM_OPTIONAL
			Z_PARAM_ARRAY_HT(options)
		ZEND_PARSE_PARAMETERS_END();
	}
	if (!opts_parse(&mo, options, 2, NEED_GRADES)) {
		if (one) {
			zend_hash_destroy(&single);
		}
		RETURN_THROWS();
	}
	n = zend_hash_num_elements(grades);
	items = ecalloc(n ? n : 1, sizeof(*items));
	sendable = ecalloc(n ? n : 1, sizeof(bool));
	why = ecalloc(n ? n : 1, sizeof(*why));
	ZEND_HASH_FOREACH_VAL(grades, rec) {
		sendable[i] = grade_item(&mo, rec, &items[k], why[i], sizeof(why[i]));
		if (sendable[i]) {
			k++;
		}
		i++;
	} ZEND_HASH_FOREACH_END();

	pc.method = mo.grades_method;
	pc.secret = mo.signing_secret;
	pc.secret_len = strlen(mo.signing_secret);
	pc.auth_header = mo.grades_auth;
	pc.default_retry_after = 60;
	memset(&err, 0, sizeof(err));
	if (!mdsync_push_events(&pc, &mo.http, items, k, &err)) {
		throw_error(&err);
	} else if (one) {
		if (sendable[0]) {
			push_result(return_value, &items[0]);
		} else {
			local_failure(return_value, "rejected", why[0], "answer");
		}
	} else {
		array_init_size(return_value, n);
		i = 0;
		k = 0;
		ZEND_HASH_FOREACH_KEY(grades, idx, key) {
			zval res;
			if (sendable[i]) {
				push_result(&res, &items[k++]);
			} else {
				/* a grade that cannot be sent as it is: retrying the same data will not help */
				local_failure(&res, "rejected", why[i], "answer");
			}
			batch_put(return_value, key, idx, &res);
			i++;
		} ZEND_HASH_FOREACH_END();
	}
	for (i = 0; i < n; i++) {
		if (items[i].url) {
			efree(items[i].url);
		}
		if (items[i].body) {
			efree(items[i].body);
		}
		if (items[i].idempotency_key) {
			efree(items[i].idempotency_key);
		}
		if (items[i].answer) {
			json_object_put(items[i].answer);
		}
	}
	efree(items);
	efree(sendable);
	efree(why);
	if (one) {
		zend_hash_destroy(&single);
	}
	opts_release(&mo);
}

/* {{{ mdsync_push_grade(array $grade, array $options = []): array */
PHP_FUNCTION(mdsync_push_grade)
{
	push_grades(INTERNAL_FUNCTION_PARAM_PASSTHRU, true);
}
/* }}} */

/* {{{ mdsync_push_grades(array $grades, array $options = []): array */
PHP_FUNCTION(mdsync_push_grades)
{
	push_grades(INTERNAL_FUNCTION_PARAM_PASSTHRU, false);
}
/* }}} */
/* }}} */

/* {{{ exception accessors */
ZEND_METHOD(Mdsync_MoodleException, getErrorCode)
{
	zval rv, *prop;
	ZEND_PARSE_PARAMETERS_NONE();
	prop = zend_read_property(mdsync_ce_moodle_exception, Z_OBJ_P(ZEND_THIS), "errorCode", sizeof("errorCode") - 1, 1, &rv);
	RETURN_COPY_DEREF(prop);
}

ZEND_METHOD(Mdsync_HttpException, getStatusCode)
{
	zval rv, *prop;
	ZEND_PARSE_PARAMETERS_NONE();
	prop = zend_read_property(mdsync_ce_http_exception, Z_OBJ_P(ZEND_THIS), "statusCode", sizeof("statusCode") - 1, 1, &rv);
	RETURN_COPY_DEREF(prop);
}

ZEND_METHOD(Mdsync_HttpException, getUrl)
{
	zval rv, *prop;
	ZEND_PARSE_PARAMETERS_NONE();
	prop = zend_read_property(mdsync_ce_http_exception, Z_OBJ_P(ZEND_THIS), "url", sizeof("url") - 1, 1, &rv);
	RETURN_COPY_DEREF(prop);
}

ZEND_METHOD(Mdsync_ConnectionException, getUrl)
{
	zval rv, *prop;
	ZEND_PARSE_PARAMETERS_NONE();
	prop = zend_read_property(mdsync_ce_connection_exception, Z_OBJ_P(ZEND_THIS), "url", sizeof("url") - 1, 1, &rv);
	RETURN_COPY_DEREF(prop);
}
/* }}} */

static PHP_GINIT_FUNCTION(mdsync)
{
#if defined(COMPILE_DL_MDSYNC) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	memset(mdsync_globals, 0, sizeof(*mdsync_globals));
}

PHP_MINIT_FUNCTION(mdsync)
{
	int f;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		return FAILURE;
	}
	REGISTER_INI_ENTRIES();
	register_mdsync_symbols(module_number);
	mdsync_ce_exception = register_class_Mdsync_Exception(spl_ce_RuntimeException);
	mdsync_ce_http_exception = register_class_Mdsync_HttpException(mdsync_ce_exception);
	mdsync_ce_connection_exception = register_class_Mdsync_ConnectionException(mdsync_ce_exception);
	mdsync_ce_protocol_exception = register_class_Mdsync_ProtocolException(mdsync_ce_exception);
	mdsync_ce_moodle_exception = register_class_Mdsync_MoodleException(mdsync_ce_exception);

	key_source = zend_string_init_interned("source", sizeof("source") - 1, 1);
	for (f = 0; f <= MDSYNC_F_COUNT; f++) {
		key_fields[f] = zend_string_init_interned(mdsync_field_names[f], strlen(mdsync_field_names[f]), 1);
	}
	return SUCCESS;
}

PHP_MSHUTDOWN_FUNCTION(mdsync)
{
	UNREGISTER_INI_ENTRIES();
	curl_global_cleanup();
	return SUCCESS;
}

PHP_RINIT_FUNCTION(mdsync)
{
#if defined(ZTS) && defined(COMPILE_DL_MDSYNC)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	return SUCCESS;
}

PHP_MINFO_FUNCTION(mdsync)
{
	curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);
	php_info_print_table_start();
	php_info_print_table_row(2, "mdsync support", "enabled");
	php_info_print_table_row(2, "mdsync version", PHP_MDSYNC_VERSION);
	php_info_print_table_end();
	php_info_print_table_start();
	php_info_print_table_header(3, "library", "compiled", "linked");
	php_info_print_table_row(3, "libcurl", LIBCURL_VERSION, cv ? cv->version : "unknown");
	php_info_print_table_row(3, "json-c", JSON_C_VERSION, json_c_version());
	php_info_print_table_end();
	DISPLAY_INI_ENTRIES();
}

static const zend_module_dep mdsync_deps[] = {
	ZEND_MOD_REQUIRED("hash")
	ZEND_MOD_REQUIRED("random")
	ZEND_MOD_REQUIRED("spl")
	ZEND_MOD_END
};

zend_module_entry mdsync_module_entry = {
	STANDARD_MODULE_HEADER_EX, NULL,
	mdsync_deps,
	"mdsync",
	ext_functions,
	PHP_MINIT(mdsync),
	PHP_MSHUTDOWN(mdsync),
	PHP_RINIT(mdsync),
	NULL,
	PHP_MINFO(mdsync),
	PHP_MDSYNC_VERSION,
	PHP_MODULE_GLOBALS(mdsync),
	PHP_GINIT(mdsync),
	NULL,
	NULL,
	STANDARD_MODULE_PROPERTIES_EX
};

#ifdef COMPILE_DL_MDSYNC
# ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
# endif
ZEND_GET_MODULE(mdsync)
#endif
