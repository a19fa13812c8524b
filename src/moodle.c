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

bool mdsync_moodle_call(const mdsync_moodle_config *mc, const mdsync_http_config *hc, const char *wsfunction,
	const mdsync_form_field *params, size_t n_params, json_object **out, mdsync_error *err)
{
	mdsync_http_req *r;
	char *url = mdsync_url_join(mc->base_url, "/webservice/rest/server.php");
	char why[128];
	json_object *root = NULL, *exc = NULL, *code = NULL, *msg = NULL;
	bool ok = false;

	*out = NULL;
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
	if (!mdsync_json_parse(r->resp, r->resp_len, &root, why, sizeof(why))) {
		char *red = mdsync_url_redact(url);
		snprintf(err->url, sizeof(err->url), "%s", red);
		mdsync_error_set(err, MDSYNC_E_PROTOCOL, "Moodle's answer to %s is not JSON: %s (is the REST protocol enabled?)", wsfunction, why);
		efree(red);
		goto done;
	}
	if (root && json_object_is_type(root, json_type_object) && json_object_object_get_ex(root, "exception", &exc)
		&& json_object_object_get_ex(root, "errorcode", &code)) {
		const char *m = json_object_object_get_ex(root, "message", &msg) && json_object_is_type(msg, json_type_string)
			? json_object_get_string(msg) : "";
		snprintf(err->code, sizeof(err->code), "%s", json_object_is_type(code, json_type_string) ? json_object_get_string(code) : "");
		if (strstr(m, mc->token)) {
			m = "(the message echoed a secret; not shown)";
		}
		mdsync_error_set(err, MDSYNC_E_MOODLE, "Moodle %s failed: %s (%s)", wsfunction, m, err->code);
		goto done;
	}
	*out = root;
	root = NULL;
	ok = true;
done:
	if (root) {
		json_object_put(root);
	}
	mdsync_http_req_free(r); /* wipes the body */
	efree(url);
	return ok;
}
