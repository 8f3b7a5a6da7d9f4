package org.facelfs.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image's file layout as deploy/docker/Dockerfile builds it: each {@code COPY src dst} of the
 * build context, so a path in the image (what a manifest or submit-k8s.sh passes) maps back to the
 * file of this checkout that would be there.
 */
final class ImageLayout {

    private static final Pattern COPY = Pattern.compile("^COPY (?!--from)(\\S+) (\\S+)$", Pattern.MULTILINE);

    private final Path context;
    private final Map<String, String> copies = new LinkedHashMap<>();

    ImageLayout(Path dockerfile, Path context) throws IOException {
        this.context = context;
        Matcher m = COPY.matcher(Files.readString(dockerfile));
        while (m.find()) {
            copies.put(m.group(2), m.group(1));
        }
    }

    /** The checkout's file at {@code imagePath}; fails when the image has nothing there. */
    Path file(String imagePath) {
        for (Map.Entry<String, String> c : copies.entrySet()) {
            String dst = c.getKey();
            if (dst.endsWith("/") && imagePath.startsWith(dst)) {
                return context.resolve(c.getValue()).resolve(imagePath.substring(dst.length()));
            }
            if (imagePath.equals(dst)) {
                return context.resolve(c.getValue());
            }
        }
        throw new AssertionError(imagePath + " is not in the image (COPY lines: " + copies + ")");
    }
}
