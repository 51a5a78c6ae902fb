package org.moelab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.moelab.kernel.testing.ScriptedSession;
import org.moelab.kernel.testing.TestClient;
import org.moelab.session.Display;

/**
 * The kernel's wire protocol against a scripted session: replies, IOPub sequences, signatures,
 * interrupts, aborts after errors, latency and idle CPU.
 */
class KernelProtocolTest {
  private static KernelServer server;
  private static TestClient client;
  private static ScriptedSession session;

  @BeforeAll
  static void start() throws Exception {
    var props = TestClient.freshConnection();
    server = KernelServer.start(props, listener -> session = script(new ScriptedSession(listener)), Path.of("."));
    client = new TestClient(props);
    client.awaitIopub();
  }

  private static ScriptedSession script(ScriptedSession s) {
    return s
        .on("hello", out -> {
          out.stdout("hello, world\n");
          return ScriptedSession.ok(null);
        })
        .on("three", out -> ScriptedSession.ok(Display.text("3")))
        .on("fail", out -> {
          pause(200);
          return ScriptedSession.failed("<cell>:1:1: error[E1]: Boom.\n  fail\n  ^~~~\n");
        })
        .on("progress", out -> {
          out.display(new Display(Map.of("text/plain", "0%"), Optional.of("p1")), false);
          out.display(new Display(Map.of("text/plain", "100%"), Optional.of("p1")), true);
          out.clearOutput(false);
          return ScriptedSession.ok(null);
        });
  }

  /** Keeps a cell running long enough for the next request to queue behind it. */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @BeforeEach
  void settle() {
    while (client.iopub(50) != null) {
      continue;
    }
  }

  private static JsonObject execute(String code, boolean stopOnError) {
    JsonObject c = new JsonObject();
    c.addProperty("code", code);
    c.addProperty("silent", false);
    c.addProperty("store_history", true);
    c.add("user_expressions", new JsonObject());
    c.addProperty("allow_stdin", false);
    c.addProperty("stop_on_error", stopOnError);
    return c;
  }

  private static List<String> types(List<TestClient.Msg> msgs) {
    return msgs.stream().map(TestClient.Msg::type).toList();
  }

  @Test
  void kernelInfoReplyHasStatusAndTheMoeLanguage() {
    String id = client.sendShell("kernel_info_request", new JsonObject());
    TestClient.Msg reply = client.shellReply(5000);
    assertEquals(id, reply.parentId());
    assertEquals("kernel_info_reply", reply.type());
    assertEquals("ok", reply.content().get("status").getAsString());
    assertEquals("5.3", reply.content().get("protocol_version").getAsString());
    JsonObject lang = reply.content().getAsJsonObject("language_info");
    assertEquals("moe", lang.get("name").getAsString());
    assertEquals(".moe", lang.get("file_extension").getAsString());
    assertEquals("text/x-moe", lang.get("mimetype").getAsString());
  }

  @Test
  void executePublishesBusyInputStreamResultIdleInOrder() {
    String id = client.sendShell("execute_request", execute("hello", true));
    TestClient.Msg reply = client.shellReply(5000);
    assertEquals("ok", reply.content().get("status").getAsString());
    List<TestClient.Msg> pub = client.iopubUntilIdle(id);
    assertEquals(List.of("status", "execute_input", "stream", "status"), types(pub));
    assertEquals("hello, world\n", pub.get(2).content().get("text").getAsString());
    assertEquals("stdout", pub.get(2).content().get("name").getAsString());

    String id2 = client.sendShell("execute_request", execute("three", true));
    TestClient.Msg reply2 = client.shellReply(5000);
    List<TestClient.Msg> pub2 = client.iopubUntilIdle(id2);
    assertEquals(List.of("status", "execute_input", "execute_result", "status"), types(pub2));
    assertEquals("3", pub2.get(2).content().getAsJsonObject("data").get("text/plain").getAsString());
    int count = reply2.content().get("execution_count").getAsInt();
    assertEquals(count, pub2.get(2).content().get("execution_count").getAsInt());
  }

  @Test
  void errorsCarryNameValueAndPlainTracebackAndAbortQueuedCells() {
    String failId = client.sendShell("execute_request", execute("fail", true));
    String queuedId = client.sendShell("execute_request", execute("hello", true));
    TestClient.Msg failReply = client.shellReply(5000);
    TestClient.Msg queuedReply = client.shellReply(5000);
    assertEquals(failId, failReply.parentId());
    assertEquals("error", failReply.content().get("status").getAsString());
    assertEquals("RuntimeError", failReply.content().get("ename").getAsString());
    assertEquals("<cell>:1:1: error[E1]: Boom.", failReply.content().get("evalue").getAsString());
    assertEquals("  ^~~~", failReply.content().getAsJsonArray("traceback").get(2).getAsString());
    assertEquals(queuedId, queuedReply.parentId());
    assertEquals("aborted", queuedReply.content().get("status").getAsString());
    assertTrue(client.iopubUntilIdle(failId).stream().anyMatch(m -> m.type().equals("error")));
  }

