package org.facelfs.model;

import org.facelfs.model.GraphAssembler.Node;

/**
 * MobileFaceNet (Chen et al., "MobileFaceNets", CCBR 2018, arXiv 1804.07573), Table 1: conv3x3
 * s2 64, depthwise conv3x3 64, inverted-residual bottlenecks (t, c, n, s) = (2, 64, 5, 2),
 * (4, 128, 1, 2), (2, 128, 6, 1), (4, 128, 1, 2), (2, 128, 2, 1), conv1x1 512, then the global
 * depthwise conv (GDC: a linear depthwise conv as large as the final map, 7x7 at 112x112).
 * The linear 1x1 conv to the embedding is the head's FC on the 512 GDC features.
 */
final class MobileFaceNet {

    /** (expansion t, output channels c, repeats n, first stride s) per bottleneck group. */
    private static final int[][] BOTTLENECKS = {{2, 64, 5, 2}, {4, 128, 1, 2}, {2, 128, 6, 1}, {4, 128, 1, 2}, {2, 128, 2, 1}};

    private MobileFaceNet() {
    }

    /** Adds the body up to and including GDC + BN; returns a 512 x 1 x 1 vertex. */
    static Node body(GraphAssembler g, Node input, BackboneSpec spec) {
        Node x = g.convBnAct(input, "conv1", 64, 3, 2, 1, spec.nonlinearity());
        x = g.act(g.bn(g.depthwise(x, "conv2.dw", 3, 1, 1), "conv2.bn"), "conv2.act", spec.nonlinearity());
        for (int i = 0; i < BOTTLENECKS.length; i++) {
            int t = BOTTLENECKS[i][0];
            int c = BOTTLENECKS[i][1];
            int n = BOTTLENECKS[i][2];
            int s = BOTTLENECKS[i][3];
            for (int r = 0; r < n; r++) {
                x = bottleneck(g, x, "bneck" + (i + 1) + "." + (r + 1), t, c, r == 0 ? s : 1, spec.nonlinearity());
            }
        }
        x = g.convBnAct(x, "conv6", 512, 1, 1, 0, spec.nonlinearity());
        if (x.height() != x.width()) {
            throw new IllegalArgumentException("MobileFaceNet needs a square input, final map is "
                    + x.height() + "x" + x.width());
        }
        return g.bn(g.depthwise(x, "gdc.dw", x.height(), 1, 0), "gdc.bn");
    }

    /** Expand 1x1 (BN, PReLU) → depthwise 3x3 (BN, PReLU) → linear project 1x1 (BN), + input if shapes match. */
    private static Node bottleneck(GraphAssembler g, Node in, String name, int expansion, int out, int stride,
                                   Nonlinearity act) {
        Node y = g.convBnAct(in, name + ".expand", in.channels() * expansion, 1, 1, 0, act);
        y = g.act(g.bn(g.depthwise(y, name + ".dw", 3, stride, 1), name + ".dw.bn"), name + ".dw.act", act);
        y = g.bn(g.conv(y, name + ".project", out, 1, 1, 0, false), name + ".project.bn");
        return stride == 1 && in.channels() == out ? g.add(name + ".add", y, in) : y;
    }
}
