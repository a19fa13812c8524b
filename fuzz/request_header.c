/* mdsync fuzz harness: any header line through the engine (src/http.c): a line with a control
 * character is refused (and the request reports why, as a typed error), any other is kept as it
 * is; replacing a header keeps every other line and leaves one of the name. No CR or LF ever
 * reaches the list libcurl sends. */
#include "embed.h"
#include "src/http.h"
#include "src/error.h"
#include <stdint.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	mdsync_fuzz_php_start();
	return 0;
}

static bool has_ctl(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if ((unsigned char) s[i] < 0x20 || (unsigned char) s[i] == 0x7f) {
			return true;
		}
	}
	return false;
}

static size_t count(const struct curl_slist *h)
{
	size_t n = 0;
	for (; h; h = h->next) {
		n++;
		if (has_ctl(h->data, strlen(h->data))) {
			__builtin_trap(); /* a control character on its way to the wire */
		}
	}
	return n;
}

/* Input: a header line, 0xff, a value for X-Mdsync-Signature (a NUL ends either early: C strings). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *sep = memchr(data, 0xff, size);
	size_t line_len = sep ? (size_t) (sep - (const char *) data) : size;
	char *line = estrndup((const char *) data, line_len);
	char *value = sep ? estrndup(sep + 1, size - line_len - 1) : estrdup("t=1,v1=00");
	mdsync_http_req *r = mdsync_http_req_new("POST", "http://127.0.0.1/");
	mdsync_error err;
	size_t before, after;
	bool ok, ctl = has_ctl(line, strlen(line));

	ok = mdsync_http_req_header(r, "Authorization: Token abc") && mdsync_http_req_header(r, "Accept: application/json");
	if (!ok) {
		__builtin_trap();
	}
	ok = mdsync_http_req_header(r, line);
	if (ok == ctl || r->refused != ctl) {
		__builtin_trap(); /* refused exactly when it holds a control character */
	}
	if (!ok) {
		mdsync_error_init(&err, NULL);
		mdsync_error_build(&err, r);
		if (err.kind != MDSYNC_E_GENERAL || !strstr(err.message, "control character")) {
			__builtin_trap(); /* a typed error that says why */
		}
		r->refused = false;
	}
	before = count(r->headers);
	ok = mdsync_http_req_set_header(r, "X-Mdsync-Signature", value);
	if (ok == has_ctl(value, strlen(value))) {
		__builtin_trap();
	}
	after = count(r->headers);
	if (ok) {
		/* a line of the name replaced, or one added; the others kept */
		size_t named = 0;
		struct curl_slist *h;
		for (h = r->headers; h; h = h->next) {
			named += strncasecmp(h->data, "X-Mdsync-Signature:", 19) == 0;
		}
		if (named != 1 || after > before + 1 || after < before || strcmp(r->headers->data, "Authorization: Token abc") != 0) {
			__builtin_trap();
		}
	} else if (after != before) {
		__builtin_trap(); /* a refused value leaves the list as it was */
	}
	mdsync_http_req_free(r);
	efree(line);
	efree(value);
	return 0;
}
