package org.moelab.kernel.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * A minimal Jupyter client over raw ZeroMQ frames for protocol unit tests: it signs what it sends
 * and parses what it gets as plain JSON, independently of the kernel's own message classes. The
 * end-to-end tests use Jupyter's real client instead.
 */
public final class TestClient implements AutoCloseable {
  private final ZMQ.Context ctx = ZMQ.context(1);
  private final ZMQ.Socket shell;
  private final ZMQ.Socket control;
  private final ZMQ.Socket iopub;
  private final HMACGenerator hmac;
  private final String session = UUID.randomUUID().toString();

  /** A connection: a fresh key and free ports on 127.0.0.1. */
  public static KernelConnectionProperties freshConnection() throws IOException {
    String json = "{\"ip\":\"127.0.0.1\",\"transport\":\"tcp\",\"signature_scheme\":\"hmac-sha256\","
        + "\"key\":\"" + UUID.randomUUID() + "\",\"shell_port\":" + freePort() + ",\"control_port\":"
        + freePort() + ",\"stdin_port\":" + freePort() + ",\"hb_port\":" + freePort()
        + ",\"iopub_port\":" + freePort() + "}";
    return KernelConnectionProperties.parse(json);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public TestClient(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
    this.hmac = props.createHMACGenerator();
    String base = "tcp://127.0.0.1:";
    shell = ctx.socket(SocketType.DEALER);
    shell.connect(base + props.getShellPort());
    control = ctx.socket(SocketType.DEALER);
    control.connect(base + props.getControlPort());
    iopub = ctx.socket(SocketType.SUB);
    iopub.subscribe(new byte[0]);
    iopub.connect(base + props.getIopubPort());
    for (ZMQ.Socket s : List.of(shell, control, iopub)) {
      s.setLinger(0);
      s.setReceiveTimeOut(5000);
    }
  }

  /** Sends kernel_info requests until IOPub delivers, so no later IOPub message is lost. */
  public void awaitIopub() {
    iopub.setReceiveTimeOut(100);
    for (int i = 0; i < 100; i++) {
      sendShell("kernel_info_request", new JsonObject());
      if (iopub.recv() != null) {
        drain();
        iopub.setReceiveTimeOut(5000);
        shell.setReceiveTimeOut(200);
        while (shell.recv() != null) {
          drainFrames(shell);
        }
        shell.setReceiveTimeOut(5000);
        return;
      }
    }
    throw new AssertionError("IOPub never delivered a message");
  }

  private void drain() {
    drainFrames(iopub);
    while (iopub.recv(ZMQ.DONTWAIT) != null) {
      drainFrames(iopub);
    }
  }

  private static void drainFrames(ZMQ.Socket s) {
    while (s.hasReceiveMore()) {
      s.recv();
    }
  }

  public String sendShell(String type, JsonObject content) {
    return send(shell, type, content, true);
  }

  public String sendControl(String type, JsonObject content) {
    return send(control, type, content, true);
  }

  /** Sends on shell with a wrong (or, when {@code unsigned}, empty) signature. */
  public String sendForged(String type, JsonObject content, boolean unsigned) {
    return send(shell, type, content, false, unsigned ? "" : "0".repeat(64));
  }

  private String send(ZMQ.Socket socket, String type, JsonObject content, boolean sign) {
    return send(socket, type, content, sign, null);
  }

  private String send(ZMQ.Socket socket, String type, JsonObject content, boolean sign, String fakeSig) {
    String id = UUID.randomUUID().toString();
    JsonObject header = new JsonObject();
    header.addProperty("msg_id", id);
    header.addProperty("username", "test");
    header.addProperty("session", session);
    header.addProperty("date", Instant.now().toString());
    header.addProperty("msg_type", type);
    header.addProperty("version", "5.3");
    byte[][] parts = {bytes(header.toString()), bytes("{}"), bytes("{}"), bytes(content.toString())};
    String signature = sign ? hmac.calculateSignature(parts) : fakeSig;
    socket.sendMore("<IDS|MSG>");
    socket.sendMore(signature);
    for (int i = 0; i < parts.length - 1; i++) {
      socket.sendMore(parts[i]);
    }
    socket.send(parts[parts.length - 1]);
    return id;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The next shell reply, or null after the timeout (ms). */
  public Msg shellReply(int timeoutMillis) {
    return read(shell, timeoutMillis);
  }

  public Msg controlReply(int timeoutMillis) {
    return read(control, timeoutMillis);
  }

  /** The next IOPub message, or null after the timeout (ms). */
  public Msg iopub(int timeoutMillis) {
    return read(iopub, timeoutMillis);
  }

  /** IOPub messages for {@code parentId} up to and including its idle status. */
  public List<Msg> iopubUntilIdle(String parentId) {
    List<Msg> out = new ArrayList<>();
    while (true) {
      Msg m = iopub(5000);
      if (m == null) {
        throw new AssertionError("no idle status for " + parentId + " after " + out);
      }
      if (!parentId.equals(m.parentId())) {
        continue;
      }
      out.add(m);
      if (m.type().equals("status") && m.content().get("execution_state").getAsString().equals("idle")) {
        return out;
      }
    }
  }

  private Msg read(ZMQ.Socket socket, int timeoutMillis) {
    socket.setReceiveTimeOut(timeoutMillis);
    List<byte[]> frames = new ArrayList<>();
    byte[] first = socket.recv();
    if (first == null) {
      return null;
    }
    frames.add(first);
    while (socket.hasReceiveMore()) {
      frames.add(socket.recv());
    }
    int delim = 0;
    while (!new String(frames.get(delim), StandardCharsets.UTF_8).equals("<IDS|MSG>")) {
      delim++;
    }
    String signature = new String(frames.get(delim + 1), StandardCharsets.UTF_8);
    byte[][] parts = frames.subList(delim + 2, delim + 6).toArray(new byte[0][]);
    if (!signature.equals(hmac.calculateSignature(parts))) {
      throw new AssertionError("bad signature from the kernel");
    }
    return new Msg(json(parts[0]), json(parts[1]), json(parts[3]));
  }

  private static JsonObject json(byte[] b) {
    return JsonParser.parseString(new String(b, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  @Override
  public void close() {
    shell.close();
    control.close();
    iopub.close();
    ctx.term();
  }

  /** One received message. */
  public record Msg(JsonObject header, JsonObject parent, JsonObject content) {
    public String type() {
      return header.get("msg_type").getAsString();
    }

    public String parentId() {
      return parent.has("msg_id") ? parent.get("msg_id").getAsString() : "";
    }
  }
}
