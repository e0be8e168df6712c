package org.lmlab.kernel;

import java.util.List;
import org.lmlab.display.DisplaySink;
import org.lmlab.display.MimeBundle;

/** A display sink for tests: keeps every displayed bundle in {@code shown}, ignores updates and clears. */
record RecordingDisplaySink(List<MimeBundle> shown) implements DisplaySink {

    @Override
    public void display(MimeBundle bundle, String displayId) {
        shown.add(bundle);
    }

    @Override
    public void update(String displayId, MimeBundle bundle) {
    }

    @Override
    public void clear(boolean wait) {
    }
}
