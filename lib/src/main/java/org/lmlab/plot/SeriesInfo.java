package org.lmlab.plot;

/**
 * What a chart holds for one series or group, for summaries and tests.
 *
 * @param name   the series name (legend entry, group label or heat-map title)
 * @param size   the number of data values it was given (NaN gaps included for lines)
 * @param extras what is drawn with it besides the data, such as "band" or "error bars"; may be empty
 */
public record SeriesInfo(String name, int size, String extras) {

    @Override
    public String toString() {
        return name + " (" + size + (extras.isEmpty() ? "" : ", " + extras) + ")";
    }
}
