package org.facelfs.app.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** The local file system under the scheme {@code marker:}, which only a configuration naming it knows. */
public class MarkerFileSystem extends RawLocalFileSystem {

    @Override
    public URI getUri() {
        return URI.create("marker:///");
    }

    @Override
    public String getScheme() {
        return "marker";
    }
}
