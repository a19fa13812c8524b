/* mdsync Django client: the users list (DRF pagination styles). No PHP values. */
#ifndef MDSYNC_DJANGO_H
#define MDSYNC_DJANGO_H

#include "http.h"
#include "users.h"
#include "error.h"

typedef struct {
	const char *base_url;
	const char *token;                        /* secret: only ever in the Authorization header */
	const char *auth_scheme;                  /* "Token" or "Bearer" */
	const char *users_path;                   /* may carry a query */
	long page_size;
	const char *pagination;                   /* "auto", "page", "limit", "cursor" */
	const char *field_paths[MDSYNC_F_COUNT + 1]; /* Django field (dotted path) per canonical field; NULL: none.
	                                           * suspended's may start with '!' (e.g. "!is_active"). */
	unsigned required_fields;                 /* bit f: a field some user of page one must carry (its
	                                           * member, even if null); else a configuration error */
	bool allow_empty;
	long max_pages;
} mdsync_django_config;

typedef struct {
	long pages, requests, retries;
	size_t bytes;
	long elapsed_ms;
	size_t missing[MDSYNC_F_COUNT + 1];       /* users without a value (absent or null) per mapped field */
} mdsync_fetch_stats;

/* "Authorization: <scheme> <token>", emalloc'd; wipe and free with mdsync_secret_free. */
char *mdsync_django_auth_header(const mdsync_django_config *dc);

/* Every user, in page order, into out (records with source django). On failure: false,
 * err set, out left empty: never a partial list. Each page is read straight into out: only the
 * fields field_paths names are copied, and nothing passes memory_limit (a ProtocolException). */
bool mdsync_django_fetch_users(const mdsync_django_config *dc, const mdsync_http_config *hc,
	mdsync_userset *out, mdsync_fetch_stats *stats, mdsync_error *err);

typedef struct {
	long count;              /* -1: the server gives none (cursor pagination) */
	const char *pagination;  /* "page", "limit", "cursor" or "none" (a bare list) */
	long first_page_len;
	long elapsed_ms;
} mdsync_django_probe;

/* One request for page one with a single user: is Django there, does the token work,
 * how many users, which pagination. False with err set otherwise. */
bool mdsync_django_status(const mdsync_django_config *dc, const mdsync_http_config *hc,
	mdsync_django_probe *out, mdsync_error *err);

typedef enum {
	MDSYNC_CREATE_CREATED = 0,
	MDSYNC_CREATE_EXISTS,
	MDSYNC_CREATE_ERROR,
} mdsync_create_outcome;

/* "user:" + 64 hex digits + NUL */
#define MDSYNC_CREATE_KEY_MAX 72

typedef struct {
	/* in */
	char *body;                 /* the JSON to POST (emalloc'd; the caller frees it) */
	size_t body_len;
	char idempotency_key[MDSYNC_CREATE_KEY_MAX];
	/* out */
	mdsync_create_outcome outcome;
	long status;                /* HTTP status, 0 if none */
	char *django_id;            /* emalloc'd, for created */
	char *errors;               /* for error: Django's error body, a JSON object (emalloc'd, errors_len
	                             * bytes; the caller frees it), when small enough to keep; else NULL */
	size_t errors_len;
	char message[384];          /* for error: what went wrong, never a secret */
} mdsync_create_item;

/* Builds it's body from the canonical user u of s through field_map (nested paths become
 * objects; the email goes trimmed; a random password only with generate_password) and its
 * idempotency key ("user:" + hex SHA-256 of the normalized email: fixed length, no user text
 * in a header). False, with why, for a user that cannot be sent (no email, no username). */
bool mdsync_django_create_body(const mdsync_django_config *dc, const mdsync_userset *s, const mdsync_user *u,
	bool generate_password, mdsync_create_item *it, char *why, size_t why_len);

/* POSTs every item concurrently to users_path. One outcome per item: 'created' (2xx with
 * an id), 'exists' (409, or a 400 saying the email already exists, and at most that the
 * username does too), 'error' otherwise. Returns false only for an engine failure (err). */
bool mdsync_django_create_users(const mdsync_django_config *dc, const mdsync_http_config *hc,
	mdsync_create_item *items, size_t n, mdsync_fetch_stats *stats, mdsync_error *err);

#endif
