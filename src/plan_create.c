/* mdsync planner, creation: which unmatched users the other side can take (Moodle's rules, usernames already held). */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "plan.h"
#include "plan_index.h"
#include "normalize.h"

#define NONE MDSYNC_NONE
enum { FREE = 0, IN_CONFLICT = 1 }; /* as in plan.c */

static mdsync_conflict conflict_at(const mdsync_plan *p, mdsync_conflict_reason reason)
{
	mdsync_conflict k;
	memset(&k, 0, sizeof(k));
	k.reason = reason;
	k.m_start = (uint32_t) p->cm.n;
	k.d_start = (uint32_t) p->cd.n;
	return k;
}

/* A Django user alone in a conflict about what Moodle would refuse. */
static void refused(mdsync_plan *p, mdsync_conflict_reason reason, uint32_t d, const char *why, uint32_t aux)
{
	mdsync_conflict k = conflict_at(p, reason);
	MDSYNC_VEC_PUSH(p->cd, d);
	k.d_count = 1;
	k.why = why;
	k.aux = aux;
	MDSYNC_VEC_PUSH(p->conflicts, k);
}

/* Whether Moodle could never create Django user d as mdsync's apply sends it; if so, the conflict says why. */
static bool moodle_refuses(mdsync_plan *p, const mdsync_userset *ds, uint32_t d, bool extended)
{
	const mdsync_user *u = &ds->users[d];
	static const mdsync_field names[] = { MDSYNC_F_FIRSTNAME, MDSYNC_F_LASTNAME };
	const char *v, *why;
	uint32_t cp = 0;
	size_t i;

	v = mdsync_user_get(ds, u, MDSYNC_F_EMAIL); /* (a user without one is a no_email conflict) */
	if ((why = mdsync_moodle_email_problem(v ? v : "", v ? strlen(v) : 0)) != NULL) {
		refused(p, MDSYNC_C_INVALID_EMAIL, d, why, 0);
		return true;
	}
	v = mdsync_user_get(ds, u, MDSYNC_F_USERNAME);
	if ((why = mdsync_moodle_username_problem(v ? v : "", v ? strlen(v) : 0, extended, &cp)) != NULL) {
		refused(p, MDSYNC_C_INVALID_USERNAME, d, why, cp);
		return true;
	}
	if (!mdsync_user_uname_key(ds, u)) {
		/* Moodle might store it, but as nothing anyone can read or type */
		refused(p, MDSYNC_C_INVALID_USERNAME, d, "is blank: only white space or invisible characters", 0);
		return true;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		v = mdsync_user_get(ds, u, names[i]);
		if ((why = mdsync_moodle_name_problem(v ? v : "", v ? strlen(v) : 0)) != NULL) {
			refused(p, MDSYNC_C_MISSING_NAME, d, why, (uint32_t) names[i]);
			return true;
		}
	}
	return false;
}

static uint64_t uname_hash(const uint64_t key[2], const mdsync_userset *s, uint32_t i)
{
	const char *k = mdsync_user_uname_key(s, &s->users[i]);
	return mdsync_khash(key, k, strlen(k));
}

/* Every user of s with a username, indexed by its key (chains: several may share one). */
static void index_usernames(mdsync_kindex *x, const mdsync_userset *s, const uint64_t key[2])
{
	uint32_t i;
	mdsync_kindex_init(x, s, offsetof(mdsync_user, uname_key), s->count, true);
	for (i = 0; i < s->count; i++) {
		if (mdsync_user_uname_key(s, &s->users[i])) {
			mdsync_kindex_add(x, i, uname_hash(key, s, i));
		}
	}
}

/* Django users to create in Moodle: Moodle must accept them, and their usernames must be free
 * in Moodle and among themselves. */
