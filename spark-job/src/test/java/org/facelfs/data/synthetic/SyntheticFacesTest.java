package org.facelfs.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.facelfs.data.ImageShape;
import org.facelfs.data.VerificationSet;
import org.junit.jupiter.api.Test;

class SyntheticFacesTest {

    private static SyntheticFaces faces(long seed, int ids, int per, ImageShape shape) {
        return SyntheticFaces.builder().identities(ids).imagesPerIdentity(per).shape(shape).seed(seed).build();
    }

    @Test
    void deterministicFromTheSeedAndLabelledByIdentity() {
        ImageShape s = new ImageShape(3, 40, 36);
        SyntheticFaces a = faces(7, 5, 4, s);
        SyntheticFaces b = faces(7, 5, 4, s);
        SyntheticFaces c = faces(8, 5, 4, s);
        assertEquals(20, a.size());
        assertEquals(5, a.numClasses());
        assertEquals(3, a.label(13));
        assertEquals(a.fingerprint(), b.fingerprint());
        assertFalse(a.fingerprint().equals(c.fingerprint()));
        // Render b independently of the cache a filled.
        assertArrayEquals(a.render(2, 1), b.render(2, 1));
        assertArrayEquals(a.image(9), b.image(9));
        assertFalse(Arrays.equals(a.image(9), c.image(9)));
        assertFalse(Arrays.equals(a.image(8), a.image(9)), "images of one identity differ");
        float[] img = a.image(0);
        assertEquals(3 * 40 * 36, img.length);
        for (float v : img) {
            assertTrue(v >= -1 && v <= 1);
        }
    }

    @Test
    void imagesAreRenderedOncePerJvm() {
        SyntheticFaces f = faces(11, 3, 3, new ImageShape(1, 16, 16));
        f.image(4);
        long n = SyntheticFaces.renderCount();
        f.image(4);
        faces(11, 3, 3, new ImageShape(1, 16, 16)).image(4);
        assertEquals(n, SyntheticFaces.renderCount());
    }

    @Test
    void zeroVariationGivesIdenticalImagesPerIdentity() {
        SyntheticFaces f = SyntheticFaces.builder().identities(2).imagesPerIdentity(3).shape(new ImageShape(1, 24, 24)).variation(0).build();
        assertArrayEquals(f.image(0), f.image(2));
        assertFalse(Arrays.equals(f.image(0), f.image(3)));
    }

    @Test
    void thousandsOfSmallImagesRenderFast() {
        SyntheticFaces f = faces(3, 200, 10, new ImageShape(1, 32, 32));
        long t0 = System.nanoTime();
        for (int i = 0; i < f.size(); i++) {
            f.pixels(i);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("rendered 2000 32x32 grey images in %.3f s%n", s);
        assertTrue(s < 4, "2000 32x32 images took " + s + " s");
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** Best-threshold accuracy of raw-pixel cosine similarity (an upper bound of what no learning gives). */
    private static double rawPixelAccuracy(VerificationSet v) {
        int n = v.numPairs();
        double[] score = new double[n];
        for (int k = 0; k < n; k++) {
            float[] a = v.image(v.left(k)).clone();
            float[] b = v.image(v.right(k)).clone();
            centre(a);
            centre(b);
            score[k] = cosine(a, b);
        }
        double best = 0;
        for (double t : score) {
            int ok = 0;
            for (int k = 0; k < n; k++) {
                ok += (score[k] >= t) == v.same(k) ? 1 : 0;
            }
            best = Math.max(best, (double) ok / n);
        }
        return best;
    }

    private static void centre(float[] x) {
        double m = 0;
        for (float f : x) {
            m += f;
        }
        m /= x.length;
        for (int i = 0; i < x.length; i++) {
            x[i] -= (float) m;
        }
    }

    @Test
    void heldOutPairsAreIdentityDisjointAndNotTrivialForRawPixels() {
        SyntheticFaces f = faces(5, 50, 4, new ImageShape(1, 32, 32));
        VerificationSet v = f.verificationPairs(40, 5, 60);
        assertEquals(600, v.numPairs());
        assertEquals(10, v.numFolds());
        assertEquals(200, v.numImages());
        Map<Integer, Integer> foldOfIdentity = new HashMap<>();
        int same = 0;
        for (int k = 0; k < v.numPairs(); k++) {
            int a = v.left(k) / 5;
            int b = v.right(k) / 5;
            assertEquals(v.same(k), a == b);
            assertTrue(v.left(k) != v.right(k), "a same pair uses two different images");
            for (int id : new int[] {a, b}) {
                Integer prev = foldOfIdentity.putIfAbsent(id, v.fold(k));
                assertEquals(prev == null ? v.fold(k) : prev, v.fold(k), "identity " + id + " in two folds");
            }
            same += v.same(k) ? 1 : 0;
        }
        assertEquals(300, same);
        // Held-out identities are new: none equals a training identity's template image.
        double acc = rawPixelAccuracy(v);
        System.out.printf("raw-pixel cosine verification accuracy (best threshold): %.3f%n", acc);
        assertTrue(acc > 0.55 && acc < 0.92, "raw pixels should be better than chance but far from perfect (0.58 measured): " + acc);
    }

    /** Zero mean, unit variance: removes the per-image gain and offset of the lighting. */
    private static float[] standardised(float[] x) {
        float[] y = x.clone();
        centre(y);
        double ss = 0;
        for (float f : y) {
            ss += f * f;
        }
        float s = (float) Math.sqrt(ss / y.length + 1e-12);
        for (int i = 0; i < y.length; i++) {
            y[i] /= s;
        }
        return y;
    }

    @Test
    void identityIsLearnableNearestClassMeanBeatsChanceByFar() {
        SyntheticFaces f = faces(9, 40, 10, new ImageShape(1, 32, 32));
        int len = f.shape().length();
        double[][] mean = new double[40][len];
        for (int i = 0; i < f.size(); i++) {
            if (i % 10 < 7) {
                float[] x = standardised(f.image(i));
                for (int j = 0; j < len; j++) {
                    mean[f.label(i)][j] += x[j] / 7.0;
                }
            }
        }
        int ok = 0;
        int tested = 0;
        for (int i = 0; i < f.size(); i++) {
            if (i % 10 >= 7) {
                float[] x = standardised(f.image(i));
                int best = -1;
                double bestD = Double.MAX_VALUE;
                for (int c = 0; c < 40; c++) {
                    double d = 0;
                    for (int j = 0; j < len; j++) {
                        double e = x[j] - mean[c][j];
                        d += e * e;
                    }
                    if (d < bestD) {
                        bestD = d;
                        best = c;
                    }
                }
                ok += best == f.label(i) ? 1 : 0;
                tested++;
            }
        }
        double acc = (double) ok / tested;
        System.out.printf("standardised nearest-class-mean accuracy on held-out images of 40 identities: %.3f (chance 0.025)%n", acc);
        assertTrue(acc > 0.15, "identity should be visible in the standardised pixels (0.25 measured): " + acc);
    }

    @Test
    void badOptionsAreRejectedNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SyntheticFaces.builder().identities(0).build())
                .getMessage().contains("identities >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> faces(1, 5, 2, new ImageShape(1, 8, 8)).verificationPairs(10, 2, 4))
                .getMessage().contains(">= 20 held-out identities"));
    }
}
