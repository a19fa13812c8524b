/* mdsync fuzz harness: a Django users page through the reader the client itself uses (src/django_page.c). */
#include "embed.h"
#include "src/django_page.h"
#include "src/users.h"
#include <stdint.h>
#include <string.h>

/* Field maps the client may run with: the default, another API's names (nested, inverted). */
static const char *const maps[3][MDSYNC_F_COUNT + 1] = {
	{ "id", "username", "email", "first_name", "last_name", "edeboid", "iasid", "id", NULL, "!is_active" },
	{ "user_id", "login", "mail", "name_first", "name_last", "profile.edebo_id", "profile.ias_id", "user_id", "auth", "!active" },
	{ "id", "username", "email", NULL, NULL, "a.b.c", "a.b.d", "uuid", NULL, "suspended" },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	mdsync_fuzz_php_start();
	return 0;
}

static void check_store(const mdsync_userset *set, const mdsync_page *pg)
{
	size_t i;
	int f;
	if (set->count != pg->records) {
		__builtin_trap();
	}
	for (i = 0; i < set->count; i++) {
		const char *id = mdsync_user_get(set, &set->users[i], MDSYNC_F_ID);
		if (!id || !*id || !mdsync_user_get(set, &set->users[i], MDSYNC_F_DJANGOID)) {
			__builtin_trap(); /* every stored user has an id, and a resolved djangoid */
		}
		for (f = 0; f < MDSYNC_F_COUNT; f++) {
			const char *v = mdsync_user_get(set, &set->users[i], (mdsync_field) f);
			if (v && (v < set->arena || v + strlen(v) >= set->arena + set->arena_len)) {
				__builtin_trap(); /* every value inside the arena, NUL-terminated there */
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mdsync_fieldmap fm;
	mdsync_page pg, pg2;
	mdsync_userset set;
	char why[400], why2[400], names[400];
	const char *buf = (const char *) data;
	bool ok, ok2;

	if (!mdsync_fieldmap_compile(&fm, maps[size % 3], why, sizeof(why))) {
		__builtin_trap();
	}
	mdsync_userset_init(&set);
	memset(&pg, 0, sizeof(pg));
	pg.fm = &fm;
	pg.max_records = (size / 3) % 2 ? 3 : SIZE_MAX;
	pg.max_why = "three";
	why[0] = '\0';
	ok = mdsync_page_read(buf, size, &pg, &set, why, sizeof(why));
	if (ok) {
		check_store(&set, &pg);
	} else if (!why[0] || set.count != 0 || strlen(why) >= sizeof(why)) {
		__builtin_trap(); /* a refusal says why and leaves nothing behind */
	}

	/* counting only (the status probe) decides the same */
	memset(&pg2, 0, sizeof(pg2));
	pg2.fm = &fm;
	pg2.max_records = pg.max_records;
	pg2.max_why = pg.max_why;
	ok2 = mdsync_page_read(buf, size, &pg2, NULL, why2, sizeof(why2));
	if (ok != ok2 || (ok && pg2.records != pg.records) || (!ok && strcmp(why, why2) != 0)) {
		__builtin_trap();
	}
	mdsync_page_field_names(buf, size, names, sizeof(names));
	if (strlen(names) >= sizeof(names)) {
		__builtin_trap();
	}
	mdsync_page_dtor(&pg);
	mdsync_page_dtor(&pg2);
	mdsync_userset_dtor(&set);
	return 0;
}
