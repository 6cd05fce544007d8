#include "timescale.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum { MATCH_LIMIT = 100000, DEPTH_LIMIT = 10000 };

struct regex {
  pcre2_code *code;
  pcre2_match_context *mctx;
  pcre2_jit_stack *jit; /* NULL when the pattern is not JIT-compiled */
};

static void set_err(char *err, size_t errsize, const char *msg)
{
  if (err && errsize)
    snprintf(err, errsize, "%s", msg);
}

struct regex *regex_compile(const char *pat, size_t len, const char *flags,
                            char *err, size_t errsize, size_t *erroff)
{
  /* Invalid UTF-8 in a subject never matches, instead of being an error:
   * texts are checked when loaded, and this spares a check per search. */
  uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF
                  | PCRE2_NEVER_BACKSLASH_C;
  for (size_t i = 0; flags && flags[i]; i++) {
    switch (flags[i]) {
    case 'i':
      opts |= PCRE2_CASELESS;
      break;
    case 'm':
      opts |= PCRE2_MULTILINE;
      break;
    case 's':
      opts |= PCRE2_DOTALL;
      break;
    case 'x':
      opts |= PCRE2_EXTENDED;
      break;
    default: {
      char msg[64];
      unsigned char c = (unsigned char)flags[i];
      if (c >= 0x20 && c < 0x7f)
        snprintf(msg, sizeof msg, "unknown flag '%c' (use i, m, s or x)",
                 (char)c);
      else
        snprintf(msg, sizeof msg, "unknown flag (use i, m, s or x)");
      set_err(err, errsize, msg);
      if (erroff)
        *erroff = len + 1 + i;
      return NULL;
    }
    }
  }
  int code;
  PCRE2_SIZE off;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)(pat ? pat : ""), len, opts,
                                 &code, &off, NULL);
  if (!re) {
    PCRE2_UCHAR buf[256];
    if (pcre2_get_error_message(code, buf, sizeof buf) < 0)
      set_err(err, errsize, "invalid regular expression");
    else
      set_err(err, errsize, (const char *)buf);
    if (erroff)
      *erroff = off;
    return NULL;
  }
  struct regex *r = xcalloc(1, sizeof *r);
  r->code = re;
  r->mctx = pcre2_match_context_create(NULL);
  if (!r->mctx)
    BUG("out of memory in PCRE2");
  pcre2_set_match_limit(r->mctx, MATCH_LIMIT);
  pcre2_set_depth_limit(r->mctx, DEPTH_LIMIT);
  if (pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0) {
    r->jit = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
    if (r->jit)
      pcre2_jit_stack_assign(r->mctx, NULL, r->jit);
  }
  return r;
}

void regex_free(struct regex *re)
{
  if (!re)
    return;
  pcre2_jit_stack_free(re->jit);
  pcre2_match_context_free(re->mctx);
  pcre2_code_free(re->code);
  free(re);
}

int regex_search(const struct regex *re, const char *subject, size_t len,
                 size_t from, size_t *mstart, size_t *mend)
{
  if (from > len)
    return 0;
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re->code, NULL);
  if (!md)
    BUG("out of memory in PCRE2");
  int rc = pcre2_match(re->code, (PCRE2_SPTR)(subject ? subject : ""), len,
                       from, 0, md, re->mctx);
  int ret;
  if (rc >= 0) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    *mstart = ov[0];
    *mend = ov[1] < ov[0] ? ov[0] : ov[1];
    ret = 1;
  } else {
    ret = rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
  }
  pcre2_match_data_free(md);
  return ret;
}

/* Characters. */

