/* mdsync outbound events: signed as each attempt goes out, with an idempotency key, delivered concurrently. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "events.h"
#include "json.h"
#include "sign.h"
#include <time.h>

typedef struct {
	const mdsync_push_config *pc;
	mdsync_push_item *items;
	size_t kept;               /* bytes of answers kept for the caller */
} push_ctx;

/* Signs the attempt about to go out: a retry gets a fresh timestamp, so a receiver's
 * tolerance counts from the moment the request is sent, not from the start of the call. */
static bool sign_attempt(mdsync_http_engine *e, mdsync_http_req *r, void *arg)
{
	push_ctx *c = arg;
	char sig[MDSYNC_SIGNATURE_MAX];
	mdsync_sign_header(r->body, r->body_len, c->pc->secret, c->pc->secret_len, (int64_t) time(NULL), sig);
	if (!mdsync_http_req_set_header(r, "X-Mdsync-Signature", sig)) {
		snprintf(e->error, sizeof(e->error), "out of memory signing a request");
		return false;
	}
	return true;
}

/* The peer's answer as text, for a rejected event that is not JSON: redacted whole, then cut
 * to fit, control characters (but new lines) as spaces. */
static void answer_text(const mdsync_http_req *r, char *out, size_t out_len)
{
	size_t len = r->resp_len, i, n;
	const char *text = r->resp;
	char *red = mdsync_redact(r->secrets, r->resp, r->resp_len, &len);
	if (red) {
		text = red;
	}
	n = len < out_len - 1 ? len : out_len - 1;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char) text[i];
		out[i] = (ch < 0x20 && ch != '\n') || ch == 0x7f ? ' ' : (char) ch;
	}
	out[n] = '\0';
	if (red) {
		efree(red);
	}
}

static void on_pushed(mdsync_http_engine *e, mdsync_http_req *r, void *arg)
{
	push_ctx *c = arg;
	mdsync_push_item *it = &c->items[r->index];
	mdsync_error e2;
	/* a status line came, even if the body was cut for its size */
	bool answered = r->status > 0 && (r->curl_code == CURLE_OK || r->too_large || r->over_memory);

	memset(&e2, 0, sizeof(e2));
	it->status = r->status;
	if (answered && r->status >= 200 && r->status < 300) {
		it->outcome = MDSYNC_PUSH_DELIVERED;
		goto out;
	}
	mdsync_error_from_req(&e2, r, "Django", c->pc->secret);
	snprintf(it->message, sizeof(it->message), "%s", e2.message);
	if (!answered || r->status == 408 || r->status == 429 || r->status >= 500) {
		it->outcome = MDSYNC_PUSH_RETRY;
		it->retry_after = r->retry_after_s >= 0 ? (long) r->retry_after_s : c->pc->default_retry_after; /* <= 1 day */
		goto out;
	}
	it->outcome = MDSYNC_PUSH_REJECTED;
	if (r->resp_len) {
		char why[160];
		mdsync_jtok root;
		if (mdsync_json_pick(r->resp, r->resp_len, NULL, NULL, 0, &root, why, sizeof(why))) {
			if (r->resp_len <= MDSYNC_ANSWER_KEEP_MAX && c->kept + r->resp_len <= MDSYNC_ANSWERS_KEEP_TOTAL) {
				it->answer = estrndup(r->resp, r->resp_len); /* redacted by the face as it becomes PHP values */
				it->answer_len = r->resp_len;
				c->kept += r->resp_len;
			}
		} else {
			answer_text(r, it->answer_text, sizeof(it->answer_text));
		}
	}
out:
	mdsync_http_req_drop_response(r);
}

bool mdsync_push_events(const mdsync_push_config *pc, const mdsync_http_config *hc,
	mdsync_push_item *items, size_t n, mdsync_error *err)
{
	mdsync_http_engine e;
	mdsync_http_req **reqs;
	push_ctx c = { pc, items, 0 };
	bool ok = true;
	size_t i, made = 0;

	if (n == 0) {
		return true;
	}
	if (!mdsync_http_engine_init(&e, hc, on_pushed, &c)) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "%s", e.error);
		return false;
	}
	mdsync_http_engine_on_attempt(&e, sign_attempt, &c);
	reqs = safe_emalloc(n, sizeof(*reqs), 0);
	for (i = 0; i < n; i++) {
		char *idem = NULL;
		mdsync_http_req *r = mdsync_http_req_new(pc->method, items[i].url);
		reqs[made++] = r;
		r->index = i;
		r->resp_limit = MDSYNC_SMALL_ANSWER_MAX; /* a receipt: no grade needs more */
		/* X-Mdsync-Signature is set as each attempt goes out (sign_attempt) */
		spprintf(&idem, 0, "Idempotency-Key: %s", items[i].idempotency_key);
		if (!mdsync_http_req_header(r, "Content-Type: application/json")
			|| !mdsync_http_req_header(r, "Accept: application/json")
			|| !mdsync_http_req_header(r, idem)
			|| (pc->auth_header && !mdsync_http_req_header(r, pc->auth_header))) {
			efree(idem);
			mdsync_error_build(err, r);
			ok = false;
			break;
		}
		efree(idem);
		mdsync_http_req_body(r, items[i].body, items[i].body_len);
		mdsync_http_submit(&e, r);
	}
	if (ok && !mdsync_http_run(&e)) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "HTTP engine failure: %s", e.error);
		ok = false;
	}
	mdsync_http_engine_dtor(&e);
	for (i = 0; i < made; i++) {
		mdsync_http_req_free(reqs[i]);
	}
	efree(reqs);
	return ok;
}
