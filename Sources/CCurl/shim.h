#ifndef SMILEY_CCURL_SHIM_H
#define SMILEY_CCURL_SHIM_H

/* libcurl, loaded at run time.
 *
 * Nothing links libcurl: `smiley ingest`, started by a mail relay once per message, would otherwise pay
 * 10-20 ms to map libcurl's ~40 shared libraries it never uses. The sending side calls ccurl_load() once and
 * keeps the returned table; every call goes through it. The table holds no static state, so the header can be
 * compiled into any number of Swift files.
 *
 * curl_easy_setopt is variadic (Swift cannot call it): one typed wrapper per argument type. Macros Swift cannot
 * import are exposed as functions. All wrappers are prefixed ccurl_. */

#include <curl/curl.h>
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef CURLcode (*ccurl_setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*ccurl_getinfo_fn)(CURL *, CURLINFO, ...);

/// The libcurl functions Smiley uses, resolved from the shared library.
typedef struct ccurl_api {
    void *library;
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_send)(CURL *, const void *, size_t, size_t *);
    CURLcode (*easy_recv)(CURL *, void *, size_t, size_t *);
    const char *(*easy_strerror)(CURLcode);
    ccurl_setopt_fn easy_setopt;
    ccurl_getinfo_fn easy_getinfo;
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    curl_version_info_data *(*version_info)(CURLversion);
} ccurl_api;

#define CCURL_RESOLVE(api, field, name)                                  \
    do {                                                                 \
        *(void **)(&(api)->field) = dlsym((api)->library, name);         \
        if ((api)->field == NULL) {                                      \
            snprintf(error, error_size, "libcurl has no symbol %s", name); \
            dlclose((api)->library);                                     \
            (api)->library = NULL;                                       \
            return -1;                                                   \
        }                                                                \
    } while (0)

/// Loads libcurl (`libcurl.so.4`, else `libcurl.so`) and resolves every function into `api`.
/// Returns 0 on success; -1 with a message in `error` otherwise.
static inline int ccurl_load(ccurl_api *api, char *error, size_t error_size) {
    memset(api, 0, sizeof *api);
    api->library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (api->library == NULL) api->library = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
    if (api->library == NULL) {
        const char *reason = dlerror();
        snprintf(error, error_size, "cannot load libcurl: %s", reason ? reason : "unknown reason");
        return -1;
    }
    CCURL_RESOLVE(api, global_init, "curl_global_init");
    CCURL_RESOLVE(api, easy_init, "curl_easy_init");
    CCURL_RESOLVE(api, easy_cleanup, "curl_easy_cleanup");
    CCURL_RESOLVE(api, easy_reset, "curl_easy_reset");
    CCURL_RESOLVE(api, easy_perform, "curl_easy_perform");
    CCURL_RESOLVE(api, easy_send, "curl_easy_send");
    CCURL_RESOLVE(api, easy_recv, "curl_easy_recv");
    CCURL_RESOLVE(api, easy_strerror, "curl_easy_strerror");
    CCURL_RESOLVE(api, easy_setopt, "curl_easy_setopt");
    CCURL_RESOLVE(api, easy_getinfo, "curl_easy_getinfo");
    CCURL_RESOLVE(api, slist_append, "curl_slist_append");
    CCURL_RESOLVE(api, slist_free_all, "curl_slist_free_all");
    CCURL_RESOLVE(api, version_info, "curl_version_info");
    return 0;
}
#undef CCURL_RESOLVE

/// `CURL_GLOBAL_DEFAULT`, a macro Swift cannot import.
static inline long ccurl_global_default(void) { return CURL_GLOBAL_DEFAULT; }
/// `CURLVERSION_NOW`, a macro Swift cannot import.
static inline CURLversion ccurl_version_now(void) { return CURLVERSION_NOW; }

static inline CURLcode ccurl_setopt_long(const ccurl_api *api, CURL *h, CURLoption o, long v) {
    return api->easy_setopt(h, o, v);
}
static inline CURLcode ccurl_setopt_string(const ccurl_api *api, CURL *h, CURLoption o, const char *v) {
    return api->easy_setopt(h, o, v);
}
static inline CURLcode ccurl_setopt_pointer(const ccurl_api *api, CURL *h, CURLoption o, void *v) {
    return api->easy_setopt(h, o, v);
}
static inline CURLcode ccurl_setopt_slist(const ccurl_api *api, CURL *h, CURLoption o, struct curl_slist *v) {
    return api->easy_setopt(h, o, v);
}
typedef size_t (*ccurl_io_callback)(char *buffer, size_t size, size_t count, void *userdata);
static inline CURLcode ccurl_setopt_io_callback(const ccurl_api *api, CURL *h, CURLoption o, ccurl_io_callback v) {
    return api->easy_setopt(h, o, v);
}
typedef int (*ccurl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata);
static inline CURLcode ccurl_setopt_debug_callback(const ccurl_api *api, CURL *h, CURLoption o, ccurl_debug_callback v) {
    return api->easy_setopt(h, o, v);
}
static inline CURLcode ccurl_getinfo_long(const ccurl_api *api, CURL *h, CURLINFO i, long *v) {
    return api->easy_getinfo(h, i, v);
}
/// CURLINFO_ACTIVESOCKET: the socket of a CURLOPT_CONNECT_ONLY connection, or -1.
static inline int ccurl_active_socket(const ccurl_api *api, CURL *h) {
    curl_socket_t socket = CURL_SOCKET_BAD;
    if (api->easy_getinfo(h, CURLINFO_ACTIVESOCKET, &socket) != CURLE_OK) return -1;
    return socket == CURL_SOCKET_BAD ? -1 : (int)socket;
}

/* SMTP helpers (SmileyMail). */

/// `CURL_ERROR_SIZE`: the size CURLOPT_ERRORBUFFER's buffer must have.
static inline size_t ccurl_error_size(void) { return CURL_ERROR_SIZE; }

/// Whether the loaded libcurl lists `protocol` (lowercase, e.g. "smtp") among its protocols.
static inline int ccurl_supports_protocol(const ccurl_api *api, const char *protocol) {
    const curl_version_info_data *info = api->version_info(CURLVERSION_NOW);
    if (info == NULL || info->protocols == NULL) return 0;
    for (const char *const *p = info->protocols; *p != NULL; p++) {
        if (strcmp(*p, protocol) == 0) return 1;
    }
    return 0;
}

/// The TLS library libcurl was built with (e.g. "OpenSSL/3.0.11"), or NULL when it has no TLS.
static inline const char *ccurl_tls_backend(const ccurl_api *api) {
    const curl_version_info_data *info = api->version_info(CURLVERSION_NOW);
    if (info == NULL || (info->features & CURL_VERSION_SSL) == 0) return NULL;
    return info->ssl_version;
}

/// libcurl's version string (e.g. "7.88.1").
static inline const char *ccurl_version_string(const ccurl_api *api) {
    const curl_version_info_data *info = api->version_info(CURLVERSION_NOW);
    return info != NULL ? info->version : "unknown";
}

#endif
