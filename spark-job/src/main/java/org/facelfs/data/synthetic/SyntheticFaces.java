package org.facelfs.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.facelfs.data.DecodeCache;
import org.facelfs.data.DecodedImages;
import org.facelfs.data.FaceDataset;
import org.facelfs.data.Fingerprint;
import org.facelfs.data.ImageShape;
import org.facelfs.data.Preprocess;
import org.facelfs.data.PreprocessedImages;
import org.facelfs.data.VerificationSet;
import org.facelfs.data.pairs.PairVerificationSet;

/**
 * The embedded default training set: {@code identities × imagesPerIdentity} synthetic faces,
 * deterministic from the seed. Each identity is a fixed random face ({@link FaceTemplate}); each
 * image is that face on a random background under a random pose (rotation, scale, shift), light
 * (gain, offset, linear gradient) and pixel noise, scaled by {@link Builder#variation(double)}. Image {@code i} shows
 * identity {@code i / imagesPerIdentity}. Images are rendered lazily as 8-bit pixels (like decoded
 * photos), kept in the JVM's {@link DecodeCache}, and normalised like real images.
 *
 * <p>{@link #verificationPairs} renders identities the training set never contains, in 10
 * identity-disjoint folds.
 */
public final class SyntheticFaces implements FaceDataset {

    /** Bumped whenever rendering changes, so fingerprints (and caches) of old renders are not reused. */
    private static final int RENDER_VERSION = 2;
    private static final AtomicLong RENDERS = new AtomicLong();

    private final int identities;
    private final int imagesPerIdentity;
    private final ImageShape shape;
    private final long seed;
    private final double variation;
    private final Preprocess preprocess;
    private final List<String> classNames;
    private final String fingerprint;
    private final ConcurrentHashMap<Integer, FaceTemplate> templates = new ConcurrentHashMap<>();
    private final PreprocessedImages rendered;

