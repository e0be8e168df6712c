package org.lmlab.training.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** The synthetic tasks by name, with the paper's alphabet sizes. */
public final class SyntheticTasks {

    private static final Map<String, Supplier<SyntheticTask>> TASKS = new LinkedHashMap<>();

    static {
        TASKS.put("copy", CopyTask::new);
        TASKS.put("reverse", ReverseTask::new);
        TASKS.put("sort", SortTask::new);
        TASKS.put("addition", AdditionTask::new);
        TASKS.put("parity", ParityTask::new);
        TASKS.put("count", CountTask::new);
        TASKS.put("scan", ScanTask::new);
    }

    private SyntheticTasks() {
    }

    /** The known names, in a fixed order. */
    public static List<String> names() {
        return List.copyOf(TASKS.keySet());
    }

    /** The task called {@code name} (case and surrounding spaces ignored). */
    public static SyntheticTask create(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        Supplier<SyntheticTask> task = TASKS.get(key);
        if (task == null) {
            throw new IllegalArgumentException("unknown task '" + name + "'; known tasks: " + String.join(", ", names()));
        }
        return task.get();
    }
}
