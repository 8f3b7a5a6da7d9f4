package org.facelfs.model;

import org.facelfs.model.GraphAssembler.Node;

/**
 * The CPU backbone: per stage a stride-2 and a stride-1 3x3 conv, each followed by BN and the activation,
 * so each stage halves the resolution (32x32 → 2x2 and 112x112 → 7x7 with the 4 default stages).
 */
final class SmallCnn {

    private SmallCnn() {
    }

    /** Adds the convolutional body; returns its last vertex. */
    static Node body(GraphAssembler g, Node input, BackboneSpec spec) {
        Node x = input;
        for (int s = 0; s < spec.widths().size(); s++) {
            int w = spec.widths().get(s);
            x = g.convBnAct(x, "stage" + (s + 1) + ".down", w, 3, 2, 1, spec.nonlinearity());
            x = g.convBnAct(x, "stage" + (s + 1) + ".conv", w, 3, 1, 1, spec.nonlinearity());
        }
        return x;
    }
}
