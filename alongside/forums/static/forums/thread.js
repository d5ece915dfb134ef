// Live replies on a thread page: the server says which post is new, and htmx fetches it as this
// reader may see it. Reconnects with back-off; a close code in the 4400s means stop (no access).
const list = document.getElementById("posts");
const asked = new Set();

function show(postId) {
  if (asked.has(postId) || document.getElementById(`post-${postId}`)) return;
  asked.add(postId);
  const url = list.dataset.postUrl.replace(/\/0\/$/, `/${postId}/`);
  window.htmx.ajax("GET", url, { target: "#posts", swap: "beforeend" });
}

function connect(delay) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}${list.dataset.live}`);
  socket.addEventListener("open", () => { delay = 1000; list.dataset.connected = "true"; });
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === "reply") show(frame.post);
  });
  socket.addEventListener("close", (event) => {
    delete list.dataset.connected;
    if (event.code >= 4400 && event.code < 4500) return;
    setTimeout(() => connect(Math.min(delay * 2, 30000)), delay);
  });
}

if (list && list.dataset.live) {
  document.body.addEventListener("forums:posted", (event) => show(event.detail.post));
  connect(1000);
}

// A crisis reply brings the crisis panel (an out-of-band part of the composer's answer) into view,
// just above the composer where the writer is looking; focus stays where it was.
document.body.addEventListener("htmx:oobAfterSwap", (event) => {
  const panel = event.detail.target;
  if (panel && panel.id === "crisis-options" && !panel.hidden) panel.scrollIntoView({ block: "nearest" });
});
