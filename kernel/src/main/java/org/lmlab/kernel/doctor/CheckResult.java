package org.lmlab.kernel.doctor;

import java.util.Objects;

/**
 * What a check found: its status, a one-line description, and for a problem the exact command
 * (or step) that fixes it.
 */
public record CheckResult(Status status, String detail, String fix) {

    public CheckResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        if (status != Status.OK && (fix == null || fix.isBlank())) {
            throw new IllegalArgumentException("a " + status + " result needs a fix: " + detail);
        }
    }

    public static CheckResult ok(String detail) {
        return new CheckResult(Status.OK, detail, null);
    }

    public static CheckResult warn(String detail, String fix) {
        return new CheckResult(Status.WARN, detail, fix);
    }

    public static CheckResult fail(String detail, String fix) {
        return new CheckResult(Status.FAIL, detail, fix);
    }
}
