/* mdsync Django users page: field_map compiled once (django_fields.c), and a page's records read straight into the user store (django_page.c). */
#ifndef MDSYNC_DJANGO_PAGE_H
#define MDSYNC_DJANGO_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "users.h"

#define MDSYNC_FMAP_MAX_SEGMENTS 8     /* "a.b.c": at most this many names */
#define MDSYNC_FMAP_MAX_KEY 128        /* bytes in one name */
#define MDSYNC_FMAP_MAX_NODES (1 + (MDSYNC_F_COUNT + 1) * MDSYNC_FMAP_MAX_SEGMENTS)

/* One member name along the field_map's paths. Node 0 is a record itself. */
typedef struct {
	const char *key;      /* borrowed from the path it came from */
	uint16_t key_len;
	uint16_t fields;      /* bit f: this member's value is canonical field f */
	uint16_t below;       /* bits of every field at or under this member */
	uint8_t first_child;  /* 0: none */
	uint8_t next_sibling; /* 0: none */
} mdsync_fmap_node;

/* field_map as a tree of member names: each record is read once, each name looked up once. */
typedef struct {
	mdsync_fmap_node nodes[MDSYNC_FMAP_MAX_NODES];
	unsigned n;
	bool invert_suspended;                 /* "!is_active" */
	const char *paths[MDSYNC_F_COUNT + 1];  /* Django's name per field ('!' dropped), NULL: unmapped */
} mdsync_fieldmap;

/* Whether member node nd is named key (len bytes). */
static inline bool mdsync_fmap_key_is(const mdsync_fmap_node *nd, const char *key, size_t len)
{
	return nd->key_len == len && (len == 0 || (nd->key[0] == key[0] && memcmp(nd->key, key, len) == 0));
}

/* node's child named key, or 0. */
static inline int mdsync_fmap_child(const mdsync_fieldmap *fm, int node, const char *key, size_t len)
{
	int c;
	for (c = fm->nodes[node].first_child; c; c = fm->nodes[c].next_sibling) {
		if (mdsync_fmap_key_is(&fm->nodes[c], key, len)) {
			return c;
		}
	}
	return 0;
}

/* Compiles the field paths (as in mdsync_django_config). False, with why, for a path that is
 * empty between dots, too deep or too long, or that overlaps another ("a" and "a.b"). */
bool mdsync_fieldmap_compile(mdsync_fieldmap *fm, const char *const paths[MDSYNC_F_COUNT + 1], char *why, size_t why_len);

typedef struct {
	/* in */
	const mdsync_fieldmap *fm;
	size_t max_records;       /* a page with more users is refused as soon as one too many arrives */
	const char *max_why;      /* what sets that bound, for the message ("page one held 1000") */
	/* out */
	bool bare;                /* a bare JSON list rather than a paginated object */
	bool has_count;
	int64_t count;
	char *next;               /* 'next', decoded (emalloc'd); NULL when absent or null */
	size_t records;
	uint32_t present[MDSYNC_F_COUNT + 1]; /* users with a value (not null) for each field */
	uint32_t keyed[MDSYNC_F_COUNT + 1];   /* users whose record has the field's member (null included) */
} mdsync_page;

/* Reads one page (len bytes at buf; NULL and 0 are refused) into set, or only counts its users
 * when set is NULL. Every byte is validated; only the mapped fields are copied. False, with why,
 * when the page breaks the API's promise or memory_limit would be passed; set is then as before. */
bool mdsync_page_read(const char *buf, size_t len, mdsync_page *pg, mdsync_userset *set, char *why, size_t why_len);
void mdsync_page_dtor(mdsync_page *pg);

/* The member names the users of a page carry (nested ones dotted, "profile.edebo_id"), comma
 * separated, from its first users, cut to fit out: for a configuration error. */
void mdsync_page_field_names(const char *buf, size_t len, char *out, size_t out_len);

#endif
