/* mdsync Django client, the users list: every page, concurrently where it can; and a one-request probe. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "django.h"
#include "json.h"
#include "url.h"

typedef enum { MODE_UNKNOWN = 0, MODE_SINGLE, MODE_PAGE, MODE_LIMIT, MODE_WALK } page_mode;

typedef struct {
	const mdsync_django_config *dc;
	mdsync_error *err;
	char *auth;
	mdsync_userset *pages;        /* one set per page, merged in order at the end */
	size_t npages, pages_cap;
	mdsync_http_req **reqs;       /* every request made, freed at the end */
	size_t nreqs, reqs_cap;
	page_mode mode;
	long count;                   /* -1: the server gives none */
	HashTable seen;               /* walk mode: URLs already asked for */
} fetch_ctx;

char *mdsync_django_auth_header(const mdsync_django_config *dc)
{
	char *h = NULL;
	spprintf(&h, 0, "Authorization: %s %s", dc->auth_scheme, dc->token);
	return h;
}

static void protocol_error(fetch_ctx *c, const mdsync_http_req *r, const char *what)
{
	char *url = mdsync_url_redact(r->url);
	if (c->err->kind == MDSYNC_OK) {
		snprintf(c->err->url, sizeof(c->err->url), "%s", url);
	}
	mdsync_error_set(c->err, MDSYNC_E_PROTOCOL, "Django's users list at %s: %s", url, what);
	efree(url);
}

static mdsync_http_req *new_page_req(fetch_ctx *c, const char *url, size_t index)
{
	mdsync_http_req *r = mdsync_http_req_new("GET", url);
	r->index = index;
	if (!mdsync_http_req_header(r, c->auth) || !mdsync_http_req_header(r, "Accept: application/json")) {
		mdsync_http_req_free(r);
		return NULL;
	}
	if (c->nreqs == c->reqs_cap) {
		c->reqs_cap = c->reqs_cap ? c->reqs_cap * 2 : 16;
		c->reqs = safe_erealloc(c->reqs, c->reqs_cap, sizeof(*c->reqs), 0);
	}
	c->reqs[c->nreqs++] = r;
	if (index >= c->pages_cap) {
		size_t cap = c->pages_cap ? c->pages_cap : 16, i;
		while (cap <= index) {
			cap *= 2;
		}
		c->pages = safe_erealloc(c->pages, cap, sizeof(*c->pages), 0);
		for (i = c->pages_cap; i < cap; i++) {
			mdsync_userset_init(&c->pages[i]);
		}
		c->pages_cap = cap;
	}
	if (index + 1 > c->npages) {
		c->npages = index + 1;
	}
	return r;
}

static bool submit_page(fetch_ctx *c, mdsync_http_engine *e, const char *url, size_t index)
{
	mdsync_http_req *r = new_page_req(c, url, index);
	if (!r) {
		mdsync_error_set(c->err, MDSYNC_E_GENERAL, "out of memory building a request");
		return false;
	}
	mdsync_http_submit(e, r);
	return true;
}

/* Copies one result object into the page's set. */
static bool take_record(fetch_ctx *c, mdsync_userset *set, json_object *item, const mdsync_http_req *r)
{
	int f;
	char num[64];

	if (!json_object_is_type(item, json_type_object)) {
		protocol_error(c, r, "a result is not a JSON object");
		return false;
	}
	mdsync_userset_add(set);
	for (f = 0; f < MDSYNC_F_COUNT; f++) {
		const char *path = c->dc->field_paths[f], *text;
		size_t len;
		json_object *v;
		if (!path) {
			continue;
		}
		v = mdsync_json_path(item, path);
		if (v && mdsync_json_text(v, &text, &len, num, sizeof(num))) {
			mdsync_userset_set(set, (mdsync_field) f, text, len);
		}
	}
	if (!set->users[set->count - 1].off[MDSYNC_F_ID]) {
		char what[200];
		snprintf(what, sizeof(what), "a user has no '%s' (set field_map['id'])", c->dc->field_paths[MDSYNC_F_ID]);
		protocol_error(c, r, what);
		return false;
	}
	mdsync_userset_resolve_djangoid(set);
	if (c->dc->field_paths[MDSYNC_F_SUSPENDED]) {
		const char *path = c->dc->field_paths[MDSYNC_F_SUSPENDED];
		bool invert = path[0] == '!';
		json_object *v = mdsync_json_path(item, invert ? path + 1 : path);
		if (v) {
			bool t = mdsync_json_truthy(v);
			set->users[set->count - 1].suspended = invert ? !t : t;
		}
	}
	return true;
}

