package org.lmlab.plot;

/** Where the legend goes. {@link #AUTO} shows it at the right only when there is more than one series. */
public enum LegendPosition {
    AUTO, NONE, RIGHT, BOTTOM, INSIDE_TOP_RIGHT, INSIDE_TOP_LEFT
}
