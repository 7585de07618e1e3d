package io.github.dl4jlosses.examples.train;

import io.github.dl4jlosses.examples.cli.LossChoice;
import io.github.dl4jlosses.heads.ArcFace;
import io.github.dl4jlosses.heads.CosFace;
import io.github.dl4jlosses.heads.CosineHead;
import io.github.dl4jlosses.heads.MarginSoftmaxHead;
import io.github.dl4jlosses.heads.ProxyAnchor;
import io.github.dl4jlosses.heads.SubCenterArcFace;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of a face-recognition head ({@code --scale}, {@code --margin}, {@code --sub-centers}, {@code --alpha},
 * {@code --delta}, {@code --head-lr}) as given on the command line: null means the head's own default (the
 * paper's, from the library's builders). {@link #check} rejects, before any data is read, an option the chosen
 * loss does not have and any value the library's head builders reject (their {@link IllegalArgumentException}).
 * <p>
 * The head's class weights get their own Adam at {@link #headLearningRate}: the network's {@code --lr} for the
 * margin heads, 100× it for Proxy-Anchor, whose proxies the paper trains 100× faster (the proxies are the head's
 * only parameters).
 */
public final class HeadSpec {
    /** Proxy-Anchor's proxies learn this many times faster than the network by default (Kim et al. 2020). */
    public static final double PROXY_LR_FACTOR = 100;

    private final Double scale;
    private final Double margin;
    private final Integer subCentres;
    private final Double alpha;
    private final Double delta;
    private final Double headLr;

    public HeadSpec(Double scale, Double margin, Integer subCentres, Double alpha, Double delta, Double headLr) {
        this.scale = scale;
        this.margin = margin;
        this.subCentres = subCentres;
        this.alpha = alpha;
        this.delta = delta;
        this.headLr = headLr;
    }

    /** No option given: every head at its defaults. */
    public static HeadSpec defaults() {
        return new HeadSpec(null, null, null, null, null, null);
    }

    /**
     * Checks the options against {@code loss} and the library's own rules; one message naming the option.
     *
     * @throws IllegalArgumentException for an option the loss does not have, or a value its head rejects
     */
    public void check(LossChoice loss) {
        List<String> given = new ArrayList<>();
        if (scale != null) given.add("--scale");
        if (margin != null) given.add("--margin");
        if (subCentres != null) given.add("--sub-centers");
        if (alpha != null) given.add("--alpha");
        if (delta != null) given.add("--delta");
        if (headLr != null) given.add("--head-lr");
        for (String option : given) {
            List<LossChoice> owners = owners(option);
            if (!owners.contains(loss)) {
                StringBuilder names = new StringBuilder();
                for (LossChoice c : owners) names.append(names.length() == 0 ? "" : ", ").append(c.cliName);
                throw new IllegalArgumentException(String.format("%s is an option of --loss %s, not of --loss %s",
                        option, names, loss));
            }
        }
        if (!loss.isHead()) return;
        if (headLr != null && (!(headLr > 0) || Double.isInfinite(headLr))) {
            throw new IllegalArgumentException("expected a finite --head-lr > 0, got " + headLr);
        }
        build(loss, 2, 1e-3);   // the head builders' validation: s > 0, m in [0, π/2), K >= 1, α > 0, δ >= 0
    }

    /** The losses that have {@code option}. */
    private static List<LossChoice> owners(String option) {
        List<LossChoice> owners = new ArrayList<>();
        for (LossChoice c : LossChoice.values()) {
            boolean has;
            switch (option) {
                case "--scale":
                case "--margin":
                    has = c == LossChoice.ARCFACE || c == LossChoice.COSFACE || c == LossChoice.SUBCENTER_ARCFACE;
                    break;
                case "--sub-centers":
                    has = c == LossChoice.SUBCENTER_ARCFACE;
                    break;
                case "--alpha":
                case "--delta":
                    has = c == LossChoice.PROXY_ANCHOR;
                    break;
                default:
                    has = c.isHead();
            }
            if (has) owners.add(c);
        }
        return owners;
    }

    /** The learning rate of the head's class weights for a network trained at {@code networkLr}. */
    public double headLearningRate(LossChoice loss, double networkLr) {
        if (headLr != null) return headLr;
        return loss == LossChoice.PROXY_ANCHOR ? PROXY_LR_FACTOR * networkLr : networkLr;
    }

    /**
     * The head of {@code loss} over {@code classes} classes, its class weights trained by Adam at
     * {@link #headLearningRate}.
     *
     * @throws IllegalArgumentException (from the library's builders) for a bad option, prefixed with the loss
     */
    public CosineHead build(LossChoice loss, int classes, double networkLr) {
        Adam updater = new Adam(headLearningRate(loss, networkLr));
        try {
            switch (loss) {
                case ARCFACE: {
                    ArcFace.Builder b = new ArcFace.Builder().nOut(classes).updater(updater);
                    if (scale != null) b.scale(scale);
                    if (margin != null) b.margin(margin);
                    return b.build();
                }
                case COSFACE: {
                    CosFace.Builder b = new CosFace.Builder().nOut(classes).updater(updater);
                    if (scale != null) b.scale(scale);
                    if (margin != null) b.margin(margin);
                    return b.build();
                }
                case SUBCENTER_ARCFACE: {
                    SubCenterArcFace.Builder b = new SubCenterArcFace.Builder().nOut(classes).updater(updater);
                    if (scale != null) b.scale(scale);
                    if (margin != null) b.margin(margin);
                    if (subCentres != null) b.subCentres(subCentres);
                    return b.build();
                }
                case PROXY_ANCHOR: {
                    ProxyAnchor.Builder b = new ProxyAnchor.Builder().nOut(classes).updater(updater);
                    if (alpha != null) b.alpha(alpha);
                    if (delta != null) b.delta(delta);
                    return b.build();
                }
                default:
                    throw new IllegalArgumentException("--loss " + loss + " has no classification head");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--loss " + loss + ": " + e.getMessage(), e);
        }
    }

    /** The head's options as used, for metrics.json (every option of the head, defaults included). */
    public static Map<String, Object> describe(CosineHead head, double headLearningRate) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", head.getClass().getSimpleName());
        m.put("classes", head.classes());
        if (head instanceof MarginSoftmaxHead) {
            m.put("scale", ((MarginSoftmaxHead) head).getScale());
            m.put("margin", ((MarginSoftmaxHead) head).getMargin());
        }
        if (head instanceof ArcFace) m.put("easy_margin", ((ArcFace) head).isEasyMargin());
        if (head instanceof SubCenterArcFace) m.put("sub_centers", head.subCentres());
        if (head instanceof ProxyAnchor) {
            m.put("alpha", ((ProxyAnchor) head).getAlpha());
            m.put("delta", ((ProxyAnchor) head).getDelta());
        }
        m.put("learning_rate", headLearningRate);
        return m;
    }

    /** One line for the console and metrics.json's {@code loss_function}, e.g. {@code ArcFace(s=64.0, m=0.5)}. */
    public static String summary(CosineHead head) {
        StringBuilder s = new StringBuilder(head.getClass().getSimpleName()).append('(');
        if (head instanceof MarginSoftmaxHead) {
            s.append("s=").append(((MarginSoftmaxHead) head).getScale()).append(", m=").append(((MarginSoftmaxHead) head).getMargin());
        }
        if (head instanceof SubCenterArcFace) s.append(", K=").append(head.subCentres());
        if (head instanceof ProxyAnchor) {
            s.append("alpha=").append(((ProxyAnchor) head).getAlpha()).append(", delta=").append(((ProxyAnchor) head).getDelta());
        }
        return s.append(") over ").append(head.classes()).append(" training classes").toString();
    }
}
