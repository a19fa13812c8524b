/* mdsync matcher/planner: who is the same person. Every step is a lookup in the planner's own index: O(n + m). */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "ext/random/php_random.h"
#include "plan.h"
#include "plan_index.h"

#define NONE MDSYNC_NONE

const char *const mdsync_conflict_names[MDSYNC_C_COUNT] = {
	"duplicate_email", "no_email", "identifier_mismatch", "djangoid_mismatch", "django_user_missing", "matched_twice",
	"email_mismatch", "username_taken", "duplicate_username", "invalid_email", "invalid_username", "missing_name",
};

/* Per-user state on either side. */
enum { FREE = 0, IN_CONFLICT, LINKED, GONE };

/* A conflict of a whole group (no_email, duplicate_email), written once the Moodle users that
 * reach it by their djangoid are known. */
typedef struct {
	mdsync_conflict_reason reason;
	uint32_t d_first, m_first;  /* the first member on each side (a chain in the email index), or NONE */
	bool d_chain, m_chain;      /* members follow through the email index's chains */
	uint32_t link_head, link_tail;
} group;

typedef struct {
	const mdsync_userset *ms, *ds;
	const mdsync_plan_opts *o;
	mdsync_plan *p;
	uint64_t key[2];
	uint8_t *mstate, *dstate;
	uint64_t *mh;               /* Moodle email hashes, computed once */
	mdsync_kindex m_email, d_email, d_id;
	MDSYNC_VEC(group) groups;
	uint32_t *dgroup;           /* Django user -> its group, or NONE */
	uint32_t *link_next;        /* Moodle users joining a group, chained */
	MDSYNC_VEC(mdsync_conflict) pending;  /* conflicts of single Moodle users, written after the groups */
	uint32_t *touch, *thead;    /* per Django user: how many Moodle users claim it, and the first claim */
	MDSYNC_VEC(uint32_t) edge_m;
	MDSYNC_VEC(uint32_t) edge_next;
	uint32_t *cand;             /* per Moodle user: the Django user it matches, or NONE */
} ctx;

static void *alloc_n(size_t n, size_t size, int fill)
{
	void *p = safe_emalloc(n ? n : 1, size, 0);
	memset(p, fill, (n ? n : 1) * size);
	return p;
}

static uint64_t hash_of(const ctx *c, const char *s)
{
	return mdsync_khash(c->key, s, strlen(s));
}

/* {{{ conflicts */
static mdsync_conflict new_conflict(const ctx *c, mdsync_conflict_reason reason)
{
	mdsync_conflict k;
	memset(&k, 0, sizeof(k));
	k.reason = reason;
	k.m_start = (uint32_t) c->p->cm.n;
	k.d_start = (uint32_t) c->p->cd.n;
	return k;
}

static void claim(ctx *c, uint32_t m, uint32_t d)
{
	MDSYNC_VEC_PUSH(c->edge_m, m);
	MDSYNC_VEC_PUSH(c->edge_next, c->thead[d]);
	c->thead[d] = (uint32_t) c->edge_m.n - 1;
	c->touch[d]++;
}

/* A Moodle user's own conflict with up to two Django users; they count as claimed by it. */
static void pair_conflict(ctx *c, mdsync_conflict_reason reason, uint32_t m, uint32_t d1, uint32_t d2)
{
	mdsync_conflict k = new_conflict(c, reason);
	MDSYNC_VEC_PUSH(c->p->cm, m);
	k.m_count = 1;
	if (d1 != NONE) {
		MDSYNC_VEC_PUSH(c->p->cd, d1);
		k.d_count++;
		claim(c, m, d1);
	}
	if (d2 != NONE && d2 != d1) {
		MDSYNC_VEC_PUSH(c->p->cd, d2);
		k.d_count++;
		claim(c, m, d2);
	}
	MDSYNC_VEC_PUSH(c->pending, k);
	c->mstate[m] = IN_CONFLICT;
}

