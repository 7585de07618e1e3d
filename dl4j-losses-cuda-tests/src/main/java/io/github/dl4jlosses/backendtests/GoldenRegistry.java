package io.github.dl4jlosses.backendtests;

import io.github.dl4jlosses.distance.Distance;
import io.github.dl4jlosses.graph.ClassificationHeadGraph;
import io.github.dl4jlosses.graph.KochSiameseGraph;
import io.github.dl4jlosses.graph.SiameseGraph;
import io.github.dl4jlosses.graph.TripletGraph;
import io.github.dl4jlosses.heads.ArcFace;
import io.github.dl4jlosses.heads.CosFace;
import io.github.dl4jlosses.heads.CosineHead;
import io.github.dl4jlosses.heads.ProxyAnchor;
import io.github.dl4jlosses.heads.SubCenterArcFace;
import io.github.dl4jlosses.loss.LossBatchTriplet;
import io.github.dl4jlosses.loss.CrossBatchMemory;
import io.github.dl4jlosses.loss.LossCircle;
import io.github.dl4jlosses.mining.BatchHardMiner;
import io.github.dl4jlosses.mining.MultiSimilarityMiner;
import io.github.dl4jlosses.mining.SemiHardMiner;
import io.github.dl4jlosses.loss.LossContrastive;
import io.github.dl4jlosses.loss.LossGeneralizedTriplet;
import io.github.dl4jlosses.loss.LossInfoNCE;
import io.github.dl4jlosses.loss.LossLiftedStructure;
import io.github.dl4jlosses.loss.LossMultiSampleTriplet;
import io.github.dl4jlosses.loss.LossMultiSimilarity;
import io.github.dl4jlosses.loss.LossNPair;
import io.github.dl4jlosses.loss.LossSupCon;
import io.github.dl4jlosses.loss.LossTriplet;
import io.github.dl4jlosses.loss.TripletMining;
import io.github.dl4jlosses.samediff.SDDenseTower;
import io.github.dl4jlosses.samediff.SameDiffTwins;
import io.github.dl4jlosses.samediff.SharedTowerModel;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every golden case, in one place: adding a loss or an option is one line here, then a regenerate.
 * Default shape is B = 7, D = 5; {@link #shapes} and {@link #batchShapes} add the B = 1 (B = 2 for
 * in-batch losses), odd-D and B = 1024 variants for a few representative cases (B = 1024 only with small
 * D, to keep the committed goldens small).
 */
public final class GoldenRegistry {
    private GoldenRegistry() {
    }

