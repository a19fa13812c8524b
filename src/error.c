/* mdsync errors: recording the first cause, describing a failed request, redacting and wiping secrets. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "zend_smart_str.h"
#include "error.h"
#include "http.h"
#include "json.h"
#include "url.h"

/* {{{ redaction */
void mdsync_secrets_add(mdsync_secrets *s, const char *secret)
{
	size_t len = secret ? strlen(secret) : 0;
	int i;
	if (len == 0 || s->n >= MDSYNC_SECRETS_MAX) {
		return;
	}
	for (i = 0; i < s->n; i++) {
		if (s->len[i] == len && memcmp(s->v[i], secret, len) == 0) {
			return;
		}
	}
	s->v[s->n] = secret;
	s->len[s->n] = len;
	s->n++;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* How many bytes of t, from i, spell the secret (0: none). Each byte of the secret may be
 * written as it is, as %XX (either case), as '+' for a space, or JSON-escaped (\" \\ \/ \u00XX);
 * control characters between them are skipped (a peer that splits the echo with one still
 * shows the secret to a reader). Greedy, escapes first: linear in what it reads. */
static size_t spelled_at(const char *t, size_t n, size_t i, const char *secret, size_t slen)
{
	size_t j = 0, p = i;
	while (j < slen) {
		unsigned char want = (unsigned char) secret[j], c;
		int hi, lo;
		if (p >= n) {
			return 0;
		}
		c = (unsigned char) t[p];
		if (c == '%' && p + 2 < n && (hi = hexval((unsigned char) t[p + 1])) >= 0
			&& (lo = hexval((unsigned char) t[p + 2])) >= 0 && (unsigned) (hi << 4 | lo) == want) {
			p += 3;
		} else if (c == '\\' && p + 1 < n && (unsigned char) t[p + 1] == want && (want == '"' || want == '\\' || want == '/')) {
			p += 2;
		} else if (c == '\\' && p + 5 < n && t[p + 1] == 'u' && t[p + 2] == '0' && t[p + 3] == '0'
			&& (hi = hexval((unsigned char) t[p + 4])) >= 0 && (lo = hexval((unsigned char) t[p + 5])) >= 0
			&& (unsigned) (hi << 4 | lo) == want) {
			p += 6;
		} else if (c == want || (c == '+' && want == ' ')) {
			p++;
		} else if (j > 0 && is_ctl(c)) {
			p++;
			continue;
		} else {
			return 0;
		}
		j++;
	}
	return p - i;
}

char *mdsync_redact(const mdsync_secrets *s, const char *text, size_t len, size_t *out_len)
{
	smart_str out = {0};
	size_t i = 0, last = 0;
	char *copy;

	if (!s || s->n == 0 || !text) {
		return NULL;
	}
	while (i < len) {
		size_t best = 0, m;
		int k;
		for (k = 0; k < s->n; k++) {
			if ((m = spelled_at(text, len, i, s->v[k], s->len[k])) > best) {
				best = m;
			}
		}
		if (!best) {
			i++;
			continue;
		}
		smart_str_appendl(&out, text + last, i - last);
		smart_str_appendl(&out, MDSYNC_REDACTED, sizeof(MDSYNC_REDACTED) - 1);
		i += best;
		last = i;
	}
	if (!out.s) {
		return NULL;
	}
	smart_str_appendl(&out, text + last, len - last);
	*out_len = ZSTR_LEN(out.s);
	copy = estrndup(ZSTR_VAL(out.s), ZSTR_LEN(out.s));
	smart_str_free(&out);
	return copy;
}

void mdsync_redact_buf(const mdsync_secrets *s, char *buf, size_t cap)
{
	size_t n;
	char *red = mdsync_redact(s, buf, strlen(buf), &n);
	if (red) {
		snprintf(buf, cap, "%s", red);
		efree(red);
	}
}
/* }}} */

/* Copies len bytes of text into out (cap bytes, NUL-terminated), control characters as spaces:
 * a message is one line, and a NUL a peer sent must not cut it short. */
static void copy_printable(char *out, size_t cap, const char *text, size_t len)
{
	size_t i;
	for (i = 0; i < len && i + 1 < cap; i++) {
		unsigned char c = (unsigned char) text[i];
		out[i] = is_ctl(c) ? ' ' : (char) c;
	}
	out[i] = '\0';
}

void mdsync_error_init(mdsync_error *err, const mdsync_secrets *secrets)
{
	memset(err, 0, sizeof(*err));
	err->secrets = secrets;
}

void mdsync_error_set(mdsync_error *err, mdsync_error_kind kind, const char *fmt, ...)
{
	va_list ap, ap2;
	char *msg, *red;
	int n;
	size_t rn;

	if (err->kind != MDSYNC_OK) {
		return;
	}
	err->kind = kind;
	/* Formatted whole first: a secret is redacted before the message is cut to fit. */
	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		va_end(ap2);
		snprintf(err->message, sizeof(err->message), "(an error message could not be formatted)");
		return;
	}
	msg = emalloc((size_t) n + 1);
	vsnprintf(msg, (size_t) n + 1, fmt, ap2);
	va_end(ap2);
	red = mdsync_redact(err->secrets, msg, (size_t) n, &rn);
	copy_printable(err->message, sizeof(err->message), red ? red : msg, red ? rn : (size_t) n);
	if (red) {
		efree(red);
	}
	efree(msg);
}

void mdsync_error_set_url(mdsync_error *err, const char *url)
{
	char *clean, *red;
	size_t rn;
	if (err->url[0]) {
		return;
	}
	clean = mdsync_url_redact(url);
	red = mdsync_redact(err->secrets, clean, strlen(clean), &rn);
	snprintf(err->url, sizeof(err->url), "%s", red ? red : clean);
	if (red) {
		efree(red);
	}
	efree(clean);
}

void mdsync_error_set_code(mdsync_error *err, const char *code, size_t len)
{
	char *red;
	size_t rn;
	red = mdsync_redact(err->secrets, code, len, &rn);
	copy_printable(err->code, sizeof(err->code), red ? red : code, red ? rn : len);
	if (red) {
		efree(red);
	}
}

void mdsync_secret_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		efree(s);
	}
}

