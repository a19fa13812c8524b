/* mdsync Django client, the users list: every page, concurrently where it can, straight into one store; and a one-request probe. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "django.h"
#include "django_page.h"
#include "mem.h"
#include "url.h"

typedef enum { MODE_UNKNOWN = 0, MODE_SINGLE, MODE_PAGE, MODE_LIMIT, MODE_WALK } page_mode;

/* One page: its request while it runs, then where its users sit in the store. */
typedef struct {
	mdsync_http_req *req;
	uint32_t start, count;
	bool read;
} page_slot;

typedef struct {
	const mdsync_django_config *dc;
	mdsync_error *err;
	mdsync_fetch_stats *stats;
	char *auth;
	mdsync_fieldmap fm;
	mdsync_userset *set;          /* every page's users, in the order they arrived */
	MDSYNC_VEC(page_slot) pages;
	page_mode mode;
	int64_t count;                /* -1: the server gives none */
	size_t page_one;              /* users on page one */
	size_t later_limit;           /* bytes a later page may have: 8 times page one's, and 64 KiB */
	char *later;                  /* page/limit mode: 'next' rebased, the model of every later page */
	int64_t next_k, npages;       /* the next page to ask for, and how many there are */
	long pending;                 /* requests submitted and not finished */
	long pages_read;              /* for progress */
	long window;                  /* requests kept submitted at once */
	HashTable seen;               /* walk mode: URLs already asked for */
} fetch_ctx;

char *mdsync_django_auth_header(const mdsync_django_config *dc)
{
	char *h = NULL;
	spprintf(&h, 0, "Authorization: %s %s", dc->auth_scheme, dc->token);
	return h;
}

static void set_url(mdsync_error *err, const char *url)
{
	if (err->kind == MDSYNC_OK) {
		char *red = mdsync_url_redact(url);
		snprintf(err->url, sizeof(err->url), "%s", red);
		efree(red);
	}
}

static void protocol_error(fetch_ctx *c, const mdsync_http_req *r, const char *what)
{
	char *url = mdsync_url_redact(r->url);
	set_url(c->err, r->url);
	mdsync_error_set(c->err, MDSYNC_E_PROTOCOL, "Django's users list at %s: %s", url, what);
	efree(url);
}

/* A 2xx without a body: libcurl never called the write callback, and there is nothing to read. */
static void empty_body_error(mdsync_error *err, const mdsync_http_req *r)
{
	char *url = mdsync_url_redact(r->url);
	set_url(err, r->url);
	mdsync_error_set(err, MDSYNC_E_PROTOCOL, "Django answered %ld with no body to GET %s", r->status, url);
	efree(url);
}

static bool submit_page(fetch_ctx *c, mdsync_http_engine *e, const char *url, size_t index)
{
	mdsync_http_req *r = mdsync_http_req_new("GET", url);
	r->index = index;
	if (!mdsync_http_req_header(r, c->auth) || !mdsync_http_req_header(r, "Accept: application/json")) {
		mdsync_http_req_free(r);
		mdsync_error_set(c->err, MDSYNC_E_GENERAL, "out of memory building a request");
		return false;
	}
	if (index >= c->pages.n) {
		MDSYNC_VEC_RESERVE(c->pages, index + 1);
		memset(c->pages.v + c->pages.n, 0, (index + 1 - c->pages.n) * sizeof(*c->pages.v));
		c->pages.n = index + 1;
	}
	c->pages.v[index].req = r;
	/* A later page holds no more users than page one: eight times its bytes is room enough for
	 * longer names, and a page beyond that is cut as it arrives, not buffered first. */
	r->resp_limit = index > 0 ? c->later_limit : 0;
	c->pending++;
	mdsync_http_submit(e, r);
	return true;
}

/* Page/limit mode: keeps a window of later pages submitted, so that requests cost memory for
 * what is in flight, not for every page at once. */
static void submit_more(fetch_ctx *c, mdsync_http_engine *e)
{
	char val[32];
	while (c->next_k < c->npages && c->pending < c->window && c->err->kind == MDSYNC_OK) {
		char *u, *u2;
		int64_t k = c->next_k++;
		if (c->mode == MODE_LIMIT) {
			snprintf(val, sizeof(val), "%" PRId64, k * (int64_t) c->page_one);
			u = mdsync_url_with_param(c->later, "offset", val);
			snprintf(val, sizeof(val), "%zu", c->page_one);
			u2 = u ? mdsync_url_with_param(u, "limit", val) : NULL;
		} else {
			snprintf(val, sizeof(val), "%" PRId64, k + 1);
			u = mdsync_url_with_param(c->later, "page", val);
			u2 = u ? estrdup(u) : NULL;
		}
		if (u) {
			efree(u);
		}
		if (!u2) {
			mdsync_error_set(c->err, MDSYNC_E_PROTOCOL, "cannot build the URL of a further page from Django's 'next'");
			return;
		}
		submit_page(c, e, u2, (size_t) k);
		efree(u2);
	}
}

