/**
 * DL4J's 2-D convolution layer with a faster backward pass for towers
 * ({@link io.github.dl4jlosses.graph.conv.TowerConvolutionLayer}): a vectorised ReLU derivative, and for the layer fed
 * by the network's images only the weight and bias gradients; the graph builders put it in place of every
 * {@code ConvolutionLayer} of a tower.
 */
package io.github.dl4jlosses.graph.conv;
