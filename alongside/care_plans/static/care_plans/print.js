// The print button on a printable plan (inline handlers are not allowed by the page's CSP).
document.querySelector("[data-print]")?.addEventListener("click", () => window.print());
