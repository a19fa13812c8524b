/* mdsync HTTP engine: every request goes through here. libcurl multi,
 * bounded concurrency, retries with backoff and jitter, an overall deadline.
 * It knows no API and no PHP values. */
#ifndef MDSYNC_HTTP_H
#define MDSYNC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curl/curl.h>
#include "error.h"
#include "vec.h"
#include "progress.h"

typedef struct {
	long concurrency;         /* transfers at once */
	long timeout_ms;          /* one attempt, whole transfer */
	long connect_timeout_ms;
	long max_retries;         /* attempts after the first */
	long deadline_ms;         /* the whole run, retries and waits included */
	size_t max_response_bytes;
	bool verify_tls;
	const char *ca_info;      /* NULL: the system's bundle */
	const char *proxy;        /* NULL: libcurl's defaults (environment) */
	long retry_base_ms;       /* first backoff step */
	const char *user_agent;   /* e.g. "mdsync/0.2.0" */
	const mdsync_secrets *secrets; /* the call's secrets, redacted from what a failed request reports; may be NULL */
	mdsync_progress progress; /* told of retries here, and of pages and items by the clients; may be empty */
} mdsync_http_config;

/* A Retry-After longer than this (one day) is taken as this: what a caller is told to wait
 * (a grade's retry_after) never exceeds it, and arithmetic on it cannot overflow. */
#define MDSYNC_RETRY_AFTER_MAX_S 86400

typedef enum {
	MDSYNC_REQ_NEW = 0,
	MDSYNC_REQ_QUEUED,
	MDSYNC_REQ_RUNNING,
	MDSYNC_REQ_DONE,
} mdsync_req_state;

typedef struct mdsync_http_req {
	/* what to send (owned by the request) */
	char *url;
	const char *method;          /* a static string: "GET", "POST", "PATCH" */
	struct curl_slist *headers;
	bool refused;                /* a header was refused (a control character): never sent */
	char *body;
	size_t body_len;

	/* the outcome of the last attempt */
	long status;                 /* 0: no HTTP answer */
	CURLcode curl_code;
	char *resp;                  /* NUL-terminated, resp_len bytes; NULL when the answer had no body */
	size_t resp_len, resp_cap;
	size_t resp_limit;           /* the caller's cap on this answer's body (0: max_response_bytes) */
	bool too_large;              /* the body passed its cap: the transfer was cut */
	bool over_memory;            /* buffering the body would have passed memory_limit: cut likewise */
	bool headers_too_large;      /* headers over MDSYNC_MAX_HEADER_BYTES, or a line libcurl refuses */
	bool headers_done;
	size_t header_bytes;
	char curl_error[CURL_ERROR_SIZE];
	int attempts;
	int64_t retry_after_s;       /* from the last answer's Retry-After (at most MDSYNC_RETRY_AFTER_MAX_S), -1 if none */

	/* engine bookkeeping */
	mdsync_req_state state;
	int64_t not_before_ms;
	size_t resp_max;
	CURL *easy;
	const mdsync_secrets *secrets; /* the engine's, set on submit */

	/* the caller's */
	size_t index;
} mdsync_http_req;

typedef struct mdsync_http_engine mdsync_http_engine;

/* Called once per request when it is finished (success or final failure).
 * It may submit further requests. */
typedef void (*mdsync_http_done_cb)(mdsync_http_engine *e, mdsync_http_req *r, void *arg);

/* Called just before each attempt of a request goes out, the first and every retry, to set
 * what must be fresh for that attempt (a signature's timestamp). Returning false is an engine
 * failure: the callback writes why into e->error. */
typedef bool (*mdsync_http_attempt_cb)(mdsync_http_engine *e, mdsync_http_req *r, void *arg);

struct mdsync_http_engine {
	mdsync_http_config cfg;
	CURLM *multi;
	mdsync_http_done_cb done;
	void *done_arg;
	mdsync_http_attempt_cb attempt;   /* optional */
	void *attempt_arg;

	MDSYNC_VEC(mdsync_http_req *) fresh;   /* FIFO of requests ready to start, from fresh_head */
	size_t fresh_head;
	MDSYNC_VEC(mdsync_http_req *) delayed; /* retries waiting for their time */
	long running;

	int64_t deadline_at_ms;
	bool stop;                   /* set by a callback: finish running transfers, start none */
	bool cancelled;              /* the progress listener asked to stop (the face: its callable threw) */

	/* stats */
	long requests, retries;
	size_t bytes_in;

	char error[256];             /* an engine-level failure (not a transfer's) */
};

int64_t mdsync_now_ms(void);

/* Tells the run's progress listener of ev; if it asks to stop, the engine stops (cancelled). */
void mdsync_http_tell(mdsync_http_engine *e, const mdsync_progress_event *ev);

mdsync_http_req *mdsync_http_req_new(const char *method, const char *url);
/* Adds a header line ("Name: value"). Returns false if the line holds a control character
 * (CR, LF, ...: header injection; r->refused is set and the request must not be sent)
 * or if libcurl is out of memory. */
bool mdsync_http_req_header(mdsync_http_req *r, const char *line);
/* Sets header name to value, replacing any earlier line of that name; the same checks. Only
 * between attempts (from an attempt callback, or before submitting). */
bool mdsync_http_req_set_header(mdsync_http_req *r, const char *name, const char *value);
void mdsync_http_req_body(mdsync_http_req *r, const char *body, size_t len);
void mdsync_http_req_free(mdsync_http_req *r);
/* Frees the response body (once the caller has used it). */
void mdsync_http_req_drop_response(mdsync_http_req *r);

/* Returns false (with e->error) if libcurl could not be set up. */
bool mdsync_http_engine_init(mdsync_http_engine *e, const mdsync_http_config *cfg, mdsync_http_done_cb done, void *arg);
/* Sets the per-attempt callback (before submitting anything). */
void mdsync_http_engine_on_attempt(mdsync_http_engine *e, mdsync_http_attempt_cb cb, void *arg);
void mdsync_http_submit(mdsync_http_engine *e, mdsync_http_req *r);
/* Runs until every submitted request is done. Returns false on an engine failure (e->error). */
bool mdsync_http_run(mdsync_http_engine *e);
void mdsync_http_engine_dtor(mdsync_http_engine *e);
/* Runs one request to completion (retries included); false, with err set, on an engine
 * failure. The request's outcome is for the caller to read. */
bool mdsync_http_run_one(const mdsync_http_config *cfg, mdsync_http_req *r, mdsync_error *err);

/* Answer headers beyond this (all lines together) cut the transfer: a ProtocolException. */
#define MDSYNC_MAX_HEADER_BYTES (64 * 1024)

/* Whether a finished request got a 2xx. */
static inline bool mdsync_http_ok(const mdsync_http_req *r)
{
	return r->curl_code == CURLE_OK && !r->too_large && r->status >= 200 && r->status < 300;
}

#endif
