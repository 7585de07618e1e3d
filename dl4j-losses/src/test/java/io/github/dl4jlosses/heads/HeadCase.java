package io.github.dl4jlosses.heads;

/**
 * The heads under test, each with options that exercise it: small scales keep the softmax away from saturation
 * so finite differences see every term; the default-option heads are covered by {@link #defaults}.
 */
enum HeadCase {
    ARCFACE {
        @Override
        CosineHead head(long d, long c) {
            return new ArcFace.Builder().nIn(d).nOut(c).scale(8).margin(0.5).build();
        }
    },
    ARCFACE_EASY_MARGIN {
        @Override
        CosineHead head(long d, long c) {
            return new ArcFace.Builder().nIn(d).nOut(c).scale(8).margin(0.4).easyMargin(true).build();
        }
    },
    /** m close to π/2: many targets fall past θ + m > π, into the linear fallback. */
    ARCFACE_LARGE_MARGIN {
        @Override
        CosineHead head(long d, long c) {
            return new ArcFace.Builder().nIn(d).nOut(c).scale(6).margin(1.4).build();
        }
    },
    COSFACE {
        @Override
        CosineHead head(long d, long c) {
            return new CosFace.Builder().nIn(d).nOut(c).scale(8).margin(0.35).build();
        }
    },
    SUBCENTER_ARCFACE {
        @Override
        CosineHead head(long d, long c) {
            return new SubCenterArcFace.Builder().nIn(d).nOut(c).subCentres(3).scale(8).margin(0.5).build();
        }
    },
    PROXY_ANCHOR {
        @Override
        CosineHead head(long d, long c) {
            return new ProxyAnchor.Builder().nIn(d).nOut(c).alpha(8).delta(0.1).build();
        }
    };

    abstract CosineHead head(long d, long c);

    /** Each head with its paper defaults. */
    static CosineHead[] defaults(long d, long c) {
        return new CosineHead[]{
                new ArcFace.Builder().nIn(d).nOut(c).build(),
                new CosFace.Builder().nIn(d).nOut(c).build(),
                new SubCenterArcFace.Builder().nIn(d).nOut(c).build(),
                new ProxyAnchor.Builder().nIn(d).nOut(c).build()};
    }
}
