/* mdsync face, scope options: who is synced each way (exclude_*, include_*, django_include, django_filter). */
#include "private.h"
#include "ext/standard/url.h"

static zval *opt(HashTable *o, const char *name)
{
	zval *z = o ? zend_hash_str_find(o, name, strlen(name)) : NULL;
	return (z && Z_TYPE_P(z) != IS_NULL) ? z : NULL;
}

typedef void (*fold_fn)(const char *s, size_t len, mdsync_sbuf *out);

static void fold_name(const char *s, size_t len, mdsync_sbuf *out)
{
	mdsync_norm_username(s, len, out); /* trimmed, lower-cased */
}

/* An email-domain pattern folded as a domain is ("@" in front allowed). */
static void fold_domain(const char *s, size_t len, mdsync_sbuf *out)
{
	char buf[MDSYNC_NORM_MAX];
	const char *at;
	mdsync_norm_trim(&s, &len);
	if (len && *s == '@') {
		s++;
		len--;
	}
	if (len + 2 > sizeof(buf)) {
		len = sizeof(buf) - 2;
	}
	buf[0] = 'x';
	buf[1] = '@';
	memcpy(buf + 2, s, len);
	mdsync_norm_email(buf, len + 2, out);
	at = strchr(out->v, '@');
	if (at) {
		size_t n = out->len - (size_t) (at + 1 - out->v);
		memmove(out->v, at + 1, n + 1);
		out->len = n;
	}
}

static void fold_email(const char *s, size_t len, mdsync_sbuf *out)
{
	mdsync_norm_email(s, len, out);
}

static void list_add(mdsync_strlist *l, const char *s, size_t len)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->v = safe_erealloc(l->v, l->cap, sizeof(char *), 0);
		l->len = safe_erealloc(l->len, l->cap, sizeof(size_t), 0);
	}
	l->v[l->n] = estrndup(s, len);
	l->len[l->n] = len;
	l->n++;
}

/* One name: trimmed; folded if fold is given; empty ones are skipped. */
static void add_item(mdsync_strlist *l, const char *s, size_t len, fold_fn fold, mdsync_sbuf *buf)
{
	mdsync_norm_trim(&s, &len);
	if (!len) {
		return;
	}
	if (fold) {
		fold(s, len, buf);
		if (buf->len) {
			list_add(l, buf->v, buf->len);
		}
		return;
	}
	list_add(l, s, len);
}

/* A list option: an array of strings, or one string of comma-separated names (as INI files and
 * Moodle's admin settings hold them). */
static bool parse_list(mdsync_strlist *l, zval *z, const char *name, uint32_t arg, fold_fn fold)
{
	mdsync_sbuf buf = { 0 };
	zval *item;
	if (Z_TYPE_P(z) == IS_STRING) {
		const char *p = Z_STRVAL_P(z), *end = p + Z_STRLEN_P(z);
		while (p <= end) {
			const char *comma = memchr(p, ',', (size_t) (end - p));
			const char *stop = comma ? comma : end;
			add_item(l, p, (size_t) (stop - p), fold, &buf);
			p = stop + 1;
		}
	} else if (Z_TYPE_P(z) == IS_ARRAY) {
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(z), item) {
			ZVAL_DEREF(item);
			if (Z_TYPE_P(item) != IS_STRING) {
				mdsync_sbuf_free(&buf);
				zend_argument_type_error(arg, "option \"%s\" must list strings, %s given", name, zend_zval_type_name(item));
				return false;
			}
			add_item(l, Z_STRVAL_P(item), Z_STRLEN_P(item), fold, &buf);
		} ZEND_HASH_FOREACH_END();
	} else {
		zend_argument_type_error(arg, "option \"%s\" must be of type array|string, %s given", name, zend_zval_type_name(z));
		return false;
	}
	mdsync_sbuf_free(&buf);
	return true;
}

static bool parse_id_range(mdsync_scope *sc, const char *s, size_t len)
{
	mdsync_idrange r;
	const char *dash;
	char *end;
	mdsync_norm_trim(&s, &len);
	if (!len) {
		return true;
	}
	if (len > 40) {
		return false;
	}
	{
		char buf[48];
		memcpy(buf, s, len);
		buf[len] = '\0';
		dash = strchr(buf + 1, '-');
		errno = 0;
		r.lo = (int64_t) ZEND_STRTOL(buf, &end, 10);
		if (dash) {
			if (end != dash) {
				return false;
			}
			r.hi = (int64_t) ZEND_STRTOL(dash + 1, &end, 10);
		} else {
			r.hi = r.lo;
		}
		while (*end == ' ') {
			end++;
		}
		if (*end || errno || r.lo <= 0 || r.hi < r.lo || !isdigit((unsigned char) buf[0])) {
			return false;
		}
	}
	MDSYNC_VEC_PUSH(sc->ids, r);
	return true;
}