static void plan_remaining_pages(fetch_ctx *c, mdsync_http_engine *e, const mdsync_http_req *r, const char *next, long got)
{
	char *rebased = mdsync_url_rebase(c->dc->base_url, next);
	long npages, k;
	char val[32];

	if (!rebased) {
		protocol_error(c, r, "'next' is not a URL");
		return;
	}
	if (c->count >= 0 && mdsync_url_has_param(rebased, "offset")) {
		c->mode = MODE_LIMIT;
	} else if (c->count >= 0 && mdsync_url_has_param(rebased, "page")) {
		c->mode = MODE_PAGE;
	} else {
		c->mode = MODE_WALK;
	}
	if (c->mode == MODE_WALK) {
		zend_hash_str_add_empty_element(&c->seen, r->url, strlen(r->url));
		if (!zend_hash_str_add_empty_element(&c->seen, rebased, strlen(rebased))) {
			protocol_error(c, r, "'next' points back at a page already fetched (a pagination loop)");
		} else {
			submit_page(c, e, rebased, r->index + 1);
		}
		efree(rebased);
		return;
	}
	if (got <= 0) {
		protocol_error(c, r, "the first page is empty but 'count' says there are users");
		efree(rebased);
		return;
	}
	npages = (c->count + got - 1) / got;
	if (npages > c->dc->max_pages) {
		protocol_error(c, r, "'count' implies more pages than max_pages allows");
		efree(rebased);
		return;
	}
	/* Page one told us everything: ask for all the other pages at once. */
	for (k = 1; k < npages && c->err->kind == MDSYNC_OK; k++) {
		char *u, *u2;
		if (c->mode == MODE_LIMIT) {
			snprintf(val, sizeof(val), "%ld", k * got);
			u = mdsync_url_with_param(rebased, "offset", val);
			snprintf(val, sizeof(val), "%ld", got);
			u2 = u ? mdsync_url_with_param(u, "limit", val) : NULL;
		} else {
			snprintf(val, sizeof(val), "%ld", k + 1);
			u = mdsync_url_with_param(rebased, "page", val);
			u2 = u ? estrdup(u) : NULL;
		}
		if (u) {
			efree(u);
		}
		if (!u2) {
			protocol_error(c, r, "cannot build the URL of a further page from 'next'");
			break;
		}
		submit_page(c, e, u2, (size_t) k);
		efree(u2);
	}
	efree(rebased);
}

static void on_page(mdsync_http_engine *e, mdsync_http_req *r, void *arg)
{
	fetch_ctx *c = arg;
	char why[128];
	json_object *root = NULL, *results = NULL, *count = NULL, *next = NULL;
	mdsync_userset *set = &c->pages[r->index];
	size_t i, n;

	if (c->err->kind != MDSYNC_OK) {
		goto out;
	}
	if (!mdsync_http_ok(r)) {
		mdsync_error_from_req(c->err, r, "Django", c->dc->token);
		goto out;
	}
	if (!mdsync_json_parse(r->resp, r->resp_len, &root, why, sizeof(why))) {
		protocol_error(c, r, why);
		goto out;
	}
	if (root && json_object_is_type(root, json_type_array)) {
		if (r->index != 0) {
			protocol_error(c, r, "a later page is a bare list");
			goto out;
		}
		c->mode = MODE_SINGLE;
		results = root;
	} else if (!root || !json_object_is_type(root, json_type_object)
		|| !json_object_object_get_ex(root, "results", &results)
		|| !json_object_is_type(results, json_type_array)) {
		protocol_error(c, r, "the answer has no 'results' list");
		goto out;
	}
	if (c->mode != MODE_SINGLE) {
		json_object_object_get_ex(root, "count", &count);
		json_object_object_get_ex(root, "next", &next);
		if (count && !json_object_is_type(count, json_type_int)) {
			protocol_error(c, r, "'count' is not an integer");
			goto out;
		}
		if (next && !json_object_is_type(next, json_type_null) && !json_object_is_type(next, json_type_string)) {
			protocol_error(c, r, "'next' is not a string");
			goto out;
		}
		if (next && json_object_is_type(next, json_type_null)) {
			next = NULL;
		}
	}
	n = json_object_array_length(results);
	for (i = 0; i < n; i++) {
		if (!take_record(c, set, json_object_array_get_idx(results, i), r)) {
			goto out;
		}
	}

	if (r->index == 0 && c->mode != MODE_SINGLE) {
		c->count = count ? (long) json_object_get_int64(count) : -1;
		if (c->count < -1) {
			protocol_error(c, r, "'count' is negative");
		} else if (next) {
			plan_remaining_pages(c, e, r, json_object_get_string(next), (long) n);
		} else {
			c->mode = MODE_SINGLE;
			if (c->count >= 0 && (long) n != c->count) {
				protocol_error(c, r, "'count' promises more users than the only page holds, and there is no 'next'");
			}
		}
	} else if (c->mode == MODE_WALK) {
		if (next) {
			char *rebased = mdsync_url_rebase(c->dc->base_url, json_object_get_string(next));
			if (!rebased) {
				protocol_error(c, r, "'next' is not a URL");
			} else if ((long) c->npages >= c->dc->max_pages) {
				protocol_error(c, r, "more pages than max_pages allows");
			} else if (!zend_hash_str_add_empty_element(&c->seen, rebased, strlen(rebased))) {
				protocol_error(c, r, "'next' points back at a page already fetched (a pagination loop)");
			} else {
				submit_page(c, e, rebased, r->index + 1);
			}
			if (rebased) {
				efree(rebased);
			}
		}
	} else if (c->mode == MODE_PAGE || c->mode == MODE_LIMIT) {
		if (!count || (long) json_object_get_int64(count) != c->count) {
			protocol_error(c, r, "the number of users changed while the pages were fetched; run again");
		}
	}

out:
	if (c->err->kind != MDSYNC_OK) {
		e->stop = true; /* start nothing more: the list is lost anyway */
	}
	if (root) {
		json_object_put(root);
	}
	mdsync_http_req_drop_response(r); /* memory follows the users, not the JSON */
}

