/* mdsync matcher/planner. Every step is a hash lookup: O(n + m), not O(n * m). */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "plan.h"
#include "zend_smart_str.h"

const char *const mdsync_conflict_names[MDSYNC_C_COUNT] = {
	"duplicate_email", "no_email", "identifier_mismatch", "djangoid_mismatch", "django_user_missing", "matched_twice",
	"email_mismatch",
};

#define NONE UINT32_MAX

/* Per-user state on either side. */
enum { FREE = 0, IN_CONFLICT = 1 };

typedef struct {
	const mdsync_userset *set;
	HashTable by_email;  /* email_norm -> first index (chained through next) */
	uint32_t *next;      /* next index with the same email, or NONE */
	uint8_t *state;
} side;

static void side_init(side *s, const mdsync_userset *set)
{
	size_t i;
	s->set = set;
	zend_hash_init(&s->by_email, set->count, NULL, NULL, 0);
	s->next = safe_emalloc(set->count ? set->count : 1, sizeof(uint32_t), 0);
	s->state = ecalloc(set->count ? set->count : 1, 1);
	for (i = 0; i < set->count; i++) {
		s->next[i] = NONE;
	}
}

static void side_dtor(side *s)
{
	zend_hash_destroy(&s->by_email);
	efree(s->next);
	efree(s->state);
}

static uint32_t lookup(HashTable *ht, const char *key)
{
	zval *z;
	if (!key || !(z = zend_hash_str_find(ht, key, strlen(key)))) {
		return NONE;
	}
	return (uint32_t) Z_LVAL_P(z);
}

/* Indexes a side by email; users without one become no_email conflicts. tail[] tracks chain ends. */
static void index_emails(side *s, mdsync_plan *plan, bool is_moodle)
{
	uint32_t i, *tail = safe_emalloc(s->set->count ? s->set->count : 1, sizeof(uint32_t), 0);
	for (i = 0; i < s->set->count; i++) {
		const char *key = mdsync_user_email_norm(s->set, &s->set->users[i]);
		zval *z, zv;
		if (!key) {
			mdsync_conflict c = { MDSYNC_C_NO_EMAIL, (uint32_t) plan->cm.n, 0, (uint32_t) plan->cd.n, 0 };
			if (is_moodle) {
				MDSYNC_VEC_PUSH(plan->cm, i);
				c.m_count = 1;
			} else {
				MDSYNC_VEC_PUSH(plan->cd, i);
				c.d_count = 1;
			}
			MDSYNC_VEC_PUSH(plan->conflicts, c);
			s->state[i] = IN_CONFLICT;
			continue;
		}
		if ((z = zend_hash_str_find(&s->by_email, key, strlen(key))) != NULL) {
			uint32_t head = (uint32_t) Z_LVAL_P(z);
			s->next[tail[head]] = i;
			tail[head] = i;
		} else {
			ZVAL_LONG(&zv, i);
			zend_hash_str_add_new(&s->by_email, key, strlen(key), &zv);
			tail[i] = i;
		}
	}
	efree(tail);
}

/* Puts a whole email group (both sides' members) into one duplicate_email conflict. */
static void email_group_conflict(mdsync_plan *plan, side *m, side *d, const char *key)
{
	mdsync_conflict c = { MDSYNC_C_DUPLICATE_EMAIL, (uint32_t) plan->cm.n, 0, (uint32_t) plan->cd.n, 0 };
	uint32_t i;
	for (i = lookup(&m->by_email, key); i != NONE; i = m->next[i]) {
		MDSYNC_VEC_PUSH(plan->cm, i);
		m->state[i] = IN_CONFLICT;
		c.m_count++;
	}
	for (i = lookup(&d->by_email, key); i != NONE; i = d->next[i]) {
		MDSYNC_VEC_PUSH(plan->cd, i);
		d->state[i] = IN_CONFLICT;
		c.d_count++;
	}
	MDSYNC_VEC_PUSH(plan->conflicts, c);
}

static void find_duplicates(mdsync_plan *plan, side *m, side *d, side *scan)
{
	zend_string *key;
	zval *z;
	ZEND_HASH_FOREACH_STR_KEY_VAL(&scan->by_email, key, z) {
		uint32_t head = (uint32_t) Z_LVAL_P(z);
		if (scan->next[head] != NONE && scan->state[head] == FREE) {
			email_group_conflict(plan, m, d, ZSTR_VAL(key));
		}
	} ZEND_HASH_FOREACH_END();
}

