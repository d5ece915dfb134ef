// Live chat for one conversation (the protocol is in docs/realtime.md). It reconnects with back-off,
// resends whatever was not acknowledged, shows each message's state (sending, sent, read, not sent yet)
// and announces new messages politely. Without this script the page still works: the composer is a
// plain form. A message that could not be sent never disappears: it stays with a way to try again.

const ACK_TIMEOUT_MS = 10000; // no acknowledgement by then: say so, and retry on a fresh connection
const PING_EVERY_MS = 25000; // also keeps the person marked as here, so no needless notifications
const PONG_TIMEOUT_MS = 10000;
const TYPING_EVERY_MS = 3000;
const TYPING_SHOWN_MS = 6000;
const MAX_BACKOFF_MS = 30000;
const CLOSE_SIGNED_OUT = 4401;
const CLOSE_NO_ACCESS = 4403;
const DRAFT_PREFIX = "alongside.draft."; // shell.js forgets every key with this prefix

/** A random version 4 UUID; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function uuid4() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Milliseconds to wait before reconnect attempt `attempt` (0, 1, …): doubling, capped, with jitter. */
export function backoff(attempt, random = Math.random) {
  const ceiling = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, name) => values[name] ?? "");
}

const DJANGO_FORMAT_CHARS = new Set("aAbdFgGhHijmMnNPsyY");

/**
 * A moment as Django writes it with `format` (its SHORT_DATETIME_FORMAT for the page's language, "m/d/Y P"
 * or "d/m/Y H:i") in the person's own time zone, with Django's own words ("p.m.", "noon", month names), so
 * a message delivered live reads exactly as it will after a reload. Falls back to the browser's short
 * style for a format character it does not know.
 */
export function djangoDate(when, format, timeZone, words) {
  let parts;
  try {
    parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", {
      timeZone: timeZone || undefined, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric",
    }).formatToParts(when).map((part) => [part.type, Number(part.value)]));
  } catch (_) {
    parts = null; // an unknown zone: the browser's own, below
  }
  const fallback = () => when.toLocaleString(document.documentElement.lang || undefined,
    { dateStyle: "short", timeStyle: "short", timeZone: parts ? timeZone || undefined : undefined });
  if (!parts || !format) return fallback();
  const { year, month, day, minute, second } = parts;
  const hour = parts.hour % 24;
  const two = (n) => String(n).padStart(2, "0");
  const months = (key) => (words[key] || "").split("|")[month - 1] || String(month);
  const h12 = hour % 12 || 12;
  const ampm = hour > 11 ? words.time_pm : words.time_am;
  const chars = {
    a: () => ampm,
    A: () => (hour > 11 ? words.time_PM : words.time_AM),
    b: () => months("time_months_3"),
    d: () => two(day),
    F: () => months("time_months"),
    g: () => String(h12),
    G: () => String(hour),
    h: () => two(h12),
    H: () => two(hour),
    i: () => two(minute),
    j: () => String(day),
    m: () => two(month),
    M: () => months("time_months_3").replace(/^./, (c) => c.toUpperCase()),
    n: () => String(month),
    N: () => months("time_months_ap"),
    P: () => {
      if (minute === 0 && hour === 0) return words.time_midnight;
      if (minute === 0 && hour === 12) return words.time_noon;
      return `${minute ? `${h12}:${two(minute)}` : h12} ${ampm}`;
    },
    s: () => two(second),
    y: () => two(year % 100),
    Y: () => String(year).padStart(4, "0"),
  };
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === "\\") {
      out += format[++i] ?? "";
    } else if (DJANGO_FORMAT_CHARS.has(c)) {
      out += chars[c]();
    } else if (/[a-zA-Z]/.test(c)) {
      return fallback(); // a format character this does not write
    } else {
      out += c;
    }
  }
  return out;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

