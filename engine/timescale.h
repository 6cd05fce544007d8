/* timescale.h: regular expressions (PCRE2) and the phrases rules look for
 * in document text: stated timescales and mentions.
 *
 * Text is UTF-8.  Matching is bounded: a regex that backtracks too much
 * stops with an error instead of running on. */
#ifndef DUTYCHECK_TIMESCALE_H
#define DUTYCHECK_TIMESCALE_H

#include <stdbool.h>
#include <stddef.h>

#include "value.h"

/* A compiled pattern (JIT-compiled when available) and its match limits:
 * 100000 backtracking steps, depth 10000. */
struct regex;

/* Compile pat[0..len) (PCRE2 syntax, UTF and Unicode properties); flags is
 * a NUL-terminated string of 'i' (caseless), 'm' (multiline), 's' (dot
 * matches newline) and 'x' (extended), or NULL.  Returns a regex to free
 * with regex_free, or NULL with a message in err and, in *erroff, the
 * offset of the problem in the pattern (for a bad flag: len + 1 + its index,
 * its place in "/pat/flags").  err and erroff may be NULL. */
struct regex *regex_compile(const char *pat, size_t len, const char *flags,
                            char *err, size_t errsize, size_t *erroff);
void regex_free(struct regex *re);

/* The first match in subject[0..len) starting at or after from: 1 with its
 * byte range in *mstart, *mend; 0 if there is none; -1 if matching failed
 * (the match limit was hit, or another error). */
int regex_search(const struct regex *re, const char *subject, size_t len,
                 size_t from, size_t *mstart, size_t *mend);

/* The duration stated in the first sentence of text[0..len) that both
 * matches re and states one: "within 10 working days", "no later than
 * fifteen working days", "at least every six months", "within a year",
 * "annually".  Sentences end at ". ", "! ", "? " and at line breaks.  In
 * that sentence, the duration containing or closest after the match wins,
 * else the closest before it.  Returns 1 with *out and the phrase's byte
 * range (e.g. "10 working days") in *at_start, *at_end; 0 if no sentence
 * qualifies; -1 if matching failed.  Hours and minutes are not durations. */
int stated_timescale(const char *text, size_t len, const struct regex *re,
                     struct duration *out, size_t *at_start, size_t *at_end);

/* Whether text[0..len) contains phrase[0..plen) as whole words, ignoring
 * ASCII case; a space in the phrase matches any run of blanks or line
 * breaks.  Empty phrases are never found. */
bool text_mentions(const char *text, size_t len, const char *phrase,
                   size_t plen);

#endif
