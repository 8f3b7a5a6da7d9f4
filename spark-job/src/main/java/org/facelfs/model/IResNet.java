package org.facelfs.model;

import org.facelfs.model.GraphAssembler.Node;

/**
 * insightface's IResNet body (arcface_torch {@code backbones/iresnet.py}): a 3x3 stride-1 stem
 * conv with BN and PReLU, then 4 stages of IR blocks, each stage starting with a stride-2 block.
 * IR block: {@code BN → conv3x3 → BN → PReLU → conv3x3(stride) → BN}, plus the input, or a
 * {@code conv1x1(stride) → BN} projection of it when the shape changes. No conv has a bias.
 */
final class IResNet {

    private IResNet() {
    }

    /** Adds stem and stages; returns the output of the last block (512 x 7 x 7 at 112x112). */
    static Node body(GraphAssembler g, Node input, BackboneSpec spec) {
        int[] blocks = spec.kind().iresnetBlocks();
        Node x = g.convBnAct(input, "stem", spec.widths().get(0), 3, 1, 1, spec.nonlinearity());
        for (int s = 0; s < blocks.length; s++) {
            int planes = spec.widths().get(s);
            for (int b = 0; b < blocks[s]; b++) {
                x = block(g, x, "stage" + (s + 1) + ".block" + (b + 1), planes, b == 0 ? 2 : 1, spec.nonlinearity());
            }
        }
        return x;
    }

    private static Node block(GraphAssembler g, Node in, String name, int planes, int stride, Nonlinearity act) {
        Node y = g.bn(in, name + ".bn1");
        y = g.conv(y, name + ".conv1", planes, 3, 1, 1, false);
        y = g.bn(y, name + ".bn2");
        y = g.act(y, name + ".act", act);
        y = g.conv(y, name + ".conv2", planes, 3, stride, 1, false);
        y = g.bn(y, name + ".bn3");
        Node shortcut = in;
        if (stride != 1 || in.channels() != planes) {
            shortcut = g.bn(g.conv(in, name + ".down.conv", planes, 1, stride, 0, false), name + ".down.bn");
        }
        return g.add(name + ".add", y, shortcut);
    }
}