  @Test
  void displaysWithAnIdUpdateInPlaceAndClearOutputIsSent() {
    String id = client.sendShell("execute_request", execute("progress", true));
    client.shellReply(5000);
    List<TestClient.Msg> pub = client.iopubUntilIdle(id);
    assertEquals(
        List.of("status", "execute_input", "display_data", "update_display_data", "clear_output", "status"),
        types(pub));
    assertEquals("p1", pub.get(3).content().getAsJsonObject("transient").get("display_id").getAsString());
  }

  @Test
  void forgedAndUnsignedMessagesAreDroppedAndSignedOnesAnswered() {
    client.sendForged("kernel_info_request", new JsonObject(), false);
    client.sendForged("kernel_info_request", new JsonObject(), true);
    assertNull(client.shellReply(300));
    String id = client.sendShell("kernel_info_request", new JsonObject());
    assertEquals(id, client.shellReply(5000).parentId());
  }

  @Test
  void interruptStopsATightLoopWithinOneSecond() throws InterruptedException {
    String id = client.sendShell("execute_request", execute("spin", true));
    while (!session.spinning()) {
      Thread.sleep(5);
    }
    long start = System.nanoTime();
    client.sendControl("interrupt_request", new JsonObject());
    TestClient.Msg interruptReply = client.controlReply(5000);
    TestClient.Msg reply = client.shellReply(5000);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals("ok", interruptReply.content().get("status").getAsString());
    assertEquals(id, reply.parentId());
    assertEquals("Interrupted", reply.content().get("ename").getAsString());
    assertTrue(millis < 1000, "interrupt took " + millis + " ms");
  }

  @Test
  void historyEntriesAreSessionLineInputLists() {
    client.sendShell("execute_request", execute("three", true));
    client.shellReply(5000);
    JsonObject req = new JsonObject();
    req.addProperty("output", true);
    req.addProperty("raw", true);
    req.addProperty("hist_access_type", "tail");
    req.addProperty("n", 1);
    client.sendShell("history_request", req);
    TestClient.Msg reply = client.shellReply(5000);
    assertEquals("ok", reply.content().get("status").getAsString());
    var entry = reply.content().getAsJsonArray("history").get(0).getAsJsonArray();
    assertEquals(3, entry.size());
    assertEquals("[\"three\",\"3\"]", entry.get(2).toString());
  }

  @Test
  void helpMagicPagesAndUnknownMagicIsAUsageError() {
    client.sendShell("execute_request", execute("%help", true));
    TestClient.Msg reply = client.shellReply(5000);
    var payload = reply.content().getAsJsonArray("payload").get(0).getAsJsonObject();
    assertEquals("page", payload.get("source").getAsString());
    assertTrue(payload.getAsJsonObject("data").get("text/plain").getAsString().contains("%seed N"));

    client.sendShell("execute_request", execute("%nope", false));
    TestClient.Msg bad = client.shellReply(5000);
    assertEquals("UsageError", bad.content().get("ename").getAsString());
  }

  @Test
  void seedMagicReachesTheSession() {
    client.sendShell("execute_request", execute("%seed 42", true));
    assertEquals("ok", client.shellReply(5000).content().get("status").getAsString());
    assertEquals(42L, session.seed());
  }

  @Test
  void completionCountsCursorInCodePoints() {
    JsonObject req = new JsonObject();
    req.addProperty("code", "\uD83D\uDE00 pr");
    req.addProperty("cursor_pos", 4);
    client.sendShell("complete_request", req);
    TestClient.Msg reply = client.shellReply(5000);
    assertEquals("print", reply.content().getAsJsonArray("matches").get(0).getAsString());
    assertEquals(2, reply.content().get("cursor_start").getAsInt());
    assertEquals(4, reply.content().get("cursor_end").getAsInt());
  }

  @Test
  void isCompleteMapsTheParsersAnswer() {
    JsonObject req = new JsonObject();
    req.addProperty("code", "print(");
    client.sendShell("is_complete_request", req);
    TestClient.Msg reply = client.shellReply(5000);
    assertEquals("incomplete", reply.content().get("status").getAsString());
    assertEquals("  ", reply.content().get("indent").getAsString());
  }

  @Test
  void executeRoundTripIsFastAndIdleKernelUsesNoCpu() throws InterruptedException {
    long[] micros = new long[200];
    for (int i = 0; i < micros.length; i++) {
      long t0 = System.nanoTime();
      String id = client.sendShell("execute_request", execute("three", true));
      assertNotNull(client.shellReply(5000));
      client.iopubUntilIdle(id);
      micros[i] = (System.nanoTime() - t0) / 1000;
    }
    Arrays.sort(micros);
    long p50 = micros[micros.length / 2];
    assertTrue(p50 < 20_000, "execute round trip p50 was " + p50 + " µs");

    long before = kernelThreadCpuNanos();
    Thread.sleep(1000);
    long used = kernelThreadCpuNanos() - before;
    assertTrue(used < 10_000_000, "idle kernel threads used " + used / 1000 + " µs of CPU in 1 s");
  }

  private static long kernelThreadCpuNanos() {
    var mx = ManagementFactory.getThreadMXBean();
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("moe-"))
        .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId())))
        .sum();
  }
}
