/* mdsync errors: recording the first cause, describing a failed request, wiping secrets. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "error.h"
#include "http.h"
#include "json.h"
#include "url.h"

void mdsync_error_set(mdsync_error *err, mdsync_error_kind kind, const char *fmt, ...)
{
	va_list ap;
	if (err->kind != MDSYNC_OK) {
		return;
	}
	err->kind = kind;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

void mdsync_secret_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		efree(s);
	}
}

/* A short, printable excerpt of an error body: DRF's "detail" if there is one. The secret,
 * should a hostile peer echo it, is cut out. */
static void body_excerpt(const mdsync_http_req *r, const char *secret, char *out, size_t out_len)
{
	char why[64];
	json_object *obj, *detail;
	const char *text = NULL;
	size_t len = 0, i, o = 0;

	out[0] = '\0';
	if (!r->resp || r->resp_len == 0) {
		return;
	}
	if (!mdsync_json_parse(r->resp, r->resp_len, &obj, why, sizeof(why))) {
		return;
	}
	if (obj && json_object_is_type(obj, json_type_object)
		&& json_object_object_get_ex(obj, "detail", &detail) && json_object_is_type(detail, json_type_string)) {
		text = json_object_get_string(detail);
		len = strlen(text);
	}
	if (!text) {
		if (obj) {
			json_object_put(obj);
		}
		return;
	}
	for (i = 0; i < len && o + 1 < out_len && o < 200; i++) {
		unsigned char c = (unsigned char) text[i];
		out[o++] = (c < 0x20 || c == 0x7f) ? ' ' : (char) c;
	}
	out[o] = '\0';
	if (secret && *secret && strstr(out, secret)) {
		snprintf(out, out_len, "(the answer echoed a secret; not shown)");
	}
	json_object_put(obj);
}

void mdsync_error_from_req(mdsync_error *err, const mdsync_http_req *r, const char *peer, const char *secret)
{
	char *url = mdsync_url_redact(r->url);
	char excerpt[256];
	const char *tail = r->attempts > 1 ? " (after retries)" : "";

	if (err->kind == MDSYNC_OK) {
		snprintf(err->url, sizeof(err->url), "%s", url);
	}
	if (r->too_large) {
		mdsync_error_set(err, MDSYNC_E_PROTOCOL, "%s sent more than max_response_bytes for %s %s", peer, r->method, url);
	} else if (r->curl_code != CURLE_OK) {
		mdsync_error_set(err, MDSYNC_E_CONNECTION, "could not reach %s: %s %s: %s%s", peer, r->method, url,
			r->curl_error[0] ? r->curl_error : curl_easy_strerror(r->curl_code), tail);
	} else {
		body_excerpt(r, secret, excerpt, sizeof(excerpt));
		if (err->kind == MDSYNC_OK) {
			err->status = r->status;
		}
		mdsync_error_set(err, MDSYNC_E_HTTP, "%s answered HTTP %ld to %s %s%s%s%s", peer, r->status, r->method, url,
			excerpt[0] ? ": " : "", excerpt, tail);
	}
	efree(url);
}

