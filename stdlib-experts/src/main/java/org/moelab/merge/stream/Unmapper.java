package org.moelab.merge.stream;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * Releases a file mapping as soon as it is no longer needed, so that the pages it touched leave
 * the process's resident set at once instead of when the garbage collector finds the buffer. Java
 * 17 has no public unmap; this uses {@code sun.misc.Unsafe.invokeCleaner} (module {@code
 * jdk.unsupported}, present in every JDK) and, where that is missing, leaves the mapping to the
 * collector. A released buffer must never be read again.
 */
final class Unmapper {
  private static final MethodHandle INVOKE_CLEANER = find();

  private Unmapper() {}

  /** Unmaps {@code buffer}, which nothing may use afterwards. */
  static void release(MappedByteBuffer buffer) {
    if (INVOKE_CLEANER == null || buffer == null) {
      return;
    }
    try {
      INVOKE_CLEANER.invoke((ByteBuffer) buffer);
    } catch (Throwable e) {
      // An unmappable buffer stays mapped until collected: memory, not correctness.
    }
  }

  private static MethodHandle find() {
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field field = unsafeClass.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      Object unsafe = field.get(null);
      return MethodHandles.lookup()
          .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
          .bindTo(unsafe);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
