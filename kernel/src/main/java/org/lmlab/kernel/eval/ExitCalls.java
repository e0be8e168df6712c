package org.lmlab.kernel.eval;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites a class so that its calls that end the JVM go to {@link ExitTrap} instead: the
 * kernel's exit guard on every JDK (the Security Manager that used to veto exit is gone from
 * JDK 24 on). Calls ({@code invokestatic System.exit}, {@code invokevirtual Runtime.exit/halt})
 * become {@code invokestatic ExitTrap.*} with the same operands on the stack, so stack map frames
 * stay valid and are copied unchanged; method references ({@code System::exit}) are redirected
 * the same way. Only the cells' own classes are rewritten: a library that exits still can.
 */
public final class ExitCalls {

    private static final String TRAP = Type.getInternalName(ExitTrap.class);
    private static final String SYSTEM = "java/lang/System";
    private static final String RUNTIME = "java/lang/Runtime";
    private static final String INT_TO_VOID = "(I)V";
    private static final String RUNTIME_INT_TO_VOID = "(Ljava/lang/Runtime;I)V";

    private ExitCalls() {
    }

    /** The class with its exit calls redirected; the same array when it has none. */
    public static byte[] rewrite(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new Redirect(super.visitMethod(access, name, descriptor, signature, exceptions), changed);
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

    private static final class Redirect extends MethodVisitor {
        private final boolean[] changed;

        Redirect(MethodVisitor next, boolean[] changed) {
            super(Opcodes.ASM9, next);
            this.changed = changed;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            String[] trap = replacement(opcode, owner, name, descriptor);
            if (trap == null) {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            } else {
                changed[0] = true;
                super.visitMethodInsn(Opcodes.INVOKESTATIC, TRAP, trap[0], trap[1], false);
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
            return new Handle(Opcodes.H_INVOKESTATIC, TRAP, trap[0], trap[1], false);
        }
    }
}
