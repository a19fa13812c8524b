/* mdsync JSON scanner: strict RFC 8259 tokens pulled from a buffer, every byte validated, no tree, no allocation. */
#ifndef MDSYNC_JSCAN_H
#define MDSYNC_JSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Nesting deeper than this is refused (hostile input must cost neither stack nor memory). */
#define MDSYNC_JSON_MAX_DEPTH 64

typedef enum {
	MDSYNC_JT_ERROR = 0,   /* s->error says what and where */
	MDSYNC_JT_END,         /* the one value is complete and only white space followed it */
	MDSYNC_JT_OBJECT,      /* { */
	MDSYNC_JT_OBJECT_END,  /* } */
	MDSYNC_JT_ARRAY,       /* [ */
	MDSYNC_JT_ARRAY_END,   /* ] */
	MDSYNC_JT_KEY,         /* a member name: str/str_len as between the quotes */
	MDSYNC_JT_STRING,      /* likewise */
	MDSYNC_JT_NUMBER,      /* str/str_len: the literal, exactly as sent */
	MDSYNC_JT_TRUE,
	MDSYNC_JT_FALSE,
	MDSYNC_JT_NULL,
} mdsync_jtok;

/* Flags of the last string or number token. */
#define MDSYNC_JF_ESCAPED 1u  /* the string holds escapes: mdsync_json_unescape gives its text */
#define MDSYNC_JF_NUL     2u  /* the string holds \u0000 */
#define MDSYNC_JF_INT     4u  /* the number is an integer: no fraction, no exponent */

typedef struct {
	const char *buf;
	size_t len, pos;
	uint64_t objects;      /* bit d: the container at depth d+1 is an object */
	unsigned depth;
	unsigned char state;
	/* the last token */
	const char *str;
	size_t str_len;
	unsigned flags;
	size_t at;             /* its offset in buf */
	char error[112];
} mdsync_jscan;

/* Starts scanning len bytes of buf (buf may be NULL when len is 0: an empty body is an error). */
void mdsync_jscan_init(mdsync_jscan *s, const char *buf, size_t len);
/* The next token. After MDSYNC_JT_ERROR or MDSYNC_JT_END it keeps returning the same. */
mdsync_jtok mdsync_jscan_next(mdsync_jscan *s);
/* After MDSYNC_JT_OBJECT or MDSYNC_JT_ARRAY: consumes (and validates) the rest of that container.
 * False on an error. */
bool mdsync_jscan_skip(mdsync_jscan *s, mdsync_jtok opened);
/* Depth of the container the scanner is in (0: top level). */
static inline unsigned mdsync_jscan_depth(const mdsync_jscan *s)
{
	return s->depth;
}

/* The text of a validated string token (str, str_len) with its escapes decoded into out, which
 * must hold str_len bytes (decoding never makes a string longer). Returns the decoded length. */
size_t mdsync_json_unescape(const char *str, size_t str_len, char *out);

/* Whether a string token equals the plain ASCII text lit (no escapes in lit). */
bool mdsync_jscan_str_is(const mdsync_jscan *s, const char *lit, size_t lit_len);

#endif
