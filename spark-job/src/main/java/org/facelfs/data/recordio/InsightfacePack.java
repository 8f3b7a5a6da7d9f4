package org.facelfs.data.recordio;

import java.util.List;

/**
 * Writes a training pack in insightface's layout (what its MS1M, Glint360K and WebFace packs use):
 * records 1..n are the images (scalar label = identity, id = record key), then one record per
 * identity whose label vector {@code [first, end)} gives its image-record range, and record 0 is the
 * header whose label vector {@code [firstIdentityRecord, endIdentityRecord)} locates the identity
 * records (so images are records {@code 1 .. firstIdentityRecord - 1}). Used by tests and tools.
 */
public final class InsightfacePack {

    private InsightfacePack() {
    }

    /** Writes {@code images.get(identity)} (encoded image bytes) as a pack at {@code rec}/{@code idx}. */
    public static void write(String rec, String idx, List<List<byte[]>> images) {
        int numImages = images.stream().mapToInt(List::size).sum();
        int firstIdentity = numImages + 1;
        int endIdentity = firstIdentity + images.size();
        try (RecordIoWriter w = new RecordIoWriter(rec, idx)) {
            w.write(0, IrHeader.vector(firstIdentity, endIdentity).pack(new byte[0]));
            long key = 1;
            for (int id = 0; id < images.size(); id++) {
                for (byte[] img : images.get(id)) {
                    w.write(key, IrHeader.scalar(id, key).pack(img));
                    key++;
                }
            }
            long start = 1;
            for (int id = 0; id < images.size(); id++) {
                long end = start + images.get(id).size();
                w.write(firstIdentity + id, IrHeader.vector(start, end).pack(new byte[0]));
                start = end;
            }
        }
    }
}
