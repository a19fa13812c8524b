/* mdsync bench: reading 100,000 users' pages into the user store, four ways, for callgrind to count (bench/json-bench). */
#include "sapi/embed/php_embed.h"
#include "ext/json/php_json.h"
#include "ext/json/php_json_parser.h"
#include "src/django_page.h"
#include "src/users.h"
#include "zend_smart_str.h"
#include <json-c/json.h>
#include <inttypes.h>

#define PAGE_SIZE 1000

static const char *const map[MDSYNC_F_COUNT + 1] = {
	"id", "username", "email", "first_name", "last_name", "edeboid", "iasid", "id", NULL, "!is_active",
};

/* {{{ pages as the reference peer (DRF's JSONRenderer: compact, UTF-8 as it is) writes them */
static char **make_pages(int pages, size_t *lens)
{
	static const char *const first[] = { "Olena", "Taras", "Student", "Андрій", "Марія", "Ivan", "Oksana", "Юлія" };
	static const char *const last[] = { "Koval", "Shevchenko", "Бондаренко", "Melnyk", "Ткаченко", "Kravets" };
	char **out = malloc(sizeof(char *) * (size_t) pages);
	int p, i;
	for (p = 0; p < pages; p++) {
		smart_str s = {0};
		char next[96];
		if (p + 1 < pages) {
			snprintf(next, sizeof(next), "\"http://127.0.0.1:8000/api/user/?page=%d&page_size=1000\"", p + 2);
		} else {
			snprintf(next, sizeof(next), "null");
		}
		smart_str_append_printf(&s, "{\"count\":%d,\"next\":%s,\"previous\":null,\"results\":[", pages * PAGE_SIZE, next);
		for (i = 0; i < PAGE_SIZE; i++) {
			int id = p * PAGE_SIZE + i + 1;
			char edebo[32];
			if (id % 10) {
				snprintf(edebo, sizeof(edebo), "\"EDEBO%06d\"", id);
			} else {
				snprintf(edebo, sizeof(edebo), "null"); /* some users have none */
			}
			smart_str_append_printf(&s, "%s{\"id\":%d,\"username\":\"student%06d\",\"email\":\"student%06d@example.edu\","
				"\"first_name\":\"%s\",\"last_name\":\"%s\",\"edeboid\":%s,\"iasid\":\"IAS%06d\",\"is_active\":%s}",
				i ? "," : "", id, id, id, first[id % 8], last[id % 6], edebo, id, id % 50 ? "true" : "false");
		}
		smart_str_appends(&s, "]}");
		smart_str_0(&s);
		out[p] = strndup(ZSTR_VAL(s.s), ZSTR_LEN(s.s));
		lens[p] = ZSTR_LEN(s.s);
		smart_str_free(&s);
	}
	return out;
}
/* }}} */

/* {{{ json-c, as mdsync read pages before: a DOM of the page, a dotted-path walk per field */
static json_object *path_get(json_object *obj, const char *path)
{
	const char *p = path;
	while (obj && *p) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t) (dot - p) : strlen(p);
		char key[128];
		json_object *next = NULL;
		if (!json_object_is_type(obj, json_type_object) || len >= sizeof(key)) {
			return NULL;
		}
		memcpy(key, p, len);
		key[len] = '\0';
		if (!json_object_object_get_ex(obj, key, &next)) {
			return NULL;
		}
		obj = next;
		p += len + (dot ? 1 : 0);
	}
	return obj;
}

