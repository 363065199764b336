package io.llmrouter.bench.harness;

/** Makes sure the router and nginx processes a benchmark started do not outlive it (Ctrl-C, kill). */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** On JVM exit, destroys every process this JVM started (and their children) that is still running. */
    public static void stopOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroy), "stop-children"));
    }
}
