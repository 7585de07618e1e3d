package io.github.dl4jlosses.examples.cli;

import io.github.dl4jlosses.examples.train.HeadSpec;
import picocli.CommandLine.Option;

/**
 * The options of the face-recognition heads ({@code --loss arcface|cosface|subcenter-arcface|proxy-anchor}); unset,
 * each takes its head's default (the paper's). Checked by {@link HeadSpec#check} before any data is read.
 */
public final class HeadOptions {
    @Option(names = "--scale", paramLabel = "S",
            description = "arcface, cosface, subcenter-arcface: scale s of the logits s·cos (default 64).")
    Double scale;

    @Option(names = "--margin", paramLabel = "M",
            description = "arcface, subcenter-arcface: angular margin m in radians (default 0.5); cosface: cosine margin (default 0.35); in [0, π/2).")
    Double margin;

    @Option(names = {"--sub-centers", "--sub-centres"}, paramLabel = "K",
            description = "subcenter-arcface: sub-centres per class (default 3).")
    Integer subCentres;

    @Option(names = "--alpha", description = "proxy-anchor: scale alpha (default 32).")
    Double alpha;

    @Option(names = "--delta", description = "proxy-anchor: margin delta (default 0.1).")
    Double delta;

    @Option(names = {"--head-lr", "--proxy-lr"}, paramLabel = "LR",
            description = "Heads: Adam learning rate of the head's class weights (default: --lr; proxy-anchor: 100 × --lr, the paper's proxy rate).")
    Double headLr;

    HeadSpec spec() {
        return new HeadSpec(scale, margin, subCentres, alpha, delta, headLr);
    }
}
