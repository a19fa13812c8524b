/* mdsync face, options: option arrays, INI defaults and the environment into the C configs. */
#include "private.h"
#include "SAPI.h"
#include "src/url.h"
#include "src/django_page.h"

typedef enum { OPT_STRING, OPT_INT, OPT_BOOL, OPT_ARRAY, OPT_LIST, OPT_IDS, OPT_CALLABLE } opt_type; /* OPT_LIST: array or string; OPT_IDS: or one int */

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
	/* scope (face/scope.c) */
	{ "exclude_siteadmins", OPT_BOOL }, { "exclude_guest", OPT_BOOL }, { "exclude_auth", OPT_LIST },
	{ "exclude_roles", OPT_LIST }, { "exclude_cohorts", OPT_LIST }, { "exclude_email_domains", OPT_LIST },
	{ "exclude_usernames", OPT_LIST }, { "exclude_ids", OPT_IDS }, { "include_auth", OPT_LIST },
	{ "include_cohorts", OPT_LIST }, { "django_include", OPT_ARRAY }, { "django_filter", OPT_LIST },
	{ "extended_username_chars", OPT_BOOL }, { "progress", OPT_CALLABLE },
	{ NULL, OPT_STRING }
};

/* An option's value; a reference (left by foreach (... as &$v)) is followed. */
static zval *opt(HashTable *o, const char *name)
{
	zval *z = o ? zend_hash_str_find_deref(o, name, strlen(name)) : NULL;
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
		ZVAL_DEREF(val);
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
			|| (d->type == OPT_ARRAY && Z_TYPE_P(val) != IS_ARRAY)
			|| (d->type == OPT_LIST && Z_TYPE_P(val) != IS_ARRAY && Z_TYPE_P(val) != IS_STRING)
			|| (d->type == OPT_IDS && Z_TYPE_P(val) != IS_ARRAY && Z_TYPE_P(val) != IS_STRING && Z_TYPE_P(val) != IS_LONG)) {
			static const char *const names[] = { "string", "int", "bool", "array", "array|string", "array|string|int" };
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
		/* sapi_getenv's copy is ours: keep one in request memory for the call, wipe the other */
		const char *copy = estrdup(v);
		explicit_bzero(v, strlen(v));
		efree(v);
		return copy;
	}
	v = getenv(name);
	return v ? estrdup(v) : NULL;
}

void mdsync_opts_release(mdsync_opts *mo)
{
	int f;
	mdsync_secret_free(mo->token);
	mdsync_secret_free(mo->moodle_token);
	mdsync_secret_free(mo->signing_secret);
	mdsync_secret_free(mo->grades_auth);
	mo->token = mo->moodle_token = mo->signing_secret = mo->grades_auth = NULL;
	mdsync_scope_dtor(&mo->plan.scope);
	if (mo->users_path_owned) {
		efree(mo->users_path_owned);
		mo->users_path_owned = NULL;
	}
	memset(&mo->secrets, 0, sizeof(mo->secrets));
	for (f = 0; f <= MDSYNC_F_COUNT; f++) {
		if (mo->field_paths_owned[f]) {
			efree(mo->field_paths_owned[f]);
			mo->field_paths_owned[f] = NULL;
		}
	}
	if (mo->progress_bailout) {
		mo->progress_bailout = false;
		zend_bailout(); /* what the progress callable started (a fatal error, exit) goes on */
	}
}

static bool parse_field_map_entries(mdsync_opts *mo, HashTable *map, uint32_t arg, unsigned *explicit);

static bool parse_field_map(mdsync_opts *mo, HashTable *map, uint32_t arg)
{
	static const char *const defaults[MDSYNC_F_COUNT + 1] = {
		"id", "username", "email", "first_name", "last_name", "edeboid", "iasid", "id", NULL, "!is_active",
	};
	int f;
	unsigned explicit = 0;

	for (f = 0; f <= MDSYNC_F_COUNT; f++) {
		mo->django.field_paths[f] = defaults[f];
	}
	if (map && !parse_field_map_entries(mo, map, arg, &explicit)) {
		return false;
	}
	/* Every field the map names must be on some user of Django's first page (else a
	 * ConfigException), except the identifiers edeboid and iasid left at their defaults: many
	 * APIs have neither, and a missing identifier never erases Moodle's. */
	for (f = 0; f <= MDSYNC_F_COUNT; f++) {
		if (mo->django.field_paths[f] && ((explicit & (1u << f)) || (f != MDSYNC_F_EDEBOID && f != MDSYNC_F_IASID))) {
			mo->django.required_fields |= 1u << f;
		}
	}
	{
		mdsync_fieldmap fm;
		char why[200];
		if (!mdsync_fieldmap_compile(&fm, mo->django.field_paths, why, sizeof(why))) {
			zend_argument_value_error(arg, "option \"field_map\": %s", why);
			return false;
		}
	}
	return true;
}

