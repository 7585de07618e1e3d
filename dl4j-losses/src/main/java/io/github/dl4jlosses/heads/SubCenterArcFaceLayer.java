package io.github.dl4jlosses.heads;

import io.github.dl4jlosses.ops.Rows;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The layer of a {@link SubCenterArcFace} head, with the per-example angle to the dominant sub-centre. */
public class SubCenterArcFaceLayer extends CosineHeadLayer {
    /**
     * The runtime layer of a Sub-center ArcFace configuration, as DL4J creates it.
     * @param conf the layer's configuration
     * @param dataType the network's data type
     */
    public SubCenterArcFaceLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * For each example, the angle (radians, in {@code [0, π]}) between its embedding and the dominant sub-centre
     * of its own class, {@code θ_i = arccos(max_k cos(x_i, W_{y_i,k}))}: Sub-center ArcFace (Deng 2020, §3.2)
     * drops training samples whose angle exceeds a threshold (75° in the paper) as label noise.
     *
     * @param embeddings {@code [B,D]}, the head's input (e.g. {@code EmbeddingModel.embed} of the images)
     * @param labels     {@code [B,1]} class ids or {@code [B,C]} one-hot
     * @return {@code [B,1]} angles in the embeddings' data type
     */
    public INDArray dominantAngles(INDArray embeddings, INDArray labels) {
        SubCenterArcFace conf = (SubCenterArcFace) layerConf();
        INDArray cos = conf.classCosines(embeddings, classWeights());
        INDArray mask = Nd4j.ones(cos.dataType(), cos.size(0), 1);
        INDArray targets = HeadLabels.targets(conf.describe(), labels, cos.size(0), conf.classes(), mask,
                cos.dataType());
        INDArray own = Rows.dot(cos, targets);
        return Transforms.acos(Transforms.min(Transforms.max(own, -1.0, false), 1.0, false), false);
    }
}
