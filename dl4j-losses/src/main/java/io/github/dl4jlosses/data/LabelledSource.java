package io.github.dl4jlosses.data;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** A builder's data setting: a DataSet or a DataSetIterator, whichever was given last. */
final class LabelledSource {
    private DataSet dataSet;
    private DataSetIterator iterator;
    private boolean given;
    private boolean givenAsIterator;

    void set(DataSet data) {
        this.dataSet = data;
        this.iterator = null;
        this.given = true;
        this.givenAsIterator = false;
    }

    void set(DataSetIterator data) {
        this.iterator = data;
        this.dataSet = null;
        this.given = true;
        this.givenAsIterator = true;
    }

    LabelledData load(String owner) {
        if (!given) {
            throw new IllegalArgumentException(owner + ": expected data(DataSet) or data(DataSetIterator), got neither");
        }
        return givenAsIterator ? LabelledData.of(owner, iterator) : LabelledData.of(owner, dataSet);
    }
}