static uint32_t new_group(ctx *c, mdsync_conflict_reason reason, uint32_t d_first, bool d_chain, uint32_t m_first, bool m_chain)
{
	group g = { reason, d_first, m_first, d_chain, m_chain, NONE, NONE };
	uint32_t gi = (uint32_t) c->groups.n, i;
	MDSYNC_VEC_PUSH(c->groups, g);
	for (i = d_first; i != NONE; i = d_chain ? c->d_email.next[i] : NONE) {
		c->dstate[i] = IN_CONFLICT;
		c->dgroup[i] = gi;
	}
	for (i = m_first; i != NONE; i = m_chain ? c->m_email.next[i] : NONE) {
		c->mstate[i] = IN_CONFLICT;
	}
	return gi;
}

/* A Moodle user whose djangoid names a Django user in a group joins that group's conflict. */
static void join_group(ctx *c, uint32_t gi, uint32_t m)
{
	group *g = &c->groups.v[gi];
	c->link_next[m] = NONE;
	if (g->link_tail == NONE) {
		g->link_head = m;
	} else {
		c->link_next[g->link_tail] = m;
	}
	g->link_tail = m;
	c->mstate[m] = IN_CONFLICT;
}

static void write_groups(ctx *c)
{
	size_t gi;
	for (gi = 0; gi < c->groups.n; gi++) {
		const group *g = &c->groups.v[gi];
		mdsync_conflict k = new_conflict(c, g->reason);
		uint32_t i;
		for (i = g->m_first; i != NONE; i = g->m_chain ? c->m_email.next[i] : NONE) {
			MDSYNC_VEC_PUSH(c->p->cm, i);
			k.m_count++;
		}
		for (i = g->link_head; i != NONE; i = c->link_next[i]) {
			MDSYNC_VEC_PUSH(c->p->cm, i);
			k.m_count++;
			k.linked++;
		}
		for (i = g->d_first; i != NONE; i = g->d_chain ? c->d_email.next[i] : NONE) {
			MDSYNC_VEC_PUSH(c->p->cd, i);
			k.d_count++;
		}
		MDSYNC_VEC_PUSH(c->p->conflicts, k);
	}
}
/* }}} */

/* Hashes of each record's key (0 and false for a record without one), computed once. */
static void key_hashes(const ctx *c, const mdsync_userset *s, size_t member, uint64_t *h, bool *has)
{
	uint32_t i;
	for (i = 0; i < s->count; i++) {
		uint32_t off = *(const uint32_t *) ((const char *) &s->users[i] + member);
		has[i] = off != 0;
		h[i] = off ? hash_of(c, s->arena + off - 1) : 0;
	}
}

/* Adds every record with a key; head[i] tells whether i is the first of its key. */
static void add_all(mdsync_kindex *x, const uint64_t *h, const bool *has, bool *head)
{
	uint32_t i, n = (uint32_t) x->set->count;
	for (i = 0; i < n; i++) {
		if (i + MDSYNC_PREFETCH_AHEAD < n) {
			mdsync_kindex_prefetch(x, h[i + MDSYNC_PREFETCH_AHEAD]);
		}
		head[i] = has[i] && mdsync_kindex_add(x, i, h[i]) == i;
	}
}

/* Indexes both sides by email: users without one are no_email conflicts (Moodle users out of
 * scope excepted: they would only ever be created), keys on both sides shared by several users
 * duplicate_email groups. */
