/* mdsync matcher/planner: two user sets and the scope rules in, a plan out. No I/O, no PHP values. */
#ifndef MDSYNC_PLAN_H
#define MDSYNC_PLAN_H

#include "users.h"
#include "vec.h"
#include "zend_smart_str_public.h"

typedef enum {
	MDSYNC_C_DUPLICATE_EMAIL = 0, /* several users on one side share a normalized email */
	MDSYNC_C_NO_EMAIL,            /* a user without an email cannot be matched */
	MDSYNC_C_IDENTIFIER_MISMATCH, /* djangoid points at one Django user, the email at another */
	MDSYNC_C_DJANGOID_MISMATCH,   /* the email matches, but Moodle's djangoid names another (or no) Django user */
	MDSYNC_C_DJANGO_USER_MISSING, /* Moodle's djangoid names a Django user that is not in the list */
	MDSYNC_C_MATCHED_TWICE,       /* several Moodle users claim one Django user */
	MDSYNC_C_EMAIL_MISMATCH,      /* (match by email) Moodle's djangoid names a Django user with another email */
	MDSYNC_C_USERNAME_TAKEN,      /* a user to create has a username another account on the other side holds */
	MDSYNC_C_DUPLICATE_USERNAME,  /* Django users to create whose usernames fold to one Moodle username */
	MDSYNC_C_INVALID_EMAIL,       /* a Django user to create has an email Moodle refuses */
	MDSYNC_C_INVALID_USERNAME,    /* a Django user to create has a username Moodle refuses */
	MDSYNC_C_MISSING_NAME,        /* a Django user to create has no first or last name (Moodle requires both) */
	MDSYNC_C_COUNT
} mdsync_conflict_reason;

extern const char *const mdsync_conflict_names[MDSYNC_C_COUNT];

/* Scope rules, in the order they are tried; a user out of scope is listed under the first. */
typedef enum {
	MDSYNC_R_SITEADMIN = 0,   /* exclude_siteadmins: fact siteadmin */
	MDSYNC_R_GUEST,           /* exclude_guest: username "guest" */
	MDSYNC_R_AUTH,            /* exclude_auth: fact auth */
	MDSYNC_R_ROLE,            /* exclude_roles: fact roles */
	MDSYNC_R_COHORT,          /* exclude_cohorts: fact cohorts */
	MDSYNC_R_EMAIL_DOMAIN,    /* exclude_email_domains: the email's domain */
	MDSYNC_R_USERNAME,        /* exclude_usernames: username patterns */
	MDSYNC_R_ID,              /* exclude_ids: Moodle ids and ranges */
	MDSYNC_R_INCLUDE_AUTH,    /* include_auth: only these auth methods */
	MDSYNC_R_INCLUDE_COHORT,  /* include_cohorts: only members of these cohorts */
	MDSYNC_R_DJANGO_INCLUDE,  /* django_include: Django users to create must match these fields */
	MDSYNC_R_COUNT
} mdsync_rule;
#define MDSYNC_R_NONE 0xFF

extern const char *const mdsync_rule_names[MDSYNC_R_COUNT];
/* The record key each rule reads ("" for django_include: the fields it names). */
extern const char *const mdsync_rule_facts[MDSYNC_R_COUNT];

/* Names, folded as the rule compares them (emalloc'd, owned by whoever fills the list). */
typedef struct {
	char **v;
	size_t *len;
	size_t n, cap;
} mdsync_strlist;

typedef struct {
	int64_t lo, hi;
} mdsync_idrange;

typedef struct {
	mdsync_field field;
	mdsync_strlist patterns;   /* any of them (globs, folded like the field's key) */
} mdsync_field_rule;

/* Who is synced. Moodle rules decide who is created in Django and whose Moodle account the
 * sync may suspend, revive or delete; django_include decides who is created in Moodle. Users
 * out of scope still take part in matching: their accounts exist. */
typedef struct {
	bool siteadmins, guest;              /* exclude them */
	mdsync_strlist auth, roles, cohorts, email_domains, usernames;
	MDSYNC_VEC(mdsync_idrange) ids;
	mdsync_strlist include_auth, include_cohorts;
	mdsync_field_rule django_include[MDSYNC_F_COUNT];
	size_t n_django_include;
} mdsync_scope;

