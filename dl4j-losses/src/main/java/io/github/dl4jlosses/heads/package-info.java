/**
 * Face-recognition heads: output layers with learnable class weights, trained on {@code [B,D]} embeddings with
 * class labels, whose tower below gives the embedding.
 * <ul>
 *   <li>{@link io.github.dl4jlosses.heads.ArcFace} — additive angular margin (Deng 2019), s = 64, m = 0.5;</li>
 *   <li>{@link io.github.dl4jlosses.heads.CosFace} — large-margin cosine (Wang 2018), s = 64, m = 0.35;</li>
 *   <li>{@link io.github.dl4jlosses.heads.SubCenterArcFace} — K sub-centres per class (Deng 2020), K = 3;</li>
 *   <li>{@link io.github.dl4jlosses.heads.ProxyAnchor} — proxy anchors (Kim 2020), α = 32, δ = 0.1.</li>
 * </ul>
 * Each is a DL4J layer configuration (like DL4J's {@code CenterLossOutputLayer}) for a
 * {@code MultiLayerNetwork} or {@code ComputationGraph}; the implementation ({@link
 * io.github.dl4jlosses.heads.CosineHeadLayer}) computes the loss and its analytic gradients for the embeddings
 * and the class weights, which are normalised in the forward pass. The same computation is available outside a
 * network as {@link io.github.dl4jlosses.heads.CosineHead#computeLoss}.
 */
package io.github.dl4jlosses.heads;
