// Quick exit leaves nothing behind. After a quick exit, an Alongside page reached again through this
// tab's history (Back, Forward, or the quick exit's own step back to the first of our pages, even
// through a redirect) leaves at once for the neutral page, before anything is drawn. A classic script
// in <head>, so it runs first. Coming back on purpose (a link, a typed address) forgets the exit.
(function () {
  // Scripts run on this page: the stylesheet folds the menu on narrow screens from the first paint.
  document.documentElement.classList.add("js");
  var KEY = "alongside.left-for";
  var STEPPING_BACK_MS = 10000; // the quick exit's own step back, redirects included, is this recent

  function leaveIfExited(fromHistory) {
    var left = null;
    try {
      left = JSON.parse(sessionStorage.getItem(KEY) || "null");
    } catch (e) {
      return; // storage disabled
    }
    if (!left || typeof left.to !== "string") return;
    // The quick exit's step back may arrive through a redirect, which the browser counts as a new
    // visit: the first of our pages to load after the exit leaves whichever way it came.
    var steppingBack = left.stepping === true && Date.now() - left.at < STEPPING_BACK_MS;
    try {
      if (fromHistory || steppingBack) sessionStorage.setItem(KEY, JSON.stringify({ to: left.to, at: left.at }));
      else sessionStorage.removeItem(KEY);
    } catch (e) { /* storage disabled */ }
    if (!fromHistory && !steppingBack) return;
    document.documentElement.style.visibility = "hidden";
    window.location.replace(left.to);
  }

  var entry = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  leaveIfExited(Boolean(entry) && entry.type === "back_forward");
  // A page the browser kept in its back-forward cache runs no script when shown again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) leaveIfExited(true);
  });
})();