    /** All loss cases, ids unique. */
    public static List<LossCase> lossCases() {
        List<LossCase> c = new ArrayList<>();
        for (Distance d : Distance.values()) {
            c.add(contrastive(d, 1));
            c.add(contrastive(d, 0));
            c.add(triplet(d, false, false));
            c.add(triplet(d, true, false));
            c.add(triplet(d, false, true));
            c.add(triplet(d, true, true));
            c.add(multiSample(d, 2, 3));
        }
        c.add(multiSample(Distance.EUCLIDEAN, 1, 1));
        c.add(multiSample(Distance.COSINE, 3, 2));

        // Shape, activation and mask variants of representative cases.
        c.addAll(shapes(contrastive(Distance.EUCLIDEAN, 1), true));
        c.addAll(shapes(triplet(Distance.SQUARED_EUCLIDEAN, false, false), true));
        c.addAll(shapes(multiSample(Distance.COSINE, 2, 3), false));
        c.add(contrastive(Distance.COSINE, 1).withActivation(Activation.TANH).masked());
        c.add(triplet(Distance.EUCLIDEAN, true, false).withActivation(Activation.TANH));
        c.add(triplet(Distance.MANHATTAN, false, false).masked());

        // Pair batches with in-batch negatives: [anchor | positive], class ids (3 classes) or none.
        for (Distance d : Distance.values()) {
            c.add(generalizedTriplet(d, true));
        }
        c.add(generalizedTriplet(Distance.SQUARED_EUCLIDEAN, false));
        c.add(nPair(0.002, true));
        c.add(nPair(0.002, false));
        c.add(nPair(0.1, true));
        c.add(infoNce(0.07, false, true));
        c.add(infoNce(0.07, true, true));
        c.add(infoNce(0.5, true, false));

        // Labelled batches: [B, D] embeddings with class ids (3 classes), or one-hot labels.
        for (Distance d : Distance.values()) {
            for (TripletMining m : TripletMining.values()) {
                c.add(batchTriplet(m, d, false, 3, false));
            }
        }
        c.add(batchTriplet(TripletMining.HARD, Distance.EUCLIDEAN, true, 3, false));
        c.add(batchTriplet(TripletMining.SEMI_HARD, Distance.SQUARED_EUCLIDEAN, false, 3, true));
        c.add(multiSimilarity(true, false));
        c.add(multiSimilarity(false, false));
        c.add(multiSimilarity(true, true));

        // In-batch shapes (B >= 2): the smallest batch, odd wide D, B = 1024 for the smooth InfoNCE;
        // a batch of one class (no negatives: score 0, zero gradient); masks and an activation.
        c.addAll(batchShapes(generalizedTriplet(Distance.EUCLIDEAN, true), false));
        c.addAll(batchShapes(infoNce(0.07, true, true), true));
        c.addAll(batchShapes(batchTriplet(TripletMining.HARD, Distance.EUCLIDEAN, false, 3, false), false));
        c.addAll(batchShapes(multiSimilarity(true, false), false));
        c.add(batchTriplet(TripletMining.ALL, Distance.EUCLIDEAN, false, 1, false));
        c.add(nPair(0.002, true).masked());
        c.add(batchTriplet(TripletMining.SEMI_HARD, Distance.EUCLIDEAN, false, 3, false).masked());
        c.add(infoNce(0.07, false, true).withActivation(Activation.TANH));

        // Pair-weighted labelled-batch losses: circle, supervised contrastive, generalized lifted structure.
        c.add(circle(0.25, 256, true, false));
        c.add(circle(0.4, 80, false, false));
        c.add(circle(0.25, 256, true, true));
        c.add(supCon(0.07, false));
        c.add(supCon(0.5, false));
        c.add(supCon(0.07, true));
        for (Distance d : Distance.values()) {
            c.add(liftedStructure(d, false));
        }
        c.add(liftedStructure(Distance.EUCLIDEAN, true));
        c.addAll(batchShapes(supCon(0.5, false), false));
        c.addAll(batchShapes(liftedStructure(Distance.EUCLIDEAN, false), false));
        c.add(circle(0.4, 80, false, false).masked());
        c.add(liftedStructure(Distance.SQUARED_EUCLIDEAN, false).withActivation(Activation.TANH));

        // Cross-batch memory of 7 rows: just the batch (the replay calls the loss four times on it), so the case
        // checks the batch against its detached copy, analytic and twin. Not in HALF: mining decisions may flip.
        c.add(LossCase.of("xbm.multisimilarity.m7", () -> CrossBatchMemory.of(new LossMultiSimilarity(), 7),
                Inputs.labelled(3, false)).withoutHalf());

        // The SameDiff twin of every case up to B = 16 (the B = 1024 ones would only time the graph).
        List<LossCase> twins = new ArrayList<>();
        for (LossCase a : c) {
            if (a.batch() <= 16) {
                twins.add(a.twin());
            }
        }
        c.addAll(twins);

        // Losses mining with another loss's miner: analytic only (a twin mines in its graph as its own options
        // say). Not in HALF: a mining decision may flip there.
        c.add(LossCase.of("mined.circle.batchhard", () -> LossCircle.builder().with(LossCircle.MARGIN, 0.25)
                .with(LossCircle.GAMMA, 32)
                .with(LossCircle.DETACH_WEIGHTS, false)
                .with(LossCircle.MINER, new BatchHardMiner()).build(), Inputs.labelled(3, false)).withoutHalf());
        c.add(LossCase.of("mined.batchtriplet.multisimilarity", () -> LossBatchTriplet.builder()
                .with(LossBatchTriplet.MARGIN, Inputs.far(Distance.EUCLIDEAN) - Inputs.near(Distance.EUCLIDEAN))
                .with(LossBatchTriplet.MINER, new MultiSimilarityMiner(0.1)).build(), Inputs.labelled(3, false)).withoutHalf());
        c.add(LossCase.of("mined.lifted.semihard", () -> LossLiftedStructure.builder()
                .with(LossLiftedStructure.MINER, new SemiHardMiner())
                .build(), Inputs.labelled(3, false)).withoutHalf());

        // Face-recognition heads with fixed class weights (paper defaults; 3 classes of the labelled inputs),
        // the embedding gradient only (the weights' gradient is covered by the heads' trajectories). Not in
        // HALF: logits of s = 64 times a cosine are far beyond what HALF resolves.
        c.add(head("arcface", new ArcFace.Builder().nOut(3).build(), false));
        c.add(head("arcface.easy", new ArcFace.Builder().nOut(3).easyMargin(true).build(), false));
        c.add(head("arcface", new ArcFace.Builder().nOut(3).build(), true).masked());
        c.add(head("cosface", new CosFace.Builder().nOut(3).build(), false));
        c.add(head("cosface", new CosFace.Builder().nOut(3).build(), false).withActivation(Activation.TANH));
        c.add(head("subcenter-arcface", new SubCenterArcFace.Builder().nOut(3).build(), false));
        c.add(head("proxy-anchor", new ProxyAnchor.Builder().nOut(3).build(), false));
        c.add(head("proxy-anchor", new ProxyAnchor.Builder().nOut(3).build(), true).masked());
        c.add(head("arcface", new ArcFace.Builder().nOut(3).build(), false).withShape(16, 33));
        return unique(c);
    }

