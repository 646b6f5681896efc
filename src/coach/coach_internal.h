// backstride coach internals: the compiled-in catalogue (src/coach/exercises_data.c, generated).
#ifndef BKS_COACH_INTERNAL_H
#define BKS_COACH_INTERNAL_H

#include <stddef.h>

#include "backstride/coach.h"

extern const bks_exercise bks__exercises[];
extern const size_t bks__nexercises;

#endif
