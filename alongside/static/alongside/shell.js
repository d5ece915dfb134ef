// The page shell's few behaviours: quick exit (button or Escape three times) and history that keeps no trail
// (with leave.js, which runs first on every page).
const body = document.body;
const exitUrl = body.dataset.quickExitUrl;

const LEFT_FOR = "alongside.left-for"; // read by leave.js on every page

function quickExit(event) {
  if (event) event.preventDefault();
  document.documentElement.style.visibility = "hidden";
  const form = document.querySelector("[data-quick-exit]");
  // Form posts and redirects put our pages in the tab's history, and a page cannot take them out.
  // So step back to the first of them in a row (the Navigation API counts them), where leave.js
  // replaces it with the neutral page: Back then goes to whatever came before Alongside.
  const behind = window.navigation?.currentEntry?.index ?? 0;
  try {
    sessionStorage.clear();
    const left = { to: exitUrl, at: Date.now(), stepping: behind > 0 };
    sessionStorage.setItem(LEFT_FOR, JSON.stringify(left));
  } catch (_) { /* storage may be disabled */ }
  if (behind === 0) {
    // Sign out quietly in the background; the page does not wait for the answer.
    if (form) navigator.sendBeacon(form.action, new FormData(form));
    // replace(), not assign(): this page leaves the tab's history rather than sitting behind Back.
    window.location.replace(exitUrl);
    return;
  }
  // Signed out first (a second at most), so the page stepped back to loads signed out.
  const signedOut = form
    ? fetch(form.action, { method: "POST", body: new FormData(form), keepalive: true }).catch(() => {})
    : Promise.resolve();
  Promise.race([signedOut, new Promise((done) => setTimeout(done, 1000))]).then(() => {
    history.go(-behind);
    setTimeout(() => window.location.replace(exitUrl), 2000); // only if the step back never came
  });
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
