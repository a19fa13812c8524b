/* mdsync Moodle web services client. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "ext/standard/url.h"
#include "zend_smart_str.h"
#include "moodle.h"
#include "django.h"
#include "json.h"
#include "url.h"

static void append_encoded(smart_str *s, const char *v)
{
	zend_string *enc = php_raw_url_encode(v, strlen(v));
	smart_str_append(s, enc);
	zend_string_efree(enc);
}

bool mdsync_moodle_call(const mdsync_moodle_config *mc, const mdsync_http_config *hc, const char *wsfunction,
	const char *params, size_t params_len, json_object **out, mdsync_error *err)
{
	mdsync_http_req *r;
	smart_str body = {0};
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
		append_encoded(&q, wsfunction);
		smart_str_0(&q);
		r->url = estrndup(ZSTR_VAL(q.s), ZSTR_LEN(q.s));
		smart_str_free(&q);
	}
	smart_str_appends(&body, "wstoken=");
	append_encoded(&body, mc->token);
	smart_str_appends(&body, "&moodlewsrestformat=json&wsfunction=");
	append_encoded(&body, wsfunction);
	if (params_len) {
		smart_str_appendc(&body, '&');
		smart_str_appendl(&body, params, params_len);
	}
	smart_str_0(&body);
	if (!mdsync_http_req_header(r, "Content-Type: application/x-www-form-urlencoded")
		|| !mdsync_http_req_header(r, "Accept: application/json")) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "out of memory building a request");
		goto done;
	}
	mdsync_http_req_body(r, ZSTR_VAL(body.s), ZSTR_LEN(body.s));
	explicit_bzero(ZSTR_VAL(body.s), ZSTR_LEN(body.s));

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
	smart_str_free(&body);
	mdsync_http_req_free(r);
	efree(url);
	return ok;
}
