package io.github.dl4jlosses.backendtests;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** {@link TrainableModel} over a {@link ComputationGraph}. */
public final class GraphModel implements TrainableModel {
    private final ComputationGraph net;

    public GraphModel(ComputationGraphConfiguration conf) {
        this.net = new ComputationGraph(conf);
        this.net.init();
    }

    public ComputationGraph network() {
        return net;
    }

    @Override
    public INDArray params() {
        return net.params().dup();
    }

    @Override
    public void setParams(INDArray flat) {
        net.setParams(flat.reshape(net.params().shape()).castTo(net.params().dataType()));
    }

    @Override
    public double fit(MultiDataSet batch) {
        net.fit(batch);
        return net.score();
    }
}
