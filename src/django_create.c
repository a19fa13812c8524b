/* mdsync Django client, creating users: the POST body of each user, sent concurrently. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "ext/hash/php_hash.h"
#include "ext/hash/php_hash_sha.h"
#include "ext/random/php_random.h"
#include "django.h"
#include "json.h"
#include "url.h"
#include <json-c/json.h>

/* Sets root's member at a dotted path ("profile.edebo_id"), making objects on the way; takes val. */
static bool json_set_path(json_object *root, const char *path, json_object *val)
{
	const char *dot;
	if (!val) {
		return false;
	}
	while ((dot = strchr(path, '.')) != NULL) {
		char key[128];
		size_t len = (size_t) (dot - path);
		json_object *next = NULL;
		if (len >= sizeof(key)) {
			json_object_put(val);
			return false;
		}
		memcpy(key, path, len);
		key[len] = '\0';
		if (!json_object_object_get_ex(root, key, &next) || !json_object_is_type(next, json_type_object)) {
			next = json_object_new_object();
			if (!next || json_object_object_add(root, key, next) != 0) {
				json_object_put(next);
				json_object_put(val);
				return false;
			}
		}
		root = next;
		path = dot + 1;
	}
	if (json_object_object_add(root, path, val) != 0) {
		json_object_put(val);
		return false;
	}
	return true;
}

/* "user:" and the hex SHA-256 of the matching key (the email as the planner compares it:
 * normalize.h), so one person gets one key however the email is written: fixed length, no
 * user text in a header. */
static void user_key(const char *email_norm, char out[MDSYNC_CREATE_KEY_MAX])
{
	PHP_SHA256_CTX ctx;
	unsigned char digest[32];
	PHP_SHA256Init(&ctx);
	PHP_SHA256Update(&ctx, (const unsigned char *) email_norm, strlen(email_norm));
	PHP_SHA256Final(digest, &ctx);
	memcpy(out, "user:", 5);
	php_hash_bin2hex(out + 5, digest, sizeof(digest));
	out[5 + 64] = '\0';
}

bool mdsync_django_create_body(const mdsync_django_config *dc, const mdsync_userset *s, const mdsync_user *u,
	bool generate_password, mdsync_create_item *it, char *why, size_t why_len)
{
	static const mdsync_field sent[] = {
		MDSYNC_F_USERNAME, MDSYNC_F_EMAIL, MDSYNC_F_FIRSTNAME, MDSYNC_F_LASTNAME, MDSYNC_F_EDEBOID, MDSYNC_F_IASID,
	};
	const char *email_norm = mdsync_user_email_norm(s, u), *username = mdsync_user_get(s, u, MDSYNC_F_USERNAME);
	const char *path, *json;
	json_object *body;
	bool ok = true;
	size_t i;

	if (!email_norm) {
		snprintf(why, why_len, "the user has no email");
		return false;
	}
	if (!username || !*username) {
		snprintf(why, why_len, "the user has no username");
		return false;
	}
	body = json_object_new_object();
	if (!body) {
		snprintf(why, why_len, "out of memory");
		return false;
	}
	for (i = 0; i < sizeof(sent) / sizeof(sent[0]) && ok; i++) {
		const char *v = mdsync_user_get(s, u, sent[i]);
		size_t len;
		if (!(path = dc->field_paths[sent[i]]) || !v) {
			continue;
		}
		len = strlen(v);
		if (sent[i] == MDSYNC_F_EMAIL) {
			/* Django stores what it is given: send the email trimmed of Unicode white space and
			 * invisible characters (normalize.h), its case kept */
			mdsync_norm_trim(&v, &len);
		}
		ok = json_set_path(body, path, json_object_new_string_len(v, (int) len));
	}
	if (ok && (path = dc->field_paths[MDSYNC_F_SUSPENDED]) != NULL) {
		bool invert = path[0] == '!';
		ok = json_set_path(body, invert ? path + 1 : path, json_object_new_boolean(invert ? !u->suspended : u->suspended));
	}
	if (ok && generate_password) {
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
		ok = json_set_path(body, "password", json_object_new_string(hex));
		explicit_bzero(hex, sizeof(hex));
		explicit_bzero(raw, sizeof(raw));
	}
	json = ok ? json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN) : NULL;
	if (!json) {
		snprintf(why, why_len, "cannot encode the user as JSON (a field_map path too long, or out of memory)");
		json_object_put(body);
		return false;
	}
	it->body_len = strlen(json);
	it->body = estrndup(json, it->body_len);
	json_object_put(body);
	user_key(email_norm, it->idempotency_key);
	return true;
}

