# Runs a command in a pseudo-terminal of the given width; with "ctrlc", types Ctrl-C once the live progress line
# has been drawn. Prints everything the terminal received on stdout and "exit=N" on stderr.
import fcntl, os, pty, select, struct, sys, termios

cols, ctrlc, cmd = int(sys.argv[1]), sys.argv[2] == "ctrlc", sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    os.environ["COLUMNS"] = str(cols)
    os.execvp(cmd[0], cmd)
out, sent = b"", False
while True:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if not ready:
        continue
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    out += data
    if ctrlc and not sent and b"succeeded" in out:
        os.write(fd, b"\x03")
        sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.stderr.write("exit=%d\n" % (os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)))
