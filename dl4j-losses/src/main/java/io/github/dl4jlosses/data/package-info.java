/**
 * Samplers that turn a labelled {@code DataSet} or {@code DataSetIterator} into the batches the
 * ranking losses need. All of them hold the data in memory, sample in plain Java over row indices
 * and gather examples with one {@code Nd4j.pullRows} per input; features of any shape keep it.
 *
 * <table>
 *   <caption>Which iterator feeds which loss</caption>
 *   <tr><th>iterator</th><th>batch</th><th>for</th></tr>
 *   <tr><td>{@link io.github.dl4jlosses.data.PKBatchIterator}</td>
 *       <td>{@code [P·K, ...]}, P classes × K examples; labels class ids {@code [B,1]} or one-hot</td>
 *       <td>labelled-batch losses (batch-all/hard/semi-hard triplet, multi-similarity)</td></tr>
 *   <tr><td>{@link io.github.dl4jlosses.data.PairBatchIterator}
 *       (and {@link io.github.dl4jlosses.data.PairBatchMultiDataSetIterator})</td>
 *       <td>{@code [N, 2F] = [anchor | positive]}, one class per row (or two inputs); labels class ids</td>
 *       <td>pair-batch losses with in-batch negatives (N-pair, InfoNCE, generalized triplet)</td></tr>
 *   <tr><td>{@link io.github.dl4jlosses.data.PairMultiDataSetIterator}</td>
 *       <td>inputs {@code {left, right}}; labels 1 same class / 0 not</td>
 *       <td>Siamese and Koch graphs (contrastive, binary cross-entropy)</td></tr>
 *   <tr><td>{@link io.github.dl4jlosses.data.TripletMultiDataSetIterator}</td>
 *       <td>inputs {@code {anchor, positive(s), negative(s)}}; labels zeros</td>
 *       <td>Triplet graphs (triplet, multi-sample triplet)</td></tr>
 * </table>
 *
 * <p><b>Epochs and seeds, for every iterator.</b> An epoch is planned in full from a random
 * generator that depends only on the builder's seed and the epoch number: the same seed gives the
 * same batches, epoch after epoch, in any run. {@code reset()} moves to the next epoch, shuffled
 * anew — except when no batch of the current epoch has been taken yet, because DL4J's
 * {@code fit} resets iterators defensively; {@code setEpoch(e)} replays or resumes epoch e.
 * Class-balanced epochs serve every example at least once (see
 * {@link io.github.dl4jlosses.data.PKBatchIterator}); random-mode pair and triplet epochs use
 * every example (every example of a class with a second one, for triplets) once as left / anchor.
 *
 * <p>Iterators are not thread-safe and report {@code asyncSupported() == false}: the data are in
 * memory, and a prefetching thread would only make the batch order harder to reproduce.
 */
package io.github.dl4jlosses.data;