static bool pair_conflict(mdsync_plan *plan, mdsync_conflict_reason reason, uint32_t mi, uint32_t d1, uint32_t d2)
{
	mdsync_conflict c = { reason, (uint32_t) plan->cm.n, 1, (uint32_t) plan->cd.n, 0 };
	MDSYNC_VEC_PUSH(plan->cm, mi);
	if (d1 != NONE) {
		MDSYNC_VEC_PUSH(plan->cd, d1);
		c.d_count++;
	}
	if (d2 != NONE && d2 != d1) {
		MDSYNC_VEC_PUSH(plan->cd, d2);
		c.d_count++;
	}
	MDSYNC_VEC_PUSH(plan->conflicts, c);
	return true;
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The identifier a Django record gives Moodle's djangoid (resolved by the client:
 * mdsync_userset_resolve_djangoid). */
static const char *django_key(const mdsync_userset *ds, const mdsync_user *u)
{
	return mdsync_user_get(ds, u, MDSYNC_F_DJANGOID);
}

static uint32_t updates_for(const mdsync_userset *ms, const mdsync_user *mu, const mdsync_userset *ds, const mdsync_user *du)
{
	static const struct { mdsync_field f; uint32_t bit; } fields[] = {
		{ MDSYNC_F_EDEBOID, MDSYNC_UPD_EDEBOID }, { MDSYNC_F_IASID, MDSYNC_UPD_IASID },
	};
	uint32_t bits = 0;
	size_t i;
	const char *dv;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		dv = mdsync_user_get(ds, du, fields[i].f);
		/* Django is the record of truth; an empty value there never erases Moodle's. */
		if (dv && *dv && !same(mdsync_user_get(ms, mu, fields[i].f), dv)) {
			bits |= fields[i].bit;
		}
	}
	dv = django_key(ds, du);
	if (dv && *dv && !same(mdsync_user_get(ms, mu, MDSYNC_F_DJANGOID), dv)) {
		bits |= MDSYNC_UPD_DJANGOID;
	}
	return bits;
}

/* A linked user whose Django account is gone (d == NONE) or inactive: suspend it, or, once
 * it has been suspended long enough, delete it. */
static void leaver(mdsync_plan *plan, const mdsync_plan_opts *o, const mdsync_user *mu, uint32_t m, uint32_t d)
{
	mdsync_change ch = { m, d, MDSYNC_CH_SUSPEND };
	if (!mu->suspended) {
		plan->n_suspend++;
	} else if (o->delete_before > 0 && mu->suspended_at > 0 && mu->suspended_at <= o->delete_before) {
		ch.kind = MDSYNC_CH_DELETE;
		plan->n_delete++;
	} else {
		return; /* already suspended; not yet due for deletion */
	}
	MDSYNC_VEC_PUSH(plan->changes, ch);
}

static int by_moodle_index(const void *a, const void *b)
{
	uint32_t x = ((const mdsync_change *) a)->m, y = ((const mdsync_change *) b)->m;
	return x < y ? -1 : x > y;
}

