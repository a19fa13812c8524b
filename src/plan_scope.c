/* mdsync planner, scope: which users the sync may push or change, by rules over the facts records carry. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "plan.h"
#include "normalize.h"

const char *const mdsync_rule_names[MDSYNC_R_COUNT] = {
	"siteadmin", "guest", "auth", "role", "cohort", "email_domain", "username", "id",
	"include_auth", "include_cohort", "django_include",
};

const char *const mdsync_rule_facts[MDSYNC_R_COUNT] = {
	"siteadmin", "username", "auth", "roles", "cohorts", "email", "username", "id",
	"auth", "cohorts", "",
};

void mdsync_strlist_free(mdsync_strlist *l)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		efree(l->v[i]);
	}
	if (l->v) {
		efree(l->v);
		efree(l->len);
	}
	memset(l, 0, sizeof(*l));
}

void mdsync_scope_dtor(mdsync_scope *s)
{
	size_t i;
	mdsync_strlist_free(&s->auth);
	mdsync_strlist_free(&s->roles);
	mdsync_strlist_free(&s->cohorts);
	mdsync_strlist_free(&s->email_domains);
	mdsync_strlist_free(&s->usernames);
	mdsync_strlist_free(&s->include_auth);
	mdsync_strlist_free(&s->include_cohorts);
	MDSYNC_VEC_FREE(s->ids);
	for (i = 0; i < s->n_django_include; i++) {
		mdsync_strlist_free(&s->django_include[i].patterns);
	}
	s->n_django_include = 0;
}

/* Names compare ASCII-case-insensitively (the lists are stored lower-cased). */
static bool in_list(const mdsync_strlist *l, const char *v, size_t len)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		if (l->len[i] == len && zend_binary_strncasecmp(l->v[i], len, v, len, len) == 0) {
			return true;
		}
	}
	return false;
}

/* Whether any name of a list fact (joined by MDSYNC_LIST_SEP) is in l. */
static bool any_in_list(const mdsync_strlist *l, const char *joined)
{
	const char *p = joined;
	while (*p) {
		const char *sep = strchr(p, MDSYNC_LIST_SEP);
		size_t len = sep ? (size_t) (sep - p) : strlen(p);
		if (len && in_list(l, p, len)) {
			return true;
		}
		if (!sep) {
			break;
		}
		p = sep + 1;
	}
	return false;
}

static bool glob_any(const mdsync_strlist *l, const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		if (mdsync_glob(l->v[i], l->len[i], s, len)) {
			return true;
		}
	}
	return false;
}

static bool id_in(const mdsync_scope *sc, const char *id)
{
	int64_t v;
	size_t i;
	if (!id) {
		return false;
	}
	v = (int64_t) ZEND_STRTOL(id, NULL, 10);
	for (i = 0; i < sc->ids.n; i++) {
		if (v >= sc->ids.v[i].lo && v <= sc->ids.v[i].hi) {
			return true;
		}
	}
	return false;
}

/* The rule that puts Moodle user u out of scope, or MDSYNC_R_NONE; counts missing facts. */
static uint8_t moodle_rule(const mdsync_userset *set, const mdsync_user *u, const mdsync_scope *sc, mdsync_plan *p)
{
	const char *auth = mdsync_user_get(set, u, MDSYNC_F_AUTH), *uname = mdsync_user_uname_key(set, u);
	const char *email = mdsync_user_email_norm(set, u), *at, *list;
	uint8_t rule = MDSYNC_R_NONE;
#define ACTIVE(r) (p->rules_active & (1u << (r)))
#define HIT(r) do { if (rule == MDSYNC_R_NONE) { rule = (r); } } while (0)
#define MISSING(r) (p->rule_missing[r]++)

	if (ACTIVE(MDSYNC_R_SITEADMIN)) {
		if (!(u->facts & MDSYNC_FACT_SITEADMIN_KNOWN)) {
			MISSING(MDSYNC_R_SITEADMIN);
		} else if (u->facts & MDSYNC_FACT_SITEADMIN) {
			HIT(MDSYNC_R_SITEADMIN);
		}
	}
	if (ACTIVE(MDSYNC_R_GUEST)) {
		if (!uname) {
			MISSING(MDSYNC_R_GUEST);
		} else if (strcmp(uname, "guest") == 0) {
			HIT(MDSYNC_R_GUEST);
		}
	}
	if (ACTIVE(MDSYNC_R_AUTH)) {
		if (!auth) {
			MISSING(MDSYNC_R_AUTH);
		} else if (in_list(&sc->auth, auth, strlen(auth))) {
			HIT(MDSYNC_R_AUTH);
		}
	}
	if (ACTIVE(MDSYNC_R_ROLE)) {
		if (!(list = mdsync_user_list(set, u, MDSYNC_LIST_ROLES))) {
			MISSING(MDSYNC_R_ROLE);
		} else if (any_in_list(&sc->roles, list)) {
			HIT(MDSYNC_R_ROLE);
		}
	}
	if (ACTIVE(MDSYNC_R_COHORT)) {
		if (!(list = mdsync_user_list(set, u, MDSYNC_LIST_COHORTS))) {
			MISSING(MDSYNC_R_COHORT);
		} else if (any_in_list(&sc->cohorts, list)) {
			HIT(MDSYNC_R_COHORT);
		}
	}
	if (ACTIVE(MDSYNC_R_EMAIL_DOMAIN)) {
		if (!email || !(at = strrchr(email, '@'))) {
			MISSING(MDSYNC_R_EMAIL_DOMAIN);
		} else if (glob_any(&sc->email_domains, at + 1, strlen(at + 1))) {
			HIT(MDSYNC_R_EMAIL_DOMAIN);
		}
	}
	if (ACTIVE(MDSYNC_R_USERNAME)) {
		if (!uname) {
			MISSING(MDSYNC_R_USERNAME);
		} else if (glob_any(&sc->usernames, uname, strlen(uname))) {
			HIT(MDSYNC_R_USERNAME);
		}
	}
	if (ACTIVE(MDSYNC_R_ID) && id_in(sc, mdsync_user_get(set, u, MDSYNC_F_ID))) {
		HIT(MDSYNC_R_ID);
	}
	/* Include rules: a user who cannot be shown to belong is left out. */
	if (ACTIVE(MDSYNC_R_INCLUDE_AUTH)) {
		if (!auth) {
			MISSING(MDSYNC_R_INCLUDE_AUTH);
			HIT(MDSYNC_R_INCLUDE_AUTH);
		} else if (!in_list(&sc->include_auth, auth, strlen(auth))) {
			HIT(MDSYNC_R_INCLUDE_AUTH);
		}
	}
	if (ACTIVE(MDSYNC_R_INCLUDE_COHORT)) {
		if (!(list = mdsync_user_list(set, u, MDSYNC_LIST_COHORTS))) {
			MISSING(MDSYNC_R_INCLUDE_COHORT);
			HIT(MDSYNC_R_INCLUDE_COHORT);
		} else if (!any_in_list(&sc->include_cohorts, list)) {
			HIT(MDSYNC_R_INCLUDE_COHORT);
		}
	}
	return rule;
}