static void index_emails(ctx *c)
{
	const mdsync_userset *ms = c->ms, *ds = c->ds;
	const size_t member = offsetof(mdsync_user, email_norm);
	uint64_t *dh = alloc_n(ds->count, sizeof(uint64_t), 0);
	bool *dhas = alloc_n(ds->count, sizeof(bool), 0), *dhead = alloc_n(ds->count, sizeof(bool), 0);
	bool *mhas = alloc_n(ms->count, sizeof(bool), 0), *mhead = alloc_n(ms->count, sizeof(bool), 0);
	uint32_t i, other;

	key_hashes(c, ds, member, dh, dhas);
	key_hashes(c, ms, member, c->mh, mhas);
	mdsync_kindex_init(&c->d_email, ds, member, ds->count, true);
	mdsync_kindex_init(&c->m_email, ms, member, ms->count, true);
	add_all(&c->d_email, dh, dhas, dhead);
	add_all(&c->m_email, c->mh, mhas, mhead);
	for (i = 0; i < ds->count; i++) {
		if (!dhas[i]) {
			new_group(c, MDSYNC_C_NO_EMAIL, i, false, NONE, false);
		}
	}
	for (i = 0; i < ms->count; i++) {
		if (!mhas[i] && c->p->m_rule[i] == MDSYNC_R_NONE) {
			new_group(c, MDSYNC_C_NO_EMAIL, NONE, false, i, false);
		}
	}
	/* Django's duplicates first, then Moodle's; each group takes the other side's users with
	 * that email along, since none of them can be matched safely. Only a key shared by several
	 * users costs a lookup on the other side. */
	for (i = 0; i < ds->count; i++) {
		if (dhead[i] && c->d_email.next[i] != NONE) {
			const char *k = mdsync_user_email_norm(ds, &ds->users[i]);
			other = mdsync_kindex_find(&c->m_email, k, strlen(k), dh[i]);
			new_group(c, MDSYNC_C_DUPLICATE_EMAIL, i, true, other, true);
		}
	}
	for (i = 0; i < ms->count; i++) {
		if (mhead[i] && c->m_email.next[i] != NONE && c->mstate[i] == FREE) {
			const char *k = mdsync_user_email_norm(ms, &ms->users[i]);
			other = mdsync_kindex_find(&c->d_email, k, strlen(k), c->mh[i]);
			new_group(c, MDSYNC_C_DUPLICATE_EMAIL, other, true, i, true);
		}
	}
	efree(dh);
	efree(dhas);
	efree(dhead);
	efree(mhas);
	efree(mhead);
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static uint32_t updates_for(const mdsync_userset *ms, const mdsync_user *mu, const mdsync_userset *ds, const mdsync_user *du)
{
	static const struct { mdsync_field f; uint32_t bit; } fields[] = {
		{ MDSYNC_F_EDEBOID, MDSYNC_UPD_EDEBOID }, { MDSYNC_F_IASID, MDSYNC_UPD_IASID }, { MDSYNC_F_DJANGOID, MDSYNC_UPD_DJANGOID },
	};
	uint32_t bits = 0;
	size_t i;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		/* Django is the record of truth (its djangoid is resolved by the client); an empty
		 * value there never erases Moodle's. */
		const char *dv = mdsync_user_get(ds, du, fields[i].f);
		if (dv && *dv && !same(mdsync_user_get(ms, mu, fields[i].f), dv)) {
			bits |= fields[i].bit;
		}
	}
	return bits;
}

/* A linked user whose Django account is gone (d == NONE) or inactive: suspend it, or, once
 * it has been suspended long enough, delete it. */
static void leaver(ctx *c, const mdsync_user *mu, uint32_t m, uint32_t d)
{
	mdsync_change ch = { m, d, MDSYNC_CH_SUSPEND };
	if (!mu->suspended) {
		c->p->n_suspend++;
	} else if (c->o->delete_before > 0 && mu->suspended_at > 0 && mu->suspended_at <= c->o->delete_before) {
		ch.kind = MDSYNC_CH_DELETE;
		c->p->n_delete++;
	} else {
		return; /* already suspended; not yet due for deletion */
	}
	MDSYNC_VEC_PUSH(c->p->changes, ch);
}

