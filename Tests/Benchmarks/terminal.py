#!/usr/bin/env python3
"""Explorer in a real pseudo-terminal (issue: explorer, speed).

Starts `jumeau explore` on a pty of the given size and measures, from the fork:
- the first frame: time until the map's legend ("N zones") has been written;
- the bytes written for one pan step (key l) against a full repaint (Ctrl-L);
- the latency of a lever change: from the key (→ on `zan`, in 2030) to the indicator
  panel showing the difference from Baseline (the rerun done off the UI thread).
Prints one JSON object. Standard library only. PAN_TERM sets TERM (xterm-256color by
default); DUMP_FIRST and DUMP_PAN name files that receive the first frame's and the pan
step's bytes, to read what was sent.
"""
import fcntl, json, os, pty, select, struct, sys, termios, time

def main():
    binary, twin, width, height = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    env = dict(os.environ, TERM=os.environ.get("PAN_TERM", "xterm-256color"), LANG="C.UTF-8", LC_ALL="C.UTF-8")
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary, "explore", twin, "--no-mouse"], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))

    def read_for(seconds, until=None):
        """Bytes written within `seconds` of quiet (or until the marker appears)."""
        data = b""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], max(0, deadline - time.monotonic()))
            if not ready:
                break
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            data += chunk
            if until and until in data:
                return data, time.monotonic()
            if until is None:
                deadline = time.monotonic() + seconds  # wait for quiet
        return data, None

    first, seen = read_for(10, until=b"quantiles")
    if os.environ.get("DUMP_FIRST"): open(os.environ["DUMP_FIRST"], "wb").write(first)
    # Let the rest of the first frame arrive, then measure a pan step and a repaint.
    read_for(0.5)
    os.write(fd, b"l")
    pan, _ = read_for(0.5)
    if os.environ.get("DUMP_PAN"): open(os.environ["DUMP_PAN"], "wb").write(pan)
    os.write(fd, b"\x0c")
    repaint, _ = read_for(0.5)
    # Year 2030, focus on the levers, then one step of zan: wait for the arrow.
    os.write(fd, b"]]]]]]p")
    read_for(0.5)
    pressed = time.monotonic()
    os.write(fd, b"\x1bOC")  # → in keypad (application) mode, as terminals send it after smkx
    _, shown = read_for(5, until="↓".encode())
    os.write(fd, b"Rqq")
    read_for(0.5)
    os.waitpid(pid, 0)
    print(json.dumps({
        "first_frame_ms": None if seen is None else round((seen - start) * 1000, 1),
        "pan_bytes": len(pan), "repaint_bytes": len(repaint),
        "lever_to_indicators_ms": None if shown is None else round((shown - pressed) * 1000, 1),
    }))

main()
