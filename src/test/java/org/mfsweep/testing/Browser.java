package org.mfsweep.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket, from the JDK's own client):
 * load a page, collect its console errors, failed loads and uncaught exceptions, evaluate an
 * expression in it, and take a screenshot.
 */
public final class Browser implements AutoCloseable {
  /** The flags that work here as root, without a GPU or network. */
  static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--hide-scrollbars", "--remote-debugging-port=0");

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

  /** The Chromium executable on PATH (chromium or chromium-browser), or null. */
  public static Path find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /** Starts a browser with a fresh profile and a window of the given size. */
  public Browser(Path executable, int width, int height) throws IOException, InterruptedException {
    profile = Files.createTempDirectory("mfsweep-chromium");
    List<String> cmd = new ArrayList<>(List.of(executable.toString()));
    cmd.addAll(FLAGS);
    cmd.add("--user-data-dir=" + profile);
    cmd.add("--window-size=" + width + "," + height);
    cmd.add("about:blank");
    process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String endpoint = devtoolsEndpoint(process);
    HttpClient http = HttpClient.newHttpClient();
    // the page target of about:blank: its own WebSocket
    URI list = URI.create(endpoint.replaceFirst("^ws://([^/]+)/.*$", "http://$1/json/list"));
    JsonNode page = null;
    for (int i = 0; i < 50 && page == null; i++) {
      JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(list).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      for (JsonNode t : targets) {
        if (t.path("type").asText().equals("page")) {
          page = t;
        }
      }
      if (page == null) {
        Thread.sleep(100);
      }
    }
    if (page == null) {
      close();
      throw new IOException("Chromium shows no page target at " + list);
    }
    socket = http.newWebSocketBuilder().buildAsync(URI.create(page.path("webSocketDebuggerUrl").asText()),
        new Listener()).join();
    call("Runtime.enable", null);
    call("Log.enable", null);
    call("Page.enable", null);
  }

  private static String devtoolsEndpoint(Process p) throws IOException {
    BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    Pattern ws = Pattern.compile("DevTools listening on (ws://\\S+)");
    StringBuilder seen = new StringBuilder();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while (System.nanoTime() < until && (line = err.readLine()) != null) {
      Matcher m = ws.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> { // keep reading, or a full pipe would block the browser
          try {
            while (err.readLine() != null) {
              // discarded: errors come through the protocol
            }
          } catch (IOException ignored) {
            // the browser went away
          }
        });
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
      seen.append(line).append('\n');
    }
    throw new IOException("Chromium did not open its DevTools port; it said:\n" + seen);
  }

  /** Loads url and waits for its load event; errors seen from then on are collected. */
  public void load(String url) {
    errors.clear();
    loaded = new CompletableFuture<>();
    ObjectNode params = JSON.createObjectNode().put("url", url);
    JsonNode r = call("Page.navigate", params);
    if (r.has("errorText")) {
      errors.add("navigation: " + r.get("errorText").asText());
      return;
    }
    loaded.orTimeout(60, TimeUnit.SECONDS).join();
  }

  /** Console errors, failed loads and uncaught exceptions since the last load. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** The value of a JavaScript expression in the page (a JSON value). */
  public JsonNode evaluate(String expression) {
    ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
        .put("awaitPromise", true);
    JsonNode r = call("Runtime.evaluate", params);
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("the page threw on " + expression + ": " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** A PNG of the whole page (beyond the window), to file. */
  public void screenshot(Path file) throws IOException {
    ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
    JsonNode metrics = call("Page.getLayoutMetrics", null);
    JsonNode size = metrics.path("cssContentSize");
    ObjectNode clip = params.putObject("clip");
    clip.put("x", 0).put("y", 0).put("width", size.path("width").asDouble())
        .put("height", size.path("height").asDouble()).put("scale", 1);
    Files.write(file, Base64.getDecoder().decode(call("Page.captureScreenshot", params).path("data").asText()));
  }

  private JsonNode call(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    if (params != null) {
      msg.set("params", params);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(msg.toString(), true).join();
    JsonNode r = reply.orTimeout(60, TimeUnit.SECONDS).join();
    if (r.has("error")) {
      throw new IllegalStateException(method + ": " + r.get("error"));
    }
    return r.path("result");
  }

  private void event(JsonNode m) {
    JsonNode p = m.path("params");
    switch (m.path("method").asText()) {
      case "Page.loadEventFired" -> loaded.complete(null);
      case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
      case "Runtime.consoleAPICalled" -> {
        if (p.path("type").asText().equals("error")) {
          errors.add("console.error: " + p.path("args"));
        }
      }
      case "Log.entryAdded" -> {
        JsonNode e = p.path("entry");
        if (e.path("level").asText().equals("error")) {
          errors.add(e.path("source").asText() + ": " + e.path("text").asText() + " " + e.path("url").asText());
        }
      }
      default -> { }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder part = new StringBuilder();

    @Override public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        try {
          JsonNode m = JSON.readTree(part.toString());
          if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
            if (f != null) {
              f.complete(m);
            }
          } else {
            event(m);
          }
        } catch (IOException e) {
          errors.add("unreadable DevTools message: " + e.getMessage());
        }
        part.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  @Override public void close() throws IOException {
    if (socket != null) {
      socket.abort();
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