/* Decides one free Moodle user: a candidate, a conflict, a leaver, or nothing (only in Moodle). */
static void decide(ctx *c, uint32_t i)
{
	const mdsync_userset *ms = c->ms, *ds = c->ds;
	const mdsync_user *mu = &ms->users[i];
	const char *mid = mdsync_user_get(ms, mu, MDSYNC_F_DJANGOID), *email = mdsync_user_email_norm(ms, mu);
	size_t mid_len = mid ? strlen(mid) : 0;
	uint32_t by_id = NONE, by_email = NONE, cand = NONE;
	bool in_scope = c->p->m_rule[i] == MDSYNC_R_NONE;

	if (mid) {
		mdsync_norm_trim(&mid, &mid_len); /* ' 12' is 12 */
		if (mid_len == 0) {
			mid = NULL;
		} else {
			by_id = mdsync_kindex_find(&c->d_id, mid, mid_len, mdsync_khash(c->key, mid, mid_len));
		}
	}
	if (email) {
		by_email = mdsync_kindex_find(&c->d_email, email, strlen(email), c->mh[i]);
		if (by_email != NONE && c->dstate[by_email] != FREE) {
			by_email = NONE;
		}
	}

	if (c->o->djangoid_first) {
		if (by_id != NONE && c->dgroup[by_id] != NONE) {
			/* linked to a Django user whose email is missing or shared: never matched */
			if (by_email != NONE) {
				pair_conflict(c, MDSYNC_C_IDENTIFIER_MISMATCH, i, by_id, by_email);
			} else {
				join_group(c, c->dgroup[by_id], i);
			}
		} else if (by_id != NONE && by_email != NONE && by_id != by_email) {
			pair_conflict(c, MDSYNC_C_IDENTIFIER_MISMATCH, i, by_id, by_email);
		} else if (by_id != NONE) {
			cand = by_id;
		} else if (by_email != NONE && mid) {
			pair_conflict(c, MDSYNC_C_DJANGOID_MISMATCH, i, by_email, NONE);
		} else if (by_email != NONE) {
			cand = by_email;
		} else if (mid && c->o->suspend && in_scope) {
			leaver(c, mu, i, NONE);
			c->mstate[i] = GONE;
		} else if (mid) {
			pair_conflict(c, MDSYNC_C_DJANGO_USER_MISSING, i, NONE, NONE);
		}
	} else {
		if (by_email != NONE) {
			const char *dk = mdsync_user_get(ds, &ds->users[by_email], MDSYNC_F_DJANGOID);
			if (mid && !(dk && strlen(dk) == mid_len && memcmp(dk, mid, mid_len) == 0)) {
				pair_conflict(c, MDSYNC_C_DJANGOID_MISMATCH, i, by_email, by_id);
			} else {
				cand = by_email;
			}
		} else if (mid && by_id == NONE && c->o->suspend && in_scope) {
			leaver(c, mu, i, NONE);
			c->mstate[i] = GONE;
		} else if (mid && email) { /* (without an email, only a user out of scope gets here) */
			pair_conflict(c, by_id != NONE ? MDSYNC_C_EMAIL_MISMATCH : MDSYNC_C_DJANGO_USER_MISSING, i, by_id, NONE);
		}
	}
	if (cand != NONE) {
		c->cand[i] = cand;
		c->mstate[i] = LINKED;
		claim(c, i, cand);
	}
}

/* Moodle users claiming the same Django user: one matched_twice conflict each, in input order. */
static void matched_twice(ctx *c, uint32_t d)
{
	mdsync_conflict k = new_conflict(c, MDSYNC_C_MATCHED_TWICE);
	uint32_t e, t, start = (uint32_t) c->p->cm.n;
	for (e = c->thead[d]; e != NONE; e = c->edge_next.v[e]) {
		MDSYNC_VEC_PUSH(c->p->cm, c->edge_m.v[e]);
		k.m_count++;
	}
	for (e = 0; e < k.m_count / 2; e++) { /* the claims run newest first */
		t = c->p->cm.v[start + e];
		c->p->cm.v[start + e] = c->p->cm.v[start + k.m_count - 1 - e];
		c->p->cm.v[start + k.m_count - 1 - e] = t;
	}
	MDSYNC_VEC_PUSH(c->p->cd, d);
	k.d_count = 1;
	MDSYNC_VEC_PUSH(c->p->conflicts, k);
}

