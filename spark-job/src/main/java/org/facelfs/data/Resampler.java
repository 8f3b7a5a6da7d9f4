package org.facelfs.data;

/**
 * Separable resizing of planar float images: exact area averaging when shrinking (every source
 * pixel contributes by its overlap, so no aliasing even for 250 → 32) and bilinear interpolation
 * when enlarging. Pure Java, deterministic across machines.
 */
final class Resampler {

    private Resampler() {
    }

    /** Resizes each of {@code channels} planes of {@code inH × inW} in {@code src} to {@code outH × outW}. */
    static float[] resize(float[] src, int channels, int inH, int inW, int outH, int outW) {
        if (inH == outH && inW == outW) {
            return src.clone();
        }
        Taps tx = taps(inW, outW);
        Taps ty = taps(inH, outH);
        float[] tmp = new float[inH * outW];
        float[] out = new float[channels * outH * outW];
        for (int c = 0; c < channels; c++) {
            int srcBase = c * inH * inW;
            for (int y = 0; y < inH; y++) {
                int row = srcBase + y * inW;
                for (int x = 0; x < outW; x++) {
                    float s = 0;
                    for (int k = tx.start[x]; k < tx.start[x + 1]; k++) {
                        s += tx.weight[k] * src[row + tx.index[k]];
                    }
                    tmp[y * outW + x] = s;
                }
            }
            int outBase = c * outH * outW;
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    float s = 0;
                    for (int k = ty.start[y]; k < ty.start[y + 1]; k++) {
                        s += ty.weight[k] * tmp[ty.index[k] * outW + x];
                    }
                    out[outBase + y * outW + x] = s;
                }
            }
        }
        return out;
    }

    /** For each output position, the source indices and weights (CSR layout). */
    private record Taps(int[] start, int[] index, float[] weight) {
    }

    private static Taps taps(int in, int out) {
        double scale = (double) in / out;
        int[] start = new int[out + 1];
        int maxTaps = (int) Math.ceil(scale) + 2;
        int[] index = new int[out * Math.max(2, maxTaps)];
        float[] weight = new float[index.length];
        int n = 0;
        for (int o = 0; o < out; o++) {
            start[o] = n;
            if (scale >= 1) {
                double lo = o * scale;
                double hi = (o + 1) * scale;
                for (int i = (int) Math.floor(lo); i < Math.min(in, (int) Math.ceil(hi)); i++) {
                    double overlap = Math.min(hi, i + 1) - Math.max(lo, i);
                    if (overlap > 1e-12) {
                        index[n] = i;
                        weight[n++] = (float) (overlap / scale);
                    }
                }
            } else {
                double x = (o + 0.5) * scale - 0.5;
                x = Math.max(0, Math.min(in - 1, x));
                int i0 = (int) Math.floor(x);
                int i1 = Math.min(in - 1, i0 + 1);
                double f = x - i0;
                index[n] = i0;
                weight[n++] = (float) (1 - f);
                index[n] = i1;
                weight[n++] = (float) f;
            }
        }
        start[out] = n;
        return new Taps(start, index, weight);
    }
}
