/* mdsync URL helpers over libcurl's URL API (CURLU, libcurl >= 7.62). */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "zend_smart_str.h"
#include "url.h"
#include <curl/curl.h>

static char *part(CURLU *u, CURLUPart what)
{
	char *v = NULL, *out;
	if (curl_url_get(u, what, &v, 0) != CURLUE_OK || !v) {
		return NULL;
	}
	out = estrdup(v);
	curl_free(v);
	return out;
}

static char *whole(CURLU *u)
{
	return part(u, CURLUPART_URL);
}

bool mdsync_url_check_base(const char *url, char *why, size_t why_len)
{
	CURLU *u = curl_url();
	char *v = NULL;
	bool ok = false;

	if (!u) {
		snprintf(why, why_len, "out of memory");
		return false;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		snprintf(why, why_len, "is not an absolute URL");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_SCHEME, &v, 0) != CURLUE_OK
		|| (strcasecmp(v, "http") != 0 && strcasecmp(v, "https") != 0)) {
		snprintf(why, why_len, "must use http or https");
		goto out;
	}
	curl_free(v);
	v = NULL;
	if (curl_url_get(u, CURLUPART_USER, &v, 0) == CURLUE_OK) {
		snprintf(why, why_len, "must not carry credentials (use the token option)");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_QUERY, &v, 0) == CURLUE_OK) {
		snprintf(why, why_len, "must not have a query string");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_FRAGMENT, &v, 0) == CURLUE_OK) {
		snprintf(why, why_len, "must not have a fragment");
		goto out;
	}
	ok = true;
out:
	if (v) {
		curl_free(v);
	}
	curl_url_cleanup(u);
	return ok;
}

char *mdsync_url_join(const char *base, const char *path)
{
	size_t blen = strlen(base);
	char *out = NULL;
	while (blen > 0 && base[blen - 1] == '/') {
		blen--;
	}
	spprintf(&out, 0, "%.*s%s%s", (int) blen, base, path[0] == '/' ? "" : "/", path);
	return out;
}

char *mdsync_url_rebase(const char *base, const char *from, const char *next)
{
	CURLU *b = curl_url(), *n = curl_url();
	char *path = NULL, *query = NULL, *out = NULL;

	if (!b || !n) {
		goto out;
	}
	if (curl_url_set(b, CURLUPART_URL, base, 0) != CURLUE_OK) {
		goto out;
	}
	/* A relative next ("?cursor=…") is resolved against the page that sent it (CURLU does that
	 * when it holds one); then only its path and query are kept. */
	if (curl_url_set(n, CURLUPART_URL, from, 0) != CURLUE_OK
		|| curl_url_set(n, CURLUPART_URL, next, 0) != CURLUE_OK) {
		goto out;
	}
	path = part(n, CURLUPART_PATH);
	query = part(n, CURLUPART_QUERY);
	if (!path) {
		goto out;
	}
	if (curl_url_set(b, CURLUPART_PATH, path, 0) != CURLUE_OK
		|| curl_url_set(b, CURLUPART_QUERY, query, 0) != CURLUE_OK
		|| curl_url_set(b, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK) {
		goto out;
	}
	out = whole(b);
out:
	if (path) {
		efree(path);
	}
	if (query) {
		efree(query);
	}
	if (b) {
		curl_url_cleanup(b);
	}
	if (n) {
		curl_url_cleanup(n);
	}
	return out;
}

/* Whether the query item (name[=value]) at item, of length len, is named name. */
static bool item_is(const char *item, size_t len, const char *name)
{
	size_t nlen = strlen(name);
	return len >= nlen && strncmp(item, name, nlen) == 0 && (len == nlen || item[nlen] == '=');
}

char *mdsync_url_with_param(const char *url, const char *name, const char *value)
{
	CURLU *u = curl_url();
	char *query = NULL, *out = NULL;
	smart_str q = {0};

	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		goto out;
	}
	query = part(u, CURLUPART_QUERY);
	if (query) {
		const char *p = query;
		while (*p) {
			const char *amp = strchr(p, '&');
			size_t len = amp ? (size_t) (amp - p) : strlen(p);
			if (len > 0 && !item_is(p, len, name)) {
				if (q.s) {
					smart_str_appendc(&q, '&');
				}
				smart_str_appendl(&q, p, len);
			}
			p += len + (amp ? 1 : 0);
		}
	}
	if (q.s) {
		smart_str_appendc(&q, '&');
	}
	smart_str_appends(&q, name);
	smart_str_appendc(&q, '=');
	smart_str_appends(&q, value);
	smart_str_0(&q);
	if (curl_url_set(u, CURLUPART_QUERY, ZSTR_VAL(q.s), 0) != CURLUE_OK) {
		goto out;
	}
	out = whole(u);
out:
	smart_str_free(&q);
	if (query) {
		efree(query);
	}
	if (u) {
		curl_url_cleanup(u);
	}
	return out;
}

bool mdsync_url_has_param(const char *url, const char *name)
{
	CURLU *u = curl_url();
	char *query = NULL;
	bool found = false;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK && (query = part(u, CURLUPART_QUERY))) {
		const char *p = query;
		while (*p && !found) {
			const char *amp = strchr(p, '&');
			size_t len = amp ? (size_t) (amp - p) : strlen(p);
			found = item_is(p, len, name);
			p += len + (amp ? 1 : 0);
		}
		efree(query);
	}
	if (u) {
		curl_url_cleanup(u);
	}
	return found;
}

char *mdsync_url_redact(const char *url)
{
	CURLU *u = curl_url();
	char *out = NULL;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK
		&& curl_url_set(u, CURLUPART_USER, NULL, 0) == CURLUE_OK
		&& curl_url_set(u, CURLUPART_PASSWORD, NULL, 0) == CURLUE_OK
		&& curl_url_set(u, CURLUPART_OPTIONS, NULL, 0) == CURLUE_OK) {
		out = whole(u);
	}
	if (u) {
		curl_url_cleanup(u);
	}
	return out ? out : estrdup("(unparseable URL)");
}
