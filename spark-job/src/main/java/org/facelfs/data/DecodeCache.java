package org.facelfs.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decode-once cache of one JVM (one Spark executor): decoded datasets keyed by dataset fingerprint
 * and preprocessing, so later rounds and other candidates in the same executor reuse them instead
 * of decoding again. Least-recently-used entries are dropped beyond {@link #maxBytes()}; with a
 * spill directory set, entries are also written to local disk and read back from there after
 * eviction or in a later JVM on the same host. Concurrent requests for one key decode once.
 */
public final class DecodeCache {

    /** What the cache holds. */
    public interface Entry extends Serializable {
        /** Approximate memory held, for the eviction budget. */
        long sizeInBytes();
    }

    private static final Logger LOG = LoggerFactory.getLogger(DecodeCache.class);
    private static final DecodeCache SHARED = new DecodeCache(defaultMaxBytes());

    private final Map<String, CompletableFuture<Entry>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private volatile long maxBytes;
    private volatile Path spillDirectory;
    private long hits;
    private long misses;

    public DecodeCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The cache of this JVM. Budget: system property {@code facelfs.decode-cache.max-bytes}, else 40 % of the max heap. */
    public static DecodeCache shared() {
        return SHARED;
    }

    private static long defaultMaxBytes() {
        String prop = System.getProperty("facelfs.decode-cache.max-bytes");
        return prop != null ? Long.parseLong(prop.trim()) : (long) (Runtime.getRuntime().maxMemory() * 0.4);
    }

    public long maxBytes() {
        return maxBytes;
    }

    public void setMaxBytes(long bytes) {
        this.maxBytes = bytes;
        synchronized (this) {
            evict();
        }
    }

    /** Local folder for spilled entries, or null to keep everything in memory only. */
    public void setSpillDirectory(Path dir) {
        this.spillDirectory = dir;
    }

    /**
     * The entry for {@code key}, computed by {@code compute} only if neither memory nor the spill
     * directory has it.
     */
    public <T extends Entry> T get(String key, Class<T> type, Supplier<T> compute) {
        CompletableFuture<Entry> future;
        boolean mine = false;
        synchronized (this) {
            future = entries.get(key);
            if (future == null) {
                future = new CompletableFuture<>();
                entries.put(key, future);
                mine = true;
                misses++;
            } else {
                hits++;
            }
        }
        if (mine) {
            try {
                Entry value = readSpill(key, type);
                if (value == null) {
                    value = compute.get();
                    writeSpill(key, value);
                }
                future.complete(value);
                synchronized (this) {
                    evict();
                }
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    entries.remove(key);
                }
                future.completeExceptionally(e);
                throw e;
            }
        }
        Entry value = future.join();
        return type.cast(value);
    }

    /** Drops every in-memory entry (spilled files stay). */
    public synchronized void clear() {
        entries.clear();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    /** Bytes held by completed in-memory entries. */
    public synchronized long bytesHeld() {
        long sum = 0;
        for (CompletableFuture<Entry> f : entries.values()) {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                sum += f.join().sizeInBytes();
            }
        }
        return sum;
    }

    private void evict() {
        long held = bytesHeld();
        Iterator<Map.Entry<String, CompletableFuture<Entry>>> it = entries.entrySet().iterator();
        while (held > maxBytes && entries.size() > 1 && it.hasNext()) {
            Map.Entry<String, CompletableFuture<Entry>> e = it.next();
            if (e.getValue().isDone() && !e.getValue().isCompletedExceptionally()) {
                held -= e.getValue().join().sizeInBytes();
                it.remove();
                LOG.info("decode cache: evicted {} to stay within {} bytes", e.getKey(), maxBytes);
            }
        }
    }

    private Path spillFile(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return spillDirectory.resolve(HexFormat.of().formatHex(d, 0, 16) + ".decoded");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T extends Entry> Entry readSpill(String key, Class<T> type) {
        if (spillDirectory == null) {
            return null;
        }
        Path file = spillFile(key);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            // Only our own entry types and plain JDK containers may be deserialised from a spill file.
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter(
                    "org.facelfs.data.**;java.lang.*;java.util.**;[B;[[B;[I;!*"));
            Object storedKey = in.readObject();
            Object value = in.readObject();
            if (key.equals(storedKey) && type.isInstance(value)) {
                return (Entry) value;
            }
        } catch (IOException | ClassNotFoundException e) {
            LOG.warn("decode cache: cannot read spill file {} ({}); decoding again", file, e.toString());
        }
        return null;
    }

    private void writeSpill(String key, Entry value) {
        if (spillDirectory == null) {
            return;
        }
        Path file = spillFile(key);
        try {
            Files.createDirectories(spillDirectory);
            Path tmp = Files.createTempFile(spillDirectory, "spill", ".tmp");
            try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeObject(key);
                out.writeObject(value);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("decode cache: cannot spill to {} ({}); keeping the entry in memory only", file, e.toString());
        }
    }
}