static void pairs(ctx *c)
{
	const mdsync_userset *ms = c->ms, *ds = c->ds;
	bool *reported = alloc_n(ds->count, sizeof(bool), 0);
	uint32_t i;
	for (i = 0; i < ms->count; i++) {
		uint32_t d = c->cand[i];
		const mdsync_user *mu = &ms->users[i], *du;
		if (d == NONE) {
			continue;
		}
		du = &ds->users[d];
		if (c->touch[d] > 1) {
			c->mstate[i] = IN_CONFLICT;
			if (!reported[d]) {
				reported[d] = true;
				matched_twice(c, d);
			}
			continue;
		}
		{
			mdsync_pair pr = { i, d, updates_for(ms, mu, ds, du) };
			const char *mid = mdsync_user_get(ms, mu, MDSYNC_F_DJANGOID);
			MDSYNC_VEC_PUSH(c->p->both, pr);
			if (pr.updates) {
				c->p->updates++;
			}
			/* Only linked users in scope: an email match alone is linked first (moodle_updates), then ruled. */
			if (c->o->suspend && c->p->m_rule[i] == MDSYNC_R_NONE && mid && *mid && !(pr.updates & MDSYNC_UPD_DJANGOID)) {
				if (du->suspended) {
					leaver(c, mu, i, d);
				} else if (mu->suspended) {
					mdsync_change ch = { i, d, MDSYNC_CH_REVIVE };
					MDSYNC_VEC_PUSH(c->p->changes, ch);
					c->p->n_revive++;
				}
			}
		}
	}
	efree(reported);
}

static int by_moodle_index(const void *a, const void *b)
{
	uint32_t x = ((const mdsync_change *) a)->m, y = ((const mdsync_change *) b)->m;
	return x < y ? -1 : x > y;
}

/* plan_create.c: who of the unmatched can be created on the other side. */
void mdsync_plan_creatable(const mdsync_userset *ms, const mdsync_userset *ds, const mdsync_plan_opts *o, mdsync_plan *p,
	const uint64_t key[2], uint8_t *mstate, const uint8_t *dstate, const uint32_t *touch);

void mdsync_plan_build(const mdsync_userset *moodle, const mdsync_userset *django, const mdsync_plan_opts *opts, mdsync_plan *plan)
{
	ctx c;
	uint32_t i;
	size_t k;

	memset(plan, 0, sizeof(*plan));
	memset(&c, 0, sizeof(c));
	c.ms = moodle;
	c.ds = django;
	c.o = opts;
	c.p = plan;
	if (php_random_bytes_silent(c.key, sizeof(c.key)) == FAILURE) {
		c.key[0] = (uint64_t) (uintptr_t) &c ^ (uint64_t) time(NULL);
		c.key[1] = (uint64_t) (uintptr_t) plan * 0x9E3779B97F4A7C15ULL;
	}
	mdsync_scope_apply(moodle, django, &opts->scope, plan);

	c.mstate = alloc_n(moodle->count, 1, FREE);
	c.dstate = alloc_n(django->count, 1, FREE);
	c.mh = alloc_n(moodle->count, sizeof(uint64_t), 0);
	c.dgroup = alloc_n(django->count, sizeof(uint32_t), 0xFF);
	c.link_next = alloc_n(moodle->count, sizeof(uint32_t), 0xFF);
	c.cand = alloc_n(moodle->count, sizeof(uint32_t), 0xFF);
	c.touch = alloc_n(django->count, sizeof(uint32_t), 0);
	c.thead = alloc_n(django->count, sizeof(uint32_t), 0xFF);
	index_emails(&c);

	{
		/* the first wins: ids are unique */
		const size_t member = offsetof(mdsync_user, off) + MDSYNC_F_DJANGOID * sizeof(uint32_t);
		uint64_t *h = alloc_n(django->count, sizeof(uint64_t), 0);
		bool *has = alloc_n(django->count, sizeof(bool), 0), *head = alloc_n(django->count, sizeof(bool), 0);
		key_hashes(&c, django, member, h, has);
		mdsync_kindex_init(&c.d_id, django, member, django->count, false);
		add_all(&c.d_id, h, has, head);
		efree(h);
		efree(has);
		efree(head);
	}

	for (i = 0; i < moodle->count; i++) {
		if (i + MDSYNC_PREFETCH_AHEAD < moodle->count && moodle->users[i + MDSYNC_PREFETCH_AHEAD].email_norm) {
			mdsync_kindex_prefetch(&c.d_email, c.mh[i + MDSYNC_PREFETCH_AHEAD]);
		}
		if (c.mstate[i] == FREE) {
			decide(&c, i);
		}
	}
	write_groups(&c);
	for (k = 0; k < c.pending.n; k++) {
		MDSYNC_VEC_PUSH(plan->conflicts, c.pending.v[k]);
	}
	pairs(&c);
	mdsync_plan_creatable(moodle, django, opts, plan, c.key, c.mstate, c.dstate, c.touch);

	/* found in two passes (gone, then inactive): list them in Moodle's order */
	if (plan->changes.n > 1) {
		qsort(plan->changes.v, plan->changes.n, sizeof(mdsync_change), by_moodle_index);
	}
	mdsync_kindex_dtor(&c.m_email);
	mdsync_kindex_dtor(&c.d_email);
	mdsync_kindex_dtor(&c.d_id);
	MDSYNC_VEC_FREE(c.groups);
	MDSYNC_VEC_FREE(c.pending);
	MDSYNC_VEC_FREE(c.edge_m);
	MDSYNC_VEC_FREE(c.edge_next);
	efree(c.mstate);
	efree(c.dstate);
	efree(c.mh);
	efree(c.dgroup);
	efree(c.link_next);
	efree(c.cand);
	efree(c.touch);
	efree(c.thead);
}