static void django_side(const mdsync_userset *ms, const mdsync_userset *ds, const mdsync_plan_opts *o, mdsync_plan *p,
	const uint64_t key[2], uint8_t *mstate, const uint8_t *dstate, const uint32_t *touch)
{
	MDSYNC_VEC(uint32_t) cands = { 0 };
	mdsync_kindex held, mine;
	uint8_t *out;
	size_t k;
	uint32_t d, m;

	for (d = 0; d < ds->count; d++) {
		if (dstate[d] != FREE || touch[d] > 0) {
			continue;
		}
		if (ds->users[d].suspended) {
			p->django_inactive++;
			continue;
		}
		if (p->d_rule[d] != MDSYNC_R_NONE || moodle_refuses(p, ds, d, o->extended_username_chars)) {
			continue;
		}
		MDSYNC_VEC_PUSH(cands, d);
	}
	if (cands.n == 0) {
		return;
	}
	out = safe_emalloc(cands.n, 1, 0);
	memset(out, 0, cands.n);
	index_usernames(&held, ms, key);
	mdsync_kindex_init(&mine, ds, offsetof(mdsync_user, uname_key), cands.n, true);
	for (k = 0; k < cands.n; k++) {
		const char *name = mdsync_user_uname_key(ds, &ds->users[cands.v[k]]);
		uint64_t h = mdsync_khash(key, name, strlen(name));
		m = mdsync_kindex_find(&held, name, strlen(name), h);
		if (m != NONE) {
			/* another Moodle account holds it: importing would fail, or overwrite that account */
			mdsync_conflict c = conflict_at(p, MDSYNC_C_USERNAME_TAKEN);
			for (; m != NONE; m = held.next[m]) {
				MDSYNC_VEC_PUSH(p->cm, m);
				c.m_count++;
				if (mstate[m] == FREE) {
					mstate[m] = IN_CONFLICT; /* not offered to Django either: its username is taken there */
				}
			}
			MDSYNC_VEC_PUSH(p->cd, cands.v[k]);
			c.d_count = 1;
			MDSYNC_VEC_PUSH(p->conflicts, c);
			out[k] = 1;
			continue;
		}
		mdsync_kindex_add(&mine, cands.v[k], h);
	}
	for (k = 0; k < cands.n; k++) {
		const char *name;
		if (out[k]) {
			continue;
		}
		d = cands.v[k];
		name = mdsync_user_uname_key(ds, &ds->users[d]);
		if (mdsync_kindex_find(&mine, name, strlen(name), mdsync_khash(key, name, strlen(name))) != d) {
			continue; /* listed with the first of its name */
		}
		if (mine.next[d] == NONE) {
			MDSYNC_VEC_PUSH(p->only_d, d);
		} else {
			mdsync_conflict c = conflict_at(p, MDSYNC_C_DUPLICATE_USERNAME);
			uint32_t j;
			for (j = d; j != NONE; j = mine.next[j]) {
				MDSYNC_VEC_PUSH(p->cd, j);
				c.d_count++;
			}
			MDSYNC_VEC_PUSH(p->conflicts, c);
		}
	}
	mdsync_kindex_dtor(&held);
	mdsync_kindex_dtor(&mine);
	MDSYNC_VEC_FREE(cands);
	efree(out);
}

/* Moodle users to create in Django (in scope, unmatched): their usernames must be free there. */
static void moodle_side(const mdsync_userset *ms, const mdsync_userset *ds, mdsync_plan *p, const uint64_t key[2], const uint8_t *mstate)
{
	mdsync_kindex held;
	bool indexed = false;
	uint32_t m, d;

	for (m = 0; m < ms->count; m++) {
		const char *name;
		if (mstate[m] != FREE || p->m_rule[m] != MDSYNC_R_NONE) {
			continue;
		}
		name = mdsync_user_uname_key(ms, &ms->users[m]);
		if (name && !indexed) {
			index_usernames(&held, ds, key);
			indexed = true;
		}
		d = name ? mdsync_kindex_find(&held, name, strlen(name), mdsync_khash(key, name, strlen(name))) : NONE;
		if (d == NONE) {
			MDSYNC_VEC_PUSH(p->only_m, m);
			continue;
		}
		{
			mdsync_conflict c = conflict_at(p, MDSYNC_C_USERNAME_TAKEN);
			MDSYNC_VEC_PUSH(p->cm, m);
			c.m_count = 1;
			c.aux = 1; /* the Moodle user is the one to create */
			for (; d != NONE; d = held.next[d]) {
				MDSYNC_VEC_PUSH(p->cd, d);
				c.d_count++;
			}
			MDSYNC_VEC_PUSH(p->conflicts, c);
		}
	}
	if (indexed) {
		mdsync_kindex_dtor(&held);
	}
}

void mdsync_plan_creatable(const mdsync_userset *ms, const mdsync_userset *ds, const mdsync_plan_opts *o, mdsync_plan *p,
	const uint64_t key[2], uint8_t *mstate, const uint8_t *dstate, const uint32_t *touch)
{
	django_side(ms, ds, o, p, key, mstate, dstate, touch);
	moodle_side(ms, ds, p, key, mstate);
}