static bool parse_ids(mdsync_scope *sc, zval *z, uint32_t arg)
{
	zval *item;
	bool ok = true;
	if (Z_TYPE_P(z) == IS_LONG) { /* one id, as an INI file types it */
		mdsync_idrange r = { Z_LVAL_P(z), Z_LVAL_P(z) };
		ok = r.lo > 0;
		if (ok) {
			MDSYNC_VEC_PUSH(sc->ids, r);
		}
	} else if (Z_TYPE_P(z) == IS_STRING) {
		const char *p = Z_STRVAL_P(z), *end = p + Z_STRLEN_P(z);
		while (ok && p <= end) {
			const char *comma = memchr(p, ',', (size_t) (end - p)), *stop = comma ? comma : end;
			ok = parse_id_range(sc, p, (size_t) (stop - p));
			p = stop + 1;
		}
	} else if (Z_TYPE_P(z) == IS_ARRAY) {
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(z), item) {
			ZVAL_DEREF(item);
			if (Z_TYPE_P(item) == IS_LONG) {
				mdsync_idrange r = { Z_LVAL_P(item), Z_LVAL_P(item) };
				ok = r.lo > 0;
				if (ok) {
					MDSYNC_VEC_PUSH(sc->ids, r);
				}
			} else if (Z_TYPE_P(item) == IS_STRING) {
				ok = parse_id_range(sc, Z_STRVAL_P(item), Z_STRLEN_P(item));
			} else {
				ok = false;
			}
			if (!ok) {
				break;
			}
		} ZEND_HASH_FOREACH_END();
	} else {
		zend_argument_type_error(arg, "option \"exclude_ids\" must be of type array|string|int, %s given", zend_zval_type_name(z));
		return false;
	}
	if (!ok) {
		zend_argument_value_error(arg, "option \"exclude_ids\" must list Moodle ids or ranges, such as 2 or \"10-20\"");
	}
	return ok;
}

/* django_include: ['field' => pattern(s), ...]: Django users to create must match every field. */
static bool parse_django_include(mdsync_scope *sc, HashTable *map, uint32_t arg)
{
	zend_string *key;
	zval *val;
	ZEND_HASH_FOREACH_STR_KEY_VAL(map, key, val) {
		mdsync_field_rule *r;
		int f;
		for (f = 0; f < MDSYNC_F_COUNT; f++) {
			if (key && zend_string_equals_cstr(key, mdsync_field_names[f], strlen(mdsync_field_names[f]))) {
				break;
			}
		}
		if (f == MDSYNC_F_COUNT) {
			zend_argument_value_error(arg, "option \"django_include\" has an unknown field \"%s\" (known: id, username, "
				"email, firstname, lastname, edeboid, iasid, djangoid, auth)", key ? ZSTR_VAL(key) : "(int)");
			return false;
		}
		r = &sc->django_include[sc->n_django_include++];
		r->field = (mdsync_field) f;
		if (!parse_list(&r->patterns, val, "django_include", arg, f == MDSYNC_F_EMAIL ? fold_email : fold_name)) {
			return false;
		}
		if (r->patterns.n == 0) {
			zend_argument_value_error(arg, "option \"django_include\" needs a pattern for \"%s\"", mdsync_field_names[f]);
			return false;
		}
	} ZEND_HASH_FOREACH_END();
	return true;
}

bool mdsync_scope_parse(mdsync_plan_opts *po, HashTable *o, uint32_t arg)
{
	static const struct { const char *name; size_t off; fold_fn fold; } lists[] = {
		{ "exclude_auth", offsetof(mdsync_scope, auth), NULL },
		{ "exclude_roles", offsetof(mdsync_scope, roles), NULL },
		{ "exclude_cohorts", offsetof(mdsync_scope, cohorts), NULL },
		{ "exclude_email_domains", offsetof(mdsync_scope, email_domains), fold_domain },
		{ "exclude_usernames", offsetof(mdsync_scope, usernames), fold_name },
		{ "include_auth", offsetof(mdsync_scope, include_auth), NULL },
		{ "include_cohorts", offsetof(mdsync_scope, include_cohorts), NULL },
	};
	mdsync_scope *sc = &po->scope;
	size_t i;
	zval *z;

	memset(sc, 0, sizeof(*sc));
	sc->siteadmins = !(z = opt(o, "exclude_siteadmins")) || Z_TYPE_P(z) == IS_TRUE;
	sc->guest = !(z = opt(o, "exclude_guest")) || Z_TYPE_P(z) == IS_TRUE;
	po->extended_username_chars = (z = opt(o, "extended_username_chars")) && Z_TYPE_P(z) == IS_TRUE;
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		mdsync_strlist *l = (mdsync_strlist *) ((char *) sc + lists[i].off);
		if ((z = opt(o, lists[i].name)) != NULL) {
			if (!parse_list(l, z, lists[i].name, arg, lists[i].fold)) {
				mdsync_scope_dtor(sc);
				return false;
			}
		} else if (l == &sc->auth) {
			/* by default, service accounts are never pushed */
			list_add(l, "nologin", sizeof("nologin") - 1);
			list_add(l, "webservice", sizeof("webservice") - 1);
		}
	}
	if (((z = opt(o, "exclude_ids")) && !parse_ids(sc, z, arg))
		|| ((z = opt(o, "django_include")) && !parse_django_include(sc, Z_ARRVAL_P(z), arg))) {
		mdsync_scope_dtor(sc);
		return false;
	}
	return true;
}