void mdsync_plan_dtor(mdsync_plan *plan)
{
	MDSYNC_VEC_FREE(plan->only_m);
	MDSYNC_VEC_FREE(plan->only_d);
	MDSYNC_VEC_FREE(plan->both);
	MDSYNC_VEC_FREE(plan->conflicts);
	MDSYNC_VEC_FREE(plan->cm);
	MDSYNC_VEC_FREE(plan->cd);
	MDSYNC_VEC_FREE(plan->changes);
	if (plan->m_rule) {
		efree(plan->m_rule);
		efree(plan->d_rule);
	}
	plan->m_rule = plan->d_rule = NULL;
}

/* a canonical decimal (no sign, no leading zero): ids compare as numbers by length, then bytes */
static bool decimal(const char *s, size_t len)
{
	size_t i;
	if (len == 0 || len > 20 || (s[0] == '0' && len > 1)) {
		return false;
	}
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
	}
	return true;
}

/* Whether every id is a decimal above the one before: then no id repeats (lists ordered by id,
 * as databases and DRF give them, cost one pass and no memory). */
static bool ascending(const mdsync_userset *set)
{
	const char *prev = NULL;
	size_t prev_len = 0, i;
	for (i = 0; i < set->count; i++) {
		const char *id = mdsync_user_get(set, &set->users[i], MDSYNC_F_ID);
		size_t len = id ? strlen(id) : 0;
		if (!id || !decimal(id, len)) {
			return false;
		}
		if (prev && (len < prev_len || (len == prev_len && memcmp(id, prev, len) <= 0))) {
			return false;
		}
		prev = id;
		prev_len = len;
	}
	return true;
}

uint32_t mdsync_userset_duplicate_id(const mdsync_userset *set, uint32_t *first)
{
	const size_t member = offsetof(mdsync_user, off) + MDSYNC_F_ID * sizeof(uint32_t);
	mdsync_kindex x;
	uint64_t key[2] = { 0, 0 };
	uint32_t i, dup = NONE;

	if (ascending(set)) {
		return NONE;
	}
	if (php_random_bytes_silent(key, sizeof(key)) == FAILURE) {
		key[0] = (uint64_t) time(NULL);
	}
	mdsync_kindex_init(&x, set, member, set->count, false);
	for (i = 0; i < set->count && dup == NONE; i++) {
		const char *id = mdsync_user_get(set, &set->users[i], MDSYNC_F_ID);
		uint32_t head;
		if (!id) {
			continue;
		}
		head = mdsync_kindex_add(&x, i, mdsync_khash(key, id, strlen(id)));
		if (head != i) {
			dup = i;
			*first = head;
		}
	}
	mdsync_kindex_dtor(&x);
	return dup;
}
