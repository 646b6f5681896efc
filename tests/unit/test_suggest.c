// "Did you mean" (cli/suggest.c): the edit distance on known pairs, its symmetry and bounds, and
// which words cli_suggest offers and which it does not.
#include <stddef.h>
#include <string.h>

#include "harness.h"
#include "suggest.h"

BKS_TEST(distance_known_pairs) {
  BKS_CHECK_EQ_INT(cli_edit_distance("", ""), 0);
  BKS_CHECK_EQ_INT(cli_edit_distance("", "abc"), 3);
  BKS_CHECK_EQ_INT(cli_edit_distance("abc", ""), 3);
  BKS_CHECK_EQ_INT(cli_edit_distance("import", "import"), 0);
  BKS_CHECK_EQ_INT(cli_edit_distance("imprt", "import"), 1);    // deletion
  BKS_CHECK_EQ_INT(cli_edit_distance("analyse", "analyze"), 1); // substitution
  BKS_CHECK_EQ_INT(cli_edit_distance("imoprt", "import"), 1);   // swap of neighbours
  BKS_CHECK_EQ_INT(cli_edit_distance("kitten", "sitting"), 3);
  BKS_CHECK_EQ_INT(cli_edit_distance("ca", "abc"), 3); // optimal string alignment, not 2
  BKS_CHECK_EQ_INT(cli_edit_distance("--weight", "--height"), 1);
}

BKS_TEST(distance_ignores_case) {
  BKS_CHECK_EQ_INT(cli_edit_distance("IMPORT", "import"), 0);
  BKS_CHECK_EQ_INT(cli_edit_distance("Analyse", "analyze"), 1);
}

BKS_TEST(distance_symmetric_and_bounded) {
  static const char *const w[] = {
      "",       "a",          "ab",   "ba", "plan", "load", "runs", "show", "herniated_disc",
      "--mass", "--lean-deg", "xyzzy"};
  size_t n = sizeof w / sizeof w[0];
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < n; j++) {
      size_t d = cli_edit_distance(w[i], w[j]), la = strlen(w[i]), lb = strlen(w[j]);
      BKS_CHECK_EQ_INT(d, cli_edit_distance(w[j], w[i]));
      BKS_CHECK(d <= (la > lb ? la : lb));
      BKS_CHECK(d >= (la > lb ? la - lb : lb - la));
      BKS_CHECK((d == 0) == (strcmp(w[i], w[j]) == 0));
    }
  }
}

BKS_TEST(distance_long_words) {
  char a[CLI_SUGGEST_MAX + 2];
  memset(a, 'a', sizeof a - 1);
  a[sizeof a - 1] = '\0';
  BKS_CHECK(cli_edit_distance(a, "a") == CLI_EDIT_FAR);
  a[CLI_SUGGEST_MAX] = '\0';
  BKS_CHECK_EQ_INT(cli_edit_distance(a, a), 0);
}

BKS_TEST(suggest_close_words) {
  static const char *const cmds[] = {"import", "runs", "show", "analyze", "whatif", "load", "plan"};
  BKS_CHECK_STR(cli_suggest("analyse", cmds, 7), "analyze");
  BKS_CHECK_STR(cli_suggest("imprt", cmds, 7), "import");
  BKS_CHECK_STR(cli_suggest("RUNS", cmds, 7), "runs");
  BKS_CHECK_STR(cli_suggest("run", cmds, 7), "runs");
  BKS_CHECK(cli_suggest("x", cmds, 7) == NULL);
  BKS_CHECK(cli_suggest("report", cmds, 7) == NULL);
  BKS_CHECK(cli_suggest("zzzzzzz", cmds, 7) == NULL);
  static const char *const opts[] = {"--mass", "--height", "--weekly-km", "--weekly-minutes"};
  BKS_CHECK_STR(cli_suggest("--mas", opts, 4), "--mass");
  BKS_CHECK_STR(cli_suggest("--hieght", opts, 4), "--height");
  BKS_CHECK(cli_suggest("--weekly", opts, 4) == NULL); // two options start with it
  BKS_CHECK_STR(cli_suggest("--weekly-k", opts, 4), "--weekly-km");
  static const char *const conds[] = {"herniated_disc", "past_back_pain", NULL, "pregnancy"};
  BKS_CHECK_STR(cli_suggest("herniated", conds, 4), "herniated_disc"); // the one it starts
  BKS_CHECK_STR(cli_suggest("pregnacy", conds, 4), "pregnancy");
  BKS_CHECK(cli_suggest("anything", NULL, 0) == NULL);
}

BKS_TEST_MAIN(BKS_CASE(distance_known_pairs), BKS_CASE(distance_ignores_case),
              BKS_CASE(distance_symmetric_and_bounded), BKS_CASE(distance_long_words),
              BKS_CASE(suggest_close_words))
