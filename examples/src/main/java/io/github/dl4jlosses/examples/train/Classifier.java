package io.github.dl4jlosses.examples.train;

import io.github.dl4jlosses.data.LabelFormat;
import io.github.dl4jlosses.data.PKBatchIterator;
import io.github.dl4jlosses.graph.OneDnnLayers;
import io.github.dl4jlosses.graph.Tower;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * The {@code pretrain} step's network: the trainer's tower followed by a softmax layer over the training
 * classes, trained with cross-entropy. Its layers are named {@code layer0, layer1, ...}, the tower's last one
 * {@value #EMBEDDING} and the classifier {@value #OUTPUT}, so {@code train --init-from} cuts at
 * {@value #EMBEDDING} by default (the layer just before the output).
 */
public final class Classifier {
    /** Name of the tower's last layer (the embedding). */
    public static final String EMBEDDING = "embedding";
    /** Name of the softmax output layer. */
    public static final String OUTPUT = "classes";

    private Classifier() {
    }

    /**
     * The classifier graph over {@code classes} outputs, initialised (with DL4J's oneDNN helpers where the natives allow,
     * the tower's pooling on libnd4j's own kernels there and its convolutions as {@code TowerConvolutionLayer}s, as the
     * graph builders give it).
     */
    public static ComputationGraph build(Tower tower, int classes, double learningRate, long seed) {
        OneDnnLayers.enable();     // built here, not by the library's graph builders, which would call it
        ComputationGraphConfiguration.GraphBuilder gb = new NeuralNetConfiguration.Builder().seed(seed)
                .updater(new Adam(learningRate)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("input").setInputTypes(tower.getInputType());
        List<Layer> layers = tower.graphLayers(false);      // as the graph builders put them
        String prev = "input";
        for (int i = 0; i < layers.size(); i++) {
            String name = i == layers.size() - 1 ? EMBEDDING : "layer" + i;
            gb.addLayer(name, layers.get(i), prev);
            prev = name;
        }
        gb.addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).build(), prev).setOutputs(OUTPUT);
        ComputationGraph net = new ComputationGraph(gb.build());
        net.init();
        return net;
    }

    /**
     * Class-balanced batches (P classes × K images, seeded) with one-hot labels as wide as the largest class id + 1.
     */
    public static MultiDataSetIterator batches(DataSet train, int classesPerBatch, int perClass, long seed) {
        return new DataSetAsMultiDataSetIterator(PKBatchIterator.builder().data(train).classesPerBatch(classesPerBatch)
                .examplesPerClass(perClass).labelFormat(LabelFormat.ONE_HOT).seed(seed).withReplacement(true).build());
    }
}