class Chat {
  constructor(root) {
    this.root = root;
    this.strings = JSON.parse(document.getElementById("chat-strings").textContent);
    this.me = Number(root.dataset.me);
    this.path = root.dataset.wsPath;
    this.pageUrl = root.dataset.pageUrl;
    this.lastSeq = Number(root.dataset.lastSeq) || 0;
    this.lastChange = Number(root.dataset.lastChange) || 0;
    this.sentRead = this.lastSeq; // the page view itself marked everything read
    this.list = root.querySelector("[data-message-list]");
    this.form = root.querySelector("[data-composer]");
    this.textarea = this.form ? this.form.querySelector("textarea") : null;
    this.announcer = root.querySelector("[data-announcer]");
    this.connection = root.querySelector("[data-connection]");
    this.typingLine = root.querySelector("[data-typing]");
    this.newButton = root.querySelector("[data-new-messages]");
    this.firstUnseen = null; // the first message that came while the reader was scrolled up
    this.storageKey = `alongside.outbox.${root.dataset.conversation}`;
    // What is typed but not sent yet, kept on this device (quick exit and signing out clear it: shell.js).
    this.draftKey = `${DRAFT_PREFIX}${root.dataset.conversation}`;
    this.reportUrl = root.dataset.reportUrl || ""; // ends in "/0/": the message's id goes there
    this.assessUrl = root.dataset.assessUrl === undefined ? "" : `${this.pageUrl}messages/`;
    this.timeZone = root.dataset.timeZone || "";
    this.isEnded = root.hasAttribute("data-ended");
    this.readBy = new Map(); // other participants' read cursors: user id → seq
    for (const [key, value] of Object.entries(root.dataset)) {
      if (key.startsWith("read-")) this.readBy.set(Number(key.slice(5)), Number(value));
    }
    this.outbox = new Map(); // client_id → {clientId, body, state, retryable, el, timer}
    this.socket = null;
    this.attempt = 0;
    this.stopped = false;
    this.wasLive = false;
    this.saidOffline = false;
    this.typedAt = 0;
  }