/* Walk mode: the page after r, unless it loops or passes max_pages. */
static void walk_to(fetch_ctx *c, mdsync_http_engine *e, const mdsync_http_req *r, const char *next)
{
	/* A relative 'next' ("?cursor=…") is relative to the page that sent it. */
	char *rebased = mdsync_url_rebase(c->dc->base_url, r->url, next);
	if (!rebased) {
		protocol_error(c, r, "'next' is not a URL");
		return;
	}
	zend_hash_str_add_empty_element(&c->seen, r->url, strlen(r->url));
	if ((long) r->index + 1 >= c->dc->max_pages) {
		protocol_error(c, r, "more pages than max_pages allows");
	} else if (!zend_hash_str_add_empty_element(&c->seen, rebased, strlen(rebased))) {
		protocol_error(c, r, "'next' points back at a page already fetched (a pagination loop)");
	} else {
		submit_page(c, e, rebased, r->index + 1);
	}
	efree(rebased);
}

static void plan_remaining_pages(fetch_ctx *c, mdsync_http_engine *e, const mdsync_http_req *r, const char *next)
{
	char *rebased = mdsync_url_rebase(c->dc->base_url, r->url, next);
	int64_t got = (int64_t) c->page_one;

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
		efree(rebased);
		walk_to(c, e, r, next);
		return;
	}
	if (got <= 0) {
		protocol_error(c, r, "the first page is empty but 'count' says there are users");
		efree(rebased);
		return;
	}
	/* Page one told us everything: the other pages are asked for concurrently. */
	c->npages = c->count / got + (c->count % got != 0); /* no overflow for a count near LONG_MAX */
	if (c->npages > c->dc->max_pages) {
		protocol_error(c, r, "'count' implies more pages than max_pages allows");
		efree(rebased);
		return;
	}
	c->later = rebased;
	c->next_k = 1;
	submit_more(c, e);
}

/* Page one carries no member for a field the configuration names: every user would come
 * through without it. */
static void check_fields(fetch_ctx *c, const mdsync_http_req *r, const mdsync_page *pg)
{
	char names[400], list[480];
	size_t o = 0;
	int f, missing = 0;

	list[0] = '\0';
	for (f = 0; f <= MDSYNC_F_COUNT; f++) {
		if ((c->dc->required_fields & (1u << f)) && c->fm.paths[f] && pg->keyed[f] == 0) {
			int n = snprintf(list + o, sizeof(list) - o, "%sfield_map['%s'] (\"%.80s\")", missing ? ", " : "",
				mdsync_field_names[f], c->fm.paths[f]);
			if (n > 0 && (size_t) n < sizeof(list) - o) {
				o += (size_t) n;
			}
			missing++;
		}
	}
	if (!missing) {
		return;
	}
	mdsync_page_field_names(r->resp, r->resp_len, names, sizeof(names));
	set_url(c->err, r->url);
	mdsync_error_set(c->err, MDSYNC_E_CONFIG,
		"%s %s no user on Django's first page has (its users carry: %s); set %s to the field the API uses, "
		"or to null if it has none", list, missing > 1 ? "name fields" : "names a field", names[0] ? names : "nothing",
		missing > 1 ? "each" : "it");
}

