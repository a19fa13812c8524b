/* mdsync URL helpers (libcurl's URL API). Every returned string is emalloc'd. */
#ifndef MDSYNC_URL_H
#define MDSYNC_URL_H

#include <stdbool.h>
#include <stddef.h>

/* A base URL must be absolute http(s) with a host and no credentials, query or fragment.
 * On failure writes the reason (never the URL's userinfo) to why. */
bool mdsync_url_check_base(const char *url, char *why, size_t why_len);
/* base (trailing '/' dropped) + path ('/' added if missing); path may carry a query. */
char *mdsync_url_join(const char *base, const char *path);
/* The path and query of next (absolute, or relative to from: the URL of the page that sent it),
 * put on base's scheme, host and port. NULL if next cannot be parsed. */
char *mdsync_url_rebase(const char *base, const char *from, const char *next);
/* url with the query parameter name set to value (replaced, or appended). NULL on failure. */
char *mdsync_url_with_param(const char *url, const char *name, const char *value);
/* Whether url's query has the parameter name. */
bool mdsync_url_has_param(const char *url, const char *name);
/* url without user:password@, for messages. Never NULL. */
char *mdsync_url_redact(const char *url);

#endif
