package org.nd4j.nativeblas;

import io.github.dl4jlosses.graph.OneDnnLayers;

/**
 * The class DL4J 1.0.0-M2.1's {@code BaseMKLDNNHelper.mklDnnEnabled()} asks, by reflection, whether oneDNN is in
 * use. ND4J's natives renamed theirs ({@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu}, method
 * {@code isUseONEDNN}), so without this one DL4J's check always fails and its oneDNN layer helpers never run. It
 * answers {@link OneDnnLayers#nativesHaveOneDnn()}. Not for direct use; see {@link OneDnnLayers}.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The nested class DL4J looks up: {@code getInstance().isUseMKLDNN()}. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        /** @return the one instance */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /** @return whether ND4J's natives have oneDNN and libnd4j uses it */
        public boolean isUseMKLDNN() {
            return OneDnnLayers.nativesHaveOneDnn();
        }
    }
}
