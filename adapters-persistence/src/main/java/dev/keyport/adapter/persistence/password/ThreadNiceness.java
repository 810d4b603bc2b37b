package dev.keyport.adapter.persistence.password;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the scheduling priority (raises the nice value) of an OS thread of this process, on Linux: the password
 * hashing threads run below the threads that answer requests, so that while the CPU is short a flood of password
 * checks takes CPU from key logins and refreshes only as far as their weight says (nice 5: about a third of a
 * normal thread's share), and takes all of it when nothing else runs. ({@code SCHED_IDLE} is not offered:
 * {@link HashingPriority} says why.)
 *
 * <p>The JDK has no call for this (thread priorities are ignored on Linux unless the JVM runs as root), so the
 * thread finds its own id in {@code /proc/thread-self} and has {@code renice} run on it (by a thread of normal
 * priority, see {@link #lower}): raising a nice value needs no privilege. {@code renice} is taken from
 * {@code /usr/bin} or {@code /bin} only (never from the {@code PATH}) and given the absolute value without
 * {@code -n} (util-linux before 2.39 reads {@code -n} as absolute, later ones under {@code POSIXLY_CORRECT} and
 * BusyBox as an increment; the value alone is absolute in all of them), and only ever raises the value: a thread
 * already at or above the target, or in {@code SCHED_IDLE}, is left alone, so a JVM started under {@code nice}
 * never gets hashing threads of a higher priority than its request threads. Best effort: where {@code /proc} or
 * {@code renice} is missing (macOS, Windows, a minimal image), or the value read back is not the target, the
 * reason is returned.
 */
final class ThreadNiceness {
    private static final List<Path> RENICE = List.of(Path.of("/usr/bin/renice"), Path.of("/bin/renice"));
    /** Linux's {@code SCHED_IDLE}, as {@code stat} shows a thread's policy. */
    static final int SCHED_IDLE = 5;

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
     * Lowers thread {@code tid} of this process to {@code priority}; empty when done (or when it already was at
     * or below it), else why not. May run on another thread than {@code tid}: the thread that starts the tool
     * should not be the lowered one, since the JDK may start a helper thread on the way (the process reaper),
     * which would inherit its priority.
     */
    static Optional<String> lower(String tid, HashingPriority priority) {
        if (!priority.lowered()) {
            throw new IllegalArgumentException("nothing to lower a thread to: " + priority);
        }
        try {
            if (policyOf(tid) == SCHED_IDLE) {
                return Optional.empty(); // already below any nice value: never raise a thread's priority
            }
            int before = niceOf(tid);
            if (before >= priority.nice()) {
                return Optional.empty();
            }
            // the value alone, without -n: util-linux (every version) and BusyBox read it as the absolute nice value,
            // and it is above the current one (checked just above), so this only ever lowers
            return run(RENICE, List.of(String.valueOf(priority.nice()), "-p", tid))
                    .or(() -> niceOf(tid) == priority.nice()
                            ? Optional.empty()
                            : Optional.of("renice ran and the thread's nice value is " + niceOf(tid)));
        } catch (IOException | java.io.UncheckedIOException | UnsupportedOperationException | SecurityException e) {
            return Optional.of("cannot lower this thread's priority here: " + e);
        }
    }

    /** Runs the first of {@code tools} that exists with {@code arguments}; empty when it exited 0, else why not. */
    private static Optional<String> run(List<Path> tools, List<String> arguments) throws IOException {
        Optional<Path> tool = tools.stream().filter(Files::isExecutable).findFirst();
        if (tool.isEmpty()) {
            return Optional.of("no " + tools.get(0).getFileName() + " in /usr/bin or /bin");
        }
        List<String> command = new java.util.ArrayList<>();
        command.add(tool.get().toString());
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of(tool.get().getFileName() + " did not finish within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        return process.exitValue() == 0
                ? Optional.empty()
                : Optional.of(tool.get().getFileName() + " exited with " + process.exitValue());
    }

    /** The nice value of thread {@code tid} of this process, field 19 of its {@code stat}. */
    static int niceOf(String tid) {
        return statField(tid, 19);
    }

    /** The scheduling policy of thread {@code tid} of this process ({@link #SCHED_IDLE}...), field 41 of its {@code stat}. */
    static int policyOf(String tid) {
        return statField(tid, 41);
    }

    private static int statField(String tid, int field) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc/self/task", tid, "stat"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // the command name (field 2) is in parentheses and may hold spaces: count fields after its closing one
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[field - 3]);
    }
}