/* A Django user is in scope when each field django_include names matches one of its patterns. */
static uint8_t django_rule(const mdsync_userset *set, const mdsync_user *u, const mdsync_scope *sc, mdsync_plan *p, mdsync_sbuf *buf)
{
	size_t i, k;
	bool missing = false, out = false;
	for (i = 0; i < sc->n_django_include; i++) {
		const mdsync_field_rule *r = &sc->django_include[i];
		const char *v;
		if (r->field == MDSYNC_F_EMAIL) {
			v = mdsync_user_email_norm(set, u);
		} else if (r->field == MDSYNC_F_USERNAME) {
			v = mdsync_user_uname_key(set, u);
		} else {
			v = mdsync_user_get(set, u, r->field);
			if (v) {
				/* other fields compare lower-cased, like the patterns */
				size_t n = strlen(v);
				mdsync_norm_username(v, n, buf);
				v = buf->v;
			}
		}
		if (!v) {
			missing = out = true;
			continue;
		}
		k = strlen(v);
		if (!glob_any(&r->patterns, v, k)) {
			out = true;
		}
	}
	if (missing) {
		p->rule_missing[MDSYNC_R_DJANGO_INCLUDE]++;
	}
	return out ? MDSYNC_R_DJANGO_INCLUDE : MDSYNC_R_NONE;
}

void mdsync_scope_apply(const mdsync_userset *m, const mdsync_userset *d, const mdsync_scope *sc, mdsync_plan *p)
{
	mdsync_sbuf buf = { 0 };
	size_t i;

	p->rules_active = (sc->siteadmins ? 1u << MDSYNC_R_SITEADMIN : 0) | (sc->guest ? 1u << MDSYNC_R_GUEST : 0)
		| (sc->auth.n ? 1u << MDSYNC_R_AUTH : 0) | (sc->roles.n ? 1u << MDSYNC_R_ROLE : 0)
		| (sc->cohorts.n ? 1u << MDSYNC_R_COHORT : 0) | (sc->email_domains.n ? 1u << MDSYNC_R_EMAIL_DOMAIN : 0)
		| (sc->usernames.n ? 1u << MDSYNC_R_USERNAME : 0) | (sc->ids.n ? 1u << MDSYNC_R_ID : 0)
		| (sc->include_auth.n ? 1u << MDSYNC_R_INCLUDE_AUTH : 0) | (sc->include_cohorts.n ? 1u << MDSYNC_R_INCLUDE_COHORT : 0)
		| (sc->n_django_include ? 1u << MDSYNC_R_DJANGO_INCLUDE : 0);
	p->m_rule = emalloc(m->count ? m->count : 1);
	p->d_rule = emalloc(d->count ? d->count : 1);
	memset(p->m_rule, MDSYNC_R_NONE, m->count ? m->count : 1);
	memset(p->d_rule, MDSYNC_R_NONE, d->count ? d->count : 1);
	if (p->rules_active & ~(1u << MDSYNC_R_DJANGO_INCLUDE)) {
		for (i = 0; i < m->count; i++) {
			uint8_t r = moodle_rule(m, &m->users[i], sc, p);
			p->m_rule[i] = r;
			if (r != MDSYNC_R_NONE) {
				p->rule_count[r]++;
				p->excluded_m++;
			}
		}
	}
	if (sc->n_django_include) {
		for (i = 0; i < d->count; i++) {
			uint8_t r = django_rule(d, &d->users[i], sc, p, &buf);
			p->d_rule[i] = r;
			if (r != MDSYNC_R_NONE) {
				p->rule_count[r]++;
				p->excluded_d++;
			}
		}
	}
	mdsync_sbuf_free(&buf);
#undef ACTIVE
#undef HIT
#undef MISSING
}
