package io.github.dl4jlosses.graph.conv;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The weight and bias gradients of an NCHW convolution, without the gradient with respect to its input, as one
 * forward convolution: {@code dW[o,c,i,j] = Σ_{n,y,x} x[n,c,y·s+i·d−p, x·s+j·d−p] · δ[n,o,y,x]} is a convolution of
 * the input seen as {@code [C, N, H, W]} (the mini-batch as channels) with the output gradient seen as weights
 * {@code [O, N, H_out, W_out]}, the layer's dilation as its stride. For the first layer of a CNN (one or three input
 * channels) this is what a backward pass needs: oneDNN's backward convolution pads a single input channel to eight
 * in both its passes (weights and input gradient) and took 3× the time of this convolution (README "Performance").
 * <p>
 * The bias gradient is {@code δ} summed over everything but the channel, as a BLAS matrix–vector product (0.36 ms
 * for the first layer's {@code [16, 73728]}; ND4J's row sum took 1.65 ms, its sum over three axes of the NCHW
 * array 1.60 ms).
 */
final class WeightGradientOp {
    private WeightGradientOp() {
    }

    /**
     * Whether the convolution's weight gradient fits this route: stride 1 (the route's convolution is dilated by the
     * layer's stride, and oneDNN 2.3 refuses such a descriptor for kernels this large), and the convolution of the
     * padded input (padding {@code pad} on both sides) by the output gradient yields at least the kernel's extent in
     * each dimension: it does for every explicit padding; SAME-mode padding that puts more on the bottom/right than
     * on the top/left may not.
     */
    static boolean fits(long[] inputShape, long[] deltaShape, int[] kernel, int[] stride, int[] pad, int[] dilation) {
        for (int a = 0; a < 2; a++) {
            if (stride[a] != 1 || inputShape[2 + a] + 2L * pad[a] < deltaShape[2 + a]
                    || routeOutput(inputShape[2 + a], pad[a], deltaShape[2 + a], dilation[a]) < kernel[a]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The extent of the route's convolution output in one dimension: the padded input by a kernel of the output
     * gradient's extent, with the layer's dilation as stride.
     */
    private static long routeOutput(long input, int pad, long deltaExtent, int dilation) {
        return (input + 2L * pad - deltaExtent) / dilation + 1;
    }

    /**
     * Writes the weight gradient ({@code [O, C, kH, kW]}, c order) and, when {@code biasGrad} is not null, the bias
     * gradient ({@code O} values) of a convolution with input {@code input} ({@code [N, C, H, W]}) and output gradient
     * {@code delta} ({@code [N, O, H_out, W_out]}, the gradient with respect to the pre-activation). Requires
     * {@link #fits} (stride 1). Temporary arrays go to the manager's {@code BP_WORKING_MEM}.
     */
    static void compute(INDArray input, INDArray delta, int[] kernel, int[] pad, int[] dilation,
                        INDArray weightGrad, INDArray biasGrad, LayerWorkspaceMgr workspaceMgr) {
        long n = input.size(0), c = input.size(1), h = input.size(2), w = input.size(3);
        long o = delta.size(1), oh = delta.size(2), ow = delta.size(3);
        // δ as [O, N, H_out·W_out]: the per-(n, o) planes are contiguous, so this is a copy of whole rows
        INDArray deltaT = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, delta.dataType(),
                new long[]{o, n, oh, ow}, 'c');
        deltaT.reshape('c', o, n, oh * ow).assign(delta.reshape('c', n, o, oh * ow).permute(1, 0, 2));
        INDArray inputT;
        if (c == 1) {
            inputT = input.reshape('c', 1, n, h, w);                // [N,1,H,W] and [1,N,H,W] share a layout
        } else {
            inputT = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(),
                    new long[]{c, n, h, w}, 'c');
            inputT.assign(input.permute(1, 0, 2, 3));
        }
        long outH = routeOutput(h, pad[0], oh, dilation[0]);
        long outW = routeOutput(w, pad[1], ow, dilation[1]);
        // With one input channel, [1, O, kH, kW] is the weight gradient's own layout: written in place when it can be
        INDArray direct = c == 1 && outH == kernel[0] && outW == kernel[1]
                ? Shape.newShapeNoCopy(weightGrad, new long[]{1, o, kernel[0], kernel[1]}, false) : null;
        INDArray out = direct != null ? direct : workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM,
                delta.dataType(), new long[]{c, o, outH, outW}, 'c');
        Nd4j.exec(DynamicCustomOp.builder("conv2d")
                .addInputs(inputT, deltaT)
                .addOutputs(out)
                .addIntegerArguments((int) oh, (int) ow,                // kernel: the output gradient's extent
                        dilation[0], dilation[1],                       // stride: the layer's dilation
                        pad[0], pad[1],
                        1, 1,                                           // dilation: the layer's stride, 1
                        0,                                              // explicit padding
                        0,                                              // NCHW
                        1)                                              // weights [oC, iC, kH, kW] = [O, N, H_out, W_out]
                .build());
        if (direct == null) {
            weightGrad.assign(out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, kernel[0]),
                    NDArrayIndex.interval(0, kernel[1])).permute(1, 0, 2, 3));
        }
        if (biasGrad != null) {
            INDArray ones = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, delta.dataType(),
                    new long[]{n * oh * ow, 1}, 'c').assign(1);
            INDArray sums = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, delta.dataType(),
                    new long[]{o, 1}, 'c');
            // BLAS directly: INDArray.mmul's matmul op took 5× as long for this matrix-vector product (1.8 ms)
            Nd4j.gemm(deltaT.reshape('c', o, n * oh * ow), ones, sums, false, false, 1.0, 0.0);
            biasGrad.assign(sums.reshape(biasGrad.shape()));
        }
    }
}
