/* mdsync user records: a string arena per set and fixed-size records of offsets. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "users.h"
#include "vec.h"

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
	memset(s, 0, sizeof(*s));
}

mdsync_user *mdsync_userset_add(mdsync_userset *s)
{
	if (s->count == s->cap) {
		s->users = mdsync_vec_grow(s->users, &s->cap, s->count + 1, sizeof(*s->users), 8);
	}
	memset(&s->users[s->count], 0, sizeof(mdsync_user));
	return &s->users[s->count++];
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

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void mdsync_userset_set(mdsync_userset *s, mdsync_field f, const char *v, size_t len)
{
	mdsync_user *u = &s->users[s->count - 1];
	u->off[f] = arena_put(s, v, len);
	if (f == MDSYNC_F_EMAIL) {
		/* The matching key: trimmed, case-insensitive (ASCII letters; other bytes as they are). */
		size_t a = 0, b = len, i;
		while (a < b && is_space(v[a])) {
			a++;
		}
		while (b > a && is_space(v[b - 1])) {
			b--;
		}
		u->email_norm = 0;
		if (b > a) {
			uint32_t off = arena_put(s, v + a, b - a);
			if (off) {
				char *p = s->arena + off - 1;
				for (i = 0; i < b - a; i++) {
					p[i] = zend_tolower_ascii(p[i]);
				}
			}
			u = &s->users[s->count - 1];
			u->email_norm = off;
		}
	}
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
	}
	dst->too_big = dst->too_big || src->too_big;
	mdsync_userset_dtor(src);
}
