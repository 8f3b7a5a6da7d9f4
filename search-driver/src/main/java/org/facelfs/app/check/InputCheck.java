package org.facelfs.app.check;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
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
}
