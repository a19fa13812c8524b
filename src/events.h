/* mdsync outbound events (grades first): signed JSON, one request per event, concurrently.
 * No PHP values. */
#ifndef MDSYNC_EVENTS_H
#define MDSYNC_EVENTS_H

#include "http.h"
#include "error.h"

typedef enum {
	MDSYNC_PUSH_DELIVERED = 0, /* 2xx */
	MDSYNC_PUSH_RETRY,         /* no answer, 408, 429 or 5xx: try again later */
	MDSYNC_PUSH_REJECTED,      /* another status: retrying will not help */
} mdsync_push_outcome;

typedef struct {
	/* in (owned by the caller) */
	char *url;
	char *body;
	size_t body_len;
	char *idempotency_key;
	/* out */
	mdsync_push_outcome outcome;
	long status;
	long retry_after;          /* seconds, for retry */
	char message[384];
	char *answer;              /* for rejected: the peer's answer when it is JSON and small enough to keep
	                            * (emalloc'd, answer_len bytes; the caller frees it), or NULL */
	size_t answer_len;
	char answer_text[512];     /* or its text, when not JSON */
} mdsync_push_item;

typedef struct {
	const char *method;        /* "POST", "PATCH", "PUT" */
	const char *secret;        /* HMAC key; never sent */
	size_t secret_len;
	const char *auth_header;   /* "Authorization: …", or NULL */
	long default_retry_after;  /* when the peer names none */
} mdsync_push_config;

/* Sends every item; fills each one's outcome. False only for an engine failure (err). */
bool mdsync_push_events(const mdsync_push_config *pc, const mdsync_http_config *hc,
	mdsync_push_item *items, size_t n, mdsync_error *err);

#endif