static void on_page(mdsync_http_engine *e, mdsync_http_req *r, void *arg)
{
	fetch_ctx *c = arg;
	page_slot *slot = &c->pages.v[r->index];
	mdsync_page pg;
	char why[400], bound[96];
	size_t start = c->set->count;
	int f;

	memset(&pg, 0, sizeof(pg));
	slot->req = NULL;
	c->pending--;
	if (c->err->kind != MDSYNC_OK) {
		goto out;
	}
	if (r->too_large && r->resp_limit) {
		snprintf(why, sizeof(why), "the page is more than %zu bytes, over 8 times page one's %zu (refused as it arrived)",
			r->resp_limit, (r->resp_limit - 65536) / 8);
		protocol_error(c, r, why);
		goto out;
	}
	if (!mdsync_http_ok(r)) {
		mdsync_error_from_req(c->err, r, "Django", c->dc->token);
		goto out;
	}
	if (r->resp_len == 0) {
		empty_body_error(c->err, r);
		goto out;
	}
	pg.fm = &c->fm;
	pg.max_records = SIZE_MAX;
	if (r->index > 0) {
		/* no later page is longer than page one, and all of them hold no more than 'count' */
		pg.max_records = c->page_one;
		snprintf(bound, sizeof(bound), "page one (%zu)", c->page_one);
		if (c->count >= 0 && (uint64_t) c->count - c->set->count < (uint64_t) pg.max_records) {
			pg.max_records = (size_t) ((uint64_t) c->count - c->set->count);
			snprintf(bound, sizeof(bound), "'count' said in all (%" PRId64 "); the list changed while it was fetched, run again", c->count);
		}
		pg.max_why = bound;
	}
	if (!mdsync_page_read(r->resp, r->resp_len, &pg, c->set, why, sizeof(why))) {
		protocol_error(c, r, why);
		goto out;
	}
	slot->start = (uint32_t) start;
	slot->count = (uint32_t) pg.records;
	slot->read = true;
	for (f = 0; f <= MDSYNC_F_COUNT; f++) {
		if (c->fm.paths[f]) {
			c->stats->missing[f] += pg.records - pg.present[f];
		}
	}

	if (r->index == 0) {
		c->page_one = pg.records;
		c->later_limit = r->resp_len > (SIZE_MAX - 65536) / 8 ? SIZE_MAX : 8 * r->resp_len + 65536;
		if (pg.records > 0) {
			check_fields(c, r, &pg);
		}
		if (pg.bare) {
			c->mode = MODE_SINGLE;
		} else {
			c->count = pg.has_count ? pg.count : -1;
			if (c->err->kind != MDSYNC_OK) {
				/* the configuration does not fit: ask for nothing more */
			} else if (pg.next) {
				plan_remaining_pages(c, e, r, pg.next);
			} else {
				c->mode = MODE_SINGLE;
				if (c->count >= 0 && (uint64_t) c->count != pg.records) {
					protocol_error(c, r, "'count' promises more users than the only page holds, and there is no 'next'");
				}
			}
		}
	} else if (pg.bare) {
		protocol_error(c, r, "a later page is a bare list");
	} else if (c->mode == MODE_WALK) {
		if (pg.next) {
			walk_to(c, e, r, pg.next);
		}
	} else if (c->mode == MODE_PAGE || c->mode == MODE_LIMIT) {
		if (!pg.has_count || pg.count != c->count) {
			protocol_error(c, r, "the number of users changed while the pages were fetched; run again");
		} else {
			submit_more(c, e);
		}
	}

	if (c->err->kind == MDSYNC_OK) {
		mdsync_progress_event ev = { MDSYNC_PROGRESS_PAGE, ++c->pages_read, -1, 0, 0, 0, NULL };
		if (c->mode == MODE_SINGLE) {
			ev.total = 1;
		} else if (c->mode == MODE_PAGE || c->mode == MODE_LIMIT) {
			ev.total = (long) c->npages;
		}
		mdsync_http_tell(e, &ev);
	}

out:
	if (c->err->kind != MDSYNC_OK) {
		e->stop = true; /* start nothing more: the list is lost anyway */
	}
	mdsync_page_dtor(&pg);
	mdsync_http_req_free(r); /* memory follows the users, not the requests */
}

/* The users in page order, in an array of their exact size; the arena likewise. */
static bool put_in_page_order(fetch_ctx *c)
{
	mdsync_userset *s = c->set;
	mdsync_user *users;
	size_t i, at = 0;
	bool ordered = true;

	for (i = 0; i < c->pages.n; i++) {
		ordered = ordered && c->pages.v[i].start == at;
		at += c->pages.v[i].count;
	}
	if (s->arena && s->arena_cap > s->arena_len) {
		s->arena = erealloc(s->arena, s->arena_len ? s->arena_len : 1);
		s->arena_cap = s->arena_len ? s->arena_len : 1;
	}
	if (s->count == 0 || (ordered && s->cap == s->count)) {
		return true;
	}
	if (ordered) {
		/* the slack of the last doubling goes back: shrinking a block needs no copy */
		s->users = erealloc(s->users, s->count * sizeof(*s->users));
		s->cap = s->count;
		return true;
	}
	if (!mdsync_mem_room(s->count * sizeof(*s->users))) {
		mdsync_error_set(c->err, MDSYNC_E_PROTOCOL, "putting %zu users in page order would pass memory_limit", s->count);
		return false;
	}
	users = safe_emalloc(s->count, sizeof(*users), 0);
	for (i = 0, at = 0; i < c->pages.n; i++) {
		memcpy(users + at, s->users + c->pages.v[i].start, c->pages.v[i].count * sizeof(*users));
		at += c->pages.v[i].count;
	}
	efree(s->users);
	s->users = users;
	s->cap = s->count;
	return true;
}

