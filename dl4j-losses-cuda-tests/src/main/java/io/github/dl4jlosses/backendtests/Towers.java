package io.github.dl4jlosses.backendtests;

import io.github.dl4jlosses.graph.Tower;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;

/** The small tower every trajectory trains: {@value Batches#FEATURES} → Dense(8, tanh) → Dense(4). */
public final class Towers {
    static final int HIDDEN = 8;
    static final int EMBED = 4;

    private Towers() {
    }

    /** A fresh tower configuration (layers are mutable configuration objects: never share them). */
    public static Tower dense() {
        return Tower.of(InputType.feedForward(Batches.FEATURES),
                new DenseLayer.Builder().nOut(HIDDEN).activation(Activation.TANH).build(),
                new DenseLayer.Builder().nOut(EMBED).activation(Activation.IDENTITY).build());
    }
}