static bool is_alpha(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static char lower(char c)
{
  return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Letters, digits and '_'; outside ASCII, anything but the punctuation,
 * symbols and spaces that policy documents use (curly quotes, dashes, no-
 * break spaces, bullets). */
static bool word_cp(uint32_t cp)
{
  if (cp < 0x80)
    return is_alpha((char)cp) || is_digit((char)cp) || cp == '_';
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
    return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
  if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x2E00 && cp <= 0x2E7F)
      || (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFEFF)
    return false;
  return true;
}

/* The character starting at s[i] (at most n - i bytes); invalid bytes read
 * as U+FFFD, one at a time. */
static uint32_t decode_at(const char *s, size_t n, size_t i)
{
  const unsigned char *u = (const unsigned char *)s + i;
  size_t k = n - i, need;
  uint32_t cp;
  if (u[0] < 0x80)
    return u[0];
  if (u[0] >= 0xC2 && u[0] <= 0xDF)
    need = 1, cp = u[0] & 0x1F;
  else if ((u[0] & 0xF0) == 0xE0)
    need = 2, cp = u[0] & 0x0F;
  else if (u[0] >= 0xF0 && u[0] <= 0xF4)
    need = 3, cp = u[0] & 0x07;
  else
    return 0xFFFD;
  if (k <= need)
    return 0xFFFD;
  for (size_t j = 1; j <= need; j++) {
    if ((u[j] & 0xC0) != 0x80)
      return 0xFFFD;
    cp = cp << 6 | (u[j] & 0x3F);
  }
  return cp;
}

/* Whether the character ending just before s[i] is a word character. */
static bool word_before(const char *s, size_t i)
{
  if (i == 0)
    return false;
  size_t b = i - 1;
  for (int k = 0; k < 3 && b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80; k++)
    b--;
  return word_cp(decode_at(s, i, b));
}

static bool word_after(const char *s, size_t n, size_t i)
{
  return i < n && word_cp(decode_at(s, n, i));
}

/* Durations. */

/* The ASCII word at s[i..n): its end, or i if there is none. */
static size_t word_end(const char *s, size_t n, size_t i)
{
  while (i < n && is_alpha(s[i]))
    i++;
  return i;
}

static bool word_is(const char *s, size_t b, size_t e, const char *w)
{
  size_t l = strlen(w);
  if (e - b != l)
    return false;
  for (size_t i = 0; i < l; i++)
    if (lower(s[b + i]) != w[i])
      return false;
  return true;
}

static const char *const small_numbers[] = {
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
  "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
  "sixteen", "seventeen", "eighteen", "nineteen",
};

static const char *const tens[] = {
  "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
  "ninety",
};

static int word_number(const char *s, size_t b, size_t e, int lo, int hi)
{
  for (int i = lo; i <= hi; i++)
    if (word_is(s, b, e, small_numbers[i]))
      return i;
  return -1;
}

/* Blanks between words: spaces, tabs, no-break spaces.  Returns the end. */
static size_t skip_blanks(const char *s, size_t n, size_t i)
{
  for (;;) {
    if (i < n && (s[i] == ' ' || s[i] == '\t'))
      i++;
    else if (n - i >= 2 && s[i] == '\xC2' && s[i + 1] == '\xA0')
      i += 2;
    else
      return i;
  }
}

/* The gap between a number and its unit: blanks, or one hyphen ("10-day").
 * Returns the end, or i if there is none. */
static size_t skip_sep(const char *s, size_t n, size_t i)
{
  if (i < n && s[i] == '-')
    return i + 1;
  return skip_blanks(s, n, i);
}

/* A number in digits or words at s[i..n): its value and end, or false.
 * "forty-five" and "forty five" are 45. */
static bool parse_number(const char *s, size_t n, size_t i, int64_t *val,
                         size_t *end)
{
  if (is_digit(s[i])) {
    int64_t v = 0;
    size_t j = i;
    while (j < n && is_digit(s[j])) {
      if (j - i >= 7)
        return false;
      v = v * 10 + (s[j++] - '0');
    }
    if (j < n && is_alpha(s[j]))
      return false; /* "10th", "3rd" */
    *val = v, *end = j;
    return true;
  }
  size_t e = word_end(s, n, i);
  if (e == i)
    return false;
  int v = word_number(s, i, e, 0, 19);
  if (v >= 0) {
    *val = v, *end = e;
    return true;
  }
  for (int t = 0; t < 8; t++) {
    if (!word_is(s, i, e, tens[t]))
      continue;
    *val = 20 + 10 * t, *end = e;
    if (e < n && (s[e] == '-' || s[e] == ' ')) {
      size_t ue = word_end(s, n, e + 1);
      int u = word_number(s, e + 1, ue, 1, 9);
      if (u > 0 && !word_after(s, n, ue))
        *val += u, *end = ue;
    }
    return true;
  }
  return false;
}

/* A duration starting at the word s[i..n): "10 working days", "ten (10)
 * days", "a year", "every month", "two fortnights", "annually". */
static bool parse_duration(const char *s, size_t n, size_t i,
                           struct duration *out, size_t *end)
{
  size_t e = word_end(s, n, i), j;
  int64_t num;
  /* "semi-annually", "bi-annually": not one year. */
  bool compound = i >= 2 && s[i - 1] == '-' && is_alpha(s[i - 2]);
  if (word_is(s, i, e, "annually")) {
    if (compound || word_after(s, n, e))
      return false;
    out->n = 1, out->unit = DUR_YEARS, *end = e;
    return true;
  }
  if (word_is(s, i, e, "a") || word_is(s, i, e, "every")
      || word_is(s, i, e, "each")) {
    /* "twice a year" is not a year. */
    size_t pb = i;
    while (pb > 0 && (s[pb - 1] == ' ' || s[pb - 1] == '\t'))
      pb--;
    size_t pw = pb;
    while (pw > 0 && is_alpha(s[pw - 1]))
      pw--;
    if (word_is(s, pw, pb, "twice") || word_is(s, pw, pb, "times")
        || word_is(s, pw, pb, "thrice"))
      return false;
    num = 1, j = e;
  } else {
    if (compound && !is_digit(s[i]))
      return false;
    if (!parse_number(s, n, i, &num, &j))
      return false;
    /* "ten (10) working days" */
    size_t p = skip_blanks(s, n, j), q;
    int64_t again;
    if (p < n && s[p] == '(' && p + 1 < n
        && parse_number(s, n, p + 1, &again, &q) && q < n && s[q] == ')')
      j = q + 1;
  }
  size_t k = skip_sep(s, n, j);
  if (k == j)
    return false;
  size_t ue = word_end(s, n, k);
  bool working = word_is(s, k, ue, "working") || word_is(s, k, ue, "business");
  bool calendar = word_is(s, k, ue, "calendar") || word_is(s, k, ue, "clear");
  if (working || calendar) {
    size_t k2 = skip_sep(s, n, ue);
    if (k2 == ue)
      return false;
    k = k2;
    ue = word_end(s, n, k);
  }
  /* The unit, singular or plural: "a 10-day period", "10 days". */
  size_t stem = ue > k && lower(s[ue - 1]) == 's' ? ue - 1 : ue;
  enum dur_unit u;
  int64_t mult = 1;
  if (word_is(s, k, stem, "day")) {
    u = working ? DUR_WORKING_DAYS : DUR_DAYS;
  } else if (working || calendar) {
    return false;
  } else if (word_is(s, k, stem, "week")) {
    u = DUR_WEEKS;
  } else if (word_is(s, k, stem, "fortnight")) {
    u = DUR_WEEKS, mult = 2;
  } else if (word_is(s, k, stem, "month")) {
    u = DUR_MONTHS;
  } else if (word_is(s, k, stem, "year")) {
    u = DUR_YEARS;
  } else {
    return false;
  }
  if (word_after(s, n, ue))
    return false;
  out->n = num * mult, out->unit = u, *end = ue;
  return true;
}

/* The sentence around position p: after the last break before p, through
 * the first break at or after p.  A break is a line break, or . ! ? followed
 * by a blank, a line break or the end. */
static bool ends_sentence(const char *s, size_t n, size_t i)
{
  char c = s[i];
  if (c == '\n' || c == '\r')
    return true;
  if (c != '.' && c != '!' && c != '?')
    return false;
  return i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\t'
         || s[i + 1] == '\n' || s[i + 1] == '\r';
}

static size_t sentence_start(const char *s, size_t n, size_t p)
{
  while (p > 0 && !ends_sentence(s, n, p - 1))
    p--;
  return p;
}

static size_t sentence_end(const char *s, size_t n, size_t p)
{
  for (; p < n; p++)
    if (ends_sentence(s, n, p))
      return p + 1;
  return n;
}

/* Whether a duration word may start at s[i]: an ASCII letter or digit after
 * a non-word character, and no digit after "1." or "1," ("1.5 days"). */
static bool may_start(const char *s, size_t i)
{
  if (!is_alpha(s[i]) && !is_digit(s[i]))
    return false;
  if (word_before(s, i))
    return false;
  if (is_digit(s[i]) && i >= 2 && (s[i - 1] == '.' || s[i - 1] == ',')
      && is_digit(s[i - 2]))
    return false;
  return true;
}

/* In the sentence s[sb..se), the duration that contains position ms or is
 * the first after it, else the last one before it. */
static bool pick(const char *s, size_t sb, size_t se, size_t ms,
                 struct duration *out, size_t *at_start, size_t *at_end)
{
  bool have = false;
  for (size_t i = sb; i < se; i++) {
    struct duration dur;
    size_t e;
    if (!may_start(s, i) || !parse_duration(s, se, i, &dur, &e))
      continue;
    have = true;
    *out = dur, *at_start = i, *at_end = e;
    if (e > ms)
      return true;
    i = e - 1;
  }
  return have;
}

int stated_timescale(const char *text, size_t len, const struct regex *re,
                     struct duration *out, size_t *at_start, size_t *at_end)
{
  size_t from = 0;
  for (;;) {
    size_t ms, me;
    int r = regex_search(re, text, len, from, &ms, &me);
    if (r <= 0)
      return r;
    if (ms >= len)
      return 0;
    size_t sb = sentence_start(text, len, ms);
    size_t se = sentence_end(text, len, ms);
    if (pick(text, sb, se, ms, out, at_start, at_end))
      return 1;
    from = se;
  }
}

/* Mentions. */

static bool is_blank_at(const char *s, size_t n, size_t i, size_t *next)
{
  char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
    *next = i + 1;
    return true;
  }
  if (c == '\xC2' && i + 1 < n && s[i + 1] == '\xA0') {
    *next = i + 2;
    return true;
  }
  return false;
}