static bool jsonc_page(const char *buf, size_t len, mdsync_userset *set)
{
	struct json_tokener *tok = json_tokener_new_ex(64);
	json_object *root, *results;
	size_t i, n;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, buf, (int) len + 1);
	json_tokener_free(tok);
	if (!root || !json_object_object_get_ex(root, "results", &results)) {
		return false;
	}
	n = json_object_array_length(results);
	for (i = 0; i < n; i++) {
		json_object *item = json_object_array_get_idx(results, i), *v;
		int f;
		mdsync_userset_add(set);
		for (f = 0; f < MDSYNC_F_COUNT; f++) {
			char num[64];
			if (!map[f]) {
				continue;
			}
			v = path_get(item, map[f]);
			if (v && json_object_is_type(v, json_type_string)) {
				mdsync_userset_set(set, (mdsync_field) f, json_object_get_string(v), (size_t) json_object_get_string_len(v));
			} else if (v && json_object_is_type(v, json_type_int)) {
				int k = snprintf(num, sizeof(num), "%" PRId64, json_object_get_int64(v));
				mdsync_userset_set(set, (mdsync_field) f, num, (size_t) k);
			}
		}
		mdsync_userset_resolve_djangoid(set);
		v = path_get(item, "is_active");
		set->users[set->count - 1].suspended = v && !json_object_get_boolean(v);
	}
	json_object_put(root);
	return true;
}
/* }}} */

/* {{{ PHP's parser: json_decode's arrays of the page, then the fields looked up */
static void take_zval(mdsync_userset *set, mdsync_field f, zval *v)
{
	char num[32];
	if (v && Z_TYPE_P(v) == IS_STRING) {
		mdsync_userset_set(set, f, Z_STRVAL_P(v), Z_STRLEN_P(v));
	} else if (v && Z_TYPE_P(v) == IS_LONG) {
		mdsync_userset_set(set, f, num, (size_t) snprintf(num, sizeof(num), ZEND_LONG_FMT, Z_LVAL_P(v)));
	}
}

static bool php_page(const char *buf, size_t len, mdsync_userset *set)
{
	zval root, *results, *item;
	if (php_json_decode_ex(&root, buf, len, PHP_JSON_OBJECT_AS_ARRAY, 65) != SUCCESS) {
		return false;
	}
	results = zend_hash_str_find(Z_ARRVAL(root), "results", sizeof("results") - 1);
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(results), item) {
		int f;
		zval *v;
		mdsync_userset_add(set);
		for (f = 0; f < MDSYNC_F_COUNT; f++) {
			if (map[f]) {
				take_zval(set, (mdsync_field) f, zend_hash_str_find(Z_ARRVAL_P(item), map[f], strlen(map[f])));
			}
		}
		mdsync_userset_resolve_djangoid(set);
		v = zend_hash_str_find(Z_ARRVAL_P(item), "is_active", sizeof("is_active") - 1);
		set->users[set->count - 1].suspended = v && Z_TYPE_P(v) == IS_FALSE;
	} ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&root);
	return true;
}
/* }}} */

/* {{{ PHP's parser through php_json_parser_methods: no arrays built, each member taken as the
 * parser hands it over (its strings are still made as zend_strings, keys included) */
static mdsync_userset *hook_set;

static int hook_null_create(php_json_parser *parser, zval *z)
{
	ZVAL_NULL(z);
	return SUCCESS;
}

static int hook_append(php_json_parser *parser, zval *array, zval *v)
{
	zval_ptr_dtor(v);
	return SUCCESS;
}

static int hook_object_start(php_json_parser *parser)
{
	if (parser->depth == 4) { /* a user (PHP 8.2 counts the page at 2, 'results' 3, a user 4) */
		mdsync_userset_add(hook_set);
	}
	return SUCCESS;
}

static int hook_object_end(php_json_parser *parser, zval *object)
{
	if (parser->depth == 3) {
		mdsync_userset_resolve_djangoid(hook_set);
	}
	return SUCCESS;
}

static int hook_update(php_json_parser *parser, zval *object, zend_string *key, zval *v)
{
	if (parser->depth == 4) {
		int f;
		for (f = 0; f < MDSYNC_F_COUNT; f++) {
			if (map[f] && zend_string_equals_cstr(key, map[f], strlen(map[f]))) {
				take_zval(hook_set, (mdsync_field) f, v);
			}
		}
		if (zend_string_equals_literal(key, "is_active")) {
			hook_set->users[hook_set->count - 1].suspended = Z_TYPE_P(v) == IS_FALSE;
		}
	}
	zend_string_release_ex(key, 0);
	zval_ptr_dtor(v);
	return SUCCESS;
}

