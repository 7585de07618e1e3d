import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

public class ConvBench {
    /** Session 12's PoolBench2.time (median of 60 after 30; compile with it). The figures in notes.md were taken with
     *  this file's own copy at the time, a median of 40 after 20. */
    static double time(Runnable r) {
        return PoolBench2.time(r);
    }
    static void exec(String name, INDArray[] in, INDArray[] out, boolean helpers, long... iargs) {
        OpContext ctx = Nd4j.getExecutioner().buildContext();
        ctx.setIArguments(iargs);
        ctx.allowHelpers(helpers);
        for (int i = 0; i < in.length; i++) ctx.setInputArray(i, in[i]);
        for (int i = 0; i < out.length; i++) ctx.setOutputArray(i, out[i]);
        Nd4j.exec(DynamicCustomOp.builder(name).build(), ctx);
        try { ctx.close(); } catch (Exception e) { throw new RuntimeException(e); }
    }
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]), c = Integer.parseInt(a[1]), h = Integer.parseInt(a[2]), o = Integer.parseInt(a[3]), k = 5;
        int oh = h - k + 1;
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, c, h, h);
        INDArray w = Nd4j.rand(DataType.FLOAT, o, c, k, k), b = Nd4j.rand(DataType.FLOAT, o);
        INDArray gO = Nd4j.rand(DataType.FLOAT, n, o, oh, oh);
        long[] args = {k, k, 1, 1, 0, 0, 1, 1, 0, 0, 1};
        INDArray gI1 = x.ulike(), gW1 = w.ulike(), gB1 = b.ulike();
        INDArray gI2 = x.ulike(), gW2 = w.ulike(), gB2 = b.ulike();
        Runnable dnn = () -> exec("conv2d_bp", new INDArray[]{x, w, b, gO}, new INDArray[]{gI1, gW1, gB1}, true, args);
        Runnable own = () -> exec("conv2d_bp", new INDArray[]{x, w, b, gO}, new INDArray[]{gI2, gW2, gB2}, false, args);
        INDArray cols = Nd4j.create(DataType.FLOAT, n, c, k, k, oh, oh);
        INDArray prod = Nd4j.create(DataType.FLOAT, n, o, c * k * k);
        INDArray gW3 = w.ulike(), gB3 = b.ulike();
        Runnable im2col = () -> {
            exec("im2col", new INDArray[]{x}, new INDArray[]{cols}, false, k, k, 1, 1, 0, 0, 1, 1, 0);
            INDArray d3 = gO.reshape(n, o, oh * oh), c3 = cols.reshape(n, c * k * k, oh * oh);
            Nd4j.matmul(d3, c3, prod, false, true, false);
            prod.sum(gW3.reshape(o, c * k * k), 0);
            gO.sum(gB3, 0, 2, 3);
        };
        Runnable im2colOnly = () -> exec("im2col", new INDArray[]{x}, new INDArray[]{cols}, false, k, k, 1, 1, 0, 0, 1, 1, 0);
        Runnable mm = () -> { INDArray d3 = gO.reshape(n, o, oh * oh), c3 = cols.reshape(n, c * k * k, oh * oh);
            Nd4j.matmul(d3, c3, prod, false, true, false); };
        Runnable red = () -> prod.sum(gW3.reshape(o, c * k * k), 0);
        Runnable bias = () -> gO.sum(gB3, 0, 2, 3);
        // conv trick: dW[o,c,kh,kw] = conv(x^T as [c, n, h, w], delta^T [o, n, oh, ow])
        INDArray xT = Nd4j.create(DataType.FLOAT, c, n, h, h), dT = Nd4j.create(DataType.FLOAT, o, n, oh, oh);
        INDArray outT = Nd4j.create(DataType.FLOAT, c, o, k, k);
        Runnable trick = () -> {
            xT.assign(x.permute(1, 0, 2, 3)); dT.assign(gO.permute(1, 0, 2, 3));
            exec("conv2d", new INDArray[]{xT, dT}, new INDArray[]{outT}, true, oh, oh, 1, 1, 0, 0, 1, 1, 0, 0, 1);
        };
        INDArray outT2 = outT.ulike();
        INDArray xR = x.reshape(c, n, h, h);
        Runnable trickOwn = () -> {
            dT.assign(gO.permute(1, 0, 2, 3));
            exec("conv2d", new INDArray[]{c == 1 ? xR : xT, dT}, new INDArray[]{outT2}, false, oh, oh, 1, 1, 0, 0, 1, 1, 0, 0, 1);
        };
        Runnable permOnly = () -> dT.assign(gO.permute(1, 0, 2, 3));
        Runnable biasT = () -> dT.reshape(o, (long) n * oh * oh).sum(gB3, 1);
        java.lang.reflect.Method route;
        try {
            route = Class.forName("io.github.dl4jlosses.graph.conv.WeightGradientOp").getDeclaredMethod("compute",
                    INDArray.class, INDArray.class, int[].class, int[].class, int[].class, INDArray.class, INDArray.class,
                    org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.class);
            route.setAccessible(true);
        } catch (ReflectiveOperationException e) { throw new RuntimeException(e); }
        INDArray gW4 = w.ulike(), gB4 = b.ulike();
        // as in training: temporaries in a reused workspace (DL4J's BP_WORKING_MEM)
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.builder()
                .with(org.deeplearning4j.nn.workspace.ArrayType.BP_WORKING_MEM, "BENCH_BP",
                        org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration.builder()
                                .policyAllocation(org.nd4j.linalg.api.memory.enums.AllocationPolicy.OVERALLOCATE)
                                .policyLearning(org.nd4j.linalg.api.memory.enums.LearningPolicy.FIRST_LOOP).build())
                .defaultNoWorkspace()
                .build();
        Runnable ours = () -> { try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = mgr.notifyScopeEntered(org.deeplearning4j.nn.workspace.ArrayType.BP_WORKING_MEM)) {
                route.invoke(null, x, gO, new int[]{k, k}, new int[]{0, 0}, new int[]{1, 1}, gW4, gB4, mgr); } catch (ReflectiveOperationException e) { throw new RuntimeException(e); } };
        ours.run();
        System.out.println("WeightGradientOp equals oneDNN's: weights " + gW1.equalsWithEps(gW4, 1e-2) + ", bias " + gB1.equalsWithEps(gB4, 1e-2));
        System.out.printf("WeightGradientOp (weights + bias, no input gradient) %.2f ms%n", time(ours));
        dnn.run(); own.run(); trickOwn.run();
        System.out.println("trickOwn " + gW1.equalsWithEps(outT2.permute(1, 0, 2, 3), 1e-2) + " xR==xT " + (c == 1 ? xR.equals(x.permute(1,0,2,3)) : true));
        System.out.printf("trick without helpers %.2f, permute copy %.2f, bias from permuted %.2f%n", time(trickOwn), time(permOnly), time(biasT)); im2col.run(); trick.run();
        System.out.println("gW own vs dnn " + gW1.equalsWithEps(gW2, 1e-2) + " im2col vs dnn " + gW1.equalsWithEps(gW3, 1e-2)
                + " trick " + gW1.equalsWithEps(outT.permute(1, 0, 2, 3), 1e-2) + " gB " + gB1.equalsWithEps(gB3, 1e-2) + " maxdiff " + gW1.sub(gW3).amaxNumber());
        System.out.printf("x%s o=%d: conv2d_bp oneDNN %.2f | own %.2f | im2col+bmm+sum+bias %.2f (im2col %.2f, bmm %.2f, sum %.2f, bias %.2f) | conv trick %.2f ms%n",
                java.util.Arrays.toString(x.shape()), o, time(dnn), time(own), time(im2col), time(im2colOnly), time(mm), time(red), time(bias), time(trick));
    }
}
