// Plan fields save themselves as the person types (htmx posts each field after a short pause).
// This script makes sure nothing typed is lost on the way:
// - every keystroke is kept in sessionStorage (this tab only; quick exit clears it) until the server
//   has it, and put back into the field after a reload or a dropped connection;
// - when the page is closed or reloaded, unsaved fields are sent once more with sendBeacon;
// - after a failed save, fields are retried when the browser is back online.
const form = document.querySelector("form[data-plan]");
const status = document.getElementById("save-status");
const strings = JSON.parse(document.getElementById("autosave-strings")?.textContent || "{}");

if (form) {
  const plan = form.dataset.plan;
  const key = (field) => `alongside:plan:${plan}:${field.name}`;
  const fields = [...form.querySelectorAll("[data-autosave]")];
  const pending = new Set();

  const remember = (field) => {
    try { sessionStorage.setItem(key(field), field.value); } catch (_) { /* storage may be off */ }
    pending.add(field);
  };
  const forget = (field, sentValue) => {
    if (field.value !== sentValue) return; // typed more since: keep it for the next save
    try { sessionStorage.removeItem(key(field)); } catch (_) { /* storage may be off */ }
    pending.delete(field);
  };

  for (const field of fields) {
    let stored = null;
    try { stored = sessionStorage.getItem(key(field)); } catch (_) { /* storage may be off */ }
    if (stored !== null && stored !== field.value) {
      field.value = stored; // typed before a reload, not yet on the server: put it back and save it
      pending.add(field);
      // htmx wires the fields up on DOMContentLoaded, after this module has run.
      document.addEventListener("DOMContentLoaded", () => htmx.trigger(field, "retry"));
    } else if (stored !== null) {
      forget(field, stored);
    }
    field.addEventListener("input", () => {
      remember(field);
      if (status) { status.textContent = strings.typing || ""; status.classList.remove("offline"); }
    });
    field.addEventListener("htmx:configRequest", (event) => { field.dataset.sending = field.value; });
    field.addEventListener("htmx:afterRequest", (event) => {
      if (event.detail.successful) {
        forget(field, field.dataset.sending ?? field.value);
      } else if (status) {
        status.textContent = strings.offline || "";
        status.classList.add("offline");
      }
    });
  }

  window.addEventListener("online", () => { for (const field of pending) htmx.trigger(field, "retry"); });

  // The last words typed before a reload or closing the tab: one beacon with every unsaved field.
  window.addEventListener("pagehide", () => {
    if (!pending.size) return;
    const data = new FormData();
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    for (const field of pending) data.append(field.name, field.value);
    navigator.sendBeacon(form.action, data);
  });

  // Example ideas: a tap adds the idea on a new line of the field (without JavaScript they stay hidden).
  for (const box of form.querySelectorAll("[data-examples-for]")) {
    const field = document.getElementById(box.dataset.examplesFor);
    box.hidden = false;
    box.addEventListener("click", (event) => {
      const button = event.target.closest("[data-example]");
      if (!button || !field) return;
      const idea = button.dataset.example;
      field.value = field.value.trim() ? `${field.value.replace(/\s+$/, "")}\n${idea}` : idea;
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.focus();
    });
  }
}
