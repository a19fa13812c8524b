/* mdsync user records, stored compactly: one string arena per set, offsets per record.
 * No PHP values here. */
#ifndef MDSYNC_USERS_H
#define MDSYNC_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "normalize.h"

typedef enum {
	MDSYNC_F_ID = 0,
	MDSYNC_F_USERNAME,
	MDSYNC_F_EMAIL,
	MDSYNC_F_FIRSTNAME,
	MDSYNC_F_LASTNAME,
	MDSYNC_F_EDEBOID,
	MDSYNC_F_IASID,
	MDSYNC_F_DJANGOID,
	MDSYNC_F_AUTH,
	MDSYNC_F_COUNT,
	/* not a string field: a flag */
	MDSYNC_F_SUSPENDED = MDSYNC_F_COUNT,
} mdsync_field;

extern const char *const mdsync_field_names[MDSYNC_F_COUNT + 1];

/* Facts a Moodle record may carry for the scope rules (bits of mdsync_user.facts). */
#define MDSYNC_FACT_SITEADMIN_KNOWN (1u << 0)
#define MDSYNC_FACT_SITEADMIN       (1u << 1)
#define MDSYNC_FACT_ROLES_KNOWN     (1u << 2)
#define MDSYNC_FACT_COHORTS_KNOWN   (1u << 3)

/* A list fact: names joined by MDSYNC_LIST_SEP, ASCII lower-cased. */
typedef enum { MDSYNC_LIST_ROLES = 0, MDSYNC_LIST_COHORTS = 1 } mdsync_list;
#define MDSYNC_LIST_SEP '\x1f'

typedef struct {
	uint32_t off[MDSYNC_F_COUNT]; /* 1 + offset into the arena; 0: absent */
	uint32_t email_norm;          /* likewise: the email as compared (normalize.h); 0 if none */
	uint32_t uname_key;           /* likewise: the username as Moodle stores it (trimmed, lower-cased) */
	uint32_t list[2];             /* likewise: roles, cohorts (mdsync_list) */
	uint8_t facts;                /* MDSYNC_FACT_* */
	bool suspended;
	int64_t suspended_at;         /* Moodle: when the sync suspended the user (Unix time), 0 if unknown */
} mdsync_user;

typedef struct {
	mdsync_user *users;
	size_t count, cap;
	char *arena;
	size_t arena_len, arena_cap;
	bool too_big;                 /* the arena's 4 GiB offset space ran out */
	mdsync_sbuf scratch;          /* where keys are built */
} mdsync_userset;

void mdsync_userset_init(mdsync_userset *s);
void mdsync_userset_dtor(mdsync_userset *s);
/* Makes room for n more records at once (when the caller knows how many come). */
void mdsync_userset_reserve(mdsync_userset *s, size_t n);
/* Appends an empty record and returns it (valid until the next append). */
mdsync_user *mdsync_userset_add(mdsync_userset *s);
/* Sets a string field of the last record added; len bytes of v (no NUL needed). An email
 * also gets its key (email_norm), a username its key (uname_key): the text is kept as it is. */
void mdsync_userset_set(mdsync_userset *s, mdsync_field f, const char *v, size_t len);
/* Sets a list fact of the last record (names joined by MDSYNC_LIST_SEP) and marks it known. */
void mdsync_userset_set_list(mdsync_userset *s, mdsync_list which, const char *joined, size_t len);
/* The last record's djangoid is what Moodle stores for it: its own djangoid field when that
 * is set and not empty, else its id. Every Django record goes through this once. */
void mdsync_userset_resolve_djangoid(mdsync_userset *s);
/* Makes room for records more records and bytes more string bytes, unless that growth would pass
 * memory_limit: then false, and nothing changed (a caller reading a peer's data refuses it). */
bool mdsync_userset_make_room(mdsync_userset *s, size_t records, size_t bytes);
/* Moves every record of src to the end of dst; src is emptied. */
void mdsync_userset_append(mdsync_userset *dst, mdsync_userset *src);

static inline const char *mdsync_user_get(const mdsync_userset *s, const mdsync_user *u, mdsync_field f)
{
	return u->off[f] ? s->arena + u->off[f] - 1 : NULL;
}
static inline const char *mdsync_user_email_norm(const mdsync_userset *s, const mdsync_user *u)
{
	return u->email_norm ? s->arena + u->email_norm - 1 : NULL;
}
static inline const char *mdsync_user_uname_key(const mdsync_userset *s, const mdsync_user *u)
{
	return u->uname_key ? s->arena + u->uname_key - 1 : NULL;
}
static inline const char *mdsync_user_list(const mdsync_userset *s, const mdsync_user *u, mdsync_list which)
{
	return u->list[which] ? s->arena + u->list[which] - 1 : NULL;
}

#endif
