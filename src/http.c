/* mdsync HTTP engine: libcurl multi with bounded concurrency, retries and a deadline. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "ext/random/php_random.h"
#include "http.h"
#include "error.h"
#include "mem.h"

#include <time.h>

/* Backoff never waits longer than this between two attempts (Retry-After may ask for
 * more; then it is honoured, within the deadline). */
#define MDSYNC_BACKOFF_CAP_MS 10000

void mdsync_http_tell(mdsync_http_engine *e, const mdsync_progress_event *ev)
{
	if (!e->cancelled && !mdsync_progress_tell(&e->cfg.progress, ev)) {
		e->cancelled = e->stop = true;
	}
}

int64_t mdsync_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t write_body(char *data, size_t size, size_t nmemb, void *userp)
{
	mdsync_http_req *r = userp;
	size_t n = size * nmemb;

	if (n > r->resp_max - r->resp_len) {
		r->too_large = true;
		return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	if (r->resp_len + n + 1 > r->resp_cap) {
		size_t cap = r->resp_cap;
		if (!cap) {
			/* Content-Length (the exact size, unless the body is compressed) sizes the buffer once */
			curl_off_t cl = -1;
			cap = 16384;
			if (curl_easy_getinfo(r->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl) == CURLE_OK && cl > 0
				&& (uint64_t) cl <= (uint64_t) r->resp_max) {
				cap = (size_t) cl + 1;
			}
		}
		while (cap < r->resp_len + n + 1) {
			cap *= 2;
		}
		if (cap > r->resp_max + 1) {
			cap = r->resp_max + 1;
		}
		/* Never past memory_limit inside libcurl's callback: a failed allocation here ends the
		 * process. The transfer is cut instead, and the caller reports over_memory. */
		if (!mdsync_mem_room(cap)) {
			r->over_memory = true;
			return 0;
		}
		r->resp = erealloc(r->resp, cap);
		r->resp_cap = cap;
	}
	memcpy(r->resp + r->resp_len, data, n);
	r->resp_len += n;
	r->resp[r->resp_len] = '\0';
	return n;
}

/* Counts the answer's header bytes: a flood of headers is cut, not buffered. */
static size_t read_header(char *data, size_t size, size_t nmemb, void *userp)
{
	mdsync_http_req *r = userp;
	size_t n = size * nmemb;

	r->header_bytes += n;
	if (r->header_bytes > MDSYNC_MAX_HEADER_BYTES) {
		r->headers_too_large = true;
		return 0;
	}
	if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		r->headers_done = false; /* a status line: (another) answer begins */
	} else if (n <= 2 && (data[0] == '\r' || data[0] == '\n')) {
		r->headers_done = true;
	}
	return n;
}

bool mdsync_http_engine_init(mdsync_http_engine *e, const mdsync_http_config *cfg, mdsync_http_done_cb done, void *arg)
{
	memset(e, 0, sizeof(*e));
	e->cfg = *cfg;
	e->done = done;
	e->done_arg = arg;
	e->deadline_at_ms = mdsync_now_ms() + cfg->deadline_ms;
	e->multi = curl_multi_init();
	if (!e->multi) {
		snprintf(e->error, sizeof(e->error), "curl_multi_init failed");
		return false;
	}
	if (curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS, cfg->concurrency) != CURLM_OK
		|| curl_multi_setopt(e->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, cfg->concurrency) != CURLM_OK
		|| curl_multi_setopt(e->multi, CURLMOPT_MAXCONNECTS, cfg->concurrency) != CURLM_OK) {
		snprintf(e->error, sizeof(e->error), "curl_multi_setopt failed");
		curl_multi_cleanup(e->multi);
		e->multi = NULL;
		return false;
	}
	return true;
}

void mdsync_http_engine_dtor(mdsync_http_engine *e)
{
	if (e->multi) {
		curl_multi_cleanup(e->multi);
		e->multi = NULL;
	}
	MDSYNC_VEC_FREE(e->fresh);
	MDSYNC_VEC_FREE(e->delayed);
}