/* A short, printable excerpt of an error body: DRF's "detail" if there is one (the body read
 * with the scanner: no tree, and an empty or broken body simply has none), redacted whole
 * before it is cut to 200 bytes. */
static void body_excerpt(const mdsync_http_req *r, const mdsync_secrets *secrets, char *out, size_t out_len)
{
	static const char *const path[] = { "detail" };
	char why[128], *text, *red;
	mdsync_jvalue detail;
	size_t len = 0, i, o = 0;

	out[0] = '\0';
	if (!r->resp || r->resp_len == 0 || !mdsync_json_pick(r->resp, r->resp_len, path, &detail, 1, NULL, why, sizeof(why))
		|| !(text = mdsync_jvalue_dup(&detail, &len))) {
		return;
	}
	if ((red = mdsync_redact(secrets, text, len, &len)) != NULL) {
		efree(text);
		text = red;
	}
	for (i = 0; i < len && o + 1 < out_len && o < 200; i++) {
		unsigned char c = (unsigned char) text[i];
		out[o++] = is_ctl(c) ? ' ' : (char) c;
	}
	out[o] = '\0';
	efree(text);
}

void mdsync_error_from_req(mdsync_error *err, const mdsync_http_req *r, const char *peer, const char *secret)
{
	const mdsync_secrets *saved = err->secrets;
	mdsync_secrets all;
	char excerpt[256];
	const char *tail = r->attempts > 1 ? " (after retries)" : "";
	char *url;
	int i;

	/* Every secret this error may meet: the caller's, the request's engine's, and secret. */
	memset(&all, 0, sizeof(all));
	for (i = 0; saved && i < saved->n; i++) {
		mdsync_secrets_add(&all, saved->v[i]);
	}
	for (i = 0; r->secrets && i < r->secrets->n; i++) {
		mdsync_secrets_add(&all, r->secrets->v[i]);
	}
	mdsync_secrets_add(&all, secret);
	err->secrets = &all;

	if (err->kind == MDSYNC_OK) {
		mdsync_error_set_url(err, r->url);
	}
	url = mdsync_url_redact(r->url);
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
		body_excerpt(r, &all, excerpt, sizeof(excerpt));
		if (err->kind == MDSYNC_OK) {
			err->status = r->status;
		}
		mdsync_error_set(err, MDSYNC_E_HTTP, "%s answered HTTP %ld to %s %s%s%s%s", peer, r->status, r->method, url,
			excerpt[0] ? ": " : "", excerpt, tail);
	}
	efree(url);
	err->secrets = saved;
}

void mdsync_error_build(mdsync_error *err, const mdsync_http_req *r)
{
	if (r && r->refused) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "refusing to send a request header that holds a control character");
	} else {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "out of memory building a request");
	}
}
