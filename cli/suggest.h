// "Did you mean ...?": the closest word of a vocabulary to a word the command line did not know.
#ifndef BKS_CLI_SUGGEST_H
#define BKS_CLI_SUGGEST_H

#include <stddef.h>

/** Words longer than this are never compared (cli_edit_distance returns CLI_EDIT_FAR). */
#define CLI_SUGGEST_MAX 64
#define CLI_EDIT_FAR ((size_t)-1)

/**
 * The edit distance between `a` and `b`, ignoring ASCII case: the optimal string alignment form
 * of Damerau-Levenshtein (an insertion, a deletion, a substitution or a swap of two neighbouring
 * characters each cost 1; a substring is edited at most once). CLI_EDIT_FAR when either is longer
 * than CLI_SUGGEST_MAX bytes.
 */
size_t cli_edit_distance(const char *a, const char *b);

/**
 * The word of `cands` (`n` words; NULL entries are skipped) closest to `word`, or NULL when none
 * is close: at distance 1 or 2 and under a third of the longer word's length, leading dashes
 * not counted (so "imprt" finds "import", "analyse" "analyze" and "--mas" "--mass", but "x" finds
 * nothing); else the one word that starts with `word` when `word` has 3 characters or more
 * ("herniated" finds "herniated_disc"). A word equal to `word` (ignoring case) is returned; ties go
 * to the earlier word.
 */
const char *cli_suggest(const char *word, const char *const *cands, size_t n);

/** cli_suggest over the words `at(i, ctx)` for i < n (a vocabulary kept behind a function). */
const char *cli_suggest_at(const char *word, size_t n, const char *(*at)(size_t i, const void *ctx),
                           const void *ctx);

#endif
