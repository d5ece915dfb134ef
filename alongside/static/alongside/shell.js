// The page shell's few behaviours: quick exit (button or Escape three times) and history that keeps no trail
// (with leave.js, which runs first on every page).
const body = document.body;
const exitUrl = body.dataset.quickExitUrl;

const LEFT_FOR = "alongside.left-for"; // read by leave.js on every page
const DRAFT_PREFIX = "alongside.draft."; // chat.js keeps what is typed but not sent under these keys

/** The device may be shared: half-typed messages go with the person (quick exit, signing out). */
function forgetDrafts() {
  try {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(DRAFT_PREFIX)) localStorage.removeItem(key);
    }
  } catch (_) { /* storage may be disabled */ }
}

document.querySelectorAll("form[data-sign-out]").forEach((form) => form.addEventListener("submit", forgetDrafts));

function quickExit(event) {
  if (event) event.preventDefault();
  document.documentElement.style.visibility = "hidden";
  const form = document.querySelector("[data-quick-exit]");
  // Form posts and redirects put our pages in the tab's history, and a page cannot take them out.
  // So step back to the first of them in a row (the Navigation API counts them), where leave.js
  // replaces it with the neutral page: Back then goes to whatever came before Alongside.
  const behind = window.navigation?.currentEntry?.index ?? 0;
  forgetDrafts();
  try {
    sessionStorage.clear();
    const left = { to: exitUrl, at: Date.now(), stepping: behind > 0 };
    sessionStorage.setItem(LEFT_FOR, JSON.stringify(left));
  } catch (_) { /* storage may be disabled */ }
  // `quietly`: signed out in the background, with nothing to answer (without JavaScript, the form's own
  // submission is sent on to the neutral page by the server).
  const data = form ? new FormData(form) : null;
  data?.append("quietly", "1");
  if (behind === 0) {
    // Sign out quietly in the background; the page does not wait for the answer.
    if (form) navigator.sendBeacon(form.action, data);
    // replace(), not assign(): this page leaves the tab's history rather than sitting behind Back.
    window.location.replace(exitUrl);
    return;
  }
  // Signed out first (a second at most), so the page stepped back to loads signed out.
  const signedOut = form
    ? fetch(form.action, { method: "POST", body: data, keepalive: true }).catch(() => {})
    : Promise.resolve();
  Promise.race([signedOut, new Promise((done) => setTimeout(done, 1000))]).then(() => {
    // Only if the step back never starts. Once it has, the fallback's replace() would cancel it on a
    // slow connection, leaving our later pages in the tab's history: so it stands down.
    const fallback = setTimeout(() => window.location.replace(exitUrl), 2000);
    const standDown = () => clearTimeout(fallback);
    window.addEventListener("beforeunload", standDown, { once: true });
    window.navigation?.addEventListener("navigate", standDown, { once: true });
    history.go(-behind);
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
// The page and its stylesheet fold it before this runs (no layout shift); this only opens and closes it.
// Without JavaScript (or on a wide screen) every link simply shows.
const menu = document.querySelector("[data-menu]");
const toggle = menu?.querySelector("[data-menu-toggle]");
if (menu && toggle) {
  menu.classList.add("menu-folds");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("menu-open", open);
  });
}

// Every text field with a limit says so, and counts down as the person nears it. Nothing typed or pasted is
// cut: the browser's own `maxlength` (which drops the rest of a paste without a word) gives way to this
// count, a form with too much in a field is not sent, and the server refuses what is still too long with
// the same words. Screen readers hear the count after a pause in typing, not at every key.
const limitWords = (() => {
  try {
    return JSON.parse(document.getElementById("limit-words").textContent);
  } catch (_) {
    return null;
  }
})();
const NEAR = 0.8; // the count starts at 80 % of the limit
const SHORTEST_COUNTED = 20; // a six-digit code field needs no count

function sayLimit(key, n) {
  const words = limitWords[key] ?? limitWords[`${key}_${n === 1 ? "one" : "other"}`];
  return words.replace("%(n)s", n.toLocaleString(document.documentElement.lang || undefined));
}

function countCharacters(field) {
  const limit = Number(field.getAttribute("maxlength"));
  if (!limitWords || !field.id || !(limit >= SHORTEST_COUNTED)) return;
  field.removeAttribute("maxlength");
  field.dataset.limit = String(limit);
  const note = document.createElement("p");
  note.className = "help limit-note";
  note.id = `${field.id}-limit`;
  const shown = document.createElement("span");
  const heard = document.createElement("span");
  heard.className = "visually-hidden";
  heard.setAttribute("aria-live", "polite");
  note.append(shown);
  field.after(note, heard);
  const described = field.getAttribute("aria-describedby");
  field.setAttribute("aria-describedby", described ? `${described} ${note.id}` : note.id);
  let pause = null;
  const update = () => {
    const used = [...field.value].length; // characters, as the server counts them
    const over = used - limit;
    let words = sayLimit("up_to", limit);
    if (over > 0) words = sayLimit("over", over);
    else if (used >= limit * NEAR) words = sayLimit("left", limit - used);
    shown.textContent = words;
    note.classList.toggle("is-over", over > 0);
    field.setCustomValidity(over > 0 ? words : "");
    if (over > 0) field.setAttribute("aria-invalid", "true");
    else if (!field.closest(".has-error")) field.removeAttribute("aria-invalid");
    clearTimeout(pause);
    if (used >= limit * NEAR) pause = setTimeout(() => { heard.textContent = words; }, 1000);
  };
  field.addEventListener("input", update);
  update();
}

document.querySelectorAll("textarea[maxlength], input[maxlength]:not([type=hidden])").forEach(countCharacters);