/* The same id twice means the list shifted between pages. An open-addressing set of user
 * indexes: 8 bytes a user for the moment it takes, ids compared as the exact strings Django sent. */
static bool ids_unique(mdsync_userset *s, mdsync_error *err)
{
	size_t cap = 16, i;
	uint32_t *slot;

	while (cap < 2 * s->count) {
		cap *= 2;
	}
	if (!mdsync_mem_room(cap * sizeof(*slot))) {
		mdsync_error_set(err, MDSYNC_E_PROTOCOL, "checking %zu user ids for duplicates would pass memory_limit", s->count);
		return false;
	}
	slot = safe_emalloc(cap, sizeof(*slot), 0);
	memset(slot, 0xff, cap * sizeof(*slot));
	for (i = 0; i < s->count; i++) {
		const char *id = mdsync_user_get(s, &s->users[i], MDSYNC_F_ID);
		size_t j = zend_hash_func(id, strlen(id)) & (cap - 1);
		while (slot[j] != UINT32_MAX) {
			if (strcmp(mdsync_user_get(s, &s->users[slot[j]], MDSYNC_F_ID), id) == 0) {
				mdsync_error_set(err, MDSYNC_E_PROTOCOL,
					"Django user id %.100s appeared twice: the list changed while it was fetched, run again", id);
				efree(slot);
				return false;
			}
			j = (j + 1) & (cap - 1);
		}
		slot[j] = (uint32_t) i;
	}
	efree(slot);
	return true;
}

static char *first_page_url(const mdsync_django_config *dc, long page_size)
{
	char val[32], *url = mdsync_url_join(dc->base_url, dc->users_path), *tmp;
	snprintf(val, sizeof(val), "%ld", page_size);
	if (strcmp(dc->pagination, "limit") != 0) {
		tmp = mdsync_url_with_param(url, "page_size", val);
		efree(url);
		url = tmp;
	}
	if (url && (strcmp(dc->pagination, "auto") == 0 || strcmp(dc->pagination, "limit") == 0)) {
		tmp = mdsync_url_with_param(url, "limit", val);
		efree(url);
		url = tmp;
	}
	return url;
}

bool mdsync_django_fetch_users(const mdsync_django_config *dc, const mdsync_http_config *hc,
	mdsync_userset *out, mdsync_fetch_stats *stats, mdsync_error *err)
{
	fetch_ctx c;
	mdsync_http_engine e;
	char *first = NULL, why[256];
	size_t i;
	int64_t t0 = mdsync_now_ms();

	memset(&c, 0, sizeof(c));
	c.dc = dc;
	c.err = err;
	c.stats = stats;
	c.set = out;
	c.count = -1;
	c.window = 2 * hc->concurrency;
	zend_hash_init(&c.seen, 8, NULL, NULL, 0);
	mdsync_userset_init(out);
	c.auth = mdsync_django_auth_header(dc);

	if (!mdsync_fieldmap_compile(&c.fm, dc->field_paths, why, sizeof(why))) {
		mdsync_error_set(err, MDSYNC_E_CONFIG, "%s", why);
		goto done;
	}
	if (!(first = first_page_url(dc, dc->page_size))) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "users_path does not make a valid URL with django_url");
		goto done;
	}
	if (!mdsync_http_engine_init(&e, hc, on_page, &c)) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "%s", e.error);
		goto done;
	}
	if (submit_page(&c, &e, first, 0) && !mdsync_http_run(&e)) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "HTTP engine failure: %s", e.error);
	}
	stats->requests = e.requests;
	stats->retries = e.retries;
	stats->bytes = e.bytes_in;
	mdsync_http_engine_dtor(&e);

	/* Any page that never came back fails the whole list. */
	if (c.pending > 0) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "a page was not fetched");
	}
	if (err->kind != MDSYNC_OK) {
		goto done;
	}
	stats->pages = (long) c.pages.n;
	for (i = 0; i < c.pages.n; i++) {
		if (!c.pages.v[i].read) {
			mdsync_error_set(err, MDSYNC_E_GENERAL, "a page was not fetched");
			goto done;
		}
	}
	if (out->too_big) {
		mdsync_error_set(err, MDSYNC_E_PROTOCOL, "the users list is larger than mdsync can hold");
		goto done;
	}
	if (c.count >= 0 && (uint64_t) out->count != (uint64_t) c.count) {
		mdsync_error_set(err, MDSYNC_E_PROTOCOL,
			"Django's 'count' said %" PRId64 " users but the pages held %zu; the list changed while it was fetched, run again",
			c.count, out->count);
		goto done;
	}
	if (!put_in_page_order(&c) || !ids_unique(out, err)) {
		goto done;
	}
	if (out->count == 0 && !dc->allow_empty) {
		mdsync_error_set(err, MDSYNC_E_GENERAL,
			"Django answered with zero users; refusing to act on that (set allow_empty if it is really empty)");
	}

