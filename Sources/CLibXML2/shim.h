#ifndef SMILEY_CLIBXML2_SHIM_H
#define SMILEY_CLIBXML2_SHIM_H

/* Debian's libxml2 headers pull in system ICU when LIBXML_ICU_ENABLED is set; ICU's types then clash with
   Foundation's own copy and a clean build fails *sometimes*. Undefine it before any other libxml header. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlstring.h>

/// Frees memory libxml2 allocated (`xmlFree` is a global function pointer, which Swift 6 cannot call).
static inline void clibxml2_free(void *pointer) { xmlFree(pointer); }

/// The libxml2 version these headers describe, e.g. "2.9.14".
static inline const char *clibxml2_dotted_version(void) { return LIBXML_DOTTED_VERSION; }

/// The marker a SAX handler block must carry for libxml2 to use its structured error callback (`serror`).
static inline unsigned int clibxml2_sax2_magic(void) { return XML_SAX2_MAGIC; }

#endif
