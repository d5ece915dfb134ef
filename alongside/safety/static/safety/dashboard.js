// The safety dashboard, live: a WebSocket says that an escalation changed (ids only), and the page
// fetches its own list again from the server (htmx swap), so the server decides what this person sees.

const section = document.querySelector("[data-escalations]");

function refresh() {
  const list = section.querySelector("[data-open-list]");
  window.htmx.ajax("GET", section.dataset.listUrl, { target: list, swap: "outerHTML" }).then(() => {
    const announcer = section.querySelector("[data-announcer]");
    if (announcer) announcer.textContent = section.dataset.updatedText;
  });
}

function connect(attempt = 0) {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${window.location.host}/ws/safety/escalations/`);
  let opened = false;
  socket.addEventListener("open", () => {
    opened = true;
    section.dataset.live = "true";
    if (attempt > 0) refresh(); // catch up on what changed while away
  });
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === "escalation" || frame.type === "alert") refresh();
  });
  socket.addEventListener("close", (event) => {
    section.dataset.live = "false";
    if (event.code === 4401 || event.code === 4403) return; // signed out or not allowed: stop
    const next = opened ? 1 : attempt + 1;
    const delay = Math.min(30000, 1000 * 2 ** Math.min(next, 5)) * (0.5 + Math.random() / 2);
    setTimeout(() => connect(next), delay);
  });
}

if (section && window.WebSocket) {
  if (window.htmx) connect();
  else window.addEventListener("load", () => connect());
}