    /** A head with class weights fixed by a seed, on 3-class labelled inputs (ids or one-hot). */
    static LossCase head(String name, CosineHead head, boolean oneHot) {
        return LossCase.of("head." + name + (oneHot ? ".onehot" : ""), () -> new HeadGoldenLoss(head, 17),
                Inputs.labelled(3, oneHot)).withoutHalf();
    }

    /** Generalized (hardest in-batch negative) triplet, margin far − near; class ids from 3 classes or none. */
    static LossCase generalizedTriplet(Distance d, boolean ids) {
        return LossCase.of("gentriplet." + name(d) + (ids ? ".ids" : ".noids"),
                () -> LossGeneralizedTriplet.builder().with(LossGeneralizedTriplet.DISTANCE, d)
                        .with(LossGeneralizedTriplet.MARGIN, Inputs.far(d) - Inputs.near(d))
                        .with(LossGeneralizedTriplet.USE_CLASS_IDS, ids).build(), Inputs.pairBatch(ids ? 3 : 0));
    }

    /** N-pair loss with L2 weight {@code lambda}; class ids from 3 classes or none. */
    static LossCase nPair(double lambda, boolean ids) {
        return LossCase.of("npair.l" + lambda + (ids ? ".ids" : ".noids"),
                () -> LossNPair.builder().with(LossNPair.LAMBDA, lambda)
                        .with(LossNPair.USE_CLASS_IDS, ids).build(), Inputs.pairBatch(ids ? 3 : 0));
    }

