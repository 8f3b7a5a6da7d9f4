package org.facelfs.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {

    @TempDir
    java.nio.file.Path tmp;

    private final FileStore store = FileStore.withDefaults();

    @Test
    void atomicWriteReplacesAnExistingFile() {
        Path target = store.path(tmp.resolve("a/state.json").toString());
        store.writeAtomically(target, "one");
        store.writeAtomically(target, "two");
        assertEquals("two", store.readString(target));
        assertEquals(List.of(target.getName()), store.list(target.getParent()).stream().map(Path::getName).toList());
    }

    @Test
    void aWriterThatFailsHalfwayLeavesThePreviousFileWholeAndNoTemporaryBehind() throws IOException {
        Path target = store.path(tmp.resolve("state.json").toString());
        store.writeAtomically(target, "previous");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> store.writeAtomically(target, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertEquals("previous", store.readString(target));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of("state.json"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void plainLocalPathsAreQualifiedAsFileUris() {
        Path p = store.path("relative/dir");
        assertEquals("file", p.toUri().getScheme());
        assertTrue(p.toUri().getPath().endsWith("/relative/dir"));
    }

    @Test
    void anExistingDirectoryHasNoTrailingSlashSoItHasAName() {
        Path p = store.path(tmp.toString() + "/");
        assertEquals(tmp.getFileName().toString(), p.getName());
        assertEquals("file:" + tmp, p.toString());
    }

    @Test
    void copyMovesBytesUnchanged() {
        byte[] bytes = new byte[100_000];
        new java.util.Random(1).nextBytes(bytes);
        Path from = store.path(tmp.resolve("x.bin").toString());
        Path to = store.path(tmp.resolve("sub/y.bin").toString());
        store.writeAtomically(from, bytes);
        store.copy(from, to);
        assertArrayEquals(bytes, store.readBytes(to));
    }

    @Test
    void anUnwritableDirectoryIsNamedInTheError() throws IOException {
        java.nio.file.Path ro = Files.createDirectory(tmp.resolve("ro"));
        assertTrue(ro.toFile().setWritable(false));
        try {
            Path target = store.path(ro.resolve("state.json").toString());
            // root can write anywhere: only assert when the directory really is read-only
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro), "running as root");
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> store.writeAtomically(target, "x"));
            assertTrue(e.getMessage().contains(ro.toString()), e.getMessage());
        } finally {
            ro.toFile().setWritable(true);
        }
    }
}
