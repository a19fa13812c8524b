/* mdsync JSON layer (json-c): bounded parsing and field access. */
#ifndef MDSYNC_JSON_H
#define MDSYNC_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <json-c/json.h>

/* Nesting deeper than this is refused (hostile input must not cost stack or memory). */
#define MDSYNC_JSON_MAX_DEPTH 64

/* Parses exactly len bytes (buf[len] must be NUL) into *out (NULL for JSON null).
 * False, with the reason in why, if it is not one JSON value. */
bool mdsync_json_parse(const char *buf, size_t len, json_object **out, char *why, size_t why_len);
/* obj's member at a dotted path ("profile.edeboid"); NULL if absent or if a step is not an object. */
json_object *mdsync_json_path(json_object *obj, const char *path);
/* A scalar's text: strings as they are, integers in decimal, booleans "1"/"0".
 * Returns false for null, absent, objects and arrays. buf is used for numbers. */
bool mdsync_json_text(json_object *v, const char **out, size_t *out_len, char *buf, size_t buf_len);
/* A JSON truth value: booleans, numbers (non-zero), strings "true"/"1". */
bool mdsync_json_truthy(json_object *v);

#endif