static void push_fresh(mdsync_http_engine *e, mdsync_http_req *r)
{
	if (e->fresh.n == e->fresh.cap && e->fresh_head > 0) {
		/* reuse the room of requests already started before growing */
		memmove(e->fresh.v, e->fresh.v + e->fresh_head, (e->fresh.n - e->fresh_head) * sizeof(*e->fresh.v));
		e->fresh.n -= e->fresh_head;
		e->fresh_head = 0;
	}
	MDSYNC_VEC_PUSH(e->fresh, r);
}

void mdsync_http_engine_on_attempt(mdsync_http_engine *e, mdsync_http_attempt_cb cb, void *arg)
{
	e->attempt = cb;
	e->attempt_arg = arg;
}

void mdsync_http_submit(mdsync_http_engine *e, mdsync_http_req *r)
{
	r->secrets = e->cfg.secrets;
	r->state = MDSYNC_REQ_QUEUED;
	r->attempts = 0;
	r->not_before_ms = 0;
	push_fresh(e, r);
}

/* Finishes a request for good: it is the caller's again. */
static void finish(mdsync_http_engine *e, mdsync_http_req *r)
{
	r->state = MDSYNC_REQ_DONE;
	e->done(e, r, e->done_arg);
}

/* Fails a request that never got (another) attempt because time ran out. */
static void finish_deadline(mdsync_http_engine *e, mdsync_http_req *r)
{
	if (r->attempts == 0) {
		r->curl_code = CURLE_OPERATION_TIMEDOUT;
		snprintf(r->curl_error, sizeof(r->curl_error), "the deadline passed before the request could be sent");
	}
	finish(e, r);
}

#define SETOPT(opt, val) do { if (curl_easy_setopt(easy, opt, val) != CURLE_OK) { goto setopt_failed; } } while (0)

