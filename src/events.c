/* mdsync outbound events: signed, with an idempotency key, delivered concurrently. */
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
	mdsync_error_from_req(&e2, r, "Django", NULL);
	snprintf(it->message, sizeof(it->message), "%s", e2.message);
	if (!answered || r->status == 408 || r->status == 429 || r->status >= 500) {
		it->outcome = MDSYNC_PUSH_RETRY;
		it->retry_after = r->retry_after_s >= 0 ? (long) r->retry_after_s : c->pc->default_retry_after;
		goto out;
	}
	it->outcome = MDSYNC_PUSH_REJECTED;
	if (r->resp_len) {
		char why[160];
		mdsync_jtok root;
		if (mdsync_json_pick(r->resp, r->resp_len, NULL, NULL, 0, &root, why, sizeof(why))) {
			if (r->resp_len <= MDSYNC_ANSWER_KEEP_MAX && c->kept + r->resp_len <= MDSYNC_ANSWERS_KEEP_TOTAL) {
				it->answer = estrndup(r->resp, r->resp_len);
				it->answer_len = r->resp_len;
				c->kept += r->resp_len;
			}
		} else {
			size_t i, n = r->resp_len < sizeof(it->answer_text) - 1 ? r->resp_len : sizeof(it->answer_text) - 1;
			for (i = 0; i < n; i++) {
				unsigned char ch = (unsigned char) r->resp[i];
				it->answer_text[i] = (ch < 0x20 && ch != '\n') || ch == 0x7f ? ' ' : (char) ch;
			}
			it->answer_text[n] = '\0';
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
	int64_t now = (int64_t) time(NULL);

	if (n == 0) {
		return true;
	}
	if (!mdsync_http_engine_init(&e, hc, on_pushed, &c)) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "%s", e.error);
		return false;
	}
	reqs = safe_emalloc(n, sizeof(*reqs), 0);
	for (i = 0; i < n; i++) {
		char sig[MDSYNC_SIGNATURE_MAX], line[MDSYNC_SIGNATURE_MAX + 32];
		char *idem = NULL;
		mdsync_http_req *r = mdsync_http_req_new(pc->method, items[i].url);
		reqs[made++] = r;
		r->index = i;
		r->resp_limit = MDSYNC_SMALL_ANSWER_MAX; /* a receipt: no grade needs more */
		mdsync_sign_header(items[i].body, items[i].body_len, pc->secret, pc->secret_len, now, sig);
		snprintf(line, sizeof(line), "X-Mdsync-Signature: %s", sig);
		spprintf(&idem, 0, "Idempotency-Key: %s", items[i].idempotency_key);
		if (!mdsync_http_req_header(r, "Content-Type: application/json")
			|| !mdsync_http_req_header(r, "Accept: application/json")
			|| !mdsync_http_req_header(r, line) || !mdsync_http_req_header(r, idem)
			|| (pc->auth_header && !mdsync_http_req_header(r, pc->auth_header))) {
			efree(idem);
			mdsync_error_set(err, MDSYNC_E_GENERAL, "out of memory building a request");
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