    private SyntheticFaces(Builder b) {
        this.identities = b.identities;
        this.imagesPerIdentity = b.imagesPerIdentity;
        this.shape = b.shape;
        this.seed = b.seed;
        this.variation = b.variation;
        this.preprocess = Preprocess.resize(shape);
        List<String> names = new ArrayList<>(identities);
        for (int i = 0; i < identities; i++) {
            names.add(String.format("synthetic-%05d", i));
        }
        this.classNames = List.copyOf(names);
        this.fingerprint = new Fingerprint().add("synthetic").add(RENDER_VERSION).add(identities).add(imagesPerIdentity)
                .add(shape.toString()).add(seed).add(Double.toString(variation)).hex();
        this.rendered = PreprocessedImages.lazy("synthetic:" + fingerprint, identities * imagesPerIdentity, preprocess,
                i -> render(i / imagesPerIdentity, i % imagesPerIdentity));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options; every one has a default (1,000 identities × 10 images, 1×32×32, seed 1, variation 1). */
    public static final class Builder {
        private int identities = 1000;
        private int imagesPerIdentity = 10;
        private ImageShape shape = new ImageShape(1, 32, 32);
        private long seed = 1;
        private double variation = 1.0;

        public Builder identities(int n) {
            this.identities = n;
            return this;
        }

        public Builder imagesPerIdentity(int k) {
            this.imagesPerIdentity = k;
            return this;
        }

        public Builder shape(ImageShape s) {
            this.shape = s;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Strength of pose, light and noise changes between images of one identity (1 = default, 0 = none). */
        public Builder variation(double v) {
            this.variation = v;
            return this;
        }

        public SyntheticFaces build() {
            if (identities < 1 || imagesPerIdentity < 1) {
                throw new IllegalArgumentException("synthetic faces need identities >= 1 and imagesPerIdentity >= 1, got "
                        + identities + " and " + imagesPerIdentity);
            }
            if ((long) identities * imagesPerIdentity > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("too many synthetic images: " + identities + " x " + imagesPerIdentity);
            }
            if (!(variation >= 0 && variation <= 3)) {
                throw new IllegalArgumentException("synthetic variation must be in [0, 3], got " + variation);
            }
            return new SyntheticFaces(this);
        }
    }

    /** Number of images rendered in this JVM so far (tests check caching with it). */
    public static long renderCount() {
        return RENDERS.get();
    }

    @Override
    public ImageShape shape() {
        return shape;
    }

    @Override
    public int size() {
        return identities * imagesPerIdentity;
    }

    @Override
    public int label(int i) {
        return i / imagesPerIdentity;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public float[] image(int i) {
        return rendered.image(checked(i));
    }

    @Override
    public void copyImage(int i, float[] dst, int offset) {
        rendered.copyImage(checked(i), dst, offset);
    }

    /** 8-bit CHW pixels of image {@code i}. */
    public byte[] pixels(int i) {
        return rendered.pixels(checked(i));
    }

    private int checked(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("image " + i + " of " + size());
        }
        return i;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * Verification pairs over {@code heldOutIdentities} new identities (never in the training set),
     * {@code imagesPerIdentity} images each (each stored once), in 10 identity-disjoint folds of
     * {@code pairsPerFold} pairs, half same-identity and half different-identity.
     */
    public VerificationSet verificationPairs(int heldOutIdentities, int imagesPerHeldOut, int pairsPerFold) {
        int folds = 10;
        if (heldOutIdentities < 2 * folds || imagesPerHeldOut < 2 || pairsPerFold < 2 || pairsPerFold % 2 != 0) {
            throw new IllegalArgumentException("synthetic verification needs >= 20 held-out identities, >= 2 images each and an even "
                    + "pairsPerFold >= 2; got " + heldOutIdentities + ", " + imagesPerHeldOut + ", " + pairsPerFold);
        }
        byte[][] images = new byte[heldOutIdentities * imagesPerHeldOut][];
        for (int j = 0; j < heldOutIdentities; j++) {
            for (int k = 0; k < imagesPerHeldOut; k++) {
                images[j * imagesPerHeldOut + k] = render(identities + j, k);
            }
        }
        int n = folds * pairsPerFold;
        int[] left = new int[n];
        int[] right = new int[n];
        boolean[] same = new boolean[n];
        int[] fold = new int[n];
        SplittableRandom r = new SplittableRandom(mix(seed, 0x7e51L, heldOutIdentities, imagesPerHeldOut));
        int p = 0;
        for (int f = 0; f < folds; f++) {
            // Identities j with j % 10 == f belong to fold f only.
            int inFold = (heldOutIdentities - f + folds - 1) / folds;
            for (int q = 0; q < pairsPerFold; q++, p++) {
                boolean s = q < pairsPerFold / 2;
                int a = f + folds * r.nextInt(inFold);
                int b = a;
                if (!s) {
                    while (b == a) {
                        b = f + folds * r.nextInt(inFold);
                    }
                }
                int ia = r.nextInt(imagesPerHeldOut);
                int ib = r.nextInt(imagesPerHeldOut - (s ? 1 : 0));
                if (s && ib >= ia) {
                    ib++;
                }
                left[p] = a * imagesPerHeldOut + ia;
                right[p] = b * imagesPerHeldOut + ib;
                same[p] = s;
                fold[p] = f;
            }
        }
        String fp = new Fingerprint().add(fingerprint).add("pairs").add(heldOutIdentities).add(imagesPerHeldOut).add(pairsPerFold).hex();
        return new PairVerificationSet("synthetic", new DecodedImages(shape, images), preprocess, left, right, same, fold, fp);
    }

    private FaceTemplate template(int identity) {
        return templates.computeIfAbsent(identity, id -> FaceTemplate.render(new SplittableRandom(mix(seed, 0x1dL, id, 0)),
                shape.channels(), shape.height(), shape.width()));
    }

    /** Image {@code k} of identity {@code id}: the template warped by a random pose, relit and noised. */
    byte[] render(int identity, int k) {
        RENDERS.incrementAndGet();
        FaceTemplate t = template(identity);
        SplittableRandom r = new SplittableRandom(mix(seed, 0x1aL, identity, k));
        double var = variation;
        double angle = Math.toRadians(12) * var * (2 * r.nextDouble() - 1);
        double scale = 1 + 0.08 * var * (2 * r.nextDouble() - 1);
        double du = 0.08 * var * (2 * r.nextDouble() - 1);
        double dv = 0.08 * var * (2 * r.nextDouble() - 1);
        double gain = 1 + 0.25 * var * (2 * r.nextDouble() - 1);
        double bias = 0.08 * var * (2 * r.nextDouble() - 1);
        double gradAngle = 2 * Math.PI * r.nextDouble();
        double grad = 0.15 * var * r.nextDouble();
        double gx = grad * Math.cos(gradAngle);
        double gy = grad * Math.sin(gradAngle);
        double noise = 0.03 * var;
        double greyBg = 0.4 + 0.2 * var * (2 * r.nextDouble() - 1);
        double[] bg = new double[3];
        for (int ch = 0; ch < 3; ch++) {
            bg[ch] = greyBg + 0.06 * var * (2 * r.nextDouble() - 1);
        }
        if (shape.channels() == 1) {
            bg[0] = 0.299 * bg[0] + 0.587 * bg[1] + 0.114 * bg[2];
        }
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        int plane = h * w;
        double cos = Math.cos(angle) / scale;
        double sin = Math.sin(angle) / scale;
        byte[] out = new byte[c * plane];
        long state = r.nextLong() | 1;
        for (int y = 0; y < h; y++) {
            double v = 2 * (y + 0.5) / h - 1;
            for (int x = 0; x < w; x++) {
                double u = 2 * (x + 0.5) / w - 1;
                // Inverse pose: where in the template this output pixel comes from.
                double su = cos * (u - du) + sin * (v - dv);
                double sv = -sin * (u - du) + cos * (v - dv);
                double tx = (su + 1) * 0.5 * w - 0.5;
                double ty = (sv + 1) * 0.5 * h - 0.5;
                double light = bias + gx * u + gy * v;
                for (int ch = 0; ch < c; ch++) {
                    double value = sample(t, ch, tx, ty, h, w, bg[ch]) * gain + light;
                    // Approximately normal noise: sum of four uniforms, centred, unit variance.
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                    double n4 = ((state & 0xffff) + ((state >>> 16) & 0xffff) + ((state >>> 32) & 0xffff) + ((state >>> 48) & 0xffff))
                            / 65536.0 - 2.0;
                    value += noise * n4 * Math.sqrt(3);
                    out[ch * plane + y * w + x] = (byte) Math.max(0, Math.min(255, Math.round(value * 255)));
                }
            }
        }
        return out;
    }

    /** Bilinear sample of the template composed over {@code bg}; outside the grid only background shows. */
    private static double sample(FaceTemplate t, int ch, double tx, double ty, int h, int w, double bg) {
        if (tx < -0.5 || ty < -0.5 || tx > w - 0.5 || ty > h - 0.5) {
            return bg;
        }
        double cx = Math.max(0, Math.min(w - 1, tx));
        double cy = Math.max(0, Math.min(h - 1, ty));
        int x0 = (int) cx;
        int y0 = (int) cy;
        int x1 = Math.min(w - 1, x0 + 1);
        int y1 = Math.min(h - 1, y0 + 1);
        double fx = cx - x0;
        double fy = cy - y0;
        double colour = bilinear(t.pixels, ch * h * w, w, x0, y0, x1, y1, fx, fy);
        double alpha = bilinear(t.alpha, 0, w, x0, y0, x1, y1, fx, fy);
        return colour + (1 - alpha) * bg;
    }

    private static double bilinear(float[] p, int base, int w, int x0, int y0, int x1, int y1, double fx, double fy) {
        double top = p[base + y0 * w + x0] * (1 - fx) + p[base + y0 * w + x1] * fx;
        double bottom = p[base + y1 * w + x0] * (1 - fx) + p[base + y1 * w + x1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    /** A well-mixed 64-bit seed from several values (SplitMix64 finaliser on a running hash). */
    static long mix(long a, long b, long c, long d) {
        long h = a;
        for (long x : new long[] {b, c, d}) {
            h = h * 0x9E3779B97F4A7C15L + x;
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
        }
        return h;
    }
}
