package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.heads.ArcFace;
import io.github.dl4jlosses.heads.CosFace;
import io.github.dl4jlosses.heads.CosineHead;
import io.github.dl4jlosses.heads.MarginSoftmaxHead;
import io.github.dl4jlosses.heads.ProxyAnchor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The face-recognition heads of {@code io.github.dl4jlosses.heads} as SameDiff functions, the class weights an
 * {@link SDVariable} like any other ({@code sd.var("w", …)}, {@code [D, C·K]}, sub-centre k of class c in column
 * {@code c·K + k}), so SameDiff trains them with the rest of the graph.
 * <p>
 * The formulas are those of the heads (see their class comments and sources), written the way autodiff wants
 * them: ArcFace's target logit as {@code cos(acos(c) + m)} with its fallbacks chosen on the angle
 * ({@code θ + m < π}, or {@code θ < π/2} for the easy margin); the cross-entropy through
 * {@code logSoftmax}; Proxy-Anchor's {@code log(1 + Σ exp)} directly. Arguments: embeddings {@code x [B,D]},
 * weights {@code w [D, C·K]}, {@code targets} one-hot {@code [B,C]} (see {@link #oneHot} for class ids), an
 * optional {@code mask [B,1]} (null: every row counts). Each returns an {@link SDLossOutput} whose per-example
 * values match the layer's {@code HeadResult.perExample()} and whose mean is the loss.
 */
public final class SDHeads {
    private SDHeads() {
    }

    /** Norms are clamped at this value, as in {@link CosineHead#NORM_EPS}. */
    private static final double EPS = CosineHead.NORM_EPS;

    /** The loss of any head of the {@code heads} package, its options read from {@code head}; labels: ids or one-hot. */
    public static SDLossOutput of(SameDiff sd, String name, CosineHead head, SDVariable x, SDVariable w,
                                  SDVariable labels, SDVariable mask) {
        SDChecks.requireMatrix(head.getClass().getSimpleName(), "labels", labels);
        int classes = (int) head.classes();
        SDVariable targets = SDChecks.width(labels) == 1 && classes != 1 ? oneHot(sd, labels, classes, x.dataType())
                : labels.castTo(x.dataType());
        if (head instanceof ProxyAnchor) {
            ProxyAnchor p = (ProxyAnchor) head;
            return proxyAnchor(sd, name, x, w, targets, mask, p.getAlpha(), p.getDelta());
        }
        MarginSoftmaxHead h = (MarginSoftmaxHead) head;
        if (head instanceof CosFace) {
            return cosFace(sd, name, x, w, targets, mask, h.getScale(), h.getMargin());
        }
        return subCenterArcFace(sd, name, x, w, targets, mask, h.getScale(), h.getMargin(),
                ((ArcFace) head).isEasyMargin(), head.subCentres());
    }

    /** One-hot {@code [B, classes]} of class ids {@code [B,1]}, in {@code type}. */
    public static SDVariable oneHot(SameDiff sd, SDVariable ids, int classes, DataType type) {
        return sd.oneHot(sd.reshape(ids.castTo(DataType.INT32), -1), classes, -1, 1.0, 0.0, type);
    }

    /** ArcFace (Deng 2019): target logit {@code s·cos(θ_y + m)}. */
    public static SDLossOutput arcFace(SameDiff sd, String name, SDVariable x, SDVariable w, SDVariable targets,
                                       SDVariable mask, double s, double m, boolean easyMargin) {
        return subCenterArcFace(sd, name, x, w, targets, mask, s, m, easyMargin, 1);
    }

    /** Sub-center ArcFace (Deng 2020): class cosine = max over K sub-centres, then ArcFace. */
    public static SDLossOutput subCenterArcFace(SameDiff sd, String name, SDVariable x, SDVariable w,
                                                SDVariable targets, SDVariable mask, double s, double m,
                                                boolean easyMargin, int subCentres) {
        SDVariable cos = classCosines(sd, x, w, subCentres);
        SDVariable c = cos.mul(targets).sum(true, 1);
        SDVariable theta = sd.math().acos(sd.math().clipByValue(c, -1.0, 1.0));
        SDVariable withMargin = sd.math().cos(theta.add(m));
        SDVariable inside;
        SDVariable fallback;
        if (easyMargin) {
            inside = theta.lt(Math.PI / 2).castTo(c.dataType());
            fallback = c;
        } else {
            inside = theta.add(m).lt(Math.PI).castTo(c.dataType());
            fallback = c.sub(m * Math.sin(m));
        }
        SDVariable phi = withMargin.mul(inside).add(fallback.mul(inside.rsub(1.0)));
        return marginSoftmax(sd, name, cos, targets, mask, s, phi, c);
    }

    /** CosFace (Wang 2018): target logit {@code s·(cos θ_y − m)}. */
    public static SDLossOutput cosFace(SameDiff sd, String name, SDVariable x, SDVariable w, SDVariable targets,
                                       SDVariable mask, double s, double m) {
        SDVariable cos = classCosines(sd, x, w, 1);
        SDVariable c = cos.mul(targets).sum(true, 1);
        return marginSoftmax(sd, name, cos, targets, mask, s, c.sub(m), c);
    }

    /**
     * Proxy-Anchor (Kim 2020), the proxies being {@code w}'s columns; per-example values attribute each proxy's
     * term to its rows in proportion to their exp terms, as the layer does.
     */
    public static SDLossOutput proxyAnchor(SameDiff sd, String name, SDVariable x, SDVariable w, SDVariable targets,
                                           SDVariable mask, double alpha, double delta) {
        SDVariable cos = classCosines(sd, x, w, 1);
        SDVariable rowMask = rowMask(sd, cos, mask);
        SDVariable pos = targets.mul(rowMask);
        SDVariable neg = pos.rsub(1.0).mul(rowMask);
        SDVariable ePos = sd.math().exp(cos.sub(delta).mul(-alpha)).mul(pos);
        SDVariable eNeg = sd.math().exp(cos.add(delta).mul(alpha)).mul(neg);
        SDVariable sPos = ePos.sum(true, 0);                                           // [1,C]
        SDVariable sNeg = eNeg.sum(true, 0);
        SDVariable proxiesWithPositives = sd.scalarMax(pos.sum(true, 0).gt(0.0).castTo(cos.dataType()).sum(), 1.0);
        SDVariable rows = cos.sum(true, 1).mul(0.0).add(1.0).sum();                    // B, as a scalar
        SDVariable classes = cos.sum(true, 0).mul(0.0).add(1.0).sum();                 // C
        SDVariable termPos = sd.math().log1p(sPos).div(proxiesWithPositives);
        SDVariable termNeg = sd.math().log1p(sNeg).div(classes);
        SDVariable sharePos = ePos.div(sPos.add(sPos.eq(0.0).castTo(cos.dataType())));
        SDVariable shareNeg = eNeg.div(sNeg.add(sNeg.eq(0.0).castTo(cos.dataType())));
        SDVariable perRow = sharePos.mul(termPos).add(shareNeg.mul(termNeg)).sum(true, 1).mul(rows);
        return SDLossOutput.of(name, perRow);
    }

    /** {@code −log softmax(z)_y} with {@code z = s·cos}, the target column replaced by {@code s·φ}. */
    private static SDLossOutput marginSoftmax(SameDiff sd, String name, SDVariable cos, SDVariable targets,
                                              SDVariable mask, double s, SDVariable phi, SDVariable c) {
        SDVariable z = cos.add(targets.mul(phi.sub(c))).mul(s);
        SDVariable perRow = sd.nn().logSoftmax(z).mul(targets).sum(true, 1).neg().mul(rowMask(sd, cos, mask));
        return SDLossOutput.of(name, perRow);
    }

    /** {@code cos(x_i, w_j)} {@code [B, C]}, the maximum over each class's K sub-centres. */
    private static SDVariable classCosines(SameDiff sd, SDVariable x, SDVariable w, int subCentres) {
        SDChecks.requireMatrix("SDHeads", "embeddings", x);
        SDChecks.requireMatrix("SDHeads", "class weights", w);
        SDVariable xHat = x.div(sd.scalarMax(x.norm2(true, 1), EPS));
        SDVariable wHat = w.div(sd.scalarMax(w.norm2(true, 0), EPS));
        SDVariable cos = xHat.mmul(wHat);
        if (subCentres == 1) {
            return cos;
        }
        long columns = SDChecks.width(w);
        if (columns < 0 || columns % subCentres != 0) {
            throw new IllegalArgumentException("SDHeads: expected class weights of known shape [D, C·K] with K = "
                    + subCentres + ", got \"" + w.name() + "\" of shape " + java.util.Arrays.toString(w.getShape()));
        }
        return sd.reshape(cos, -1, columns / subCentres, subCentres).max(false, 2);
    }

    private static SDVariable rowMask(SameDiff sd, SDVariable cos, SDVariable mask) {
        return mask == null ? cos.sum(true, 1).mul(0.0).add(1.0) : mask.castTo(cos.dataType());
    }
}