    /**
     * InfoNCE at temperature {@code tau}, one- or two-directional; class ids from 3 classes or none. Below
     * τ = 0.2 the logits are too large for HALF to resolve a row's loss: no HALF replay.
     */
    static LossCase infoNce(double tau, boolean symmetric, boolean ids) {
        LossCase c = LossCase.of("infonce.t" + tau + (symmetric ? ".symmetric" : "") + (ids ? ".ids" : ".noids"),
                () -> LossInfoNCE.builder().with(LossInfoNCE.TEMPERATURE, tau)
                        .with(LossInfoNCE.SYMMETRIC, symmetric).with(LossInfoNCE.USE_CLASS_IDS, ids).build(),
                Inputs.pairBatch(ids ? 3 : 0));
        return tau < 0.2 ? c.withoutHalf() : c;
    }

    /** Mined batch triplet loss, margin far − near, on {@code classes} classes (ids or one-hot). */
    static LossCase batchTriplet(TripletMining m, Distance d, boolean soft, int classes, boolean oneHot) {
        return LossCase.of("batchtriplet." + m.name().toLowerCase(Locale.ROOT) + "." + name(d) + (soft ? ".soft" : "")
                        + (classes != 3 ? ".c" + classes : "") + (oneHot ? ".onehot" : ""),
                () -> LossBatchTriplet.builder().with(LossBatchTriplet.MINING, m)
                        .with(LossBatchTriplet.DISTANCE, d)
                        .with(LossBatchTriplet.MARGIN, Inputs.far(d) - Inputs.near(d))
                        .with(LossBatchTriplet.SOFT_MARGIN, soft).build(), Inputs.labelled(classes, oneHot));
    }

    /** Multi-similarity loss with its defaults (α 2, β 50, λ 0.5, ε 0.1), with or without mining. */
    static LossCase multiSimilarity(boolean mine, boolean oneHot) {
        return LossCase.of("multisimilarity" + (mine ? ".mined" : ".unmined") + (oneHot ? ".onehot" : ""),
                () -> LossMultiSimilarity.builder()
                        .with(LossMultiSimilarity.MINE, mine).build(), Inputs.labelled(3, oneHot));
    }

    /**
     * Circle loss with margin {@code m} and scale γ, weights detached or not. At γ = 80 and above the logits are
     * too large for HALF to resolve a row's loss: no HALF replay.
     */
    static LossCase circle(double m, double gamma, boolean detach, boolean oneHot) {
        return LossCase.of("circle.m" + m + ".g" + gamma + (detach ? "" : ".exact") + (oneHot ? ".onehot" : ""),
                () -> LossCircle.builder().with(LossCircle.MARGIN, m).with(LossCircle.GAMMA, gamma)
                        .with(LossCircle.DETACH_WEIGHTS, detach).build(),
                Inputs.labelled(3, oneHot)).withoutHalf();
    }

    /** Supervised contrastive loss at temperature {@code tau}; below τ = 0.2 no HALF replay (as InfoNCE). */
    static LossCase supCon(double tau, boolean oneHot) {
        LossCase c = LossCase.of("supcon.t" + tau + (oneHot ? ".onehot" : ""),
                () -> LossSupCon.builder().with(LossSupCon.TEMPERATURE, tau).build(), Inputs.labelled(3, oneHot));
        return tau < 0.2 ? c.withoutHalf() : c;
    }

    /** Generalized lifted structure loss, margins 0 and far − near. */
    static LossCase liftedStructure(Distance d, boolean oneHot) {
        return LossCase.of("lifted." + name(d) + (oneHot ? ".onehot" : ""),
                () -> LossLiftedStructure.builder().with(LossLiftedStructure.DISTANCE, d)
                        .with(LossLiftedStructure.MARGIN_NEGATIVE, Inputs.far(d) - Inputs.near(d)).build(),
                Inputs.labelled(3, oneHot));
    }

