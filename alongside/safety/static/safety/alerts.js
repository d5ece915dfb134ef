// Crisis alerts on every page of a peer supporter, supervisor or administrator. The safety socket
// (/ws/safety/escalations/) says that an escalation changed or that an alert is here (ids only); the
// page asks the server for this person's alerts again (safety/_alerts.html), so the server decides
// what they see. The alert region is role="alert": a new alert is announced at once. The tab title
// counts the alerts, so a tab in the background shows them too. Without JavaScript the same alerts
// are on every page load.
//
// Other scripts hear the socket through document events: "alongside:safety" (a frame) and
// "alongside:safety-live" (detail: true when connected, false when not), as the dashboard does.

const section = document.querySelector("[data-safety-alerts]");

function titlePrefix(count) {
  return count > 0 ? `(${count}) ${section.dataset.titleWord} — ` : "";
}

const pageTitle = document.title.startsWith(titlePrefix(Number(section?.dataset.count || 0)))
  ? document.title.slice(titlePrefix(Number(section?.dataset.count || 0)).length)
  : document.title;

function alertKeys(root) {
  return [...root.querySelectorAll("[data-alert]")]
    .map((item) => `${item.dataset.alert}:${item.dataset.state}`)
    .join(",");
}

// The safety protocol beside a conversation the alert is about (safety/_protocol.html, hidden until
// an escalation is open there).
function showProtocol() {
  for (const protocol of document.querySelectorAll("[data-protocol][hidden]")) {
    const item = section.querySelector(`[data-alert][data-conversation="${protocol.dataset.conversation}"]`);
    if (!item) continue;
    const link = protocol.querySelector("[data-escalation-link]");
    if (link) link.href = item.dataset.escalationUrl;
    protocol.hidden = false;
  }
}

async function refresh() {
  const url = new URL(section.dataset.url, window.location.href);
  url.searchParams.set("next", window.location.pathname + window.location.search);
  let answer;
  try {
    answer = await fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" });
  } catch {
    return; // offline: the next page load shows the alerts
  }
  if (!answer.ok) return;
  const fresh = new DOMParser()
    .parseFromString(await answer.text(), "text/html")
    .querySelector("[data-safety-alerts]");
  if (!fresh) return;
  const region = section.querySelector("[data-alert-region]");
  // Only a change is written into the region, so screen readers announce news, not repeats.
  if (alertKeys(fresh) !== alertKeys(region)) {
    region.innerHTML = fresh.querySelector("[data-alert-region]").innerHTML;
  }
  section.dataset.count = fresh.dataset.count;
  document.title = titlePrefix(Number(fresh.dataset.count)) + pageTitle;
  const count = document.querySelector("[data-safety-count]");
  const freshCount = fresh.querySelector("[data-safety-count-fresh]");
  if (count && freshCount) count.innerHTML = freshCount.innerHTML;
  showProtocol();
}

function connect(attempt = 0) {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${window.location.host}/ws/safety/escalations/`);
  let opened = false;
  socket.addEventListener("open", () => {
    opened = true;
    document.documentElement.dataset.safetyLive = "true";
    document.dispatchEvent(new CustomEvent("alongside:safety-live", { detail: true }));
    if (attempt > 0) refresh(); // catch up on what changed while away
  });
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === "escalation" || frame.type === "alert") {
      refresh();
      document.dispatchEvent(new CustomEvent("alongside:safety", { detail: frame }));
    }
  });
  socket.addEventListener("close", (event) => {
    document.documentElement.dataset.safetyLive = "false";
    document.dispatchEvent(new CustomEvent("alongside:safety-live", { detail: false }));
    if (event.code === 4401 || event.code === 4403) return; // signed out or not allowed: stop
    const next = opened ? 1 : attempt + 1;
    const delay = Math.min(30000, 1000 * 2 ** Math.min(next, 5)) * (0.5 + Math.random() / 2);
    setTimeout(() => connect(next), delay);
  });
}

if (section && window.WebSocket) {
  showProtocol();
  connect();
}
