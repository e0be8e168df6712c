package org.lmlab.training;

/**
 * The training data as a function of the step: the same step always gives the same batch (the
 * source's seed fixes the order), so runs repeat exactly and a run can be continued.
 */
@FunctionalInterface
public interface BatchSource {

    Batch batch(int step);
}