static bool start_transfer(mdsync_http_engine *e, mdsync_http_req *r, int64_t now)
{
	CURL *easy;
	CURLMcode mc;
	long remaining = (long) (e->deadline_at_ms - now);
	long timeout = e->cfg.timeout_ms < remaining ? e->cfg.timeout_ms : remaining;
	long ctimeout = e->cfg.connect_timeout_ms < timeout ? e->cfg.connect_timeout_ms : timeout;

	mdsync_http_req_drop_response(r);
	r->status = 0;
	r->curl_code = CURLE_OK;
	r->too_large = false;
	r->over_memory = false;
	r->headers_too_large = false;
	r->headers_done = false;
	r->header_bytes = 0;
	r->curl_error[0] = '\0';
	r->retry_after_s = -1;
	r->resp_max = r->resp_limit && r->resp_limit < e->cfg.max_response_bytes ? r->resp_limit : e->cfg.max_response_bytes;

	if (e->attempt && !e->attempt(e, r, e->attempt_arg)) {
		if (!e->error[0]) {
			snprintf(e->error, sizeof(e->error), "a request could not be prepared for sending");
		}
		return false;
	}
	if (r->refused) {
		snprintf(e->error, sizeof(e->error), "refusing to send a request header that holds a control character");
		return false;
	}

	easy = curl_easy_init();
	if (!easy) {
		snprintf(e->error, sizeof(e->error), "curl_easy_init failed");
		return false;
	}
	SETOPT(CURLOPT_URL, r->url);
	SETOPT(CURLOPT_PRIVATE, r);
	SETOPT(CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85.0: CURLOPT_PROTOCOLS_STR */
	SETOPT(CURLOPT_PROTOCOLS_STR, "http,https");
#else
	SETOPT(CURLOPT_PROTOCOLS, (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	/* Redirects are never followed: credentials go to the configured host only. */
	SETOPT(CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(CURLOPT_TIMEOUT_MS, timeout > 1 ? timeout : 1L);
	SETOPT(CURLOPT_CONNECTTIMEOUT_MS, ctimeout > 1 ? ctimeout : 1L);
	SETOPT(CURLOPT_SSL_VERIFYPEER, e->cfg.verify_tls ? 1L : 0L);
	SETOPT(CURLOPT_SSL_VERIFYHOST, e->cfg.verify_tls ? 2L : 0L);
	if (e->cfg.ca_info && *e->cfg.ca_info) {
		SETOPT(CURLOPT_CAINFO, e->cfg.ca_info);
	}
	if (e->cfg.proxy) {
		SETOPT(CURLOPT_PROXY, e->cfg.proxy);
	}
	SETOPT(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) r->resp_max);
	SETOPT(CURLOPT_WRITEFUNCTION, write_body);
	SETOPT(CURLOPT_WRITEDATA, r);
	SETOPT(CURLOPT_HEADERFUNCTION, read_header);
	SETOPT(CURLOPT_HEADERDATA, r);
	SETOPT(CURLOPT_ACCEPT_ENCODING, ""); /* whatever libcurl can decode */
	if (e->cfg.user_agent) {
		SETOPT(CURLOPT_USERAGENT, e->cfg.user_agent);
	}
	SETOPT(CURLOPT_ERRORBUFFER, r->curl_error);
	if (r->headers) {
		SETOPT(CURLOPT_HTTPHEADER, r->headers);
	}
	if (strcmp(r->method, "GET") != 0) {
		SETOPT(CURLOPT_CUSTOMREQUEST, r->method);
		SETOPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) r->body_len);
		SETOPT(CURLOPT_POSTFIELDS, r->body ? r->body : "");
	}

	mc = curl_multi_add_handle(e->multi, easy);
	if (mc != CURLM_OK) {
		snprintf(e->error, sizeof(e->error), "curl_multi_add_handle: %s", curl_multi_strerror(mc));
		curl_easy_cleanup(easy);
		return false;
	}
	r->easy = easy;
	r->state = MDSYNC_REQ_RUNNING;
	r->attempts++;
	e->running++;
	e->requests++;
	return true;

setopt_failed:
	snprintf(e->error, sizeof(e->error), "curl_easy_setopt failed");
	curl_easy_cleanup(easy);
	return false;
}
#undef SETOPT

static bool retryable(const mdsync_http_req *r)
{
	if (r->too_large || r->over_memory || r->headers_too_large) {
		return false;
	}
	switch (r->curl_code) {
		case CURLE_OK:
			return r->status == 429 || r->status >= 500;
		case CURLE_COULDNT_CONNECT:
		case CURLE_COULDNT_RESOLVE_HOST:
		case CURLE_OPERATION_TIMEDOUT:
		case CURLE_SEND_ERROR:
		case CURLE_RECV_ERROR:
		case CURLE_GOT_NOTHING:
		case CURLE_PARTIAL_FILE:
		case CURLE_HTTP2:
		case CURLE_HTTP2_STREAM:
			return true;
		default:
			return false;
	}
}

/* Exponential backoff with jitter (half fixed, half random), at least Retry-After. */
static int64_t backoff_ms(const mdsync_http_engine *e, const mdsync_http_req *r)
{
	int64_t step = e->cfg.retry_base_ms;
	int i;
	for (i = 1; i < r->attempts && step < MDSYNC_BACKOFF_CAP_MS; i++) {
		step *= 2;
	}
	if (step > MDSYNC_BACKOFF_CAP_MS) {
		step = MDSYNC_BACKOFF_CAP_MS;
	}
	step = step / 2 + php_mt_rand_range(0, (zend_long) (step / 2));
	if (r->retry_after_s >= 0 && r->retry_after_s * 1000 > step) {
		step = r->retry_after_s * 1000; /* retry_after_s <= MDSYNC_RETRY_AFTER_MAX_S: no overflow */
	}
	return step;
}

/* The answer's Retry-After in seconds, saturated at MDSYNC_RETRY_AFTER_MAX_S; 0 for a date
 * already past; -1 for none. libcurl's own reading (CURLINFO_RETRY_AFTER) reports a number
 * beyond curl_off_t as 0, the same as none, so numbers are read here; HTTP-dates are libcurl's. */
static int64_t read_retry_after(CURL *easy)
{
	curl_off_t v = 0;
#if LIBCURL_VERSION_NUM >= 0x075300 /* 7.83.0: curl_easy_header */
	struct curl_header *h = NULL;
	if (curl_easy_header(easy, "Retry-After", 0, CURLH_HEADER, -1, &h) == CURLHE_OK && h && h->value) {
		const char *p = h->value;
		int64_t n = 0;
		while (*p == ' ' || *p == '\t') {
			p++;
		}
		if (*p >= '0' && *p <= '9') {
			for (; *p >= '0' && *p <= '9'; p++) {
				if (n < MDSYNC_RETRY_AFTER_MAX_S) {
					n = n * 10 + (*p - '0');
				}
			}
			while (*p == ' ' || *p == '\t') {
				p++;
			}
			if (*p == '\0') {
				return n > MDSYNC_RETRY_AFTER_MAX_S ? MDSYNC_RETRY_AFTER_MAX_S : n;
			}
		}
	}
#endif
	if (curl_easy_getinfo(easy, CURLINFO_RETRY_AFTER, &v) != CURLE_OK || v == 0) {
		return -1;
	}
	if (v < 0) {
		return 0;
	}
	return v > MDSYNC_RETRY_AFTER_MAX_S ? MDSYNC_RETRY_AFTER_MAX_S : (int64_t) v;
}

static bool transfer_done(mdsync_http_engine *e, CURLMsg *msg, int64_t now)
{
	CURL *easy = msg->easy_handle;
	mdsync_http_req *r = NULL;
	CURLMcode mc;

	if (curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **) &r) != CURLE_OK || !r) {
		snprintf(e->error, sizeof(e->error), "a finished transfer lost its request");
		return false;
	}
	r->curl_code = msg->data.result;
	if (curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &r->status) != CURLE_OK) {
		r->status = 0;
	}
	r->retry_after_s = read_retry_after(easy);
	if (r->curl_code == CURLE_FILESIZE_EXCEEDED) {
		r->too_large = true;
	}
	/* libcurl refuses a header line over 100 KB, and says "Out of memory" */
	if (r->curl_code == CURLE_OUT_OF_MEMORY && r->header_bytes > 0 && !r->headers_done) {
		r->headers_too_large = true;
	}
	e->bytes_in += r->resp_len;
	mc = curl_multi_remove_handle(e->multi, easy);
	curl_easy_cleanup(easy);
	r->easy = NULL;
	e->running--;
	if (mc != CURLM_OK) {
		snprintf(e->error, sizeof(e->error), "curl_multi_remove_handle: %s", curl_multi_strerror(mc));
		return false;
	}

	/* A peer that asks for a longer pause than the backoff cap (Retry-After) is not waited
	 * for inside the call: the request ends now, and the caller sees retry_after_s. */
	if (retryable(r) && r->attempts <= e->cfg.max_retries && !e->stop
		&& !(r->retry_after_s >= 0 && r->retry_after_s * 1000 > MDSYNC_BACKOFF_CAP_MS)) {
		int64_t at = now + backoff_ms(e, r);
		if (at < e->deadline_at_ms) {
			mdsync_progress_event ev = { MDSYNC_PROGRESS_RETRY, 0, 0, r->attempts, r->status, (long) (at - now), NULL };
			char reason[64];
			if (r->curl_code == CURLE_OK) {
				snprintf(reason, sizeof(reason), "HTTP %ld", r->status);
			} else {
				snprintf(reason, sizeof(reason), "%s", curl_easy_strerror(r->curl_code));
			}
			ev.reason = reason;
			r->state = MDSYNC_REQ_QUEUED;
			r->not_before_ms = at;
			e->retries++;
			MDSYNC_VEC_PUSH(e->delayed, r);
			mdsync_http_tell(e, &ev);
			return true;
		}
	}
	finish(e, r);
	return true;
}

