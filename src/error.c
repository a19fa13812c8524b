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

/* A short, printable excerpt of an error body: DRF's "detail" if there is one (the body read
 * with the scanner: no tree, and an empty or broken body simply has none). The secret, should a
 * hostile peer echo it, is cut out. */
static void body_excerpt(const mdsync_http_req *r, const char *secret, char *out, size_t out_len)
{
	static const char *const path[] = { "detail" };
	char why[128], *text;
	mdsync_jvalue detail;
	size_t len = 0, i, o = 0;

	out[0] = '\0';
	if (!r->resp || r->resp_len == 0 || !mdsync_json_pick(r->resp, r->resp_len, path, &detail, 1, NULL, why, sizeof(why))
		|| !(text = mdsync_jvalue_dup(&detail, &len))) {
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
	efree(text);
}

void mdsync_error_from_req(mdsync_error *err, const mdsync_http_req *r, const char *peer, const char *secret)
{
	char *url = mdsync_url_redact(r->url);
	char excerpt[256];
	const char *tail = r->attempts > 1 ? " (after retries)" : "";

	if (err->kind == MDSYNC_OK) {
		snprintf(err->url, sizeof(err->url), "%s", url);
	}
	if (r->too_large && !r->resp_limit) {
		mdsync_error_set(err, MDSYNC_E_PROTOCOL, "%s sent more than max_response_bytes for %s %s", peer, r->method, url);
	} else if (r->too_large) {
		mdsync_error_set(err, MDSYNC_E_PROTOCOL, "%s sent more than %zu bytes (the most mdsync reads of this answer) for %s %s",
			peer, r->resp_max, r->method, url);
	} else if (r->over_memory) {
		mdsync_error_set(err, MDSYNC_E_PROTOCOL, "%s's answer to %s %s would pass memory_limit (%zu bytes of it read)",
			peer, r->method, url, r->resp_len);
	} else if (r->headers_too_large) {
		mdsync_error_set(err, MDSYNC_E_PROTOCOL, "%s's answer to %s %s has %s", peer, r->method, url,
			r->header_bytes > MDSYNC_MAX_HEADER_BYTES ? "more than 64 KiB of headers"
				: "a header line longer than libcurl accepts (100 KB)");
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