    /**
     * Contrastive loss; {@code similarLabel} 1 (TF-Addons) with no positive margin, or 0 (Hadsell) with a
     * positive margin of half the typical close distance. Negative margin: the typical unrelated distance.
     */
    static LossCase contrastive(Distance d, int similarLabel) {
        double mPos = similarLabel == 1 ? 0.0 : Inputs.near(d) / 2;
        return LossCase.of("contrastive." + name(d) + ".sim" + similarLabel + (mPos > 0 ? ".mpos" : ""),
                () -> LossContrastive.builder().with(LossContrastive.DISTANCE, d)
                        .with(LossContrastive.SIMILAR_LABEL, similarLabel).with(LossContrastive.MARGIN_POSITIVE, mPos)
                        .with(LossContrastive.MARGIN_NEGATIVE, Inputs.far(d)).build(), Inputs.pair());
    }

    /** Triplet loss with margin far − near (ignored when soft), optionally with swap and soft margin. */
    static LossCase triplet(Distance d, boolean swap, boolean soft) {
        return LossCase.of("triplet." + name(d) + (swap ? ".swap" : "") + (soft ? ".soft" : ""),
                () -> LossTriplet.builder().with(LossTriplet.DISTANCE, d)
                        .with(LossTriplet.MARGIN, Inputs.far(d) - Inputs.near(d)).with(LossTriplet.SWAP, swap)
                        .with(LossTriplet.SOFT_MARGIN, soft).build(), Inputs.triplet());
    }

    /** Multi-sample triplet with P positives and N negatives, margin far − near. */
    static LossCase multiSample(Distance d, int p, int n) {
        return LossCase.of("multisample." + name(d) + ".p" + p + "n" + n,
                () -> LossMultiSampleTriplet.builder().with(LossMultiSampleTriplet.DISTANCE, d)
                        .with(LossMultiSampleTriplet.POSITIVES, p).with(LossMultiSampleTriplet.NEGATIVES, n)
                        .with(LossMultiSampleTriplet.MARGIN, Inputs.far(d) - Inputs.near(d)).build(), Inputs.tuple(p, n));
    }

    /** All training trajectories, ids unique. */
    public static List<TrajectoryCase> trajectories() {
        List<TrajectoryCase> t = new ArrayList<>();
        t.add(TrajectoryCase.of("siamese.contrastive", "SiameseGraph(dense tower) + LossContrastive(margin 2), SGD 0.1",
                type -> new GraphModel(SiameseGraph.builder().tower(Towers.dense()).dataType(type).seed(11)
                        .loss(LossContrastive.builder()
                        .with(LossContrastive.MARGIN_NEGATIVE, 2.0).build()).updater(new Sgd(0.1)).build()),
                Batches.pairs(), 11));
        t.add(TrajectoryCase.of("siamese.contrastive.cosine.l2norm",
                "SiameseGraph(dense tower, L2-normalised) + LossContrastive(cosine, margin 0.5), Nesterovs 0.05/0.9",
                type -> new GraphModel(SiameseGraph.builder().tower(Towers.dense()).l2Normalize(true).dataType(type)
                        .seed(13).loss(LossContrastive.builder().with(LossContrastive.DISTANCE, Distance.COSINE)
                        .with(LossContrastive.MARGIN_NEGATIVE, 0.5).build())
                        .updater(new Nesterovs(0.05, 0.9)).build()),
                Batches.pairs(), 13));
        t.add(TrajectoryCase.of("triplet.euclidean", "TripletGraph(dense tower) + LossTriplet(margin 1), Nesterovs 0.05/0.9",
                type -> new GraphModel(TripletGraph.builder().tower(Towers.dense()).dataType(type).seed(12)
                        .loss(LossTriplet.builder().build()).updater(new Nesterovs(0.05, 0.9)).build()),
                Batches.triplets(), 12));
        t.add(TrajectoryCase.of("koch", "KochSiameseGraph(dense tower, L2 1e-3): |h1 - h2| -> Dense(1, sigmoid) -> XENT, SGD 0.1",
                type -> new GraphModel(KochSiameseGraph.builder().tower(Towers.dense()).l2(1e-3).dataType(type)
                        .seed(14).updater(new Sgd(0.1)).build()),
                Batches.pairs(), 14));
        t.add(TrajectoryCase.of("samediff.siamese.contrastive",
                "SharedTowerModel(SDDenseTower tanh 8-4) + SDLossContrastive(margin 2), SGD 0.1",
                type -> new SameDiffModel(SharedTowerModel.builder(
                        SameDiffTwins.of(LossContrastive.builder().with(LossContrastive.MARGIN_NEGATIVE, 2.0).build()),
                        SDDenseTower.factory(Activation.TANH, 15, Towers.HIDDEN, Towers.EMBED), Batches.FEATURES)
                        .dataType(type).updater(new Sgd(0.1)).build()),
                Batches.pairs(), 15));
        // Face-recognition heads (io.github.dl4jlosses.heads) on the dense tower, class ids of the 4 clusters.
        t.add(head("head.arcface", "ArcFace(s 16, m 0.5)", new ArcFace.Builder().nOut(Batches.CLASSES).scale(16)
                .margin(0.5).build(), 16));
        t.add(head("head.arcface.easy", "ArcFace(s 16, m 0.5, easy margin)", new ArcFace.Builder()
                .nOut(Batches.CLASSES).scale(16).margin(0.5).easyMargin(true).build(), 17));
        t.add(head("head.cosface", "CosFace(s 16, m 0.35)", new CosFace.Builder().nOut(Batches.CLASSES).scale(16)
                .margin(0.35).build(), 18));
        t.add(head("head.subcenter-arcface", "SubCenterArcFace(K 3, s 16, m 0.5)", new SubCenterArcFace.Builder()
                .nOut(Batches.CLASSES).subCentres(3).scale(16).margin(0.5).build(), 19));
        t.add(head("head.proxy-anchor", "ProxyAnchor(alpha 32, delta 0.1)", new ProxyAnchor.Builder()
                .nOut(Batches.CLASSES).build(), 20));
        return unique(t);
    }

