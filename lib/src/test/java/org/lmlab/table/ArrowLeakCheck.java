package org.lmlab.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A root allocator for one test that fails the test if it leaves Arrow memory or an open child
 * allocator (a table not closed) behind. Register it as an instance field:
 * {@code @RegisterExtension final ArrowLeakCheck arrow = new ArrowLeakCheck();} and allocate from
 * {@link #allocator()}. It checks after the test's own {@code @AfterEach} methods.
 */
public final class ArrowLeakCheck implements AfterEachCallback {

    private final BufferAllocator allocator = new RootAllocator();

    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            assertEquals(0, allocator.getAllocatedMemory(), "leaked Arrow memory");
            assertTrue(allocator.getChildAllocators().isEmpty(), "open allocators: " + allocator.getChildAllocators());
        } finally {
            allocator.close();
        }
    }
}
