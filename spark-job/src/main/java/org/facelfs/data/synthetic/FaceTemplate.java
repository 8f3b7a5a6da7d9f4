package org.facelfs.data.synthetic;

import java.util.SplittableRandom;

/**
 * The fixed appearance of one synthetic identity: a smooth face-like picture (skin oval, hair,
 * eyes, brows, nose, mouth and a few identity-specific marks, all soft-edged Gaussian shapes)
 * rendered once on the output grid as planar colour premultiplied by an opacity plane, so that each
 * image can put it on its own background (the background must not identify the person).
 * Identities differ in every shape parameter and colour, so a small CNN can tell them apart, while
 * nearby parameter draws give look-alikes that keep verification from being trivial.
 */
final class FaceTemplate {

    /** Planar RGB (or grey) intensities in [0, 1] premultiplied by {@link #alpha}, {@code channels × height × width}. */
    final float[] pixels;
    /** Opacity of the face and hair, {@code height × width}; 0 where the background shows. */
    final float[] alpha;

    private FaceTemplate(float[] pixels, float[] alpha) {
        this.pixels = pixels;
        this.alpha = alpha;
    }

    /** Renders identity drawn from {@code random} on a {@code height × width} grid. */
    static FaceTemplate render(SplittableRandom random, int channels, int height, int width) {
        Params p = new Params(random);
        float[] rgb = new float[3 * height * width];
        int plane = height * width;
        float[] alpha = new float[plane];
        for (int y = 0; y < height; y++) {
            double v = 2 * (y + 0.5) / height - 1;
            for (int x = 0; x < width; x++) {
                double u = 2 * (x + 0.5) / width - 1;
                double[] c = p.colour(u, v);
                int i = y * width + x;
                alpha[i] = (float) c[3];
                rgb[i] = (float) c[0];
                rgb[plane + i] = (float) c[1];
                rgb[2 * plane + i] = (float) c[2];
            }
        }
        if (channels == 3) {
            return new FaceTemplate(rgb, alpha);
        }
        float[] grey = new float[plane];
        for (int i = 0; i < plane; i++) {
            grey[i] = 0.299f * rgb[i] + 0.587f * rgb[plane + i] + 0.114f * rgb[2 * plane + i];
        }
        return new FaceTemplate(grey, alpha);
    }

    /** Shape and colour parameters of one identity (u right, v down, both in [-1, 1]). */
    private static final class Params {
        final double[] skin = new double[3];
        final double[] hairColour = new double[3];
        final double cx, cy, rx, ry, hairline, hairWave;
        final double eyeX, eyeY, eyeSx, eyeSy, eyeDark;
        final double browGap, browLen, browThick, browTilt, browDark;
        final double noseV, noseLen, noseWidth, noseShade;
        final double mouthV, mouthWidth, mouthHeight, mouthDark;
        final double[][] marks;

        Params(SplittableRandom r) {
            double tone = u(r, 0.5, 0.85);
            skin[0] = clamp(tone + u(r, 0.02, 0.1));
            skin[1] = clamp(tone * u(r, 0.78, 0.92));
            skin[2] = clamp(tone * u(r, 0.62, 0.82));
            double hair = u(r, 0.03, 0.45);
            hairColour[0] = hair * u(r, 1.0, 1.4);
            hairColour[1] = hair * u(r, 0.8, 1.1);
            hairColour[2] = hair * u(r, 0.6, 0.9);
            cx = u(r, -0.04, 0.04);
            cy = u(r, 0.02, 0.1);
            rx = u(r, 0.5, 0.7);
            ry = u(r, 0.7, 0.88);
            hairline = u(r, -0.72, -0.4);
            hairWave = u(r, -0.12, 0.12);
            eyeX = u(r, 0.2, 0.34);
            eyeY = u(r, -0.28, -0.1);
            eyeSx = u(r, 0.06, 0.11);
            eyeSy = u(r, 0.035, 0.065);
            eyeDark = u(r, 0.35, 0.65);
            browGap = u(r, 0.1, 0.17);
            browLen = u(r, 0.1, 0.18);
            browThick = u(r, 0.02, 0.04);
            browTilt = u(r, -0.35, 0.35);
            browDark = u(r, 0.15, 0.5);
            noseV = u(r, 0.08, 0.2);
            noseLen = u(r, 0.1, 0.2);
            noseWidth = u(r, 0.035, 0.07);
            noseShade = u(r, -0.15, 0.1);
            mouthV = u(r, 0.38, 0.54);
            mouthWidth = u(r, 0.12, 0.26);
            mouthHeight = u(r, 0.025, 0.06);
            mouthDark = u(r, 0.2, 0.45);
            marks = new double[4][];
            for (int m = 0; m < marks.length; m++) {
                double a = u(r, 0, 2 * Math.PI);
                double d = Math.sqrt(r.nextDouble()) * 0.8;
                marks[m] = new double[] {cx + d * rx * Math.cos(a), cy + d * ry * Math.sin(a), u(r, 0.05, 0.18), u(r, -0.15, 0.15)};
            }
        }

        double[] colour(double u, double v) {
            // Face oval with a soft edge.
            double e = Math.hypot((u - cx) / rx, (v - cy) / ry);
            double face = sigmoid((1 - e) / 0.04);
            double shade = 0;
            for (int side = -1; side <= 1; side += 2) {
                double ex = cx + side * eyeX;
                shade -= eyeDark * gauss(u - ex, v - eyeY, eyeSx, eyeSy);
                // Brow: an elongated blob above the eye, tilted outward by browTilt.
                double bx = u - ex;
                double by = v - (eyeY - browGap) - side * browTilt * bx;
                shade -= browDark * gauss(bx, by, browLen, browThick);
            }
            shade += noseShade * gauss(u - cx, v - noseV, noseWidth, noseLen);
            shade -= 0.12 * gauss(u - cx, v - (noseV + noseLen * 0.8), noseWidth * 1.6, 0.025);
            double mouth = mouthDark * gauss(u - cx, v - mouthV, mouthWidth, mouthHeight);
            for (double[] m : marks) {
                shade += m[3] * gauss(u - m[0], v - m[1], m[2], m[2]);
            }
            // Hair: above a wavy hairline and around the top of the oval.
            double line = hairline + hairWave * Math.cos(3 * u);
            double hairMask = sigmoid((line - v) / 0.05) * sigmoid((1.12 - e) / 0.05);
            // Premultiplied colour and opacity: image = colour + (1 - opacity) * background.
            double[] out = new double[4];
            for (int c = 0; c < 3; c++) {
                double skinC = clamp(skin[c] * (1 + shade) - mouth * (c == 0 ? 0.3 : 0.8));
                out[c] = hairMask * clamp(hairColour[c]) + (1 - hairMask) * face * skinC;
            }
            out[3] = 1 - (1 - hairMask) * (1 - face);
            return out;
        }

        private static double gauss(double dx, double dy, double sx, double sy) {
            return Math.exp(-0.5 * (dx * dx / (sx * sx) + dy * dy / (sy * sy)));
        }

        private static double sigmoid(double z) {
            return 1 / (1 + Math.exp(-z));
        }

        private static double u(SplittableRandom r, double lo, double hi) {
            return lo + (hi - lo) * r.nextDouble();
        }

        private static double clamp(double x) {
            return Math.max(0, Math.min(1, x));
        }
    }
}
