// The safety dashboard, live: the safety socket (opened by safety/alerts.js on every staff page) says
// that an escalation changed (ids only), and the page fetches its own list again from the server
// (htmx swap), so the server decides what this person sees.

const section = document.querySelector("[data-escalations]");
let dropped = false;

function refresh() {
  const list = section.querySelector("[data-open-list]");
  window.htmx.ajax("GET", section.dataset.listUrl, { target: list, swap: "outerHTML" }).then(() => {
    const announcer = section.querySelector("[data-announcer]");
    if (announcer) announcer.textContent = section.dataset.updatedText;
  });
}

function live(isLive) {
  section.dataset.live = isLive ? "true" : "false";
  if (isLive && dropped && window.htmx) refresh(); // back after a drop: catch up
  dropped = !isLive;
}

if (section) {
  document.addEventListener("alongside:safety-live", (event) => live(event.detail));
  document.addEventListener("alongside:safety", () => {
    if (window.htmx) refresh();
  });
  if (document.documentElement.dataset.safetyLive === "true") live(true);
}