/* Whether phrase p[0..pn) (trimmed) matches text at s[i]; *end after it. */
static bool phrase_at(const char *s, size_t n, size_t i, const char *p,
                      size_t pn, size_t *end)
{
  size_t k = 0, nx;
  while (k < pn) {
    if (is_blank_at(p, pn, k, &nx)) {
      while (k < pn && is_blank_at(p, pn, k, &nx))
        k = nx;
      if (i >= n || !is_blank_at(s, n, i, &nx))
        return false;
      while (i < n && is_blank_at(s, n, i, &nx))
        i = nx;
      continue;
    }
    if (i >= n || lower(s[i]) != lower(p[k]))
      return false;
    i++, k++;
  }
  *end = i;
  return true;
}

bool text_mentions(const char *text, size_t len, const char *phrase,
                   size_t plen)
{
  size_t nx;
  while (plen > 0 && is_blank_at(phrase, plen, 0, &nx))
    phrase += nx, plen -= nx;
  while (plen > 0 && (phrase[plen - 1] == ' ' || phrase[plen - 1] == '\t'
                      || phrase[plen - 1] == '\n' || phrase[plen - 1] == '\r'))
    plen--;
  if (plen == 0)
    return false;
  bool word_first = word_after(phrase, plen, 0);
  bool word_last = word_before(phrase, plen);
  char first = lower(phrase[0]);
  for (size_t i = 0; i < len; i++) {
    size_t end;
    if (lower(text[i]) != first || !phrase_at(text, len, i, phrase, plen, &end))
      continue;
    if (word_first && word_before(text, i))
      continue;
    if (word_last && word_after(text, len, end))
      continue;
    return true;
  }
  return false;
}
