package dev.keyport.adapter.persistence.password;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the scheduling priority of an OS thread of this process, on Linux: the password hashing threads run
 * below the threads that answer requests, so that while the CPU is short a flood of password checks takes
 * little CPU from key logins and refreshes, and takes all of it when nothing else runs. Two ways: a higher nice
 * value (nice 5: about a third of a normal thread's share), or the {@code SCHED_IDLE} class (a share of 3 in
 * 1,027 against one normal thread, and a CPU running only such threads counts as free when a normal thread wakes).
 *
 * <p>The JDK has no call for either (thread priorities are ignored on Linux unless the JVM runs as root), so the
 * thread finds its own id in {@code /proc/thread-self} and has {@code renice} or {@code chrt} run on it (by a
 * thread of normal priority, see {@link #lower}): lowering a priority needs no privilege. The tools are taken
 * from {@code /usr/bin} or {@code /bin} only (never from the {@code PATH}), with the options util-linux and
 * BusyBox share ({@code chrt -i -p 0}; {@code renice} given the absolute value without {@code -n}, which util-linux
 * before 2.39 reads as absolute and later ones, under {@code POSIXLY_CORRECT}, as an increment), and
 * neither ever raises a priority: a thread already at or below the target is left alone, so a JVM started under
 * {@code nice} never gets hashing threads of a higher priority than its request threads. Best effort: where
 * {@code /proc} or the tool is missing (macOS, Windows, a minimal image), or what is read back is not the
 * target, the reason is returned.
 */
final class ThreadNiceness {
    private static final List<Path> RENICE = List.of(Path.of("/usr/bin/renice"), Path.of("/bin/renice"));
    private static final List<Path> CHRT = List.of(Path.of("/usr/bin/chrt"), Path.of("/bin/chrt"));
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
                return Optional.empty(); // as low as it gets: never raise a thread's priority
            }
            if (priority.idle()) {
                return run(CHRT, List.of("-i", "-p", "0", tid))
                        .or(() -> policyOf(tid) == SCHED_IDLE
                                ? Optional.empty()
                                : Optional.of("chrt ran and the thread's policy is " + policyOf(tid)));
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
