package io.github.dl4jlosses.heads;

import lombok.AccessLevel;
import lombok.EqualsAndHashCode;
import lombok.NoArgsConstructor;
import lombok.Setter;
import lombok.experimental.Accessors;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Sub-center ArcFace (Deng, Guo, Liu, Zafeiriou, "Sub-center ArcFace: Boosting Face Recognition by Large-scale
 * Noisy Web Faces", ECCV 2020): K sub-centres per class (default 3), class weights {@code [D, C·K]} (sub-centre k
 * of class c in column {@code c·K + k}); the class cosine is the maximum over its sub-centres,
 * {@code cos θ_j = max_k cos θ_jk}, and ArcFace's margin (s = 64, m = 0.5, same fallbacks) applies to it. The
 * gradient of a class reaches only its arg-max (dominant) sub-centre.
 * <p>
 * Noisy samples: the paper drops training samples whose angle to the dominant sub-centre of their own class is
 * large (> 75° in the paper); {@link SubCenterArcFaceLayer#dominantAngles} gives that angle per example.
 * <pre>
 *   new SubCenterArcFace.Builder().nOut(numClasses).subCentres(3).build()
 * </pre>
 */
@EqualsAndHashCode(callSuper = true)
@NoArgsConstructor(access = AccessLevel.PROTECTED) // for JSON deserialization
public class SubCenterArcFace extends ArcFace {
    /** Default number of sub-centres per class (as in the Sub-center ArcFace paper). */
    public static final int DEFAULT_SUB_CENTRES = 3;

    /** Sub-centres per class. */
    @JsonProperty
    private int subCentres;

    /**
     * A head with the builder's options.
     * @param builder the options
     */
    protected SubCenterArcFace(Builder builder) {
        super(builder);
        this.subCentres = builder.subCentres;
    }

    @Override
    public int subCentres() {
        return subCentres;
    }

    @Override
    public void validate() {
        super.validate();
        require(subCentres >= 1, "sub-centres per class K >= 1", subCentres);
    }

    @Override
    CosineHeadLayer createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new SubCenterArcFaceLayer(conf, dataType);
    }

    /** Builder of a {@link SubCenterArcFace} head: defaults K = 3, s = 64, m = 0.5. */
    @Setter
    @Accessors(fluent = true)
    public static class Builder extends ArcFace.AbstractBuilder<Builder> {
        /** Sub-centres per class K (>= 1; K = 1 is plain ArcFace). */
        private int subCentres = DEFAULT_SUB_CENTRES;

        /** A builder with every option at its default. */
        public Builder() {
            super(DEFAULT_SCALE, DEFAULT_MARGIN);
        }

        @Override
        @SuppressWarnings("unchecked")
        public SubCenterArcFace build() {
            return validated(new SubCenterArcFace(this));
        }
    }
}