/* The current token is a list of DRF messages: whether there is one or more, and each says
 * "... already exists". Consumes the list. */
static bool all_already_exist(mdsync_jscan *s, mdsync_jtok t, bool *all)
{
	size_t n = 0;
	*all = t == MDSYNC_JT_ARRAY;
	if (t != MDSYNC_JT_ARRAY) {
		return t != MDSYNC_JT_ERROR && mdsync_jscan_skip(s, t);
	}
	while ((t = mdsync_jscan_next(s)) != MDSYNC_JT_ARRAY_END) {
		if (t == MDSYNC_JT_ERROR) {
			return false;
		}
		n++;
		if (t != MDSYNC_JT_STRING) {
			*all = false;
			if (!mdsync_jscan_skip(s, t)) {
				return false;
			}
			continue;
		}
		if (*all && !(s->flags & MDSYNC_JF_ESCAPED)) {
			*all = zend_memnstr(s->str, "already exists", sizeof("already exists") - 1, s->str + s->str_len) != NULL;
		} else if (*all) {
			char *text = emalloc(s->str_len);
			size_t len = mdsync_json_unescape(s->str, s->str_len, text);
			*all = zend_memnstr(text, "already exists", sizeof("already exists") - 1, text + len) != NULL;
			efree(text);
		}
	}
	*all = *all && n > 0;
	return true;
}

/* Whether a DRF 400 body says only that this user is already there: the email already
 * exists, and the only other complaint (if any) is that the username does too. A taken
 * username with a new email is someone else: an error, not "exists". */
static bool only_already_exists(const char *buf, size_t len, const mdsync_django_config *dc)
{
	const char *email_key = dc->field_paths[MDSYNC_F_EMAIL], *user_key = dc->field_paths[MDSYNC_F_USERNAME];
	mdsync_jscan s;
	mdsync_jtok t;
	bool email = false, ok = true;

	mdsync_jscan_init(&s, buf, len);
	if (mdsync_jscan_next(&s) != MDSYNC_JT_OBJECT) {
		return false;
	}
	while ((t = mdsync_jscan_next(&s)) == MDSYNC_JT_KEY) {
		bool is_email = email_key && mdsync_jscan_str_is(&s, email_key, strlen(email_key));
		bool is_user = user_key && mdsync_jscan_str_is(&s, user_key, strlen(user_key));
		bool all;
		if (!all_already_exist(&s, mdsync_jscan_next(&s), &all)) {
			return false;
		}
		if (is_email && all) {
			email = true;
		} else if (!(is_user && all)) {
			ok = false;
		}
	}
	return t == MDSYNC_JT_OBJECT_END && mdsync_jscan_next(&s) == MDSYNC_JT_END && ok && email;
}

typedef struct {
	const mdsync_django_config *dc;
	mdsync_create_item *items;
	size_t kept;                /* bytes of error answers kept for the caller */
} create_ctx;

static void item_error(create_ctx *c, mdsync_create_item *it, const mdsync_http_req *r)
{
	mdsync_error e2;
	memset(&e2, 0, sizeof(e2));
	mdsync_error_from_req(&e2, r, "Django", c->dc->token);
	it->outcome = MDSYNC_CREATE_ERROR;
	snprintf(it->message, sizeof(it->message), "%s", e2.message);
}

/* The new user's id from a 2xx answer: a string (not empty, no \u0000) or an integer, exactly. */
static void take_created_id(create_ctx *c, mdsync_create_item *it, const mdsync_http_req *r)
{
	const char *path = c->dc->field_paths[MDSYNC_F_ID];
	mdsync_jvalue id;
	char why[160];
	size_t len;

	it->outcome = MDSYNC_CREATE_ERROR;
	if (r->resp_len == 0) {
		snprintf(it->message, sizeof(it->message), "Django answered HTTP %ld with no body (no '%s')", r->status, path);
		return;
	}
	if (!mdsync_json_pick(r->resp, r->resp_len, &path, &id, 1, NULL, why, sizeof(why))) {
		snprintf(it->message, sizeof(it->message), "Django answered HTTP %ld but its answer is %s", r->status, why);
		return;
	}
	if (id.tok == MDSYNC_JT_END || id.tok == MDSYNC_JT_NULL) {
		snprintf(it->message, sizeof(it->message), "Django answered HTTP %ld but its answer has no '%s'", r->status, path);
		return;
	}
	if ((id.tok == MDSYNC_JT_STRING && (id.str_len == 0 || (id.flags & MDSYNC_JF_NUL)))
		|| (id.tok == MDSYNC_JT_NUMBER && !(id.flags & MDSYNC_JF_INT))
		|| (id.tok != MDSYNC_JT_STRING && id.tok != MDSYNC_JT_NUMBER)) {
		snprintf(it->message, sizeof(it->message),
			"Django answered HTTP %ld but the '%s' in its answer is not an integer or a (non-empty) string", r->status, path);
		return;
	}
	it->django_id = id.tok == MDSYNC_JT_STRING ? mdsync_jvalue_dup(&id, &len) : estrndup(id.str, id.str_len);
	if (!it->django_id) {
		snprintf(it->message, sizeof(it->message), "Django answered HTTP %ld but its '%s' would pass memory_limit", r->status, path);
		return;
	}
	it->outcome = MDSYNC_CREATE_CREATED;
}

