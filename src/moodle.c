/* mdsync Moodle web services client. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "zend_smart_str.h"
#include "moodle.h"
#include "json.h"
#include "url.h"

/* Percent-encodes len bytes of v as PHP's rawurlencode() does (RFC 3986: letters, digits and
 * -._~ stay); in a name, [ and ] stay too (PHP's parser reads them as nesting). */
static void form_encode(smart_str *out, const char *v, size_t len, bool name)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) v[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
			|| c == '_' || c == '~' || (name && (c == '[' || c == ']'))) {
			smart_str_appendc(out, (char) c);
		} else {
			smart_str_appendc(out, '%');
			smart_str_appendc(out, hex[c >> 4]);
			smart_str_appendc(out, hex[c & 15]);
		}
	}
}

/* The request body: wstoken first, then the parameters. The token's encoded form is written
 * once into a buffer of the final size (no reallocation leaves a copy behind) and the
 * scratch copy is wiped. */
static char *form_body(const char *token, const char *wsfunction, const mdsync_form_field *params, size_t n,
	size_t *len)
{
	smart_str rest = {0}, tok = {0};
	char *body;
	size_t i;

	smart_str_appends(&rest, "&moodlewsrestformat=json&wsfunction=");
	form_encode(&rest, wsfunction, strlen(wsfunction), false);
	for (i = 0; i < n; i++) {
		smart_str_appendc(&rest, '&');
		form_encode(&rest, params[i].name, params[i].name_len, true);
		smart_str_appendc(&rest, '=');
		form_encode(&rest, params[i].value, params[i].value_len, false);
	}
	smart_str_0(&rest);
	/* a token is printable ASCII (checked by the face): encoding can only triple it */
	smart_str_alloc(&tok, 3 * strlen(token) + 1, false);
	form_encode(&tok, token, strlen(token), false);
	*len = sizeof("wstoken=") - 1 + ZSTR_LEN(tok.s) + ZSTR_LEN(rest.s);
	body = emalloc(*len + 1);
	memcpy(body, "wstoken=", sizeof("wstoken=") - 1);
	memcpy(body + sizeof("wstoken=") - 1, ZSTR_VAL(tok.s), ZSTR_LEN(tok.s));
	memcpy(body + sizeof("wstoken=") - 1 + ZSTR_LEN(tok.s), ZSTR_VAL(rest.s), ZSTR_LEN(rest.s) + 1);
	explicit_bzero(ZSTR_VAL(tok.s), ZSTR_LEN(tok.s));
	smart_str_free(&tok);
	smart_str_free(&rest);
	return body;
}

/* The call's URL (redacted) as the error's, once. */
static char *error_url(mdsync_error *err, const char *url)
{
	char *red = mdsync_url_redact(url);
	if (err->kind == MDSYNC_OK) {
		snprintf(err->url, sizeof(err->url), "%s", red);
	}
	return red;
}

bool mdsync_moodle_call(const mdsync_moodle_config *mc, const mdsync_http_config *hc, const char *wsfunction,
	const mdsync_form_field *params, size_t n_params, char **out, size_t *out_len, mdsync_error *err)
{
	static const char *const paths[] = { "exception", "errorcode", "message" };
	mdsync_http_req *r;
	char *url = mdsync_url_join(mc->base_url, "/webservice/rest/server.php");
	char why[160];
	mdsync_jvalue v[3];
	mdsync_jtok root = MDSYNC_JT_ERROR;
	bool ok = false;

	*out = NULL;
	*out_len = 0;
	/* The function name goes in the query too, so that it shows in Moodle's web server log;
	 * the token only ever in the body. */
	r = mdsync_http_req_new("POST", url);
	efree(r->url);
	{
		smart_str q = {0};
		smart_str_appends(&q, url);
		smart_str_appends(&q, "?moodlewsrestformat=json&wsfunction=");
		form_encode(&q, wsfunction, strlen(wsfunction), false);
		smart_str_0(&q);
		r->url = estrndup(ZSTR_VAL(q.s), ZSTR_LEN(q.s));
		smart_str_free(&q);
	}
	r->body = form_body(mc->token, wsfunction, params, n_params, &r->body_len);
	if (!mdsync_http_req_header(r, "Content-Type: application/x-www-form-urlencoded")
		|| !mdsync_http_req_header(r, "Accept: application/json")) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "out of memory building a request");
		goto done;
	}

	if (!mdsync_http_run_one(hc, r, err)) {
		goto done;
	}

	if (!mdsync_http_ok(r)) {
		mdsync_error_from_req(err, r, "Moodle", mc->token);
		goto done;
	}
	if (r->resp_len == 0) {
		char *red = error_url(err, r->url);
		mdsync_error_set(err, MDSYNC_E_PROTOCOL, "Moodle answered %ld with no body to POST %s", r->status, red);
		efree(red);
		goto done;
	}
	if (!mdsync_json_pick(r->resp, r->resp_len, paths, v, 3, &root, why, sizeof(why))) {
		efree(error_url(err, url));
		mdsync_error_set(err, MDSYNC_E_PROTOCOL, "Moodle's answer to %s is not JSON: %s (is the REST protocol enabled?)",
			wsfunction, why);
		goto done;
	}
	if (root == MDSYNC_JT_OBJECT && v[0].tok != MDSYNC_JT_END && v[1].tok != MDSYNC_JT_END) {
		size_t len;
		char *code = mdsync_jvalue_dup(&v[1], &len), *msg = mdsync_jvalue_dup(&v[2], &len);
		const char *m = msg ? msg : "";
		snprintf(err->code, sizeof(err->code), "%s", code ? code : "");
		if (strstr(m, mc->token)) {
			m = "(the message echoed a secret; not shown)";
		}
		mdsync_error_set(err, MDSYNC_E_MOODLE, "Moodle %s failed: %s (%s)", wsfunction, m, err->code);
		if (code) {
			efree(code);
		}
		if (msg) {
			efree(msg);
		}
		goto done;
	}
	/* the validated answer is the caller's: no copy */
	*out = r->resp;
	*out_len = r->resp_len;
	r->resp = NULL;
	r->resp_len = r->resp_cap = 0;
	ok = true;
done:
	mdsync_http_req_free(r); /* wipes the body */
	efree(url);
	return ok;
}
