// The page shell's few behaviours: quick exit (button or Escape three times) and history that keeps no trail.
const body = document.body;
const exitUrl = body.dataset.quickExitUrl;

function quickExit(event) {
  if (event) event.preventDefault();
  // Sign out quietly in the background; the page does not wait for the answer.
  const form = document.querySelector("[data-quick-exit]");
  if (form) navigator.sendBeacon(form.action, new FormData(form));
  try { sessionStorage.clear(); } catch (_) { /* storage may be disabled */ }
  // replace(), not assign(): this page leaves the tab's history rather than sitting behind the Back button.
  window.location.replace(exitUrl);
}

if (exitUrl) {
  document.querySelector("[data-quick-exit]")?.addEventListener("submit", quickExit);
  let presses = [];
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const now = Date.now();
    presses = presses.filter((t) => now - t < 1500).concat(now);
    if (presses.length >= 3) quickExit(event);
  });
  // Moving between our own pages replaces the history entry, so the tab's Back list never fills with
  // Alongside pages that someone else could step back through.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey || link.target || link.hasAttribute("download")) return;
    const url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.hash && url.pathname === window.location.pathname) return;
    event.preventDefault();
    window.location.replace(url.href);
  });
}

// On a narrow screen the menu folds behind a "Menu" button, so that a page starts with its own content.
// Without JavaScript (or on a wide screen) every link simply shows.
const menu = document.querySelector("[data-menu]");
const list = menu?.querySelector(".nav-list");
if (menu && list) {
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "menu-toggle secondary";
  toggle.textContent = menu.dataset.menuLabel || "Menu";
  toggle.setAttribute("aria-controls", list.id);
  toggle.setAttribute("aria-expanded", "false");
  menu.prepend(toggle);
  menu.classList.add("menu-folds");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("menu-open", open);
  });
}
