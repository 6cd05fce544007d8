/* Unit tests for regexes, stated timescales and mentions. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timescale.h"
#include "unit.h"
#include "util.h"
#include "value.h"

static struct regex *compile(const char *pat, const char *flags)
{
  char err[256];
  size_t off;
  struct regex *re = regex_compile(pat, strlen(pat), flags, err, sizeof err,
                                   &off);
  if (!re) {
    printf("FAIL compile /%s/: %s at %zu\n", pat, err, off);
    BUG("test pattern does not compile");
  }
  return re;
}

struct ts_case {
  const char *name;
  const char *text;
  const char *pat;       /* caseless */
  const char *want;      /* "10 working days", or NULL for none */
  const char *phrase;    /* the duration as written; unique in text */
};

static const struct ts_case ts_cases[] = {
  {"working days in digits",
   "An initial assessment must be completed within 10 working days of the "
   "referral.", "initial assessment", "10 working days", "10 working days"},
  {"no later than",
   "The core assessment must be completed no later than 15 working days "
   "after the strategy discussion.", "core assessment", "15 working days",
   "15 working days"},
  {"one working day", "The designated officer is informed within one working "
   "day.", "designated officer", "1 working day", "one working day"},
  {"every six months", "Child protection plans are reviewed at least every "
   "six months.", "reviewed", "6 months", "six months"},
  {"forty-five", "Complex cases are concluded within forty-five working "
   "days.", "complex cases", "45 working days", "forty-five working days"},
  {"forty five", "Complex cases are concluded within forty five working "
   "days.", "complex cases", "45 working days", "forty five working days"},
  {"twelve months", "Records of concerns are kept for twelve months.",
   "records", "12 months", "twelve months"},
  {"digits: months", "Cases are closed within 3 months.", "cases",
   "3 months", "3 months"},
  {"duration before the match", "Within 10 working days, the initial "
   "assessment must be completed.", "initial assessment", "10 working days",
   "10 working days"},
  {"no duration", "The initial assessment must be completed promptly.",
   "initial assessment", NULL, NULL},
  {"duration in another sentence", "The initial assessment is led by a "
   "social worker. It must be completed within 7 working days.",
   "initial assessment", NULL, NULL},
  {"a later sentence that matches and states one", "The initial assessment "
   "is led by a social worker. The initial assessment takes 7 working days.",
   "initial assessment", "7 working days", "7 working days"},
  {"the match's own sentence wins", "Referrals are acknowledged within 2 "
   "working days. Initial assessments take 7 working days.",
   "initial assessments", "7 working days", "7 working days"},
  {"hours are not a duration", "Strategy discussions take place within 24 "
   "hours.", "strategy", NULL, NULL},
  {"hours skipped for a later duration", "Strategy discussions take place "
   "within 24 hours and a report follows within 3 working days.",
   "strategy", "3 working days", "3 working days"},
  {"every three years", "Safeguarding training is refreshed every three "
   "years.", "training", "3 years", "three years"},
  {"annually", "Staff receive supervision annually.", "supervision",
   "1 year", "annually"},
  {"every year", "The policy is reviewed every year by the board.", "policy",
   "1 year", "every year"},
  {"a year", "The audit is repeated within a year of the inspection.",
   "audit", "1 year", "a year"},
  {"twice a year is not a year", "Meetings are held twice a year.",
   "meetings", NULL, NULL},
  {"semi-annually is not a year", "Files are audited semi-annually.",
   "files", NULL, NULL},
  {"a fortnight", "Visits happen every fortnight.", "visits", "2 weeks",
   "every fortnight"},
  {"two fortnights", "Visits happen within two fortnights.", "visits",
   "4 weeks", "two fortnights"},
  {"weeks", "The plan is agreed within 6 weeks.", "plan", "6 weeks",
   "6 weeks"},
  {"business days", "A response is sent within 5 business days.",
   "response", "5 working days", "5 business days"},
  {"calendar days", "Notice is given 14 calendar days in advance.", "notice",
   "14 days", "14 calendar days"},
  {"plain days", "Notifications to Ofsted are made at the latest within 14 "
   "days of the allegation.", "ofsted", "14 days", "14 days"},
  {"hyphenated", "The review follows a 10-day cooling-off period.", "review",
   "10 days", "10-day"},
  {"hyphenated working day", "Complaints get a 5-working-day reply.",
   "complaints", "5 working days", "5-working-day"},
  {"number in brackets", "Payment is due within ten (10) working days of "
   "invoice.", "payment", "10 working days", "ten (10) working days"},
  {"closest after the match", "Within 5 days of referral a meeting is held, "
   "and the assessment is completed within 35 working days.", "assessment",
   "35 working days", "35 working days"},
  {"closest before the match", "Within 5 days, and no later than 10 days, "
   "the plan is agreed.", "plan is agreed", "10 days", "10 days"},
  {"match inside the duration", "Decisions are made within 10 working days.",
   "working days", "10 working days", "10 working days"},
  {"line break ends a sentence", "Initial assessment\n10 working days\n",
   "initial assessment", NULL, NULL},
  {"tab-separated table row", "Initial assessment\t7 working days\n",
   "initial assessment", "7 working days", "7 working days"},
  {"1.5 days is not 5 days", "Decisions take 1.5 days.", "decisions", NULL,
   NULL},
  {"ordinals are not numbers", "Reports are due on the 10th day.", "reports",
   NULL, NULL},
  {"upper case", "THE INITIAL ASSESSMENT IS COMPLETED WITHIN TEN WORKING "
   "DAYS.", "initial assessment", "10 working days", "TEN WORKING DAYS"},
  {"no-break space", "Referrals are decided within 1\xC2\xA0working day.",
   "referrals", "1 working day", "1\xC2\xA0working day"},
  {"question and exclamation marks end sentences", "Is the assessment done? "
   "It takes 10 days! The assessment is late.", "assessment", NULL, NULL},
  {"pattern does not match", "Everything happens within 3 days.", "audit",
   NULL, NULL},
  {"word boundary before a number", "Form A10 days are counted.", "form",
   NULL, NULL},
};