static bool hooks_page(const char *buf, size_t len, mdsync_userset *set)
{
	static const php_json_parser_methods methods = {
		hook_null_create, hook_append, NULL, NULL, hook_null_create, hook_update, hook_object_start, hook_object_end,
	};
	php_json_parser parser;
	zval root;
	hook_set = set;
	php_json_parser_init_ex(&parser, &root, buf, len, PHP_JSON_OBJECT_AS_ARRAY, 65, &methods);
	if (php_json_parse(&parser) != SUCCESS) {
		return false;
	}
	zval_ptr_dtor(&root);
	return true;
}
/* }}} */

static bool read_mdsync(const char *buf, size_t len, mdsync_userset *set, const mdsync_fieldmap *fm)
{
	mdsync_page pg;
	char why[256];
	bool ok;
	memset(&pg, 0, sizeof(pg));
	pg.fm = fm;
	pg.max_records = SIZE_MAX;
	ok = mdsync_page_read(buf, len, &pg, set, why, sizeof(why));
	if (!ok) {
		fprintf(stderr, "mdsync: %s\n", why);
	}
	mdsync_page_dtor(&pg);
	return ok;
}

/* What callgrind counts (--toggle-collect=bench_parse): every page read into one store. */
__attribute__((noinline)) void bench_parse(const char *mode, char **pages, size_t *lens, int n, const mdsync_fieldmap *fm,
	mdsync_userset *set)
{
	int p;
	for (p = 0; p < n; p++) {
		bool ok = strcmp(mode, "json-c") == 0 ? jsonc_page(pages[p], lens[p], set)
			: strcmp(mode, "php") == 0 ? php_page(pages[p], lens[p], set)
			: strcmp(mode, "php-hooks") == 0 ? hooks_page(pages[p], lens[p], set)
			: read_mdsync(pages[p], lens[p], set, fm);
		if (!ok) {
			fprintf(stderr, "%s: page %d failed\n", mode, p + 1);
			exit(1);
		}
	}
}

/* Every way must store the same users: a checksum of every field and flag. */
static uint32_t store_sum(const mdsync_userset *s)
{
	uint32_t h = 2166136261u;
	size_t i;
	int f;
	for (i = 0; i < s->count; i++) {
		for (f = 0; f < MDSYNC_F_COUNT; f++) {
			const char *v = mdsync_user_get(s, &s->users[i], (mdsync_field) f);
			for (; v && *v; v++) {
				h = (h ^ (unsigned char) *v) * 16777619u;
			}
			h = (h ^ (v ? 1u : 2u)) * 16777619u;
		}
		h = (h ^ (s->users[i].suspended ? 3u : 4u)) * 16777619u;
	}
	return h;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "mdsync";
	int pages = argc > 2 ? atoi(argv[2]) : 100;
	size_t *lens, bytes = 0, users;
	char **data, why[256];
	mdsync_userset set;
	mdsync_fieldmap fm;
	int p;

	if (pages < 1 || (strcmp(mode, "mdsync") && strcmp(mode, "json-c") && strcmp(mode, "php") && strcmp(mode, "php-hooks"))) {
		fprintf(stderr, "usage: json_bench mdsync|json-c|php|php-hooks [pages of 1000 users]\n");
		return 2;
	}
	php_embed_module.php_ini_ignore = 1;
	if (php_embed_init(0, NULL) != SUCCESS) {
		return 2;
	}
	zend_set_memory_limit((size_t) 4 << 30);
	mdsync_fieldmap_compile(&fm, map, why, sizeof(why));
	lens = malloc(sizeof(size_t) * (size_t) pages);
	data = make_pages(pages, lens);
	for (p = 0; p < pages; p++) {
		bytes += lens[p];
	}
	mdsync_userset_init(&set);
	bench_parse(mode, data, lens, pages, &fm, &set);
	users = set.count;
	printf("%s: %zu users from %d pages, %zu bytes, store checksum %08x\n", mode, users, pages, bytes, store_sum(&set));
	mdsync_userset_dtor(&set);
	for (p = 0; p < pages; p++) {
		free(data[p]);
	}
	free(data);
	free(lens);
	php_embed_shutdown();
	return users == (size_t) pages * PAGE_SIZE ? 0 : 1;
}
