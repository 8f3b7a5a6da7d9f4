package org.facelfs.app.check;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.facelfs.io.FileStore;

/** Opens an {@link Input} through the Hadoop FileSystem the way the job will, and says what is wrong. */
final class InputCheck {

    private final FileStore store;

    InputCheck(FileStore store) {
        this.store = store;
    }

    /** The problem with {@code input}, or empty when it is there and readable. */
    Optional<String> problem(Input input) {
        String where = "input " + input.key() + " = " + input.location() + ": ";
        try {
            Path p = store.path(input.location());
            FileSystem fs = store.fs(p);
            if (!fs.exists(p)) {
                return Optional.of(where + "does not exist (" + p + ")");
            }
            FileStatus status = fs.getFileStatus(p);
            if (input.directory()) {
                if (!status.isDirectory()) {
                    return Optional.of(where + "is not a directory (" + p + ")");
                }
                fs.listStatus(p);
            } else {
                if (status.isDirectory()) {
                    return Optional.of(where + "is a directory, a file was expected (" + p + ")");
                }
                try (InputStream in = fs.open(p)) {
                    in.read();
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(where + "cannot be read: " + e.getMessage());
        }
    }

    /**
     * The problem with a directory the job will write into ({@code key = location}), or empty when
     * it exists and takes a new file: a hidden probe file is created and deleted again.
     *
     * @param why what needs it, for the message
     */
    Optional<String> writableDirectoryProblem(String key, String location, String why) {
        String where = "output " + key + " = " + location + ": ";
        try {
            Path p = store.path(location);
            FileSystem fs = store.fs(p);
            if (!fs.exists(p)) {
                return Optional.of(where + "does not exist (" + p + "); " + why + ": create it");
            }
            if (!fs.getFileStatus(p).isDirectory()) {
                return Optional.of(where + "is not a directory (" + p + "); " + why);
            }
            Path probe = new Path(p, ".facelfs-check-" + UUID.randomUUID());
            try {
                fs.create(probe, false).close();
            } finally {
                fs.delete(probe, false);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(where + "cannot be written: " + e.getMessage());
        }
    }
}
