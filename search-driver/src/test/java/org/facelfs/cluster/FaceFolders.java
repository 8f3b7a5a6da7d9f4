package org.facelfs.cluster;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.facelfs.data.ImageShape;
import org.facelfs.data.synthetic.SyntheticFaces;
import org.facelfs.io.FileStore;

/** Synthetic faces written as real image folders and pairs files, on any file system a {@link FileStore} reaches. */
public final class FaceFolders {

    private FaceFolders() {
    }

    /** {@code root/id-NN/k.png}, 32x32 grey. */
    public static void write(FileStore store, String root, int identities, int images, long seed) throws IOException {
        ImageShape shape = new ImageShape(1, 32, 32);
        SyntheticFaces faces = SyntheticFaces.builder().identities(identities).imagesPerIdentity(images).shape(shape)
                .seed(seed).build();
        for (int i = 0; i < faces.size(); i++) {
            BufferedImage img = new BufferedImage(shape.width(), shape.height(), BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setDataElements(0, 0, shape.width(), shape.height(), faces.pixels(i));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(img, "png", png);
            store.writeAtomically(store.path("%s/id-%02d/%d.png".formatted(root, faces.label(i), i % images)),
                    png.toByteArray());
        }
    }

    /**
     * Pairs over 10 identities of {@link #write} (at least {@code perKind + 1} images each): fold f has
     * {@code perKind} same pairs of identity f and {@code perKind} different pairs; 20 x perKind pairs.
     */
    public static String pairsCsv(int perKind) {
        StringBuilder csv = new StringBuilder("path1,path2,same,fold\n");
        for (int f = 0; f < 10; f++) {
            for (int k = 0; k < perKind; k++) {
                csv.append("id-%02d/%d.png,id-%02d/%d.png,1,%d%n".formatted(f, k, f, k + 1, f + 1));
                csv.append("id-%02d/%d.png,id-%02d/%d.png,0,%d%n".formatted(f, k, (f + 1) % 10, k, f + 1));
            }
        }
        return csv.toString();
    }
}
