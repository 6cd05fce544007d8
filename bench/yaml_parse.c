/* yaml_parse.c: libyaml's own parse time over files, the baseline that
 * checking is measured against (bench/run.sh).  Reads each file and pulls
 * every event, as the loader does, and builds nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

int main(int argc, char **argv)
{
  long events = 0;
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) {
      perror(argv[i]);
      return 2;
    }
    static unsigned char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, buf, n);
    for (;;) {
      yaml_event_t ev;
      if (!yaml_parser_parse(&p, &ev)) {
        fprintf(stderr, "%s: parse error\n", argv[i]);
        break;
      }
      int done = ev.type == YAML_STREAM_END_EVENT;
      yaml_event_delete(&ev);
      events++;
      if (done)
        break;
    }
    yaml_parser_delete(&p);
  }
  printf("%ld events\n", events);
  return 0;
}
