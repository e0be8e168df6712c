package org.lmlab.kernel.eval;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites the classes of a cell before JShell loads them, for two things the JDK no longer
 * offers in-process (the Security Manager is gone from JDK 24, Thread.stop from JDK 20):
 * <ul>
 *   <li>calls that end the JVM ({@code invokestatic System.exit}, {@code invokevirtual
 *       Runtime.exit/halt}, and method references to them) go to {@link CellTraps} instead:
 *       the same operands on the stack, so stack map frames stay valid and are copied;</li>
 *   <li>each broad catch handler ({@code Throwable}, {@code Error}, {@code Exception},
 *       {@code RuntimeException}) starts with {@code dup; invokestatic CellTraps.caught}, so a
 *       loop that swallows everything still ends when the user interrupts it.</li>
 * </ul>
 * Only the cells' own classes are rewritten: library code keeps its behaviour.
 */
public final class CellRewriter {

    private static final String TRAPS = Type.getInternalName(CellTraps.class);
    private static final String SYSTEM = "java/lang/System";
    private static final String RUNTIME = "java/lang/Runtime";
    private static final String INT_TO_VOID = "(I)V";
    private static final String RUNTIME_INT_TO_VOID = "(Ljava/lang/Runtime;I)V";
    private static final Set<String> BROAD = Set.of("java/lang/Throwable", "java/lang/Error",
            "java/lang/Exception", "java/lang/RuntimeException", "java/lang/ThreadDeath");

    private CellRewriter() {
    }

    /** The class with its exit calls redirected and its broad handlers checked; the same array when neither occurs. */
    public static byte[] rewrite(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new Rewrite(super.visitMethod(access, name, descriptor, signature, exceptions), changed);
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : classFile;
    }

    /** The trap method that replaces a call, or null when the call is not an exit. */
    static String[] replacement(int opcode, String owner, String name, String descriptor) {
        if (!INT_TO_VOID.equals(descriptor)) {
            return null;
        }
        if (opcode == Opcodes.INVOKESTATIC && SYSTEM.equals(owner) && "exit".equals(name)) {
            return new String[] {"exit", INT_TO_VOID};
        }
        if (opcode == Opcodes.INVOKEVIRTUAL && RUNTIME.equals(owner) && ("exit".equals(name) || "halt".equals(name))) {
            return new String[] {name, RUNTIME_INT_TO_VOID};
        }
        return null;
    }

    private static final class Rewrite extends MethodVisitor {
        private final boolean[] changed;
        private final Set<Label> broadHandlers = new HashSet<>();
        private boolean atBroadHandler;
        private boolean checksHandlers;

        Rewrite(MethodVisitor next, boolean[] changed) {
            super(Opcodes.ASM9, next);
            this.changed = changed;
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            if (type != null && BROAD.contains(type)) {
                broadHandlers.add(handler);
            }
            super.visitTryCatchBlock(start, end, handler, type);
        }

        @Override
        public void visitLabel(Label label) {
            super.visitLabel(label);
            if (broadHandlers.contains(label)) {
                atBroadHandler = true;
            }
        }

        /**
         * A handler's frame follows its label (and line numbers): the check goes right after it,
         * where the stack holds just the caught exception. Class files without frames (before
         * Java 6, never JShell's) are left alone.
         */
        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            super.visitFrame(type, numLocal, local, numStack, stack);
            if (atBroadHandler) {
                atBroadHandler = false;
                checksHandlers = true;
                changed[0] = true;
                super.visitInsn(Opcodes.DUP);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, TRAPS, "caught", "(Ljava/lang/Throwable;)V", false);
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // The check's dup needs one more stack slot than the handler had.
            super.visitMaxs(checksHandlers ? maxStack + 1 : maxStack, maxLocals);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            String[] trap = replacement(opcode, owner, name, descriptor);
            if (trap == null) {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            } else {
                changed[0] = true;
                super.visitMethodInsn(Opcodes.INVOKESTATIC, TRAPS, trap[0], trap[1], false);
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            Object[] redirected = arguments.clone();
            for (int i = 0; i < redirected.length; i++) {
                if (redirected[i] instanceof Handle handle) {
                    redirected[i] = redirect(handle);
                }
            }
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, redirected);
        }

        @Override
        public void visitLdcInsn(Object value) {
            super.visitLdcInsn(value instanceof Handle handle ? redirect(handle) : value);
        }

        /** A method handle to an exit (System::exit, Runtime::halt) becomes one to the trap. */
        private Handle redirect(Handle handle) {
            int opcode = switch (handle.getTag()) {
                case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
                case Opcodes.H_INVOKEVIRTUAL -> Opcodes.INVOKEVIRTUAL;
                default -> -1;
            };
            String[] trap = replacement(opcode, handle.getOwner(), handle.getName(), handle.getDesc());
            if (trap == null) {
                return handle;
            }
            changed[0] = true;
            return new Handle(Opcodes.H_INVOKESTATIC, TRAPS, trap[0], trap[1], false);
        }
    }
}
