/* mdsync HTTP requests: what one request sends (URL, header lines checked for control
 * characters, body) and what it got back, until the engine runs it. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "http.h"

mdsync_http_req *mdsync_http_req_new(const char *method, const char *url)
{
	mdsync_http_req *r = ecalloc(1, sizeof(*r));
	r->method = method;
	r->url = estrdup(url);
	r->retry_after_s = -1;
	return r;
}

/* Whether a header line may go on the wire: no control character anywhere (a CR or LF would
 * end the line and start another header: injection). */
static bool header_line_ok(const char *line)
{
	const unsigned char *p;
	for (p = (const unsigned char *) line; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			return false;
		}
	}
	return true;
}

static void free_headers(struct curl_slist *list)
{
	struct curl_slist *h;
	/* The list may hold an Authorization header: wipe it before it goes back to malloc. */
	for (h = list; h; h = h->next) {
		explicit_bzero(h->data, strlen(h->data));
	}
	curl_slist_free_all(list);
}

bool mdsync_http_req_header(mdsync_http_req *r, const char *line)
{
	struct curl_slist *n;
	if (!header_line_ok(line)) {
		r->refused = true;
		return false;
	}
	n = curl_slist_append(r->headers, line);
	if (!n) {
		return false;
	}
	r->headers = n;
	return true;
}

bool mdsync_http_req_set_header(mdsync_http_req *r, const char *name, const char *value)
{
	struct curl_slist *list = NULL, *h, *n;
	size_t name_len = strlen(name);
	char *line = NULL;
	bool ok = true;

	spprintf(&line, 0, "%s: %s", name, value);
	if (!header_line_ok(line)) {
		r->refused = true;
		efree(line);
		return false;
	}
	for (h = r->headers; h && ok; h = h->next) {
		if (strncasecmp(h->data, name, name_len) == 0 && h->data[name_len] == ':') {
			continue;
		}
		ok = (n = curl_slist_append(list, h->data)) != NULL;
		list = ok ? n : list;
	}
	if (ok && (n = curl_slist_append(list, line)) != NULL) {
		list = n;
		free_headers(r->headers);
		r->headers = list;
	} else {
		free_headers(list);
		ok = false;
	}
	efree(line);
	return ok;
}

void mdsync_http_req_body(mdsync_http_req *r, const char *body, size_t len)
{
	if (r->body) {
		explicit_bzero(r->body, r->body_len); /* a form body may carry a token */
		efree(r->body);
	}
	r->body = emalloc(len + 1);
	memcpy(r->body, body, len);
	r->body[len] = '\0';
	r->body_len = len;
}

void mdsync_http_req_drop_response(mdsync_http_req *r)
{
	if (r->resp) {
		efree(r->resp);
		r->resp = NULL;
	}
	r->resp_len = r->resp_cap = 0;
}

void mdsync_http_req_free(mdsync_http_req *r)
{
	if (!r) {
		return;
	}
	if (r->easy) {
		curl_easy_cleanup(r->easy);
	}
	if (r->headers) {
		free_headers(r->headers);
	}
	mdsync_http_req_drop_response(r);
	if (r->body) {
		explicit_bzero(r->body, r->body_len); /* a form body may carry a token */
		efree(r->body);
	}
	efree(r->url);
	efree(r);
}