/* "role=student&year=2" as an array (percent-decoded), for filters kept as one string. */
static void query_to_array(zval *out, const char *q, size_t len)
{
	const char *p = q, *end = q + len;
	array_init(out);
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t) (end - p)), *stop = amp ? amp : end, *eq;
		eq = memchr(p, '=', (size_t) (stop - p));
		if (stop > p) {
			char *k = estrndup(p, (size_t) ((eq ? eq : stop) - p));
			char *v = eq ? estrndup(eq + 1, (size_t) (stop - eq - 1)) : estrdup("");
			size_t kl = php_url_decode(k, strlen(k)), vl = php_url_decode(v, strlen(v));
			add_assoc_stringl_ex(out, k, kl, v, vl);
			efree(k);
			efree(v);
		}
		p = stop + 1;
	}
}

static char *filter_path(const char *users_path, zval *filter, uint32_t arg);

/* users_path with django_filter's parameters appended (URL-encoded); NULL after a ValueError. */
char *mdsync_filter_path(const char *users_path, zval *filter, uint32_t arg)
{
	zval tmp;
	char *out;
	if (Z_TYPE_P(filter) != IS_STRING) {
		return filter_path(users_path, filter, arg);
	}
	query_to_array(&tmp, Z_STRVAL_P(filter), Z_STRLEN_P(filter));
	out = filter_path(users_path, &tmp, arg);
	zval_ptr_dtor(&tmp);
	return out;
}

static char *filter_path(const char *users_path, zval *filter, uint32_t arg)
{
	static const char *const reserved[] = { "page", "page_size", "limit", "offset", "cursor", NULL };
	smart_str path = { 0 };
	zend_string *key;
	zval *val;
	bool query = strchr(users_path, '?') != NULL;
	int r;

	smart_str_appends(&path, users_path);
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(filter), key, val) {
		zend_string *k, *v, *text;
		ZVAL_DEREF(val);
		if (!key || ZSTR_LEN(key) == 0) {
			zend_argument_value_error(arg, "option \"django_filter\" must map parameter names to values");
			smart_str_free(&path);
			return NULL;
		}
		for (r = 0; reserved[r]; r++) {
			if (zend_string_equals_cstr(key, reserved[r], strlen(reserved[r]))) {
				zend_argument_value_error(arg, "option \"django_filter\" cannot set \"%s\": mdsync pages through the list itself", reserved[r]);
				smart_str_free(&path);
				return NULL;
			}
		}
		if (Z_TYPE_P(val) != IS_STRING && Z_TYPE_P(val) != IS_LONG && Z_TYPE_P(val) != IS_TRUE && Z_TYPE_P(val) != IS_FALSE) {
			zend_argument_type_error(arg, "option \"django_filter\" values must be strings, ints or bools, %s given for \"%s\"",
				zend_zval_type_name(val), ZSTR_VAL(key));
			smart_str_free(&path);
			return NULL;
		}
		/* a bool as DRF's BooleanFilter reads it */
		text = Z_TYPE_P(val) == IS_TRUE ? zend_string_init("true", 4, 0) : Z_TYPE_P(val) == IS_FALSE
			? zend_string_init("false", 5, 0) : zval_get_string(val);
		k = php_raw_url_encode(ZSTR_VAL(key), ZSTR_LEN(key));
		v = php_raw_url_encode(ZSTR_VAL(text), ZSTR_LEN(text));
		smart_str_appendc(&path, query ? '&' : '?');
		smart_str_append(&path, k);
		smart_str_appendc(&path, '=');
		smart_str_append(&path, v);
		query = true;
		zend_string_release(k);
		zend_string_release(v);
		zend_string_release(text);
	} ZEND_HASH_FOREACH_END();
	smart_str_0(&path);
	{
		char *out = estrndup(ZSTR_VAL(path.s), ZSTR_LEN(path.s));
		smart_str_free(&path);
		return out;
	}
}
