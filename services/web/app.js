// The browser's own streaming APIs, no library: EventSource for SSE, WebSocket for two-way.
const params = new URLSearchParams(location.search);
const sseBase = params.get("sse") || "http://127.0.0.1:8001";
const wsBase = params.get("ws") || "ws://127.0.0.1:8765/ws";
// neither EventSource nor the browser's WebSocket can set headers: a key rides in the URL
const key = params.get("key");
const withKey = (url) => {
  if (!key) return url;
  const target = new URL(url);
  target.searchParams.set("api_key", key);  // percent-encoded: a key may hold & = + or #
  return target.toString();
};
const $ = (id) => document.getElementById(id);

// the message names each wrong field already; `errors` lists them for programs
const showProblem = (problem) => { $("sse-error").textContent = problem.detail || problem.message; };

$("stream").onclick = () => {
  $("tokens").textContent = "";
  $("sse-error").textContent = "";
  $("sse-status").textContent = "streaming";
  const query = new URLSearchParams({
    prompt: $("prompt").value, max_tokens: $("max-tokens").value, seed: "0",
  });
  const url = withKey(`${sseBase}/generate?${query}`);
  const source = new EventSource(url);
  source.onmessage = (event) => {
    if (event.data === "[DONE]") {
      source.close();  // otherwise EventSource reconnects: that is its job
      $("sse-status").textContent = "done";
      return;
    }
    $("tokens").textContent += JSON.parse(event.data).token;
    $("sse-status").textContent = `streaming (last event id ${event.lastEventId})`;
  };
  source.addEventListener("error", async (event) => {
    if (event.data) {  // the server's own `event: error`, sent after the stream started
      source.close();
      $("sse-status").textContent = "failed";
      showProblem(JSON.parse(event.data));
    } else if (source.readyState === EventSource.CONNECTING) {
      // the connection dropped: EventSource retries by itself, sending Last-Event-ID
      $("sse-status").textContent = "reconnecting";
    } else {
      // refused before the stream (422, 401, ...): EventSource hides the answer,
      // so ask again with fetch to read the problem+json body
      $("sse-status").textContent = "failed";
      try {
        const answer = await fetch(url, { headers: { Accept: "text/event-stream" } });
        showProblem(await answer.json());
      } catch {
        $("sse-error").textContent = `no answer from ${sseBase}`;
      }
    }
  });
};

let nextId = 0;
const socket = new WebSocket(withKey(wsBase));
socket.onopen = () => { $("ws-status").textContent = "open"; };
socket.onclose = (event) => { $("ws-status").textContent = `closed (${event.code})`; };
socket.onmessage = (event) => {
  const message = JSON.parse(event.data);
  if (message.type === "hello") {  // pushed by the server before we asked anything
    $("model").replaceChildren(...message.models.map((m) => new Option(m.id)));
    $("model").value = "iris";
  } else if (message.type === "heartbeat") {
    $("heartbeat").textContent = message.time;
  } else if (message.type === "prediction") {
    $("ws-error").textContent = "";
    $("prediction").textContent =
      `${message.label} (${message.score.toFixed(3)}), ${message.server_ms} ms on the server`;
  } else if (message.type === "error") {
    $("prediction").textContent = "";
    $("ws-error").textContent = message.error.message;
  }
};

$("predict").onclick = () => {
  if (socket.readyState !== WebSocket.OPEN) {
    $("ws-error").textContent = `not connected to ${wsBase}`;
    return;
  }
  // a cell that is not a number goes as text, so the server names it (not a silent null)
  const features = $("features").value.split(",").map((x) => {
    const cell = x.trim();
    return cell !== "" && Number.isFinite(Number(cell)) ? Number(cell) : cell;
  });
  socket.send(JSON.stringify({
    type: "predict", id: String(nextId++), model_id: $("model").value, features,
  }));
};
