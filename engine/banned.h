/* banned.h: functions that are too easy to misuse.  Included last. */
#ifndef DUTYCHECK_BANNED_H
#define DUTYCHECK_BANNED_H

#define BANNED(f) sorry_##f##_is_banned
#undef strcpy
#define strcpy(a, b) BANNED(strcpy)
#undef strcat
#define strcat(a, b) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef strtok
#define strtok(a, b) BANNED(strtok)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)

#endif