void mdsync_plan_build(const mdsync_userset *moodle, const mdsync_userset *django, const mdsync_plan_opts *opts, mdsync_plan *plan)
{
	bool djangoid_first = opts->djangoid_first;
	side m, d;
	HashTable d_by_id;
	uint32_t i, *cand, *claims, *claim_next, *claim_head;
	bool *reported;

	memset(plan, 0, sizeof(*plan));
	side_init(&m, moodle);
	side_init(&d, django);
	index_emails(&d, plan, false);
	index_emails(&m, plan, true);
	/* Duplicates on the Django side first, then Moodle's; each group takes the other side's
	 * users with that email along, since none of them can be matched safely. */
	find_duplicates(plan, &m, &d, &d);
	find_duplicates(plan, &m, &d, &m);

	zend_hash_init(&d_by_id, django->count, NULL, NULL, 0);
	for (i = 0; i < django->count; i++) {
		const char *key = django_key(django, &django->users[i]);
		zval zv;
		ZVAL_LONG(&zv, i);
		if (key) {
			zend_hash_str_add(&d_by_id, key, strlen(key), &zv); /* the first wins; ids are unique */
		}
	}

	cand = safe_emalloc(moodle->count ? moodle->count : 1, sizeof(uint32_t), 0);
	claims = ecalloc(django->count ? django->count : 1, sizeof(uint32_t));
	claim_head = safe_emalloc(django->count ? django->count : 1, sizeof(uint32_t), 0);
	claim_next = safe_emalloc(moodle->count ? moodle->count : 1, sizeof(uint32_t), 0);
	reported = ecalloc(django->count ? django->count : 1, sizeof(bool));
	for (i = 0; i < django->count; i++) {
		claim_head[i] = NONE;
	}

	for (i = 0; i < moodle->count; i++) {
		const mdsync_user *mu = &moodle->users[i];
		const char *mid = mdsync_user_get(moodle, mu, MDSYNC_F_DJANGOID);
		uint32_t by_id = NONE, by_email;
		bool conflicted = false;

		cand[i] = NONE;
		claim_next[i] = NONE;
		if (m.state[i] != FREE) {
			continue;
		}
		if (mid && !*mid) {
			mid = NULL;
		}
		if (mid) {
			by_id = lookup(&d_by_id, mid);
		}
		by_email = lookup(&d.by_email, mdsync_user_email_norm(moodle, mu));
		if (by_email != NONE && d.state[by_email] != FREE) {
			by_email = NONE;
		}

		if (djangoid_first) {
			if (by_id != NONE && by_email != NONE && by_id != by_email) {
				conflicted = pair_conflict(plan, MDSYNC_C_IDENTIFIER_MISMATCH, i, by_id, by_email);
			} else if (by_id != NONE) {
				cand[i] = by_id;
			} else if (by_email != NONE && mid) {
				conflicted = pair_conflict(plan, MDSYNC_C_DJANGOID_MISMATCH, i, by_email, NONE);
			} else if (by_email != NONE) {
				cand[i] = by_email;
			} else if (mid && opts->suspend) {
				leaver(plan, opts, mu, i, NONE);
				conflicted = true; /* handled: neither created nor listed as only in Moodle */
			} else if (mid) {
				conflicted = pair_conflict(plan, MDSYNC_C_DJANGO_USER_MISSING, i, NONE, NONE);
			}
		} else {
			if (by_email != NONE) {
				if (mid && !same(mid, django_key(django, &django->users[by_email]))) {
					conflicted = pair_conflict(plan, MDSYNC_C_DJANGOID_MISMATCH, i, by_email, by_id);
				} else {
					cand[i] = by_email;
				}
			} else if (mid && by_id == NONE && opts->suspend) {
				leaver(plan, opts, mu, i, NONE);
				conflicted = true;
			} else if (mid) {
				conflicted = pair_conflict(plan, by_id != NONE ? MDSYNC_C_EMAIL_MISMATCH : MDSYNC_C_DJANGO_USER_MISSING, i, by_id, NONE);
			}
		}
		if (cand[i] != NONE) {
			claims[cand[i]]++;
			claim_next[i] = claim_head[cand[i]];
			claim_head[cand[i]] = i;
		} else if (conflicted) {
			m.state[i] = IN_CONFLICT;
		} else {
			MDSYNC_VEC_PUSH(plan->only_m, i);
		}
	}
	/* Django users named by a conflict are not offered for creation either. */
	for (i = 0; i < plan->cd.n; i++) {
		d.state[plan->cd.v[i]] = IN_CONFLICT;
	}

	for (i = 0; i < moodle->count; i++) {
		uint32_t di = cand[i];
		if (di == NONE) {
			continue;
		}
		if (claims[di] == 1) {
			mdsync_pair p = { i, di, updates_for(moodle, &moodle->users[i], django, &django->users[di]) };
			const mdsync_user *mu = &moodle->users[i], *du = &django->users[di];
			MDSYNC_VEC_PUSH(plan->both, p);
			if (p.updates) {
				plan->updates++;
			}
			/* Only linked users: an email match alone is linked first (moodle_updates), then ruled. */
			if (opts->suspend && mdsync_user_get(moodle, mu, MDSYNC_F_DJANGOID)
				&& *mdsync_user_get(moodle, mu, MDSYNC_F_DJANGOID) && !(p.updates & MDSYNC_UPD_DJANGOID)) {
				if (du->suspended) {
					leaver(plan, opts, mu, i, di);
				} else if (mu->suspended) {
					mdsync_change ch = { i, di, MDSYNC_CH_REVIVE };
					MDSYNC_VEC_PUSH(plan->changes, ch);
					plan->n_revive++;
				}
			}
		} else if (!reported[di]) {
			mdsync_conflict c = { MDSYNC_C_MATCHED_TWICE, (uint32_t) plan->cm.n, 0, (uint32_t) plan->cd.n, 1 };
			uint32_t k, start = (uint32_t) plan->cm.n;
			for (k = claim_head[di]; k != NONE; k = claim_next[k]) {
				MDSYNC_VEC_PUSH(plan->cm, k);
				c.m_count++;
			}
			/* the chain runs newest first: list the Moodle users in input order */
			for (k = 0; k < c.m_count / 2; k++) {
				uint32_t t = plan->cm.v[start + k];
				plan->cm.v[start + k] = plan->cm.v[start + c.m_count - 1 - k];
				plan->cm.v[start + c.m_count - 1 - k] = t;
			}
			MDSYNC_VEC_PUSH(plan->cd, di);
			MDSYNC_VEC_PUSH(plan->conflicts, c);
			reported[di] = true;
		}
	}

	for (i = 0; i < django->count; i++) {
		if (d.state[i] != FREE || claims[i] > 0) {
			continue;
		}
		if (django->users[i].suspended) {
			plan->django_inactive++;
			continue;
		}
		MDSYNC_VEC_PUSH(plan->only_d, i);
	}

	/* found in two passes (gone, then inactive): list them in Moodle's order */
	if (plan->changes.n > 1) {
		qsort(plan->changes.v, plan->changes.n, sizeof(mdsync_change), by_moodle_index);
	}
	efree(cand);
	efree(claims);
	efree(claim_head);
	efree(claim_next);
	efree(reported);
	zend_hash_destroy(&d_by_id);
	side_dtor(&m);
	side_dtor(&d);
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
}

