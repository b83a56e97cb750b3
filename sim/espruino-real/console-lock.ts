// Makes the Linux build's console input safe to stream into. Without it, a fast stream makes the interpreter
// run old lines again (hundreds of times over) or hang.
//
// Why: the Linux build reads stdin on a thread of its own (jshInputThread in targets/linux/jshardware.c),
// one byte at a time, and pushes each byte into the event queue (jshPushIOCharEvents in src/jsdevices.c),
// often by growing the last event in place. The main loop takes events off the same queue
// (jshPopIOEvent). On the chip the push runs in an interrupt and jshInterruptOff() keeps the two apart; on
// Linux jshInterruptOff() does nothing, so when the main loop takes the last event while the input thread
// grows it, the queue's tail ends up past its head and the main loop reads the whole ring buffer again
// as events: old lines run again. It happens as soon as the main loop spins, which it does while any socket
// is open (it polls them with select): the stand-ins' control socket is always open.
//
// The fix, loaded into the interpreter with LD_PRELOAD (nothing in the binary changes): one mutex for the
// queue. The main thread holds it except while it is inside select() (it calls select for every socket poll
// and every sleep, never while taking events off the queue); the input thread takes it after reading a
// byte, before pushing it, and gives it back when it goes to sleep (select with no descriptors). So bytes
// enter the queue only while the main loop waits in select. A byte waits at most 100 ms for the lock (the
// main loop is then running code, not taking events), so a busy program can still be stopped.
//
// Ctrl-C: the chip handles it in the UART interrupt and never exits; the Linux build exits when a second
// Ctrl-C finds an empty input line within 5 s of the first (jsiLoop in src/jsinteractive.c), which host tools
// probing for a prompt do. A Ctrl-C that finds the main loop idle reaches the interpreter as the console's
// "erase the entire line" sequence instead, a 0 byte then ESC [ 2 H (jsiHandleConsoleChar: the 0 ends any
// escape sequence under way, the rest calls jsiClearInputLine): what the chip's Ctrl-C does at an idle
// console, clearing the line, a half-typed statement of several lines included, without the exit. Only the
// interpreter knows whether its line is empty: a statement left open (an unclosed quote or bracket, say from a
// line corrupted on the way) holds text after a newline, and there a Ctrl-C must still clear it.
//
// A Ctrl-C that finds the main loop busy (running code, in the debugger, or merely not scheduled for 20 ms on
// a loaded machine) must interrupt it, and the 0x03 byte is what does: it sets the build's Ctrl-C flag, which
// stops a loop in the debugger (debug>) and leaves it again. But the flag is also what jsiLoop's exit check
// reads: once the code ends (or at once, if none ran), a flag still set with an empty line prints "Press
// Ctrl-C again to exit" and starts the 5 s window, and a second 0x03 handled the same way within it exits
// (leaving the debugger always ends so; a host resyncing while a line runs did so under load). So a busy
// Ctrl-C goes through as 0x03 only when no earlier one can still be heading for that check: none passed
// within 6 s unless the debugger took it since (it clears the flag when it prints debug>), and no "Press
// Ctrl-C again" within 6 s (both seen in what the interpreter prints). Otherwise it becomes SIGINT, whose
// handler in the Linux build only marks execution interrupted (running code stops with "Execution
// Interrupted", the flag stays clear), plus the erase sequence for the line. No byte the host sends can then
// make the interpreter exit, as none makes the chip's.
//
// It is compiled once with the system's C compiler into a cache folder; without a compiler the board runs
// the interpreter as it is and says so (the stream may then repeat lines).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CONSOLE_LOCK_C = String.raw`
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t queue = PTHREAD_MUTEX_INITIALIZER;
static __thread int holding;
static int (*real_select)(int, fd_set *, fd_set *, fd_set *, struct timeval *);
static ssize_t (*real_read)(int, void *, size_t);

/* the erase sequence an idle Ctrl-C becomes, handed out one byte per read() of the input thread */
static const unsigned char erase_line[] = { 0, 27, '[', '2', 'H' };
static int erase_left;

/* the fate of the 0x03 bytes passed through: see the comment in console-lock.ts */
static volatile int raw_pending;
static volatile long long raw_at, armed_until;
static int (*real_fputc)(int, FILE *);
static const char again_text[] = "Press Ctrl-C again to exit";
static const char debug_text[] = "debug>";
static size_t again_at, debug_at;

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000LL + t.tv_nsec / 1000000L;
}

/* neither text repeats its first character, so a mismatch only has to look at that one */
static size_t advance(const char *text, size_t at, int c) {
  if (c == (unsigned char)text[at]) return at + 1;
  return c == (unsigned char)text[0] ? 1 : 0;
}