static bool parse_field_map_entries(mdsync_opts *mo, HashTable *map, uint32_t arg, unsigned *explicit)
{
	zend_string *key;
	zval *val;
	int f;

	ZEND_HASH_FOREACH_STR_KEY_VAL(map, key, val) {
		ZVAL_DEREF(val);
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
		*explicit |= 1u << f;
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

static bool printable_token(const char *t)
{
	for (; *t; t++) {
		if ((unsigned char) *t <= 0x20 || (unsigned char) *t >= 0x7f) {
			return false;
		}
	}
	return true;
}

/* A base URL option (def: its INI default, or NULL; ini names it for the message). */
static bool url_option(HashTable *o, uint32_t arg, const char *key, const char *def, const char *ini, const char **out)
{
	char why[128];
	*out = opt_str(o, key, def);
	if (!*out || !**out) {
		zend_argument_value_error(arg, "option \"%s\" is required%s%s%s", key, ini ? " (or set " : "", ini ? ini : "", ini ? ")" : "");
		return false;
	}
	if (!mdsync_url_check_base(*out, why, sizeof(why))) {
		zend_argument_value_error(arg, "option \"%s\" %s", key, why);
		return false;
	}
	return true;
}

/* A secret: the option key, else the environment variable env_name; a copy in *out, wiped on
 * release. A token (printable) goes into a header or a form, so it must be printable ASCII. */
static bool secret_option(HashTable *o, uint32_t arg, const char *key, const char *env_name, bool required,
	bool printable, char **out)
{
	const char *v = opt_str(o, key, NULL);
	*out = v ? estrdup(v) : (char *) env(env_name);
	if (!*out || !**out) {
		if (required) {
			zend_argument_value_error(arg, "option \"%s\" is required (or set %s in the environment)", key, env_name);
			return false;
		}
		return true;
	}
	if (printable && !printable_token(*out)) {
		zend_argument_value_error(arg, "option \"%s\" must be printable ASCII without spaces", key);
		return false;
	}
	return true;
}

static bool opts_moodle(mdsync_opts *mo, HashTable *o, uint32_t arg)
{
	const char *url;
	if (!url_option(o, arg, "moodle_url", NULL, NULL, &url)
		|| !secret_option(o, arg, "moodle_token", "MDSYNC_MOODLE_TOKEN", true, true, &mo->moodle_token)) {
		return false;
	}
	mo->moodle.base_url = url;
	mo->moodle.token = mo->moodle_token;
	return true;
}

/* Grade delivery needs the Django URL and the signing secret; a token is sent if there is one. */
static bool opts_grades(mdsync_opts *mo, HashTable *o, uint32_t arg)
{
	const char *url, *scheme;

	if (!url_option(o, arg, "django_url", MDSYNC_G(django_url), "mdsync.django_url", &url)) {
		return false;
	}
	mo->grades.base_url = url;
	mo->grades.path = opt_str(o, "grades_path", "/api/grades/");
	mo->grades.url_template = opt_str(o, "grades_url_template", NULL);
	if (mo->grades.path[0] != '/' || (mo->grades.url_template && mo->grades.url_template[0] != '/')) {
		zend_argument_value_error(arg, "options \"grades_path\" and \"grades_url_template\" must start with /");
		return false;
	}
	mo->grades_method = opt_str(o, "grades_method", "POST");
	if (strcmp(mo->grades_method, "POST") != 0 && strcmp(mo->grades_method, "PATCH") != 0 && strcmp(mo->grades_method, "PUT") != 0) {
		zend_argument_value_error(arg, "option \"grades_method\" must be \"POST\", \"PATCH\" or \"PUT\"");
		return false;
	}
	if (!secret_option(o, arg, "signing_secret", "MDSYNC_SIGNING_SECRET", true, false, &mo->signing_secret)) {
		return false;
	}
	scheme = opt_str(o, "django_auth_scheme", "Token");
	if (strcmp(scheme, "Token") != 0 && strcmp(scheme, "Bearer") != 0) {
		zend_argument_value_error(arg, "option \"django_auth_scheme\" must be \"Token\" or \"Bearer\"");
		return false;
	}
	/* a token is sent if there is one */
	if (!secret_option(o, arg, "django_token", "MDSYNC_DJANGO_TOKEN", false, true, &mo->token)) {
		return false;
	}
	if (mo->token && *mo->token) {
		spprintf(&mo->grades_auth, 0, "Authorization: %s %s", scheme, mo->token);
	}
	return true;
}

static bool opts_django(mdsync_opts *mo, HashTable *o, uint32_t arg)
{
	const char *url, *scheme, *pagination, *password;

	if (!url_option(o, arg, "django_url", MDSYNC_G(django_url), "mdsync.django_url", &url)) {
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
	if (opt(o, "django_filter")) {
		mo->users_path_owned = mdsync_filter_path(mo->django.users_path, opt(o, "django_filter"), arg);
		if (!mo->users_path_owned) {
			return false;
		}
		mo->django.users_path = mo->users_path_owned;
	}

	if (!secret_option(o, arg, "django_token", "MDSYNC_DJANGO_TOKEN", true, true, &mo->token)) {
		return false;
	}
	mo->django.token = mo->token;
	return true;
}

/* How the plan matches and who is in scope (mdsync_sync_users, mdsync_plan). */
static bool opts_plan(mdsync_opts *mo, HashTable *o, uint32_t arg)
{
	const char *match = opt_str(o, "match", "email");
	zend_long days;

	if (strcmp(match, "email") == 0) {
		mo->plan.djangoid_first = false;
	} else if (strcmp(match, "djangoid,email") == 0) {
		mo->plan.djangoid_first = true;
	} else {
		zend_argument_value_error(arg, "option \"match\" must be \"email\" or \"djangoid,email\"");
		return false;
	}
	mo->plan.suspend = opt_bool(o, "suspend", false);
	mo->suspend_max_percent = opt_long(o, "suspend_max_percent", 5);
	days = opt_long(o, "delete_after_days", 0);
	if (!range(arg, "suspend_max_percent", mo->suspend_max_percent, 0, 100)
		|| !range(arg, "delete_after_days", days, 0, 36500)) {
		return false;
	}
	if (days > 0 && !mo->plan.suspend) {
		zend_argument_value_error(arg, "option \"delete_after_days\" needs \"suspend\"");
		return false;
	}
	mo->plan.delete_before = days > 0 ? (int64_t) time(NULL) - (int64_t) days * 86400 : 0;
	return mdsync_scope_parse(&mo->plan, o, arg);
}

bool mdsync_opts_parse(mdsync_opts *mo, HashTable *o, uint32_t arg, int need)
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
	mo->http.user_agent = "mdsync/" PHP_MDSYNC_VERSION;
	if (!range(arg, "concurrency", mo->http.concurrency, 1, 256)
		|| !range(arg, "timeout_ms", mo->http.timeout_ms, 1, 86400000)
		|| !range(arg, "connect_timeout_ms", mo->http.connect_timeout_ms, 1, 86400000)
		|| !range(arg, "max_retries", mo->http.max_retries, 0, 20)
		|| !range(arg, "deadline_ms", mo->http.deadline_ms, 1, 7 * 86400000L)
		|| !range(arg, "max_response_bytes", (zend_long) mo->http.max_response_bytes, 1024, (zend_long) 1 << 31)) {
		return false;
	}
	if (opt(o, "progress")) {
		if (!(need & MDSYNC_TAKE_PROGRESS)) {
			/* a batch of writes always ends with every result: a callable that throws must not lose them */
			zend_argument_value_error(arg, "option \"progress\" is for reading the users list "
				"(mdsync_django_users(), mdsync_sync_users()), not for this function");
			return false;
		}
		if (!mdsync_progress_option(mo, opt(o, "progress"), arg)) {
			return false;
		}
	}
	if ((need & (MDSYNC_NEED_PLAN | MDSYNC_NEED_DJANGO)) && !opts_plan(mo, o, arg)) {
		mdsync_opts_release(mo);
		return false;
	}
	if ((need & MDSYNC_NEED_DJANGO) && !opts_django(mo, o, arg)) {
		mdsync_opts_release(mo);
		return false;
	}
	if ((need & MDSYNC_NEED_GRADES) && !opts_grades(mo, o, arg)) {
		mdsync_opts_release(mo);
		return false;
	}
	if ((need & MDSYNC_NEED_MOODLE) && !opts_moodle(mo, o, arg)) {
		mdsync_opts_release(mo);
		return false;
	}
	/* Every secret this call knows is redacted from whatever it returns or throws: the ones it
	 * uses, and any other one the options array holds. */
	mdsync_secrets_add(&mo->secrets, mo->token);
	mdsync_secrets_add(&mo->secrets, mo->moodle_token);
	mdsync_secrets_add(&mo->secrets, mo->signing_secret);
	mdsync_secrets_add(&mo->secrets, opt_str(o, "django_token", NULL));
	mdsync_secrets_add(&mo->secrets, opt_str(o, "moodle_token", NULL));
	mdsync_secrets_add(&mo->secrets, opt_str(o, "signing_secret", NULL));
	mo->http.secrets = &mo->secrets;
	return true;
}