static void test_stated_timescale(void)
{
  size_t n = sizeof ts_cases / sizeof ts_cases[0];
  for (size_t i = 0; i < n; i++) {
    const struct ts_case *c = &ts_cases[i];
    struct regex *re = compile(c->pat, "i");
    struct duration d = {0, DUR_DAYS};
    size_t as = 0, ae = 0;
    int r = stated_timescale(c->text, strlen(c->text), re, &d, &as, &ae);
    char name[160], got[64];
    snprintf(name, sizeof name, "timescale: %s", c->name);
    if (!c->want) {
      UNIT_EQ_INT(name, r, 0);
    } else {
      dur_format(d, got, sizeof got);
      UNIT_CHECK(name, r == 1 && strcmp(got, c->want) == 0,
                 "got %d '%s', want '%s'", r, r == 1 ? got : "", c->want);
      const char *p = strstr(c->text, c->phrase);
      size_t ws = p ? (size_t)(p - c->text) : 0;
      snprintf(name, sizeof name, "timescale: %s: phrase", c->name);
      UNIT_CHECK(name, r == 1 && as == ws && ae == ws + strlen(c->phrase),
                 "got [%zu, %zu) '%.*s', want [%zu, %zu)", as, ae,
                 (int)(ae > as ? ae - as : 0), c->text + as, ws,
                 ws + strlen(c->phrase));
    }
    regex_free(re);
  }
}

