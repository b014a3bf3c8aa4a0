// The browser's own streaming APIs, no library: EventSource for SSE, WebSocket for two-way.
const params = new URLSearchParams(location.search);
const sseBase = params.get("sse") || "http://127.0.0.1:8001";
const wsUrl = params.get("ws") || "ws://127.0.0.1:8765/ws";
const $ = (id) => document.getElementById(id);

$("stream").onclick = () => {
  $("tokens").textContent = "";
  $("sse-error").textContent = "";
  $("sse-status").textContent = "streaming";
  const query = new URLSearchParams({
    prompt: $("prompt").value, max_tokens: $("max-tokens").value, seed: "0",
  });
  const source = new EventSource(`${sseBase}/generate?${query}`);
  source.onmessage = (event) => {
    if (event.data === "[DONE]") {
      source.close();  // otherwise EventSource reconnects: that is its job
      $("sse-status").textContent = "done";
      return;
    }
    $("tokens").textContent += JSON.parse(event.data).token;
  };
  source.addEventListener("error", (event) => {
    source.close();
    $("sse-status").textContent = "failed";
    // an HTTP error before the stream (422, ...) gives no body to EventSource
    $("sse-error").textContent = event.data ? JSON.parse(event.data).message
      : "the stream could not start (check the prompt and max tokens)";
  });
};

let nextId = 0;
const socket = new WebSocket(wsUrl);
socket.onopen = () => { $("ws-status").textContent = "open"; };
socket.onclose = (event) => { $("ws-status").textContent = `closed (${event.code})`; };
socket.onmessage = (event) => {
  const message = JSON.parse(event.data);
  if (message.type === "prediction") {
    $("ws-error").textContent = "";
    $("prediction").textContent = `${message.label} (${message.score.toFixed(3)})`;
  } else if (message.type === "error") {
    $("prediction").textContent = "";
    $("ws-error").textContent = message.error.message;
  }  // hello and heartbeat messages are pushed by the server; nothing to show
};

$("predict").onclick = () => {
  const features = $("features").value.split(",").map((x) => Number(x.trim()));
  socket.send(JSON.stringify({
    type: "predict", id: String(nextId++), model_id: $("model").value, features,
  }));
};