static void on_created(mdsync_http_engine *e, mdsync_http_req *r, void *arg)
{
	create_ctx *c = arg;
	mdsync_create_item *it = &c->items[r->index];
	char why[160];
	mdsync_jtok root = MDSYNC_JT_ERROR;

	it->status = r->status;
	if (r->curl_code != CURLE_OK || r->too_large || r->status == 0) {
		item_error(c, it, r);
	} else if (r->status >= 200 && r->status < 300) {
		take_created_id(c, it, r);
	} else if (r->status == 409 || (r->status == 400 && only_already_exists(r->resp, r->resp_len, c->dc))) {
		it->outcome = MDSYNC_CREATE_EXISTS;
	} else {
		item_error(c, it, r);
		/* Django's field errors go back with the result when they are a small JSON object */
		if (r->resp_len && r->resp_len <= MDSYNC_ANSWER_KEEP_MAX && c->kept + r->resp_len <= MDSYNC_ANSWERS_KEEP_TOTAL
			&& mdsync_json_pick(r->resp, r->resp_len, NULL, NULL, 0, &root, why, sizeof(why)) && root == MDSYNC_JT_OBJECT) {
			it->errors = estrndup(r->resp, r->resp_len);
			it->errors_len = r->resp_len;
			c->kept += r->resp_len;
		}
	}
	mdsync_http_req_drop_response(r);
}

bool mdsync_django_create_users(const mdsync_django_config *dc, const mdsync_http_config *hc,
	mdsync_create_item *items, size_t n, mdsync_fetch_stats *stats, mdsync_error *err)
{
	mdsync_http_engine e;
	mdsync_http_req **reqs;
	create_ctx c = { dc, items, 0 };
	char *auth = mdsync_django_auth_header(dc), *url = mdsync_url_join(dc->base_url, dc->users_path);
	bool ok = true;
	size_t i;
	int64_t t0 = mdsync_now_ms();

	reqs = safe_emalloc(n ? n : 1, sizeof(*reqs), 0);
	if (!mdsync_http_engine_init(&e, hc, on_created, &c)) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "%s", e.error);
		efree(reqs);
		mdsync_secret_free(auth);
		efree(url);
		return false;
	}
	for (i = 0; i < n; i++) {
		char idem[MDSYNC_CREATE_KEY_MAX + 32];
		mdsync_http_req *r = mdsync_http_req_new("POST", url);
		snprintf(idem, sizeof(idem), "Idempotency-Key: %s", items[i].idempotency_key);
		r->index = i;
		r->resp_limit = MDSYNC_SMALL_ANSWER_MAX; /* a created user, or its field errors */
		reqs[i] = r;
		if (!mdsync_http_req_header(r, auth) || !mdsync_http_req_header(r, "Content-Type: application/json")
			|| !mdsync_http_req_header(r, "Accept: application/json")
			|| (items[i].idempotency_key[0] && !mdsync_http_req_header(r, idem))) {
			mdsync_error_set(err, MDSYNC_E_GENERAL, "out of memory building a request");
			ok = false;
			n = i + 1;
			break;
		}
		mdsync_http_req_body(r, items[i].body, items[i].body_len);
		mdsync_http_submit(&e, r);
	}
	if (ok && !mdsync_http_run(&e)) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "HTTP engine failure: %s", e.error);
		ok = false;
	}
	stats->requests = e.requests;
	stats->retries = e.retries;
	stats->bytes = e.bytes_in;
	stats->elapsed_ms = (long) (mdsync_now_ms() - t0);
	mdsync_http_engine_dtor(&e);
	for (i = 0; i < n; i++) {
		mdsync_http_req_free(reqs[i]);
	}
	efree(reqs);
	mdsync_secret_free(auth);
	efree(url);
	return ok;
}
