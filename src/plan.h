/* mdsync matcher/planner: two user sets in, a plan out. No I/O, no PHP values. */
#ifndef MDSYNC_PLAN_H
#define MDSYNC_PLAN_H

#include "users.h"
#include "vec.h"
#include "zend_smart_str_public.h"

typedef enum {
	MDSYNC_C_DUPLICATE_EMAIL = 0, /* several users on one side share a normalized email */
	MDSYNC_C_NO_EMAIL,            /* a user without an email cannot be matched */
	MDSYNC_C_IDENTIFIER_MISMATCH, /* djangoid points at one Django user, the email at another */
	MDSYNC_C_DJANGOID_MISMATCH,   /* the email matches, but Moodle's djangoid names another Django user */
	MDSYNC_C_DJANGO_USER_MISSING, /* Moodle's djangoid names a Django user that is not in the list */
	MDSYNC_C_MATCHED_TWICE,       /* several Moodle users match one Django user */
	MDSYNC_C_EMAIL_MISMATCH,      /* (match by email) Moodle's djangoid names a Django user with another email */
	MDSYNC_C_COUNT
} mdsync_conflict_reason;

extern const char *const mdsync_conflict_names[MDSYNC_C_COUNT];

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
	int64_t delete_before;  /* delete users suspended at or before this Unix time; 0: never */
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
} mdsync_plan;

void mdsync_plan_build(const mdsync_userset *moodle, const mdsync_userset *django, const mdsync_plan_opts *opts, mdsync_plan *plan);
void mdsync_plan_dtor(mdsync_plan *plan);

/* Appends (NUL-terminated) what a person needs to know about conflict c. */
void mdsync_conflict_describe(smart_str *m, const mdsync_plan *p, const mdsync_conflict *c,
	const mdsync_userset *ms, const mdsync_userset *ds, const mdsync_plan_opts *opts);
/* Whether more than max_percent of the Moodle users would be suspended; then why says so. */
bool mdsync_plan_over_ceiling(const mdsync_plan *plan, size_t moodle_users, long max_percent, char *why, size_t why_len);

#endif