bool mdsync_http_run(mdsync_http_engine *e)
{
	while (e->running > 0 || e->fresh_head < e->fresh.n || e->delayed.n > 0) {
		int64_t now = mdsync_now_ms();
		int still = 0, queued = 0;
		CURLMsg *msg;
		CURLMcode mc;
		size_t i;

		/* Due retries go first, then fresh requests, while there is room. */
		for (i = 0; i < e->delayed.n; ) {
			mdsync_http_req *r = e->delayed.v[i];
			if (e->stop || now >= e->deadline_at_ms) {
				e->delayed.v[i] = e->delayed.v[--e->delayed.n];
				finish_deadline(e, r);
				continue;
			}
			if (r->not_before_ms <= now && e->running < e->cfg.concurrency) {
				e->delayed.v[i] = e->delayed.v[--e->delayed.n];
				if (!start_transfer(e, r, now)) {
					return false;
				}
				continue;
			}
			i++;
		}
		while (e->fresh_head < e->fresh.n && (e->stop || now >= e->deadline_at_ms || e->running < e->cfg.concurrency)) {
			mdsync_http_req *r = e->fresh.v[e->fresh_head++];
			if (e->stop || now >= e->deadline_at_ms) {
				finish_deadline(e, r);
			} else if (!start_transfer(e, r, now)) {
				return false;
			}
		}

		mc = curl_multi_perform(e->multi, &still);
		if (mc != CURLM_OK) {
			snprintf(e->error, sizeof(e->error), "curl_multi_perform: %s", curl_multi_strerror(mc));
			return false;
		}
		now = mdsync_now_ms();
		while ((msg = curl_multi_info_read(e->multi, &queued)) != NULL) {
			if (msg->msg == CURLMSG_DONE && !transfer_done(e, msg, now)) {
				return false;
			}
		}

		if (e->fresh_head < e->fresh.n && e->running < e->cfg.concurrency) {
			continue; /* a callback queued more and there is room: start them now */
		}
		if (e->running > 0 || e->delayed.n > 0) {
			/* Wake for the first retry that falls due (the ones just queued included), or the deadline. */
			int64_t wait_ms = e->deadline_at_ms - now;
			for (i = 0; i < e->delayed.n; i++) {
				if (e->delayed.v[i]->not_before_ms - now < wait_ms) {
					wait_ms = e->delayed.v[i]->not_before_ms - now;
				}
			}
			if (wait_ms > 1000) {
				wait_ms = 1000;
			}
			mc = curl_multi_poll(e->multi, NULL, 0, (int) (wait_ms > 0 ? wait_ms : 0), NULL);
			if (mc != CURLM_OK) {
				snprintf(e->error, sizeof(e->error), "curl_multi_poll: %s", curl_multi_strerror(mc));
				return false;
			}
		}
	}
	return true;
}

static void on_one(mdsync_http_engine *e, mdsync_http_req *r, void *arg)
{
	/* the request is read by the caller after the run */
}

bool mdsync_http_run_one(const mdsync_http_config *cfg, mdsync_http_req *r, mdsync_error *err)
{
	mdsync_http_engine e;
	bool ok;
	if (!mdsync_http_engine_init(&e, cfg, on_one, NULL)) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "%s", e.error);
		return false;
	}
	mdsync_http_submit(&e, r);
	ok = mdsync_http_run(&e);
	if (!ok) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "HTTP engine failure: %s", e.error);
	}
	mdsync_http_engine_dtor(&e);
	return ok;
}