  start() {
    this.restoreOutbox();
    this.restoreDraft();
    if (this.form) {
      this.form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.submit(event.submitter?.name === "confirm_boundary"); // the page's own "Send anyway"
      });
      this.textarea.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          this.submit();
        }
      });
      this.textarea.addEventListener("input", () => {
        this.typing();
        this.saveDraft();
      });
      const help = this.form.querySelector("[data-enter-help]");
      if (help) {
        help.textContent = this.strings.enter_help;
        help.hidden = false;
      }
    }
    this.list.addEventListener("click", (event) => this.onListClick(event));
    window.addEventListener("online", () => this.reconnectNow());
    window.addEventListener("offline", () => this.dropSocket());
    document.addEventListener("visibilitychange", () => this.sendRead(this.lastSeq));
    document.body.addEventListener("htmx:afterSwap", () => this.afterHistorySwap());
    this.refreshStates();
    this.enableCrisisDismiss();
    this.followNewest();
    if (this.isEnded) {
      // Nothing more will be written here: no connection, and no "Connected" line to say otherwise.
      this.forgetDraft();
      for (const entry of this.outbox.values()) {
        entry.retryable = false;
        entry.reason = this.strings.ended;
        this.setState(entry, "failed");
      }
      return;
    }
    this.connect();
  }

  // --- connection -------------------------------------------------------------------------------

  connect() {
    if (this.stopped || this.socket) return;
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const query = `after_seq=${this.lastSeq}&after_change=${this.lastChange}`;
    const socket = new WebSocket(`${scheme}//${window.location.host}${this.path}?${query}`);
    this.socket = socket;
    this.showConnection(this.wasLive ? "offline" : "connecting");
    socket.addEventListener("open", () => {
      if (socket !== this.socket) return;
      this.attempt = 0;
      this.wasLive = true;
      this.showConnection("live");
      if (this.saidOffline) {
        this.announce(this.strings.back_online);
        this.saidOffline = false;
      }
      this.startHeartbeat();
      for (const entry of this.outbox.values()) {
        if (entry.state === "sending" || entry.retryable) this.transmit(entry);
      }
    });
    socket.addEventListener("message", (event) => {
      if (socket === this.socket) this.receive(JSON.parse(event.data));
    });
    socket.addEventListener("close", (event) => {
      if (socket === this.socket) this.lost(event.code);
    });
  }

  lost(code) {
    this.socket = null;
    this.stopHeartbeat();
    if (code === CLOSE_SIGNED_OUT || code === CLOSE_NO_ACCESS) {
      this.stopped = true;
      this.showConnection(code === CLOSE_SIGNED_OUT ? "signed_out" : "no_access");
      this.announce(this.connection.textContent);
      return;
    }
    this.showConnection("offline");
    if (this.wasLive && !this.saidOffline) {
      this.announce(this.strings.offline);
      this.saidOffline = true;
    }
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), backoff(this.attempt++));
  }

  /** Forget a connection that looks dead (no ack, no pong, the browser went offline) and start over. */
  dropSocket() {
    const socket = this.socket;
    if (!socket) return;
    this.socket = null; // its late events are ignored from now on
    socket.close();
    this.lost(1006);
  }

  reconnectNow() {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    this.attempt = 0;
    if (!this.socket) this.connect();
  }

  send(frame) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  startHeartbeat() {
    this.stopHeartbeat();
    this.pingTimer = setInterval(() => {
      if (this.send({ type: "ping" })) {
        this.pongTimer = setTimeout(() => this.dropSocket(), PONG_TIMEOUT_MS);
      }
    }, PING_EVERY_MS);
  }

  stopHeartbeat() {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }

  showConnection(kind) {
    if (!this.connection) return;
    this.connection.hidden = false;
    this.connection.textContent = this.strings[kind];
    this.connection.dataset.state = kind;
    this.connection.classList.toggle("is-offline", kind !== "live" && kind !== "connecting");
  }

  // --- frames from the server -------------------------------------------------------------------

  receive(frame) {
    switch (frame.type) {
      case "ack": return this.acknowledged(frame);
      case "message": return this.addMessage(frame);
      case "update": return this.updateMessage(frame);
      case "read": return this.markReadBy(frame.user, frame.seq);
      case "typing": return this.showTyping(frame);
      case "state": return frame.status === "ended" ? this.ended() : undefined;
      case "error": return this.refused(frame);
      case "boundary": return this.boundaryWarning(frame);
      case "pong": return clearTimeout(this.pongTimer);
      default: return undefined; // "resumed", and types newer than this script
    }
  }

  acknowledged(frame) {
    const entry = this.outbox.get(frame.client_id);
    if (entry) this.delivered(entry, frame.seq);
    if (entry && frame.held) this.setState(entry, "held");
    if (frame.crisis) this.showCrisis();
  }

  delivered(entry, seq) {
    clearTimeout(entry.timer);
    this.outbox.delete(entry.clientId);
    this.saveOutbox();
    entry.el.dataset.seq = String(seq);
    entry.el.id = `m-${seq}`;
    entry.el.classList.remove("pending");
    this.setState(entry, "sent");
    this.addChangeLinks(entry.el, seq);
    this.refreshStates();
  }

  refused(frame) {
    const entry = frame.client_id && this.outbox.get(frame.client_id);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.retryable = frame.code === "try_again";
    entry.reason = entry.retryable ? "" : frame.message;
    this.setState(entry, "failed");
  }

  addMessage(message) {
    const follow = this.atNewest(); // before the new message pushes the list down
    this.lastChange = Math.max(this.lastChange, message.change);
    if (message.held && message.sender.id !== this.me) {
      this.lastSeq = Math.max(this.lastSeq, message.seq); // held for review: shown once released
      return;
    }
    if (message.sender.id !== this.me && message.sender.id !== null) {
      this.markReadBy(message.sender.id, message.seq); // writing means reading what came before
      this.clearTyping();
    }
    const known = this.list.querySelector(`[data-seq="${message.seq}"]`);
    if (known) {
      this.updateMessage(message);
    } else {
      const pending = this.outbox.get(message.client_id);
      if (pending && message.sender.id === this.me) {
        this.delivered(pending, message.seq);
        this.place(pending.el, message.seq);
      } else {
        const node = this.render(message);
        this.place(node, message.seq);
        if (message.sender.id !== this.me) {
          this.announce(this.describe(message));
          this.keepNewestInView(follow, node);
        }
      }
    }
    this.lastSeq = Math.max(this.lastSeq, message.seq);
    this.root.querySelector("[data-empty]")?.remove();
    if (message.sender.id === this.me) this.sentRead = Math.max(this.sentRead, message.seq); // writing is reading
    else this.sendRead(message.seq);
  }

  updateMessage(message) {
    this.lastChange = Math.max(this.lastChange, message.change);
    const node = this.list.querySelector(`[data-seq="${message.seq}"]`);
    if (!node) {
      // A held message a supervisor released: it takes its place now.
      if (!message.held && message.seq <= this.lastSeq && message.sender.id !== this.me) {
        this.place(this.render(message), message.seq);
        this.announce(this.describe(message));
      }
      return;
    }
    if (message.held) {
      // Held again after an edit: ours stays on screen; the others' copy waits for the release.
      if (message.sender.id !== this.me) node.remove();
      return;
    }
    node.replaceWith(this.render(message));
    this.refreshStates();
  }

  markReadBy(userId, seq) {
    if (userId === this.me) return;
    this.readBy.set(userId, Math.max(this.readBy.get(userId) || 0, seq));
    this.refreshStates();
  }

  refreshStates() {
    const through = this.readBy.size ? Math.min(...this.readBy.values()) : 0;
    for (const node of this.list.querySelectorAll(".message.mine[data-seq]")) {
      const state = node.querySelector("[data-state]");
      if (state && Number(node.dataset.seq) <= through) state.textContent = this.strings.read;
    }
  }

  showTyping(frame) {
    if (frame.user === this.me || !this.typingLine) return;
    this.typingLine.textContent = format(this.strings.typing, { name: frame.name });
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.clearTyping(), TYPING_SHOWN_MS);
  }

  clearTyping() {
    if (this.typingLine) this.typingLine.textContent = "";
  }

  ended() {
    // The conversation is over: stop the connection, and take down the line that said it was live.
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.stopHeartbeat();
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    if (this.connection) this.connection.hidden = true;
    // Nobody can end or leave what has ended: the links go now, not at the next reload.
    this.root.querySelector(".chat-actions")?.remove();
    if (!this.form) return;
    this.forgetDraft();
    // Said once, where the composer was: the notice is itself a live region, filled once it is in place,
    // so a screen reader announces it without a second copy in the page.
    const notice = element("p", "notice");
    notice.setAttribute("role", "status");
    this.form.replaceWith(notice);
    this.form = null;
    this.textarea = null;
    requestAnimationFrame(() => {
      notice.textContent = this.strings.ended;
    });
  }

  showCrisis() {
    // The page holds the program's crisis options, hidden until needed: show them without moving focus.
    // It sits just above the composer; it is scrolled to (never focused) so that its first options
    // and the composer are both in view, and announced politely.
    const panel = this.root.querySelector("[data-crisis-panel]");
    if (panel) {
      if (panel.hidden) {
        panel.hidden = false;
        const intro = panel.querySelector("h2 + p");
        this.announce(`${panel.querySelector("h2").textContent} ${intro ? intro.textContent : ""}`.trim());
      }
      this.enableCrisisDismiss();
      this.form?.scrollIntoView({ block: "nearest" });
      (panel.querySelector(".crisis-actions") || panel).scrollIntoView({ block: "nearest" });
      return;
    }
    if (this.root.querySelector("[data-crisis-note]")) return;
    const note = element("p", "notice", "");
    note.dataset.crisisNote = "";
    note.setAttribute("role", "alert");
    const link = element("a", "", this.strings.crisis);
    link.href = "#crisis-heading";
    note.append(link);
    (this.form || this.list).before(note);
  }

  /** "Hide these options": the panel can be put away; a new crisis message shows it again. */
  enableCrisisDismiss() {
    const panel = this.root.querySelector("[data-crisis-panel]");
    const button = panel?.querySelector("[data-crisis-dismiss]");
    if (!button || button.dataset.ready) return;
    button.dataset.ready = "1";
    button.hidden = false;
    button.addEventListener("click", () => {
      panel.hidden = true;
      if (this.textarea) this.textarea.focus();
    });
  }

  // --- messages on the page ---------------------------------------------------------------------

  describe(message) {
    const name = message.sender.name || this.strings.someone;
    if (message.kind === "left") return format(this.strings.left, { name });
    return format(this.strings.new_message, { name, body: message.deleted ? this.strings.deleted : message.body });
  }

  render(message, pending = false) {
    const mine = message.sender.id === this.me;
    const node = element("li", `message kind-${message.kind}${mine ? " mine" : ""}${pending ? " pending" : ""}`);
    node.tabIndex = -1;
    node.dataset.clientId = message.client_id;
    if (message.seq) {
      node.dataset.seq = String(message.seq);
      node.id = `m-${message.seq}`;
    }
    const meta = element("p", "message-meta");
    meta.append(element("span", "message-author", mine ? this.strings.you : message.sender.name || this.strings.someone));
    const when = new Date(message.created_at || Date.now());
    const time = element("time", "", djangoDate(when, this.strings.time_format, this.timeZone, this.strings));
    time.dateTime = when.toISOString();
    meta.append(" ", time);
    if (message.kind === "closing") meta.append(" ", element("span", "tag", this.strings.closing));
    node.append(meta);
    if (message.kind === "left") {
      node.append(element("p", "message-body system", format(this.strings.left, { name: message.sender.name || this.strings.someone })));
    } else if (message.deleted) {
      node.append(element("p", "message-body deleted", this.strings.deleted));
    } else if (message.hidden) {
      node.append(element("p", "message-body deleted", this.strings.hidden));
    } else {
      const body = element("p", "message-body", message.body);
      if (message.edited) body.append(" ", element("span", "edited", this.strings.edited));
      node.append(body);
    }
    if (!mine && message.kind !== "left" && !message.deleted && !message.hidden && message.id) {
      node.append(this.reportLinks(message));
    }
    if (mine && message.kind === "text" && !message.deleted && !message.hidden) {
      const label = pending ? this.strings.sending : message.held ? this.strings.held : this.strings.sent;
      const state = element("p", "message-state", label);
      state.dataset.state = "";
      node.append(state);
      if (message.seq) this.addChangeLinks(node, message.seq);
    }
    return node;
  }

  /** "Report" under someone else's message (and "Crisis?" for staff), as the page itself writes them. */
  reportLinks(message) {
    const links = element("p", "message-actions");
    if (this.reportUrl) {
      const report = element("a", "", this.strings.report);
      report.href = this.reportUrl.replace(/0\/$/, `${message.id}/`);
      report.append(element("span", "visually-hidden", ` ${this.strings.this_message}`));
      links.append(report);
    }
    if (this.assessUrl && message.kind === "text" && message.seq) {
      const assess = element("a", "", this.strings.crisis_check);
      assess.href = `${this.assessUrl}${message.seq}/assessment/`;
      assess.append(element("span", "visually-hidden", ` ${this.strings.crisis_check_help}`));
      links.append(" ", assess);
    }
    return links;
  }

  /** Edit and Delete for one's own message (the server says no once the 15 minutes have passed). */
  addChangeLinks(node, seq) {
    if (!this.pageUrl || node.querySelector("[data-change-links]")) return;
    const links = element("p", "message-actions");
    links.dataset.changeLinks = "";
    for (const [action, label] of [["edit", this.strings.edit], ["delete", this.strings.delete]]) {
      const link = element("a", "", label);
      link.href = `${this.pageUrl}messages/${seq}/${action}/`;
      link.append(element("span", "visually-hidden", ` ${this.strings.this_message}`));
      links.append(link, " ");
    }
    node.append(links);
  }

  /** Put a numbered message in seq order: after the last one with a smaller seq, before any pending. */
  place(node, seq) {
    let after = null;
    for (let child = this.list.lastElementChild; child; child = child.previousElementSibling) {
      if (child === node) continue;
      if (child.dataset.seq && Number(child.dataset.seq) < seq) {
        after = child;
        break;
      }
      if (child.hasAttribute("data-history-more")) {
        after = child;
        break;
      }
    }
    if (after) after.after(node);
    else this.list.prepend(node);
  }

  afterHistorySwap() {
    // Keep the keyboard where the reader was: on the newest of the older messages just loaded.
    const more = this.list.querySelector("[data-history-more] a");
    if (more) more.focus();
    else this.list.querySelector(".message")?.focus();
  }

  // --- staying with the newest message ---------------------------------------------------------

  /** The page opens at the newest message, older history above, unless a link asked for a place
   * (#m-12); a "New messages" button takes a reader who scrolled up back down. */
  followNewest() {
    if (!location.hash) this.scrollToNewest();
    if (!this.newButton) return;
    this.newButton.addEventListener("click", () => this.jumpToNew());
    const check = () => {
      if (this.newButton.hidden) return;
      if (this.atNewest()) this.hideNewButton();
      else this.placeNewButton();
    };
    window.addEventListener("scroll", check, { passive: true });
    window.addEventListener("resize", check, { passive: true });
  }

  scrollToNewest() {
    // The composer at the foot of the screen and the newest messages just above it. The mark after
    // the composer is used because a sticky composer (wide screens) always looks in view.
    const foot = this.root.querySelector("[data-chat-foot]") || this.list.lastElementChild || this.list;
    foot.scrollIntoView({ block: "end" });
  }

  /** The top of what covers the foot of the screen: the composer when it is on screen. */
  visibleBottom() {
    const top = this.form ? this.form.getBoundingClientRect().top : Infinity;
    return Math.min(top, window.innerHeight);
  }

  /** Whether the newest message is on screen (or nearly): new ones then keep the view with them. */
  atNewest() {
    const newest = this.list.lastElementChild;
    if (!newest) return true;
    return newest.getBoundingClientRect().top < this.visibleBottom() - 8;
  }

  keepNewestInView(follow, node) {
    if (follow) {
      this.scrollToNewest();
      if (!this.atNewest()) node.scrollIntoView({ block: "end" }); // a long message on a small screen
      return;
    }
    if (!this.newButton) return;
    this.firstUnseen ||= node;
    this.newButton.hidden = false;
    this.placeNewButton();
  }

  placeNewButton() {
    // Just above the composer when it is on screen (it sticks to the foot on wide screens),
    // otherwise at the foot of the screen.
    this.newButton.style.bottom = `${window.innerHeight - this.visibleBottom() + 12}px`;
  }

  hideNewButton() {
    this.newButton.hidden = true;
    this.firstUnseen = null;
  }

  jumpToNew() {
    const first = this.firstUnseen;
    this.scrollToNewest();
    this.hideNewButton();
    // The keyboard (and a screen reader) goes to the first message that came meanwhile.
    if (first && first.isConnected) {
      if (first.tabIndex < 0 && !first.hasAttribute("tabindex")) first.tabIndex = -1;
      first.focus({ preventScroll: true });
    }
  }

  announce(text) {
    if (!this.announcer || !text) return;
    this.announcer.append(element("p", "", text));
    while (this.announcer.childElementCount > 5) this.announcer.firstElementChild.remove();
  }

  // --- sending ----------------------------------------------------------------------------------

  submit(confirm = false) {
    if (!this.textarea) return;
    const body = this.textarea.value.trim();
    if (!body) return;
    this.clearBoundary();
    const entry = { clientId: uuid4(), body, state: "sending", retryable: true, confirm };
    this.addPending(entry);
    this.textarea.value = "";
    this.forgetDraft(); // in the outbox now, which keeps it until the server has it
    this.textarea.focus();
    this.resendWaiting(); // earlier messages that were not saved go first, keeping their order
    this.transmit(entry);
  }

  /** Send again, oldest first, every message waiting after a `try_again`. The server stores nothing of a
   * connection's after a message it could not save until that one comes again (docs/realtime.md). */
  resendWaiting() {
    for (const waiting of this.outbox.values()) {
      if (waiting.state === "failed" && waiting.retryable) this.transmit(waiting);
    }
  }

  addPending(entry) {
    entry.el = this.render({ client_id: entry.clientId, kind: "text", body: entry.body,
      sender: { id: this.me, name: "" }, created_at: new Date().toISOString() }, true);
    this.list.append(entry.el);
    this.root.querySelector("[data-empty]")?.remove();
    this.outbox.set(entry.clientId, entry);
    this.saveOutbox();
    entry.el.scrollIntoView({ block: "nearest" });
  }

  transmit(entry) {
    this.setState(entry, "sending");
    clearTimeout(entry.timer);
    const frame = { type: "send", client_id: entry.clientId, body: entry.body };
    if (entry.confirm) frame.confirm_boundary = true; // "Send anyway" after a boundary warning
    const sent = this.send(frame);
    entry.timer = setTimeout(() => {
      if (entry.state !== "sending") return;
      this.setState(entry, "failed"); // still in the outbox: the next connection sends it again
      if (sent) this.dropSocket();
    }, ACK_TIMEOUT_MS);
    if (!sent) this.reconnectNow();
  }

  setState(entry, state) {
    entry.state = state;
    const node = entry.el;
    node.classList.toggle("is-sending", state === "sending");
    node.classList.toggle("is-failed", state === "failed");
    const label = node.querySelector("[data-state]");
    if (label) label.textContent = this.strings[state] + (entry.reason ? ` ${entry.reason}` : "");
    node.querySelector("[data-retry-actions]")?.remove();
    if (state === "failed") {
      const actions = element("p", "message-actions");
      actions.dataset.retryActions = "";
      const retry = element("button", "secondary", this.strings.retry);
      retry.type = "button";
      retry.dataset.action = "retry";
      actions.append(retry);
      if (!entry.retryable) {
        const back = element("button", "secondary", this.strings.put_back);
        back.type = "button";
        back.dataset.action = "put-back";
        actions.append(back);
      }
      node.append(actions);
    }
    if (this.outbox.has(entry.clientId)) this.saveOutbox();
  }

  onListClick(event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const entry = this.outbox.get(button.closest(".message").dataset.clientId);
    if (!entry) return;
    if (button.dataset.action === "retry") {
      entry.retryable = true;
      entry.reason = "";
      this.resendWaiting(); // this one, with any before it, in the order they were written
    } else if (this.textarea) {
      // Refused for good (too long, say): the words go back into the box to change, never lost.
      this.outbox.delete(entry.clientId);
      this.saveOutbox();
      entry.el.remove();
      this.textarea.value = entry.body + (this.textarea.value ? `\n${this.textarea.value}` : "");
      this.saveDraft();
      this.textarea.focus();
    }
  }

  // --- the boundary guard: a warning before sending, never a silent drop --------------------------

  /** Nothing was stored: the words go back into the box, with why, "Edit" and "Send anyway". */
  boundaryWarning(frame) {
    const entry = this.outbox.get(frame.client_id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.outbox.delete(entry.clientId);
    this.saveOutbox();
    entry.el.remove();
    if (!this.textarea) return;
    this.textarea.value = entry.body + (this.textarea.value ? `\n${this.textarea.value}` : "");
    this.saveDraft();
    this.clearBoundary();
    const panel = element("div", "boundary-warning");
    panel.dataset.boundary = "";
    panel.setAttribute("role", "alert");
    panel.append(element("h2", "boundary-title", this.strings.boundary_title));
    const reasons = element("ul");
    for (const finding of frame.findings || []) {
      reasons.append(element("li", "", this.strings[`boundary_${finding.kind}`] || finding.reason));
    }
    panel.append(reasons);
    const actions = element("p", "boundary-actions");
    const edit = element("button", "secondary", this.strings.boundary_edit);
    edit.type = "button";
    edit.addEventListener("click", () => {
      this.clearBoundary();
      this.textarea.focus();
    });
    const anyway = element("button", "secondary", this.strings.boundary_send);
    anyway.type = "button";
    anyway.dataset.sendAnyway = "";
    anyway.addEventListener("click", () => this.submit(true));
    actions.append(edit, " ", anyway);
    panel.append(actions);
    this.form.querySelector("button[type=submit]").before(panel);
    this.textarea.setAttribute("aria-describedby", `${this.textarea.getAttribute("aria-describedby") || ""} boundary-now`.trim());
    panel.id = "boundary-now";
  }

  clearBoundary() {
    this.form?.querySelector("[data-boundary]")?.remove();
    this.form?.querySelector("[data-boundary-static]")?.remove();
    if (this.textarea) {
      const described = (this.textarea.getAttribute("aria-describedby") || "").replace("boundary-now", "").trim();
      this.textarea.setAttribute("aria-describedby", described);
    }
  }

  typing() {
    const now = Date.now();
    if (now - this.typedAt < TYPING_EVERY_MS) return;
    this.typedAt = now;
    this.send({ type: "typing" });
  }

  sendRead(seq) {
    if (document.visibilityState !== "visible" || seq <= this.sentRead) return;
    if (this.send({ type: "read", seq })) this.sentRead = seq;
  }

  // A half-typed message survives a reload, a crash or a closed tab: one draft per conversation, on this
  // device only (localStorage). Sending it, quick exit and signing out clear it.
  saveDraft() {
    try {
      if (this.textarea.value.trim()) localStorage.setItem(this.draftKey, this.textarea.value);
      else localStorage.removeItem(this.draftKey);
    } catch (_) { /* storage may be full or disabled; the page still works */ }
  }

  restoreDraft() {
    if (!this.textarea || this.textarea.value) return; // the server's own (a refused send) comes first
    let draft = null;
    try {
      draft = localStorage.getItem(this.draftKey);
    } catch (_) { /* nothing to restore */ }
    if (draft) this.textarea.value = draft;
  }

  forgetDraft() {
    try {
      localStorage.removeItem(this.draftKey);
    } catch (_) { /* storage disabled */ }
  }

  // Unsent messages survive a reload in this tab (sessionStorage, which quick exit clears).
  saveOutbox() {
    const items = [...this.outbox.values()].map(({ clientId, body, retryable, confirm }) => ({ clientId, body, retryable, confirm }));
    try {
      if (items.length) sessionStorage.setItem(this.storageKey, JSON.stringify(items));
      else sessionStorage.removeItem(this.storageKey);
    } catch (_) { /* storage may be full or disabled; the page still works */ }
  }

  restoreOutbox() {
    let items = [];
    try {
      items = JSON.parse(sessionStorage.getItem(this.storageKey) || "[]");
    } catch (_) { /* nothing to restore */ }
    for (const item of items) {
      if (this.list.querySelector(`[data-client-id="${CSS.escape(item.clientId)}"][data-seq]`)) continue;
      this.addPending({ clientId: item.clientId, body: item.body, state: "sending", retryable: item.retryable !== false,
        confirm: item.confirm === true });
    }
    this.saveOutbox();
  }
}

const root = document.querySelector("[data-chat]");
if (root && "WebSocket" in window) new Chat(root).start();