static void test_regex(void)
{
  char err[256];
  size_t off = 99;
  struct regex *re = regex_compile("(ab", 3, NULL, err, sizeof err, &off);
  UNIT_CHECK("regex: unbalanced parenthesis fails", re == NULL
             && strstr(err, "parenthesis") && off == 3, "got '%s' at %zu",
             re ? "(compiled)" : err, off);
  re = regex_compile("ab", 2, "iq", err, sizeof err, &off);
  UNIT_CHECK("regex: unknown flag fails", re == NULL, "compiled");
  UNIT_EQ_STR("regex: unknown flag message", err,
              "unknown flag 'q' (use i, m, s or x)");
  UNIT_EQ_INT("regex: unknown flag offset is its place in /ab/iq", off, 4);
  re = regex_compile("ab", 2, "q", NULL, 0, NULL);
  UNIT_CHECK("regex: err and erroff may be NULL", re == NULL, "compiled");

  size_t s, e;
  re = compile("b+", NULL);
  UNIT_CHECK("regex: search", regex_search(re, "aabbbc", 6, 0, &s, &e) == 1
             && s == 2 && e == 5, "got %zu..%zu", s, e);
  UNIT_CHECK("regex: search from inside a match",
             regex_search(re, "aabbbc", 6, 4, &s, &e) == 1 && s == 4 && e == 5,
             "got %zu..%zu", s, e);
  UNIT_EQ_INT("regex: no match after from", regex_search(re, "aabbbc", 6, 5,
                                                          &s, &e), 0);
  UNIT_EQ_INT("regex: from past the end", regex_search(re, "abc", 3, 9, &s,
                                                        &e), 0);
  UNIT_EQ_INT("regex: length bounds the subject", regex_search(re, "aab", 2,
                                                               0, &s, &e), 0);
  regex_free(re);

  re = compile("caf\xC3\xA9", "i");
  UNIT_CHECK("regex: caseless UTF-8", regex_search(re, "A CAF\xC3\x89.", 8,
                                                   0, &s, &e) == 1
             && s == 2 && e == 7, "got %zu..%zu", s, e);
  regex_free(re);
  re = compile("^\\w+$", "m");
  UNIT_CHECK("regex: multiline and Unicode \\w",
             regex_search(re, "a b\ncaf\xC3\xA9\n", 10, 0, &s, &e) == 1
             && s == 4 && e == 9, "got %zu..%zu", s, e);
  regex_free(re);
  re = compile("a.b", "s");
  UNIT_EQ_INT("regex: dot matches newline with s", regex_search(re, "a\nb", 3,
                                                                0, &s, &e), 1);
  regex_free(re);
  re = compile("a.b", NULL);
  UNIT_EQ_INT("regex: dot does not match newline", regex_search(re, "a\nb", 3,
                                                                0, &s, &e), 0);
  regex_free(re);
  re = compile("a b # comment", "x");
  UNIT_EQ_INT("regex: extended", regex_search(re, "xab", 3, 0, &s, &e), 1);
  regex_free(re);
  re = compile("b", NULL);
  UNIT_EQ_INT("regex: invalid UTF-8 in a subject is not an error",
              regex_search(re, "\xFF\xFE" "b", 3, 0, &s, &e), 1);
  UNIT_EQ_INT("regex: empty subject", regex_search(re, NULL, 0, 0, &s, &e),
              0);
  regex_free(re);

  /* Catastrophic backtracking stops at the match limit. */
  enum { N = 100000 };
  char *subject = xmalloc(N + 1);
  memset(subject, 'a', N - 1);
  subject[N - 1] = 'b';
  subject[N] = '\0';
  const char *const evil[] = {"(a+)+$", "(a|aa)+$", "^(a|a?)+$"};
  for (size_t i = 0; i < sizeof evil / sizeof evil[0]; i++) {
    re = compile(evil[i], NULL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int r = regex_search(re, subject, N, 0, &s, &e);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec)
                  + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    char name[96];
    snprintf(name, sizeof name, "regex: /%s/ hits the limit", evil[i]);
    UNIT_EQ_INT(name, r, -1);
    snprintf(name, sizeof name, "regex: /%s/ stops quickly", evil[i]);
    UNIT_CHECK(name, secs < 2.0, "took %.2f s", secs);
    struct duration d;
    size_t as, ae;
    snprintf(name, sizeof name, "timescale: /%s/ error is -1", evil[i]);
    UNIT_EQ_INT(name, stated_timescale(subject, N, re, &d, &as, &ae), -1);
    regex_free(re);
  }
  free(subject);
}

static void test_mentions(void)
{
  static const struct {
    const char *text, *phrase;
    bool want;
  } cases[] = {
    {"Staff have CRB checks.", "CRB", true},
    {"Staff have CRBX checks.", "CRB", false},
    {"Staff have XCRB checks.", "CRB", false},
    {"Staff have crb checks.", "CRB", true},
    {"Checked against List 99 before starting.", "List 99", true},
    {"Checked against list 99.", "LIST 99", true},
    {"Checked against List 999.", "List 99", false},
    {"Checked against List  99.", "List 99", true},
    {"Checked against List\n99.", "List 99", true},
    {"Checked against List\xC2\xA0" "99.", "List 99", true},
    {"Checked against List99.", "List 99", false},
    {"(CRB)", "CRB", true},
    {"CRB", "CRB", true},
    {"\xE2\x80\x9C" "audit\xE2\x80\x9D", "audit", true},
    {"the audit\xE2\x80\x99s findings", "audit", true},
    {"audit\xC3\xA9", "audit", false},
    {"under s.11 of the Act", "s.11", true},
    {"under s110 of the Act", "s11", false},
    {"a_audit", "audit", false},
    {"anything", "", false},
    {"anything", "  ", false},
    {"", "audit", false},
    {"an audit", " audit ", true},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char name[160];
    snprintf(name, sizeof name, "mentions: '%s' in '%s'", cases[i].phrase,
             cases[i].text);
    for (char *p = name; *p; p++)
      if (*p == '\n')
        *p = ' ';
    bool got = text_mentions(cases[i].text, strlen(cases[i].text),
                             cases[i].phrase, strlen(cases[i].phrase));
    UNIT_EQ_INT(name, got, cases[i].want);
  }
}

int main(void)
{
  test_stated_timescale();
  test_regex();
  test_mentions();
  printf("%d passed, %d failed\n", unit_passed_, unit_failed_);
  return unit_end();
}
