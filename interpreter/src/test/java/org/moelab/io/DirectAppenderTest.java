package org.moelab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large file written through direct I/O has exactly the bytes given, in pieces of any size. */
class DirectAppenderTest {
  @TempDir Path tmp;

  /** Writes {@code bytes} in pieces of awkward sizes (1 byte to more than a block buffer), checking positions. */
  private static void writeInPieces(AtomicOutput out, byte[] bytes, boolean direct) {
    Random sizes = new Random(7);
    int at = 0;
    while (at < bytes.length) {
      int n = Math.min(bytes.length - at, pieceSize(sizes));
      ByteBuffer piece = direct ? ByteBuffer.allocateDirect(n).put(bytes, at, n).flip() : ByteBuffer.wrap(bytes, at, n);
      out.write(piece);
      at += n;
      assertEquals(0, piece.remaining());
      assertEquals(at, out.position());
    }
  }

  private static int pieceSize(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> 1 + r.nextInt(7);
      case 1 -> 4096 - 3;
      case 2 -> 1 + r.nextInt(1 << 20);
      default -> DirectAppender.BUFFER_BYTES + 1 + r.nextInt(5000);
    };
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(42).nextBytes(b);
    return b;
  }

  @Test
  void largeFileHasExactlyTheBytesWrittenWhateverThePieces() throws IOException {
    assumeTrue(directIoHere(), "this file system refuses direct I/O");
    byte[] bytes = random(3 * DirectAppender.BUFFER_BYTES + 12_345);
    Path target = tmp.resolve("big.bin");
    try (AtomicOutput out = AtomicOutput.create(target, AtomicOutput.DIRECT_MIN_BYTES)) {
      writeInPieces(out, bytes, true);
      out.commit();
    }
    assertArrayEquals(bytes, Files.readAllBytes(target));
    assertEquals(1, Files.list(tmp).count(), "no temporary file is left");
  }

  @Test
  void aFileEndingOnABlockBoundaryAndOneOfAFewBytesAreExact() throws IOException {
    assumeTrue(directIoHere(), "this file system refuses direct I/O");
    for (int n : new int[] {DirectAppender.BUFFER_BYTES, 4096, 5, 0}) {
      byte[] bytes = random(n);
      Path target = tmp.resolve("f" + n + ".bin");
      try (AtomicOutput out = AtomicOutput.create(target, AtomicOutput.DIRECT_MIN_BYTES)) {
        writeInPieces(out, bytes, false);
        out.commit();
      }
      assertArrayEquals(bytes, Files.readAllBytes(target), n + " bytes");
    }
  }

  @Test
  void anAbandonedDirectWriteLeavesNothing() throws IOException {
    Path target = tmp.resolve("big.bin");
    try (AtomicOutput out = AtomicOutput.create(target, AtomicOutput.DIRECT_MIN_BYTES)) {
      writeInPieces(out, random(DirectAppender.BUFFER_BYTES + 99), false);
    }
    assertEquals(0, Files.list(tmp).count());
  }

  @Test
  void aDirectWriteThatFailsIsWrittenOrdinarilyAndSoAreTheRest() throws IOException {
    Path file = Files.createFile(tmp.resolve("fallback.bin"));
    byte[] bytes = random(2 * DirectAppender.BUFFER_BYTES + 777);
    try (FileChannel buffered = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileChannel failing = FileChannel.open(file, StandardOpenOption.WRITE);
      failing.close();
      DirectAppender appender = new DirectAppender(failing, buffered, 4096);
      appender.write(ByteBuffer.wrap(bytes, 0, DirectAppender.BUFFER_BYTES + 5));
      assertFalse(appender.isDirect(), "the failed direct write switched to the ordinary channel");
      appender.write(ByteBuffer.wrap(bytes, DirectAppender.BUFFER_BYTES + 5, bytes.length - DirectAppender.BUFFER_BYTES - 5));
      appender.finish();
      assertEquals(bytes.length, appender.position());
    }
    assertArrayEquals(bytes, Files.readAllBytes(file));
  }

  private boolean directIoHere() throws IOException {
    Path probe = Files.createFile(tmp.resolve(".probe"));
    try (FileChannel buffered = FileChannel.open(probe, StandardOpenOption.WRITE)) {
      Optional<DirectAppender> direct = DirectAppender.open(probe, buffered);
      direct.ifPresent(DirectAppender::close);
      return direct.isPresent();
    } finally {
      Files.delete(probe);
      assertTrue(Files.notExists(probe));
    }
  }
}
