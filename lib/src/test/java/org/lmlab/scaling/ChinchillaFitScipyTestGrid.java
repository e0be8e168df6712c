package org.lmlab.scaling;

/** The 243-start sub-grid of {@link ChinchillaFitScipyTest}, for tests in other packages. */
public final class ChinchillaFitScipyTestGrid {

    public static final StartGrid SUB_GRID = ChinchillaFitScipyTest.SUB_GRID;

    private ChinchillaFitScipyTestGrid() {
    }
}