bool mdsync_django_fetch_users(const mdsync_django_config *dc, const mdsync_http_config *hc,
	mdsync_userset *out, mdsync_fetch_stats *stats, mdsync_error *err)
{
	fetch_ctx c;
	mdsync_http_engine e;
	char *first = NULL, *tmp;
	char val[32];
	bool engine_ok;
	size_t i;
	int64_t t0 = mdsync_now_ms();

	memset(&c, 0, sizeof(c));
	c.dc = dc;
	c.err = err;
	c.count = -1;
	zend_hash_init(&c.seen, 8, NULL, NULL, 0);
	mdsync_userset_init(out);

	c.auth = mdsync_django_auth_header(dc);
	first = mdsync_url_join(dc->base_url, dc->users_path);
	snprintf(val, sizeof(val), "%ld", dc->page_size);
	if (strcmp(dc->pagination, "limit") != 0) {
		tmp = mdsync_url_with_param(first, "page_size", val);
		efree(first);
		first = tmp;
	}
	if (first && (strcmp(dc->pagination, "auto") == 0 || strcmp(dc->pagination, "limit") == 0)) {
		tmp = mdsync_url_with_param(first, "limit", val);
		efree(first);
		first = tmp;
	}
	if (!first) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "users_path does not make a valid URL with django_url");
		goto done;
	}

	if (!mdsync_http_engine_init(&e, hc, on_page, &c)) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "%s", e.error);
		goto done;
	}
	if (submit_page(&c, &e, first, 0)) {
		engine_ok = mdsync_http_run(&e);
		if (!engine_ok) {
			mdsync_error_set(err, MDSYNC_E_GENERAL, "HTTP engine failure: %s", e.error);
		}
	}
	stats->requests = e.requests;
	stats->retries = e.retries;
	stats->bytes = e.bytes_in;
	mdsync_http_engine_dtor(&e);

	/* Any page that never came back fails the whole list. */
	for (i = 0; i < c.nreqs && err->kind == MDSYNC_OK; i++) {
		if (c.reqs[i]->state != MDSYNC_REQ_DONE) {
			mdsync_error_set(err, MDSYNC_E_GENERAL, "a page was not fetched");
		}
	}
	if (err->kind != MDSYNC_OK) {
		goto done;
	}
	for (i = 0; i < c.npages; i++) {
		mdsync_userset_append(out, &c.pages[i]);
	}
	stats->pages = (long) c.npages;
	if (out->too_big) {
		mdsync_error_set(err, MDSYNC_E_PROTOCOL, "the users list is larger than mdsync can hold");
		goto done;
	}
	if (c.count >= 0 && (long) out->count != c.count) {
		mdsync_error_set(err, MDSYNC_E_PROTOCOL,
			"Django's 'count' said %ld users but the pages held %zu; the list changed while it was fetched, run again",
			c.count, out->count);
		goto done;
	}
	{
		/* The same id twice means the list shifted between pages. */
		HashTable ids;
		zend_hash_init(&ids, out->count, NULL, NULL, 0);
		for (i = 0; i < out->count && err->kind == MDSYNC_OK; i++) {
			const char *id = mdsync_user_get(out, &out->users[i], MDSYNC_F_ID);
			if (!zend_hash_str_add_empty_element(&ids, id, strlen(id))) {
				mdsync_error_set(err, MDSYNC_E_PROTOCOL,
					"Django user id %s appeared twice: the list changed while it was fetched, run again", id);
			}
		}
		zend_hash_destroy(&ids);
	}
	if (err->kind == MDSYNC_OK && out->count == 0 && !dc->allow_empty) {
		mdsync_error_set(err, MDSYNC_E_GENERAL,
			"Django answered with zero users; refusing to act on that (set allow_empty if it is really empty)");
	}

