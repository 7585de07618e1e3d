/**
 * DL4J's 2-D pooling layer run by libnd4j's own pooling kernels where ND4J's natives have oneDNN
 * ({@link io.github.dl4jlosses.graph.pooling.Libnd4jSubsamplingLayer}); the graph builders put it in place of every
 * {@code SubsamplingLayer} of a tower.
 */
package io.github.dl4jlosses.graph.pooling;
