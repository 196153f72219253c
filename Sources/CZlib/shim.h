#ifndef SMILEY_CZLIB_SHIM_H
#define SMILEY_CZLIB_SHIM_H

/* zlib, loaded at run time, for DMARC aggregate reports sent as gzip or zip attachments.
 *
 * Nothing links zlib: like libxml2 (see CLibXML2/shim.h), it is mapped only by the `smiley ingest` process that
 * meets a compressed report, not by every one. SmileyInbound calls czlib_load() once and every function through
 * the returned table; the header gives the types and constants. */
#include <zlib.h>

#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/// The zlib functions Smiley uses, resolved from the shared library.
typedef struct czlib_api {
    void *library;
    int (*inflateInit2_)(z_streamp, int, const char *, int);
    int (*inflate)(z_streamp, int);
    int (*inflateEnd)(z_streamp);
    int (*inflateReset)(z_streamp);
    const char *(*zlibVersion)(void);
} czlib_api;

#define CZLIB_RESOLVE(api, field, name)                                 \
    do {                                                                \
        *(void **)(&(api)->field) = dlsym((api)->library, name);        \
        if ((api)->field == NULL) {                                     \
            snprintf(error, error_size, "zlib has no symbol %s", name); \
            dlclose((api)->library);                                    \
            (api)->library = NULL;                                      \
            return -1;                                                  \
        }                                                               \
    } while (0)

/// Loads zlib (`libz.so.1`, else `libz.so`) and resolves every function into `api`. Returns 0 on success; -1 with
/// a message in `error` otherwise.
static inline int czlib_load(czlib_api *api, char *error, size_t error_size) {
    memset(api, 0, sizeof *api);
    api->library = dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL);
    if (api->library == NULL) api->library = dlopen("libz.so", RTLD_NOW | RTLD_LOCAL);
    if (api->library == NULL) {
        const char *reason = dlerror();
        snprintf(error, error_size, "cannot load zlib: %s", reason ? reason : "unknown reason");
        return -1;
    }
    CZLIB_RESOLVE(api, inflateInit2_, "inflateInit2_");
    CZLIB_RESOLVE(api, inflate, "inflate");
    CZLIB_RESOLVE(api, inflateEnd, "inflateEnd");
    CZLIB_RESOLVE(api, inflateReset, "inflateReset");
    CZLIB_RESOLVE(api, zlibVersion, "zlibVersion");
    return 0;
}

/// `inflateInit2` (a macro in zlib.h) through the loaded table: `window_bits` 15 + 16 reads gzip, -15 raw deflate.
static inline int czlib_inflate_init(const czlib_api *api, z_streamp stream, int window_bits) {
    memset(stream, 0, sizeof *stream);
    return api->inflateInit2_(stream, window_bits, ZLIB_VERSION, (int)sizeof(z_stream));
}

#endif
