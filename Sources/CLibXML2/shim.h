#ifndef SMILEY_CLIBXML2_SHIM_H
#define SMILEY_CLIBXML2_SHIM_H

/* libxml2, loaded at run time.
 *
 * Nothing links libxml2: Debian's build pulls in the system ICU (libicuuc, the 30 MB libicudata), zlib and liblzma,
 * which cost every `smiley ingest` process about a millisecond to map and relocate — also for the plain-text
 * replies that never reach an HTML parser. SmileyHTML calls clibxml2_load() once, on its first parse, and calls
 * every function through the returned table. The headers are still used for the types and constants.
 *
 * Debian's libxml2 headers pull in system ICU when LIBXML_ICU_ENABLED is set; ICU's types then clash with
 * Foundation's own copy and a clean build fails *sometimes*. Undefine it before any other libxml header. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlstring.h>

#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/// The libxml2 functions Smiley uses, resolved from the shared library.
typedef struct clibxml2_api {
    void *library;
    void (*initParser)(void);
    htmlParserCtxtPtr (*htmlNewParserCtxt)(void);
    void (*htmlFreeParserCtxt)(htmlParserCtxtPtr);
    htmlDocPtr (*htmlCtxtReadMemory)(htmlParserCtxtPtr, const char *, int, const char *, const char *, int);
    xmlParserCtxtPtr (*xmlNewParserCtxt)(void);
    void (*xmlFreeParserCtxt)(xmlParserCtxtPtr);
    xmlDocPtr (*xmlCtxtReadMemory)(xmlParserCtxtPtr, const char *, int, const char *, const char *, int);
    void (*xmlFreeDoc)(xmlDocPtr);
    xmlNodePtr (*xmlDocGetRootElement)(const xmlDoc *);
    long (*xmlGetLineNo)(const xmlNode *);
    xmlAttrPtr (*xmlHasProp)(const xmlNode *, const xmlChar *);
    xmlChar *(*xmlGetProp)(const xmlNode *, const xmlChar *);
    xmlChar *(*xmlNodeListGetString)(xmlDocPtr, const xmlNode *, int);
    /// libxml2's deallocator (`xmlFree` is a variable holding it).
    xmlFreeFunc free;
} clibxml2_api;

#define CLIBXML2_RESOLVE(api, field, name)                                 \
    do {                                                                   \
        *(void **)(&(api)->field) = dlsym((api)->library, name);           \
        if ((api)->field == NULL) {                                        \
            snprintf(error, error_size, "libxml2 has no symbol %s", name); \
            dlclose((api)->library);                                       \
            (api)->library = NULL;                                         \
            return -1;                                                     \
        }                                                                  \
    } while (0)

/// Loads libxml2 (`libxml2.so.2`, else `libxml2.so`), resolves every function into `api` and initializes the
/// parser (libxml2 asks for that once, before parsing on several threads). Returns 0 on success; -1 with a
/// message in `error` otherwise.
static inline int clibxml2_load(clibxml2_api *api, char *error, size_t error_size) {
    memset(api, 0, sizeof *api);
    api->library = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL);
    if (api->library == NULL) api->library = dlopen("libxml2.so", RTLD_NOW | RTLD_LOCAL);
    if (api->library == NULL) {
        const char *reason = dlerror();
        snprintf(error, error_size, "cannot load libxml2: %s", reason ? reason : "unknown reason");
        return -1;
    }
    CLIBXML2_RESOLVE(api, initParser, "xmlInitParser");
    CLIBXML2_RESOLVE(api, htmlNewParserCtxt, "htmlNewParserCtxt");
    CLIBXML2_RESOLVE(api, htmlFreeParserCtxt, "htmlFreeParserCtxt");
    CLIBXML2_RESOLVE(api, htmlCtxtReadMemory, "htmlCtxtReadMemory");
    CLIBXML2_RESOLVE(api, xmlNewParserCtxt, "xmlNewParserCtxt");
    CLIBXML2_RESOLVE(api, xmlFreeParserCtxt, "xmlFreeParserCtxt");
    CLIBXML2_RESOLVE(api, xmlCtxtReadMemory, "xmlCtxtReadMemory");
    CLIBXML2_RESOLVE(api, xmlFreeDoc, "xmlFreeDoc");
    CLIBXML2_RESOLVE(api, xmlDocGetRootElement, "xmlDocGetRootElement");
    CLIBXML2_RESOLVE(api, xmlGetLineNo, "xmlGetLineNo");
    CLIBXML2_RESOLVE(api, xmlHasProp, "xmlHasProp");
    CLIBXML2_RESOLVE(api, xmlGetProp, "xmlGetProp");
    CLIBXML2_RESOLVE(api, xmlNodeListGetString, "xmlNodeListGetString");
    xmlFreeFunc *freeVariable = (xmlFreeFunc *)dlsym(api->library, "xmlFree");
    if (freeVariable == NULL || *freeVariable == NULL) {
        snprintf(error, error_size, "libxml2 has no symbol xmlFree");
        dlclose(api->library);
        api->library = NULL;
        return -1;
    }
    api->free = *freeVariable;
    api->initParser();
    return 0;
}
#undef CLIBXML2_RESOLVE

/// The marker a SAX handler block must carry for libxml2 to use its structured error callback (`serror`).
static inline unsigned int clibxml2_sax2_magic(void) { return XML_SAX2_MAGIC; }

#endif
