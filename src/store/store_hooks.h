// backstride store: test hooks (declared apart from store_internal.h so that tests need no
// sqlite3.h, which only src/store includes).
#ifndef BKS_STORE_HOOKS_H
#define BKS_STORE_HOOKS_H

#include "backstride/store.h"

// Make the `n`th statement stepped by the following bks_store_add_file calls fail as if the disk
// had failed (n counts across calls; 0 turns it off). Used to prove that a file is stored whole or
// not at all.
void bks__store_set_fault(bks_store *s, long n);

#endif
