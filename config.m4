dnl config.m4 for the mdsync extension

PHP_ARG_ENABLE([mdsync],
  [whether to enable mdsync support],
  [AS_HELP_STRING([--enable-mdsync], [Enable mdsync (Moodle <-> Django sync)])],
  [yes])

if test "$PHP_MDSYNC" != "no"; then
  dnl libcurl >= 7.66 for curl_multi_poll, CURLINFO_RETRY_AFTER and CURLU.
  PKG_CHECK_MODULES([CURL], [libcurl >= 7.66.0])
  PHP_EVAL_LIBLINE($CURL_LIBS, MDSYNC_SHARED_LIBADD)
  PHP_EVAL_INCLINE($CURL_CFLAGS)

  PKG_CHECK_MODULES([JSONC], [json-c >= 0.13])
  PHP_EVAL_LIBLINE($JSONC_LIBS, MDSYNC_SHARED_LIBADD)
  PHP_EVAL_INCLINE($JSONC_CFLAGS)

  dnl libidn2 (IDNA 2008 / UTS #46): international email domains in one form.
  PKG_CHECK_MODULES([IDN2], [libidn2 >= 2.0.0])
  PHP_EVAL_LIBLINE($IDN2_LIBS, MDSYNC_SHARED_LIBADD)
  PHP_EVAL_INCLINE($IDN2_CFLAGS)

  dnl libunistring (case folding, normalization, character properties) ships no .pc file.
  PHP_CHECK_LIBRARY(unistring, u8_casefold,
    [PHP_ADD_LIBRARY(unistring, 1, MDSYNC_SHARED_LIBADD)],
    [AC_MSG_ERROR([libunistring not found (Debian: apt-get install libunistring-dev)])])
  AC_CHECK_HEADER([unicase.h], [], [AC_MSG_ERROR([unicase.h not found (Debian: apt-get install libunistring-dev)])])

  PHP_SUBST(MDSYNC_SHARED_LIBADD)

  PHP_NEW_EXTENSION(mdsync,
    php_mdsync.c \
    face/options.c \
    face/exceptions.c \
    face/values.c \
    face/json.c \
    face/records.c \
    face/scope.c \
    face/users.c \
    face/create.c \
    face/moodle.c \
    face/grades.c \
    face/sign.c \
    face/progress.c \
    src/vec.c \
    src/error.c \
    src/http.c \
    src/http_req.c \
    src/url.c \
    src/mem.c \
    src/jscan.c \
    src/json.c \
    src/users.c \
    src/django_fields.c \
    src/django_page.c \
    src/django_users.c \
    src/django_create.c \
    src/normalize.c \
    src/plan.c \
    src/plan_index.c \
    src/plan_scope.c \
    src/plan_create.c \
    src/plan_describe.c \
    src/moodle.c \
    src/grades.c \
    src/events.c \
    src/sign.c,
    $ext_shared,, -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 -I@ext_srcdir@)
  PHP_ADD_BUILD_DIR([$ext_builddir/face])
  PHP_ADD_BUILD_DIR([$ext_builddir/src])
  PHP_ADD_EXTENSION_DEP(mdsync, hash)
  PHP_ADD_EXTENSION_DEP(mdsync, random)
fi
