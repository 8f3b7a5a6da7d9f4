package org.facelfs.data.bench;

import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;
import org.facelfs.data.ImageShape;
import org.facelfs.data.synthetic.SyntheticFaces;

/** Writes a PNG montage of synthetic faces (rows = identities, columns = images) to look at them. */
public final class SyntheticMontage {

    private SyntheticMontage() {
    }

    /** Arguments: output PNG, size (default 64), channels (default 3). */
    public static void main(String[] args) throws Exception {
        String out = args.length > 0 ? args[0] : "synthetic-montage.png";
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int channels = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int ids = 8;
        int per = 8;
        SyntheticFaces f = SyntheticFaces.builder().identities(ids).imagesPerIdentity(per)
                .shape(new ImageShape(channels, size, size)).seed(1).build();
        BufferedImage m = new BufferedImage(per * size, ids * size, BufferedImage.TYPE_INT_RGB);
        int plane = size * size;
        for (int i = 0; i < f.size(); i++) {
            byte[] px = f.pixels(i);
            int ox = (i % per) * size;
            int oy = (i / per) * size;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int p = y * size + x;
                    int r = px[p] & 0xff;
                    int g = channels == 3 ? px[plane + p] & 0xff : r;
                    int b = channels == 3 ? px[2 * plane + p] & 0xff : r;
                    m.setRGB(ox + x, oy + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        ImageIO.write(m, "png", new File(out));
        System.out.println("wrote " + out);
    }
}