/* Identifier fields a pair may need set in Moodle (bits). */
#define MDSYNC_UPD_EDEBOID  (1u << 0)
#define MDSYNC_UPD_IASID    (1u << 1)
#define MDSYNC_UPD_DJANGOID (1u << 2)

typedef struct {
	uint32_t m, d;      /* indexes into the Moodle and Django sets */
	uint32_t updates;   /* MDSYNC_UPD_* */
} mdsync_pair;

typedef struct {
	mdsync_conflict_reason reason;
	uint32_t m_start, m_count; /* a run in plan->cm */
	uint32_t d_start, d_count; /* a run in plan->cd */
	uint32_t linked;           /* duplicate_email, no_email: the last `linked` Moodle users are there by their djangoid */
	uint32_t aux;              /* username_taken: 1 when the Moodle user is the one to create; invalid_username: the
	                            * refused code point; missing_name: the field */
	const char *why;           /* invalid_*, missing_name: what Moodle refuses (static text) */
} mdsync_conflict;

/* Status changes for linked Moodle users (those carrying a djangoid), when asked for. */
typedef enum {
	MDSYNC_CH_SUSPEND = 0,  /* active in Moodle; gone or inactive in Django */
	MDSYNC_CH_REVIVE,       /* suspended in Moodle; active in Django */
	MDSYNC_CH_DELETE,       /* suspended by the sync long enough ago; still gone or inactive */
} mdsync_change_kind;

typedef struct {
	uint32_t m;
	uint32_t d;             /* UINT32_MAX when the Django user is gone */
	mdsync_change_kind kind;
} mdsync_change;

typedef struct {
	bool djangoid_first;    /* match by Moodle's djangoid before the email */
	bool suspend;           /* plan suspensions, revivals and deletions */
	bool extended_username_chars; /* the Moodle site allows any characters in usernames */
	int64_t delete_before;  /* delete users suspended at or before this Unix time; 0: never */
	mdsync_scope scope;
} mdsync_plan_opts;

typedef struct {
	MDSYNC_VEC(uint32_t) only_m;
	MDSYNC_VEC(uint32_t) only_d;
	MDSYNC_VEC(mdsync_pair) both;
	MDSYNC_VEC(mdsync_conflict) conflicts;
	MDSYNC_VEC(uint32_t) cm;
	MDSYNC_VEC(uint32_t) cd;
	MDSYNC_VEC(mdsync_change) changes;
	size_t n_suspend, n_revive, n_delete;
	size_t updates;               /* pairs with updates != 0 */
	size_t django_inactive;       /* inactive Django users not offered for creation */
	/* scope */
	uint8_t *m_rule, *d_rule;     /* per user: the rule that puts it out of scope, or MDSYNC_R_NONE */
	uint32_t rules_active;        /* bits (1 << mdsync_rule) */
	size_t rule_count[MDSYNC_R_COUNT];   /* users each rule put out of scope */
	size_t rule_missing[MDSYNC_R_COUNT]; /* records that lacked the fact an active rule reads */
	size_t excluded_m, excluded_d;
} mdsync_plan;

void mdsync_plan_build(const mdsync_userset *moodle, const mdsync_userset *django, const mdsync_plan_opts *opts, mdsync_plan *plan);
void mdsync_plan_dtor(mdsync_plan *plan);

/* Index of the first Moodle id that an earlier record already has (ids compared as given:
 * the caller canonicalizes them), or UINT32_MAX; *first gets the earlier record's index. */
uint32_t mdsync_userset_duplicate_id(const mdsync_userset *set, uint32_t *first);

/* The scope (plan_scope.c): which rule puts each user out of scope, with counts, into plan. */
void mdsync_scope_apply(const mdsync_userset *moodle, const mdsync_userset *django, const mdsync_scope *scope, mdsync_plan *plan);
void mdsync_scope_dtor(mdsync_scope *scope);
void mdsync_strlist_free(mdsync_strlist *l);

/* Appends (NUL-terminated) what a person needs to know about conflict c. */
void mdsync_conflict_describe(smart_str *m, const mdsync_plan *p, const mdsync_conflict *c,
	const mdsync_userset *ms, const mdsync_userset *ds, const mdsync_plan_opts *opts);
/* Whether more than max_percent of the Moodle users would be suspended; then why says so. */
bool mdsync_plan_over_ceiling(const mdsync_plan *plan, size_t moodle_users, long max_percent, char *why, size_t why_len);

#endif
