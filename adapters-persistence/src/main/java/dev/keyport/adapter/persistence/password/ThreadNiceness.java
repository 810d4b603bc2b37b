package dev.keyport.adapter.persistence.password;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the scheduling priority (raises the nice value) of the calling OS thread, on Linux: the password
 * hashing threads run at a lower priority than the threads that answer requests, so that while the CPU is
 * short a flood of password checks takes CPU from key logins and refreshes only as far as their weight says
 * (nice 5: about a third of a normal thread's share), and takes all of it when nothing else runs.
 *
 * <p>The JDK has no call for this (thread priorities are ignored on Linux unless the JVM runs as root), so the
 * thread finds its own id in {@code /proc/thread-self} and has {@code renice} run on it (by a thread of normal
 * priority, see {@link #lower}): raising a nice value
 * needs no privilege. {@code renice} is taken from {@code /usr/bin} or {@code /bin} only (never from the
 * {@code PATH}), asked for an increment ({@code POSIXLY_CORRECT} makes util-linux read {@code -n} as one, as
 * BusyBox always does), and only ever raises the value: a thread already at or above the target is left alone,
 * so a JVM started under {@code nice} never gets hashing threads of a higher priority than its request threads.
 * Best effort: where {@code /proc} or {@code renice} is missing (macOS, Windows, a minimal image), or the value
 * read back is not the target, the reason is returned.
 */
final class ThreadNiceness {
    private static final List<Path> RENICE = List.of(Path.of("/usr/bin/renice"), Path.of("/bin/renice"));

    private ThreadNiceness() {}

    /** This OS thread's id in this process ({@code /proc/thread-self}), where Linux's {@code /proc} has it. */
    static Optional<String> currentThreadId() {
        try {
            String tid = Files.readSymbolicLink(Path.of("/proc/thread-self"))
                    .getFileName()
                    .toString();
            return tid.chars().allMatch(Character::isDigit) ? Optional.of(tid) : Optional.empty();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Sets thread {@code tid} of this process to nice value {@code nice} (1..19); empty when done, else why not.
     * May run on another thread than {@code tid}: the thread that starts {@code renice} should not be the lowered
     * one, since the JDK may start a helper thread on the way (the process reaper), which would inherit its niceness.
     */
    static Optional<String> lower(String tid, int nice) {
        if (nice < 1 || nice > 19) {
            throw new IllegalArgumentException("a nice value to lower a thread to is 1..19, not " + nice);
        }
        try {
            int before = niceOf(tid);
            if (before >= nice) {
                return Optional.empty(); // already this low or lower: never raise a thread's priority
            }
            Optional<Path> renice = RENICE.stream().filter(Files::isExecutable).findFirst();
            if (renice.isEmpty()) {
                return Optional.of("no renice in /usr/bin or /bin");
            }
            ProcessBuilder command = new ProcessBuilder(
                            renice.get().toString(), "-n", String.valueOf(nice - before), "-p", tid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            command.environment().put("POSIXLY_CORRECT", "1"); // util-linux: -n is an increment, as in BusyBox
            Process process = command.start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("renice did not finish within 5 s");
            }
            int now = niceOf(tid);
            return now == nice
                    ? Optional.empty()
                    : Optional.of(
                            "renice exited with " + process.exitValue() + " and the thread's nice value is " + now);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.of("cannot renice this thread here: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** The nice value of thread {@code tid} of this process, from field 19 of its {@code stat}. */
    static int niceOf(String tid) throws IOException {
        String stat = Files.readString(Path.of("/proc/self/task", tid, "stat"));
        // the command name (field 2) is in parentheses and may hold spaces: count fields after its closing one
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]); // field 19 of stat is the 17th after the name
    }
}
