/* mdsync user records: a string arena per set and fixed-size records of offsets. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "users.h"
#include "vec.h"
#include "mem.h"

const char *const mdsync_field_names[MDSYNC_F_COUNT + 1] = {
	"id", "username", "email", "firstname", "lastname", "edeboid", "iasid", "djangoid", "auth", "suspended",
};

void mdsync_userset_init(mdsync_userset *s)
{
	memset(s, 0, sizeof(*s));
}

void mdsync_userset_dtor(mdsync_userset *s)
{
	if (s->users) {
		efree(s->users);
	}
	if (s->arena) {
		efree(s->arena);
	}
	mdsync_sbuf_free(&s->scratch);
	memset(s, 0, sizeof(*s));
}

void mdsync_userset_reserve(mdsync_userset *s, size_t n)
{
	if (s->count + n > s->cap) {
		s->users = mdsync_vec_grow(s->users, &s->cap, s->count + n, sizeof(*s->users), 8);
	}
}

mdsync_user *mdsync_userset_add(mdsync_userset *s)
{
	if (s->count == s->cap) {
		s->users = mdsync_vec_grow(s->users, &s->cap, s->count + 1, sizeof(*s->users), 8);
	}
	memset(&s->users[s->count], 0, sizeof(mdsync_user));
	return &s->users[s->count++];
}

/* Room for need elements of elem bytes in *v (cap), growing as mdsync_vec_grow does, unless the
 * new block would pass memory_limit. */
static bool reserve(void **v, size_t *cap, size_t need, size_t elem, size_t first)
{
	size_t c = *cap ? *cap : first;
	if (need <= *cap) {
		return true;
	}
	while (c < need) {
		c = c > SIZE_MAX / 2 ? need : c * 2;
	}
	if (c > SIZE_MAX / elem || !mdsync_mem_room(c * elem)) {
		return false;
	}
	*v = mdsync_vec_grow(*v, cap, need, elem, first);
	return true;
}

bool mdsync_userset_make_room(mdsync_userset *s, size_t records, size_t bytes)
{
	void *users = s->users, *arena = s->arena;
	bool ok = reserve(&users, &s->cap, s->count + records, sizeof(*s->users), 8)
		&& reserve(&arena, &s->arena_cap, s->arena_len + bytes, 1, 256);
	s->users = users;
	s->arena = arena;
	return ok;
}

/* Copies len bytes plus a NUL into the arena; returns 1 + offset, or 0 if it cannot. */
static uint32_t arena_put(mdsync_userset *s, const char *v, size_t len)
{
	size_t off = s->arena_len;
	if (len >= UINT32_MAX - 2 || off + len + 1 >= UINT32_MAX - 1) {
		s->too_big = true;
		return 0;
	}
	if (off + len + 1 > s->arena_cap) {
		s->arena = mdsync_vec_grow(s->arena, &s->arena_cap, off + len + 1, 1, 256);
	}
	memcpy(s->arena + off, v, len);
	s->arena[off + len] = '\0';
	s->arena_len = off + len + 1;
	return (uint32_t) off + 1;
}

/* The key of v (built in s->scratch) into the arena: the text's own offset when they are the
 * same bytes (most keys), else a copy. 0 for an empty key. */
static uint32_t put_key(mdsync_userset *s, uint32_t text_off, const char *v, size_t len)
{
	const mdsync_sbuf *k = &s->scratch;
	if (k->len == 0) {
		return 0;
	}
	if (text_off && k->len == len && memcmp(k->v, v, len) == 0) {
		return text_off;
	}
	return arena_put(s, k->v, k->len);
}

void mdsync_userset_set(mdsync_userset *s, mdsync_field f, const char *v, size_t len)
{
	uint32_t off = arena_put(s, v, len), key;
	if (f == MDSYNC_F_EMAIL) {
		mdsync_norm_email(v, len, &s->scratch);
		key = put_key(s, off, v, len);
		s->users[s->count - 1].email_norm = key;
	} else if (f == MDSYNC_F_USERNAME) {
		mdsync_norm_username(v, len, &s->scratch);
		key = put_key(s, off, v, len);
		s->users[s->count - 1].uname_key = key;
	}
	s->users[s->count - 1].off[f] = off;
}

void mdsync_userset_set_list(mdsync_userset *s, mdsync_list which, const char *joined, size_t len)
{
	mdsync_user *u = &s->users[s->count - 1];
	u->list[which] = arena_put(s, joined, len);
	u = &s->users[s->count - 1];
	u->facts |= which == MDSYNC_LIST_ROLES ? MDSYNC_FACT_ROLES_KNOWN : MDSYNC_FACT_COHORTS_KNOWN;
}

void mdsync_userset_resolve_djangoid(mdsync_userset *s)
{
	mdsync_user *u = &s->users[s->count - 1];
	const char *v = mdsync_user_get(s, u, MDSYNC_F_DJANGOID);
	if (!v || !*v) {
		u->off[MDSYNC_F_DJANGOID] = u->off[MDSYNC_F_ID];
	}
}

void mdsync_userset_append(mdsync_userset *dst, mdsync_userset *src)
{
	size_t i, base;
	int f;

	if (src->count == 0) {
		mdsync_userset_dtor(src);
		return;
	}
	if (dst->arena_len + src->arena_len >= UINT32_MAX - 1) {
		dst->too_big = true;
		mdsync_userset_dtor(src);
		return;
	}
	base = dst->arena_len;
	if (base + src->arena_len > dst->arena_cap) {
		dst->arena = mdsync_vec_grow(dst->arena, &dst->arena_cap, base + src->arena_len, 1, 256);
	}
	memcpy(dst->arena + base, src->arena, src->arena_len);
	dst->arena_len += src->arena_len;
	if (dst->count + src->count > dst->cap) {
		dst->users = mdsync_vec_grow(dst->users, &dst->cap, dst->count + src->count, sizeof(*dst->users), 8);
	}
	for (i = 0; i < src->count; i++) {
		mdsync_user *u = &dst->users[dst->count++];
		*u = src->users[i];
		for (f = 0; f < MDSYNC_F_COUNT; f++) {
			if (u->off[f]) {
				u->off[f] += (uint32_t) base;
			}
		}
		if (u->email_norm) {
			u->email_norm += (uint32_t) base;
		}
		if (u->uname_key) {
			u->uname_key += (uint32_t) base;
		}
		for (f = 0; f < 2; f++) {
			if (u->list[f]) {
				u->list[f] += (uint32_t) base;
			}
		}
	}
	dst->too_big = dst->too_big || src->too_big;
	mdsync_userset_dtor(src);
}
