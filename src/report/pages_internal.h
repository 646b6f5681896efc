// backstride — what the report's renderers share (src/report/pages.c); the gathered data they
// render is include/backstride/view.h.
#ifndef BKS_PAGES_INTERNAL_H
#define BKS_PAGES_INTERNAL_H

#include "backstride/pages.h"
#include "backstride/view.h"

#endif