/* the console's output, one character at a time (jshTransmit in src/jsdevices.c) */
int fputc(int c, FILE *f) {
  if (!real_fputc) real_fputc = (int (*)(int, FILE *))dlsym(RTLD_NEXT, "fputc");
  if (f == stdout) {
    again_at = advance(again_text, again_at, c);
    if (!again_text[again_at]) {
      armed_until = now_ms() + 6000;
      raw_pending = 0;
      again_at = 0;
    }
    debug_at = advance(debug_text, debug_at, c);
    if (!debug_text[debug_at]) {
      raw_pending = 0;
      debug_at = 0;
    }
  }
  return real_fputc(c, f);
}

static int raw_allowed(void) {
  long long now = now_ms();
  if (now < armed_until) return 0;
  return !raw_pending || now - raw_at >= 6000;
}

static int on_main_thread(void) { return syscall(SYS_gettid) == getpid(); }

int select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *t) {
  if (!real_select) real_select = (int (*)(int, fd_set *, fd_set *, fd_set *, struct timeval *))dlsym(RTLD_NEXT, "select");
  if (on_main_thread()) {
    if (holding) pthread_mutex_unlock(&queue);
    int res = real_select(n, r, w, e, t);
    int saved = errno;
    pthread_mutex_lock(&queue);
    holding = 1;
    errno = saved;
    return res;
  }
  /* the input thread asks whether stdin has a byte (kbhit): the rest of an erase sequence is one */
  if (erase_left > 0 && n > 0 && r && FD_ISSET(0, r)) {
    FD_ZERO(r);
    FD_SET(0, r);
    if (w) FD_ZERO(w);
    if (e) FD_ZERO(e);
    return 1;
  }
  /* the input thread goes to sleep: its pushes are done */
  if (n == 0 && holding) {
    pthread_mutex_unlock(&queue);
    holding = 0;
  }
  return real_select(n, r, w, e, t);
}

static int lock_within(long ms) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_nsec += ms * 1000000L;
  while (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
  if (pthread_mutex_timedlock(&queue, &until) != 0) return 0;
  holding = 1;
  return 1;
}

ssize_t read(int fd, void *buf, size_t len) {
  if (!real_read) real_read = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
  if (fd == 0 && len >= 1 && erase_left > 0 && !on_main_thread()) {
    *(unsigned char *)buf = erase_line[sizeof(erase_line) - erase_left];
    erase_left--;
    if (!holding) lock_within(100);
    return 1;
  }
  ssize_t res = real_read(fd, buf, len);
  if (fd != 0 || res != 1 || on_main_thread()) return res;
  unsigned char *c = (unsigned char *)buf;
  /* the main loop is idle when it lets go of the lock within 20 ms */
  if (*c == 3) {
    if (holding || lock_within(20)) {
      *c = erase_line[0];
      erase_left = sizeof(erase_line) - 1;
      return res;
    }
    if (raw_allowed()) {
      raw_pending = 1;
      raw_at = now_ms();
      return res;
    }
    kill(getpid(), SIGINT);
    *c = erase_line[0];
    erase_left = sizeof(erase_line) - 1;
    return res;
  }
  if (!holding) lock_within(100);
  return res;
}
`;

const built = new Map<string, string | undefined>();

/** Where compiled copies are kept (one per source version). */
export function consoleLockFolder(home = homedir()): string {
  return join(home, '.cache', 'espkit', 'espruino');
}

/**
 * The shared library's path, compiled on first use; undefined when it cannot be built here (no C compiler,
 * or not Linux). The outcome is remembered for the life of the process.
 */
export function consoleLockLibrary(folder = consoleLockFolder()): string | undefined {
  if (built.has(folder)) return built.get(folder);
  let path: string | undefined;
  if (process.platform === 'linux') {
    const hash = createHash('sha256').update(CONSOLE_LOCK_C).digest('hex').slice(0, 12);
    const target = join(folder, `console-lock-${hash}.so`);
    if (existsSync(target)) path = target;
    else {
      try {
        mkdirSync(folder, { recursive: true });
        const source = join(folder, `console-lock-${hash}.${process.pid}.c`);
        const partial = `${target}.${process.pid}`;
        writeFileSync(source, CONSOLE_LOCK_C);
        const cc = spawnSync('cc', ['-shared', '-fPIC', '-O2', '-o', partial, source, '-ldl', '-lpthread'], { stdio: 'ignore', timeout: 60_000 });
        if (cc.status === 0) {
          // rename is atomic: boards starting at the same moment never load a half-written file
          renameSync(partial, target);
          path = target;
        }
        rmSync(source, { force: true });
        rmSync(partial, { force: true });
      } catch {
        path = undefined;
      }
    }
  }
  built.set(folder, path);
  return path;
}