void mdsync_conflict_describe(smart_str *m, const mdsync_plan *p, const mdsync_conflict *c,
	const mdsync_userset *ms, const mdsync_userset *ds, const mdsync_plan_opts *opts)
{
	const uint32_t *mi = p->cm.v + c->m_start, *di = p->cd.v + c->d_start;
	const mdsync_user *mu = c->m_count ? &ms->users[mi[0]] : NULL;
	const mdsync_user *du = c->d_count ? &ds->users[di[0]] : NULL;
#define MID(u) mdsync_user_get(ms, (u), MDSYNC_F_ID)
#define DID(u) mdsync_user_get(ds, (u), MDSYNC_F_ID)
#define OR(s) ((s) ? (s) : "")
	switch (c->reason) {
		case MDSYNC_C_DUPLICATE_EMAIL:
			smart_str_append_printf(m, "the email \"%s\" belongs to %u Moodle and %u Django users; fix it on the side that has it twice",
				OR(mu ? mdsync_user_email_norm(ms, mu) : mdsync_user_email_norm(ds, du)), c->m_count, c->d_count);
			break;
		case MDSYNC_C_NO_EMAIL:
			if (mu) {
				smart_str_append_printf(m, "Moodle user %s (%s) has no email", MID(mu), OR(mdsync_user_get(ms, mu, MDSYNC_F_USERNAME)));
			} else {
				smart_str_append_printf(m, "Django user %s (%s) has no email", DID(du), OR(mdsync_user_get(ds, du, MDSYNC_F_USERNAME)));
			}
			break;
		case MDSYNC_C_IDENTIFIER_MISMATCH:
			smart_str_append_printf(m, "Moodle user %s carries djangoid %s, but its email belongs to Django user %s",
				MID(mu), OR(mdsync_user_get(ms, mu, MDSYNC_F_DJANGOID)), c->d_count > 1 ? DID(&ds->users[di[1]]) : "?");
			break;
		case MDSYNC_C_DJANGOID_MISMATCH:
			smart_str_append_printf(m, "Moodle user %s carries djangoid %s, but the Django user with its email (%s) is %s",
				MID(mu), OR(mdsync_user_get(ms, mu, MDSYNC_F_DJANGOID)), OR(mdsync_user_email_norm(ms, mu)), du ? DID(du) : "none");
			break;
		case MDSYNC_C_DJANGO_USER_MISSING:
			smart_str_append_printf(m, "Moodle user %s carries djangoid %s, which is not in Django's list (deleted, or not visible to this token)",
				MID(mu), OR(mdsync_user_get(ms, mu, MDSYNC_F_DJANGOID)));
			break;
		case MDSYNC_C_MATCHED_TWICE:
			smart_str_append_printf(m, "%u Moodle users match Django user %s", c->m_count, DID(du));
			break;
		case MDSYNC_C_EMAIL_MISMATCH:
			smart_str_append_printf(m, "Moodle user %s carries djangoid %s, but that Django user's email is %s, not %s "
				"(match \"%s\")", MID(mu), OR(mdsync_user_get(ms, mu, MDSYNC_F_DJANGOID)),
				OR(mdsync_user_email_norm(ds, du)), OR(mdsync_user_email_norm(ms, mu)), opts->djangoid_first ? "djangoid,email" : "email");
			break;
		case MDSYNC_C_COUNT:
			break;
	}
#undef MID
#undef DID
#undef OR
	smart_str_0(m);
}

bool mdsync_plan_over_ceiling(const mdsync_plan *plan, size_t moodle_users, long max_percent, char *why, size_t why_len)
{
	if (plan->n_suspend == 0 || (double) plan->n_suspend * 100.0 <= (double) max_percent * (double) moodle_users) {
		return false;
	}
	/* The guard: a Django that suddenly lists far fewer users must not suspend half of Moodle. */
	snprintf(why, why_len, "refusing to plan: %zu of %zu Moodle users (%.1f%%) would be suspended, above "
		"suspend_max_percent (%ld%%); check Django's answer, or raise the ceiling if this is expected",
		plan->n_suspend, moodle_users, 100.0 * (double) plan->n_suspend / (double) moodle_users, max_percent);
	return true;
}
