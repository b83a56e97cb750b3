// The tiny supervisor between the board and the interpreter process, as Python source (python3 is on every
// machine of this kind). It exists because the interpreter's console input must fill and overflow as the chip's
// buffer does, and only a process beside the pipe can see how full it is at the moment bytes arrive:
//
// - it makes a kernel pipe of 4096 bytes (F_SETPIPE_SZ = 1031), the ESP32's console input buffer, so the
//   interpreter can read no further ahead than the chip;
// - it forks, makes that pipe the interpreter's stdin and execs the binary with the console lock preloaded
//   when there is one (console-lock.ts; the second argument, may be empty) (stdout and stderr are inherited,
//   so the interpreter's output reaches the board directly); the child asks for SIGKILL when the supervisor
//   dies (PR_SET_PDEATHSIG), so the interpreter never outlives it;
// - it is the buffer's gatekeeper (console-buffer.ts says why the board cannot be): of what the board sends
//   (its own stdin) it keeps a byte while fewer than the capacity (the third argument) are in the pipe or held
//   for it, and drops it otherwise, Ctrl-C (0x03) excepted; the fill is read when the bytes are taken
//   (FIONREAD on the pipe), so no report can be out of date for the decision. Kept bytes go into the pipe as
//   it takes them and wait in the relay meanwhile, counted in the fill all the same;
// - it reports on fd 3, as text lines "<fill> <bytes taken from the board so far> <bytes dropped so far>",
//   whenever one changes, polling every 20 ms while the buffer is not empty so the board sees it drain;
// - it ends the interpreter and itself when the board closes its stdin, and exits with the interpreter's
//   status when the interpreter ends.
export const CONSOLE_RELAY_PY = String.raw`
import os, sys, fcntl, select, struct, termios, ctypes
binary = sys.argv[1]
lock = sys.argv[2]
capacity = int(sys.argv[3])
r, w = os.pipe()
try:
    fcntl.fcntl(w, 1031, capacity)
except OSError:
    pass
pid = os.fork()
if pid == 0:
    try:
        ctypes.CDLL(None).prctl(1, 9)
    except Exception:
        pass
    if os.getppid() == 1:
        os._exit(1)
    os.dup2(r, 0)
    os.close(r)
    os.close(w)
    os.close(3)
    env = dict(os.environ)
    if lock:
        env["LD_PRELOAD"] = lock
    os.execve(binary, [binary], env)
os.close(r)
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
os.write(3, b"pid %d %d\n" % (pid, fcntl.fcntl(w, 1032)))
held = b""
taken = 0
dropped = 0
last = None
count = bytearray(4)
def fill():
    fcntl.ioctl(w, termios.FIONREAD, count)
    return struct.unpack("i", bytes(count))[0] + len(held)
while True:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else 1)
    busy = held or (last is not None and last[0] > 0)
    ready = select.select([0], [], [], 0.02 if busy else 0.5)[0]
    if ready:
        data = os.read(0, 65536)
        if not data:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            sys.exit(0)
        taken += len(data)
        room = capacity - fill()
        if len(data) > room:
            kept = bytearray()
            for b in data:
                if b == 3:
                    kept.append(b)
                elif room > 0:
                    kept.append(b)
                    room -= 1
                else:
                    dropped += 1
            data = bytes(kept)
        held += data
    if held:
        try:
            n = os.write(w, held)
            held = held[n:]
        except BlockingIOError:
            pass
        except BrokenPipeError:
            held = b""
    now = (fill(), taken, dropped)
    if now != last:
        os.write(3, b"%d %d %d\n" % now)
        last = now
`;