    /** ClassificationHeadGraph(dense tower) + {@code head}, Adam 0.01, on labelled cluster batches. */
    private static TrajectoryCase head(String id, String what, CosineHead head, long seed) {
        return TrajectoryCase.of(id, "ClassificationHeadGraph(dense tower) + " + what + ", Adam 0.01",
                type -> new GraphModel(ClassificationHeadGraph.builder().tower(Towers.dense()).head(head)
                        .dataType(type).seed(seed).updater(new Adam(0.01)).build()),
                Batches.labelled(), seed);
    }

    /**
     * Variants of one case: B = 1, an odd wide D (33), and, when {@code big}, B = 1024 with D = 4. The
     * default B = 7, D = 5 shape is expected to be registered separately.
     */
    static List<LossCase> shapes(LossCase base, boolean big) {
        List<LossCase> v = new ArrayList<>();
        v.add(base.withShape(1, 3));
        v.add(base.withShape(16, 33));
        if (big) {
            v.add(base.withShape(1024, 4));
        }
        return v;
    }

    /** Variants of an in-batch case: the smallest batch (B = 2), odd wide D, and, when {@code big}, B = 1024. */
    static List<LossCase> batchShapes(LossCase base, boolean big) {
        List<LossCase> v = new ArrayList<>();
        v.add(base.withShape(2, 3));
        v.add(base.withShape(16, 33));
        if (big) {
            v.add(base.withShape(1024, 4));
        }
        return v;
    }

    private static String name(Distance d) {
        return d.name().toLowerCase(Locale.ROOT);
    }

    private static <T> List<T> unique(List<T> cases) {
        Set<String> ids = new HashSet<>();
        for (T c : cases) {
            if (!ids.add(c.toString())) {
                throw new IllegalStateException("duplicate golden case id: " + c);
            }
        }
        return Collections.unmodifiableList(cases);
    }
}