done:
	if (err->kind != MDSYNC_OK) {
		mdsync_userset_dtor(out);
	}
	for (i = 0; i < c.pages.n; i++) {
		mdsync_http_req_free(c.pages.v[i].req); /* requests an engine failure left behind */
	}
	MDSYNC_VEC_FREE(c.pages);
	if (first) {
		efree(first);
	}
	if (c.later) {
		efree(c.later);
	}
	zend_hash_destroy(&c.seen);
	mdsync_secret_free(c.auth);
	stats->elapsed_ms = (long) (mdsync_now_ms() - t0);
	return err->kind == MDSYNC_OK;
}

bool mdsync_django_status(const mdsync_django_config *dc, const mdsync_http_config *hc,
	mdsync_django_probe *out, mdsync_error *err)
{
	mdsync_http_req *r = NULL;
	mdsync_fieldmap fm;
	mdsync_page pg;
	char *auth = mdsync_django_auth_header(dc), *url = NULL, why[400];
	bool ok = false;
	int64_t t0 = mdsync_now_ms();

	memset(out, 0, sizeof(*out));
	memset(&pg, 0, sizeof(pg));
	out->count = -1;
	if (!mdsync_fieldmap_compile(&fm, dc->field_paths, why, sizeof(why))) {
		mdsync_error_set(err, MDSYNC_E_CONFIG, "%s", why);
		goto done;
	}
	{
		mdsync_django_config one = *dc;
		one.pagination = "auto"; /* page_size=1 and limit=1: whichever the server reads */
		url = first_page_url(&one, 1);
	}
	if (!url) {
		mdsync_error_set(err, MDSYNC_E_GENERAL, "users_path does not make a valid URL with django_url");
		goto done;
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
	if (r->resp_len == 0) {
		empty_body_error(err, r);
		goto done;
	}
	/* Read and validated like any page, but nothing is stored: a server that ignores page_size
	 * costs its body, not its users. */
	pg.fm = &fm;
	pg.max_records = SIZE_MAX;
	if (!mdsync_page_read(r->resp, r->resp_len, &pg, NULL, why, sizeof(why))) {
		mdsync_error_set(err, MDSYNC_E_PROTOCOL, "Django's users list: %s", why);
		goto done;
	}
	out->first_page_len = (long) pg.records;
	if (pg.bare) {
		out->pagination = "none";
		out->count = (long) pg.records;
	} else {
		if (pg.has_count) {
			out->count = pg.count > LONG_MAX ? LONG_MAX : (long) pg.count;
		}
		if (pg.next) {
			char *n = mdsync_url_rebase(dc->base_url, r->url, pg.next);
			out->pagination = !n ? "unknown" : mdsync_url_has_param(n, "offset") ? "limit" : mdsync_url_has_param(n, "page") ? "page"
				: mdsync_url_has_param(n, "cursor") ? "cursor" : "unknown";
			if (n) {
				efree(n);
			}
		} else {
			out->pagination = "single page";
		}
	}
	ok = true;
done:
	mdsync_page_dtor(&pg);
	if (err->kind != MDSYNC_OK && !err->url[0] && r) {
		set_url(err, r->url);
	}
	mdsync_http_req_free(r);
	mdsync_secret_free(auth);
	if (url) {
		efree(url);
	}
	out->elapsed_ms = (long) (mdsync_now_ms() - t0);
	return ok;
}
