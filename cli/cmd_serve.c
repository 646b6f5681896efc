// backstride serve [--port N] [--bind ADDR]: the report's pages live, with forms, on
// libmicrohttpd (src/web). Runs until SIGINT or SIGTERM, then stops cleanly and exits 0.
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/status.h"
#include "backstride/app.h"
#include "backstride/web.h"
#include "json_cli.h"
#include "lumbar_cli.h"

static int cmd_serve(const cli_global *g, int argc, char **argv);

const cli_cmd cli_serve_cmd = {
    "serve", cmd_serve, "serve the report's pages live, with forms, on 127.0.0.1",
    "usage: backstride serve [--port N] [--bind ADDR] [--threads N] [--max-upload-mb N]\n"
    "                        [--request-timeout S]\n\n"
    "Serves the library as a local dashboard: overview (weekly distance and lumbar dose, the\n"
    "acute:chronic band, pain), runs and a page per run, findings, plan, what-if, shoes, and\n"
    "forms to log pain, sessions, interventions and shoes, set the profile, answer the\n"
    "screening questions and import files by upload. Prints the URL, then serves until\n"
    "SIGINT (Ctrl-C) or SIGTERM. --json prints {\"url\": ...} instead of the bare URL.\n\n"
    "  --port N          port to listen on (default 8765; 0: any free port)\n"
    "  --bind ADDR       IPv4 or IPv6 address (default 127.0.0.1: only this machine). Another\n"
    "                    address shows your health data to that network: there is no login\n"
    "  --threads N       worker threads (default 4)\n"
    "  --max-upload-mb N largest upload (default 32)\n"
    "  --request-timeout S  longest a request may take to send its body (default 120 s;\n"
    "                    an idle connection is closed after 15 s)\n\n"
    "Every form carries a per-run CSRF token; request bodies, headers, connections and idle\n"
    "time are bounded; no path from a request reaches the file system.\n"
    "Exit: 0 stopped by a signal; 64 bad arguments; 66 or 74 when the library cannot be opened\n"
    "or the port cannot be bound; 70 when built without web support.\n"};

static int uint_option(const char *name, const char *v, unsigned lo, unsigned hi, unsigned *out) {
  long long x;
  if (lcli_whole("serve", name, v, lo, hi, &x)) return EXIT_USAGE;
  *out = (unsigned)x;
  return 0;
}

// the server's messages (why a page or a form failed) on stderr, one line each; printed even with
// --quiet, as the browser is told to look here. One fprintf per line: whole lines from threads.
static void serve_log(void *ctx, int rc, const char *msg) {
  (void)ctx;
  (void)rc;
  fprintf(stderr, "backstride serve: %s\n", msg);
}

static int cmd_serve(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_serve_cmd);
  bks_web_cfg cfg;
  bks_web_default_cfg(&cfg);
  cfg.port = 8765;
  cfg.log = serve_log;
  unsigned mb = 32;
  for (int i = 1; i < argc; i++) {
    const char *v;
    int r, ex = 0;
    if ((r = lcli_option("serve", "--port", argc, argv, &i, &v)) != 0) {
      ex = r < 0 ? EXIT_USAGE : uint_option("--port", v, 0, 65535, &cfg.port);
    } else if ((r = lcli_option("serve", "--bind", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      cfg.bind = v;
    } else if ((r = lcli_option("serve", "--threads", argc, argv, &i, &v)) != 0) {
      ex = r < 0 ? EXIT_USAGE : uint_option("--threads", v, 1, 64, &cfg.threads);
    } else if ((r = lcli_option("serve", "--request-timeout", argc, argv, &i, &v)) != 0) {
      ex = r < 0 ? EXIT_USAGE : uint_option("--request-timeout", v, 1, 3600, &cfg.max_request_s);
    } else if ((r = lcli_option("serve", "--max-upload-mb", argc, argv, &i, &v)) != 0) {
      ex = r < 0 ? EXIT_USAGE : uint_option("--max-upload-mb", v, 1, 4096, &mb);
    } else {
      return cli_unknown_arg(&cli_serve_cmd, NULL, argv[i]);
    }
    if (ex) return ex;
  }
  cfg.max_body = (size_t)mb << 20;
  char path[4096];
  if (g->db) {
    snprintf(path, sizeof path, "%s", g->db);
  } else if (bks_library_default_path(path, sizeof path) < 0) {
    cli_err("backstride serve: no library path: set --db PATH or HOME");
    return EXIT_USAGE;
  }
  cfg.db_path = path;

  // the signals are taken by sigwait below: block them before the server's threads start, so
  // every thread inherits the mask and none is interrupted (no handler, no global flag)
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);

  bks_web *w = NULL;
  char err[512] = "";
  int rc = bks_web_start(&cfg, &w, err, sizeof err);
  if (rc < 0) {
    cli_err("backstride serve: %s", err);
    return rc == BKS_E_UNSUPPORTED ? EXIT_SOFTWARE
           : rc == BKS_E_INVAL     ? EXIT_USAGE
           : rc == BKS_E_OPEN      ? EXIT_NOINPUT
           : rc == BKS_E_NOMEM     ? EXIT_SOFTWARE
                                   : EXIT_IOERR;
  }
  int v6 = strchr(cfg.bind, ':') != NULL;
  char url[128];
  snprintf(url, sizeof url, "http://%s%s%s:%u/", v6 ? "[" : "", cfg.bind, v6 ? "]" : "",
           bks_web_port(w));
  if (g->json) {
    cli_json_print_kv_str("serve", "url", url, stdout);
  } else {
    printf("%s\n", url);
  }
  fflush(stdout);
  if (!g->quiet) {
    fprintf(stderr, "backstride serve: serving %s; Ctrl-C stops\n", path);
  }
  // said even with --quiet: the one thing a user must not miss
  if (!bks_web_loopback(w)) {
    fprintf(stderr,
            "backstride serve: warning: %s is not a loopback address: anyone who can reach "
            "it can read this library's health data and change it (there is no login)\n",
            cfg.bind);
  }
  int sig = 0;
  while (sigwait(&stop, &sig) != 0) {
  }
  if (!g->quiet) fprintf(stderr, "backstride serve: stopping (signal %d)\n", sig);
  bks_web_stop(w);
  return EXIT_OK;
}
