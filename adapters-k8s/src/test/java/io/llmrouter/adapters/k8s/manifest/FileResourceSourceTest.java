package io.llmrouter.adapters.k8s.manifest;

import static io.llmrouter.adapters.k8s.manifest.TestManifests.endpoint;
import static io.llmrouter.adapters.k8s.manifest.TestManifests.minimal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.adapters.k8s.manifest.RecordingListener.Accepted;
import io.llmrouter.adapters.k8s.manifest.RecordingListener.Rejected;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.validation.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files in a temporary directory, real polling every 50 ms; every wait is bounded by the listener. */
class FileResourceSourceTest {

    private static final Duration POLL = Duration.ofMillis(50);

    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();
    private FileResourceSource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private void start(Path... paths) {
        source = new FileResourceSource(List.of(paths), POLL);
        source.start(listener);
    }

    private static List<String> podNames(ResourceSet set) {
        return set.pods().stream().map(Pod::id).map(id -> id.name()).toList();
    }

    @Test
    void start_validFile_deliversFirstSetBeforeReturning() throws IOException {
        start(write("models.yaml", minimal()));
        Accepted first = assertInstanceOf(Accepted.class, listener.delivered());
        assertEquals(List.of("e"), podNames(first.resources()));
        assertEquals(List.of(), first.warnings());
        assertTrue(first.origin().startsWith("initial load of files: "), first.origin());
    }

    @Test
    void start_invalidFile_deliversRejectionWithErrorsOnly() throws IOException {
        start(write("models.yaml", minimal().replace("modelServerName: s", "modelServerName: s\n      weight: 500")));
        Rejected first = assertInstanceOf(Rejected.class, listener.delivered());
        assertTrue(first.errors().stream().allMatch(Problem::isError));
        TestManifests.assertProblem(first.errors(), true, "spec.rules[0].targetModels[0].weight", "from 0 to 100");
    }

    @Test
    void poll_validEdit_isApplied() throws Exception {
        Path file = write("models.yaml", minimal());
        start(file);
        listener.delivered();
        write("models.yaml", minimal() + "---\n" + endpoint("e2", "s", "10.0.0.6:8000"));
        Accepted edited = listener.nextAccepted();
        assertEquals(List.of("e", "e2"), podNames(edited.resources()));
        assertTrue(edited.origin().contains("models.yaml"), edited.origin());
    }

    @Test
    void poll_invalidEdit_isRejectedAndTheNextFixApplied() throws Exception {
        Path file = write("models.yaml", minimal());
        start(file);
        listener.delivered();
        write("models.yaml", minimal().replace("port: 8000", "port: 70000"));
        Rejected rejected = listener.nextRejected();
        TestManifests.assertProblem(rejected.errors(), true, "spec.workloadPort.port", "models.yaml", "1 to 65535");
        write("models.yaml", minimal().replace("10.0.0.5:8000", "10.0.0.7:8000"));
        Accepted fixed = listener.nextAccepted();
        assertEquals("10.0.0.7", fixed.resources().pods().getFirst().address());
    }

    @Test
    void poll_deletedFile_isAnErrorNotAnEmptySet() throws Exception {
        Path kept = write("servers.yaml", minimal());
        Path deleted = write("extra.yaml", endpoint("e2", "s", "10.0.0.6:8000"));
        start(kept, deleted);
        assertEquals(2, assertInstanceOf(Accepted.class, listener.delivered()).resources().pods().size());
        Files.delete(deleted);
        Rejected rejected = listener.nextRejected();
        TestManifests.assertProblem(rejected.errors(), true, "", "extra.yaml", "does not exist");
        write("extra.yaml", endpoint("e2", "s", "10.0.0.6:8000"));
        assertEquals(2, listener.nextAccepted().resources().pods().size());
    }

    @Test
    void poll_editorSavesByRename_appliesTheNewContentWithoutAnError() throws Exception {
        Path file = write("models.yaml", minimal());
        start(file);
        listener.delivered();
        Path temp = write(".models.yaml.swp", minimal().replace("10.0.0.5", "10.0.0.9"));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("10.0.0.9", listener.nextAccepted().resources().pods().getFirst().address());
    }

    @Test
    void poll_directory_picksUpNewYamlFilesAndIgnoresOthers() throws Exception {
        write("a.yaml", minimal());
        write("notes.txt", "not yaml");
        start(dir);
        assertEquals(List.of("e"), podNames(assertInstanceOf(Accepted.class, listener.delivered()).resources()));
        write("b.yml", endpoint("e2", "s", "10.0.0.6:8000"));
        Accepted added = listener.nextAccepted();
        assertEquals(List.of("e", "e2"), podNames(added.resources()));
        assertTrue(added.origin().contains("b.yml"), added.origin());
    }

    @Test
    void poll_listenerThrows_keepsWatching() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RecordingListener recorder = listener;
        source = new FileResourceSource(List.of(write("models.yaml", minimal())), POLL);
        source.start(new io.llmrouter.domain.port.ResourceListener() {
            @Override
            public void accepted(ResourceSet resources, List<Problem> warnings, String origin) {
                recorder.accepted(resources, warnings, origin);
                if (calls.incrementAndGet() == 2) {
                    throw new IllegalStateException("listener bug on the first reload");
                }
            }

            @Override
            public void rejected(List<Problem> errors, String origin) {
                recorder.rejected(errors, origin);
            }
        });
        listener.delivered();
        write("models.yaml", minimal().replace("10.0.0.5", "10.0.0.8"));
        listener.nextAccepted();
        write("models.yaml", minimal().replace("10.0.0.5", "10.0.0.9"));
        assertEquals("10.0.0.9", listener.nextAccepted().resources().pods().getFirst().address());
    }

    @Test
    void close_stopsTheWatcher() throws IOException {
        start(write("models.yaml", minimal()));
        assertTrue(source.watching());
        source.close();
        assertFalse(source.watching());
    }

    @Test
    void start_twice_isRefused() throws IOException {
        start(write("models.yaml", minimal()));
        assertThrows(IllegalStateException.class, () -> source.start(listener));
    }

    @Test
    void constructor_noPathsOrZeroInterval_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FileResourceSource(List.of(), POLL));
        assertThrows(IllegalArgumentException.class, () -> new FileResourceSource(List.of(dir), Duration.ZERO));
    }

    @Test
    void describe_namesTheFiles() {
        assertEquals("files: " + dir.resolve("a.yaml"), new FileResourceSource(List.of(dir.resolve("a.yaml"))).describe());
    }
}