done:
	if (err->kind != MDSYNC_OK) {
		mdsync_userset_dtor(out);
	}
	for (i = 0; i < c.pages_cap; i++) {
		mdsync_userset_dtor(&c.pages[i]);
	}
	if (c.pages) {
		efree(c.pages);
	}
	for (i = 0; i < c.nreqs; i++) {
		mdsync_http_req_free(c.reqs[i]);
	}
	if (c.reqs) {
		efree(c.reqs);
	}
	if (first) {
		efree(first);
	}
	zend_hash_destroy(&c.seen);
	mdsync_secret_free(c.auth);
	stats->elapsed_ms = (long) (mdsync_now_ms() - t0);
	return err->kind == MDSYNC_OK;
}

bool mdsync_django_status(const mdsync_django_config *dc, const mdsync_http_config *hc,
	mdsync_django_probe *out, mdsync_error *err)
{
	mdsync_http_req *r;
	char *auth = mdsync_django_auth_header(dc), *url = mdsync_url_join(dc->base_url, dc->users_path), *tmp;
	char why[128];
	json_object *root = NULL, *results = NULL, *count = NULL, *next = NULL;
	bool ok = false;
	int64_t t0 = mdsync_now_ms();

	memset(out, 0, sizeof(*out));
	out->count = -1;
	tmp = mdsync_url_with_param(url, "page_size", "1");
	efree(url);
	url = tmp ? mdsync_url_with_param(tmp, "limit", "1") : NULL;
	if (tmp) {
		efree(tmp);
	}
	if (!url) {
		mdsync_secret_free(auth);
		mdsync_error_set(err, MDSYNC_E_GENERAL, "users_path does not make a valid URL with django_url");
		return false;
	}
	r = mdsync_http_req_new("GET", url);
	if (!mdsync_http_req_header(r, auth) || !mdsync_http_req_header(r, "Accept: application/json")) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "out of memory building a request");
		goto done;
	}
	if (!mdsync_http_run_one(hc, r, err)) {
		goto done;
	}
	if (!mdsync_http_ok(r)) {
		mdsync_error_from_req(err, r, "Django", dc->token);
		goto done;
	}
	if (!mdsync_json_parse(r->resp, r->resp_len, &root, why, sizeof(why))) {
		mdsync_error_set(err, MDSYNC_E_PROTOCOL, "Django's users list: %s", why);
		goto done;
	}
	if (root && json_object_is_type(root, json_type_array)) {
		out->pagination = "none";
		out->count = (long) json_object_array_length(root);
		out->first_page_len = out->count;
	} else if (root && json_object_is_type(root, json_type_object) && json_object_object_get_ex(root, "results", &results)
		&& json_object_is_type(results, json_type_array)) {
		out->first_page_len = (long) json_object_array_length(results);
		if (json_object_object_get_ex(root, "count", &count) && json_object_is_type(count, json_type_int)) {
			out->count = (long) json_object_get_int64(count);
		}
		json_object_object_get_ex(root, "next", &next);
		if (next && json_object_is_type(next, json_type_string)) {
			const char *n = json_object_get_string(next);
			out->pagination = mdsync_url_has_param(n, "offset") ? "limit" : mdsync_url_has_param(n, "page") ? "page"
				: mdsync_url_has_param(n, "cursor") ? "cursor" : "unknown";
		} else {
			out->pagination = "single page";
		}
	} else {
		mdsync_error_set(err, MDSYNC_E_PROTOCOL, "Django's users list: the answer has no 'results' list");
		goto done;
	}
	ok = true;
done:
	if (root) {
		json_object_put(root);
	}
	if (err->kind != MDSYNC_OK && !err->url[0]) {
		char *red = mdsync_url_redact(r->url);
		snprintf(err->url, sizeof(err->url), "%s", red);
		efree(red);
	}
	mdsync_http_req_free(r);
	mdsync_secret_free(auth);
	efree(url);
	out->elapsed_ms = (long) (mdsync_now_ms() - t0);
	return ok;
}

