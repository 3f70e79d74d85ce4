/* Huurwijzer chat widget. Embed with one line:
 *   <script src="https://ASSISTANT-HOST/webhooks/webchat/widget.js" data-portal-token="..." defer></script>
 * All text is set with textContent (never innerHTML), so user and bot text cannot run script.
 * The conversation (session id, its key and history) is kept in localStorage, so it survives reloads
 * and network drops; messages with the tenant's own data ("personal") and the answers to
 * verification questions ("secret_answer") are shown but never stored. Labels come from
 * bot/channels/messages.yml (window.HUURWIJZER_LABELS). */
(function () {
  "use strict";
  var L = window.HUURWIJZER_LABELS || {};
  var script = document.currentScript;
  var base = script ? new URL(script.src, location.href) : new URL(location.href);
  var origin = base.origin;
  var root = origin + "/webhooks/webchat";
  var token = script && script.getAttribute("data-portal-token");
  var SESSION_KEY = "huurwijzer.session";
  var SESSION_SECRET_KEY = "huurwijzer.session_key";
  var HISTORY_KEY = "huurwijzer.history";
  var MAX_HISTORY = 200;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function load(key, fallback) {
    try { var v = JSON.parse(localStorage.getItem(key)); return v === null ? fallback : v; }
    catch (e) { return fallback; }
  }
  function save(key, value) { try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full */ } }

  var css = el("link", { rel: "stylesheet", href: root + "/widget.css" });
  document.head.appendChild(css);

  var toggle = el("button", { type: "button", "class": "hw-toggle", "aria-expanded": "false",
                              "aria-controls": "hw-panel" }, L.open);
  var panel = el("section", { id: "hw-panel", "class": "hw-panel", "aria-label": L.title, hidden: "" });
  var header = el("header", { "class": "hw-header" });
  var heading = el("h2", { "class": "hw-title" }, L.title);
  var close = el("button", { type: "button", "class": "hw-close", "aria-label": L.close }, "×");
  header.appendChild(heading);
  header.appendChild(close);
  var subtitle = el("p", { "class": "hw-subtitle" }, L.subtitle);
  var log = el("div", { "class": "hw-log", role: "log", "aria-live": "polite", "aria-label": L.log, tabindex: "0" });
  var status = el("p", { "class": "hw-status", role: "status", "aria-live": "polite" });
  var typing = el("p", { "class": "hw-typing", hidden: "" }, L.typing);
  var form = el("form", { "class": "hw-form" });
  var label = el("label", { "for": "hw-input", "class": "hw-label" }, L.input_label);
  var input = el("input", { id: "hw-input", type: "text", autocomplete: "off", maxlength: "2000",
                            placeholder: L.placeholder });
  var send = el("button", { type: "submit", "class": "hw-send" }, L.send);
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);
  [header, subtitle, log, typing, status, form].forEach(function (n) { panel.appendChild(n); });
  document.body.appendChild(toggle);
  document.body.appendChild(panel);

  function setOpen(open) {
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { input.focus(); log.scrollTop = log.scrollHeight; } else { toggle.focus(); }
  }
  toggle.addEventListener("click", function () { setOpen(panel.hidden); });
  close.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") setOpen(false); });

  /* Bot text: **bold**, links and line breaks, built from text nodes only. */
  function richText(container, text) {
    String(text).split("\n").forEach(function (line, i) {
      if (i > 0) container.appendChild(el("br"));
      line.split(/(\*\*[^*]+\*\*|https?:\/\/[^\s)]+)/).forEach(function (part) {
        if (!part) return;
        if (/^\*\*[^*]+\*\*$/.test(part)) {
          container.appendChild(el("strong", {}, part.slice(2, -2)));
        } else if (/^https?:\/\//.test(part)) {
          container.appendChild(el("a", { href: part, target: "_blank", rel: "noopener noreferrer" }, part));
        } else {
          container.appendChild(document.createTextNode(part));
        }
      });
    });
  }

  var history = load(HISTORY_KEY, []);
  var sessionId = load(SESSION_KEY, null);
  var sessionKey = load(SESSION_SECRET_KEY, null);
  var socket = null;
  var secretAnswer = false;  /* the last question asked for a verification answer */

  function remember(item) {
    history.push(item);
    if (history.length > MAX_HISTORY) history = history.slice(-MAX_HISTORY);
    save(HISTORY_KEY, history);
  }

  function clearChoices() {
    Array.prototype.forEach.call(log.querySelectorAll(".hw-choices"), function (n) { n.remove(); });
  }

  function render(item, live) {
    if (item.from === "user") {
      var mine = el("div", { "class": "hw-msg hw-user" });
      mine.appendChild(el("span", { "class": "hw-sr" }, L.you + ": "));
      mine.appendChild(document.createTextNode(item.text));
      log.appendChild(mine);
    } else if (item.from === "bot") {
      var msg = el("div", { "class": "hw-msg hw-bot" });
      msg.appendChild(el("span", { "class": "hw-sr" }, L.bot + ": "));
      richText(msg, item.text || "");
      log.appendChild(msg);
      if (live && item.buttons && item.buttons.length) {
        var group = el("div", { "class": "hw-choices", role: "group", "aria-label": L.choices });
        item.buttons.forEach(function (b) {
          var button = el("button", { type: "button", "class": "hw-choice" }, b.title);
          button.addEventListener("click", function () { say(b.payload, b.title); });
          group.appendChild(button);
        });
        log.appendChild(group);
      }
    } else if (item.from === "feedback" && live) {
      var box = el("div", { "class": "hw-feedback", role: "group", "aria-label": L.helpful });
      box.appendChild(el("span", {}, L.helpful + " "));
      [[true, "👍", L.yes], [false, "👎", L.no]].forEach(function (choice) {
        var b = el("button", { type: "button", "class": "hw-thumb", "aria-label": choice[2] }, choice[1]);
        b.addEventListener("click", function () {
          fetch(root + "/feedback", { method: "POST", headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ session_id: sessionId, session_key: sessionKey, knowledge_id: item.knowledge_id,
                                   helpful: choice[0] }) })
            .then(function (r) { if (r.ok) box.textContent = L.thanks; });
        });
        box.appendChild(b);
      });
      log.appendChild(box);
    }
    log.scrollTop = log.scrollHeight;
  }

  history.forEach(function (item, i) { render(item, i === history.length - 1); });

  var typingTimer = null;
  function showTyping(on) {
    typing.hidden = !on;
    clearTimeout(typingTimer);
    if (on) typingTimer = setTimeout(function () { typing.hidden = true; }, 15000);
  }

  // The message sent last until an answer arrives: sent again (same id) after a reconnect, in case
  // the server that had it stopped before answering. The server answers a message it has already
  // stored with the stored answer, so nothing is handled twice.
  var unanswered = null;
  var sessionConfirmed = false;

  function say(text, shown) {
    if (!text || !text.trim() || !socket) return;
    clearChoices();
    var item = { from: "user", text: shown || text };
    if (!secretAnswer) remember(item);
    render(item, true);
    var metadata = token ? { portal_token: token } : {};
    // The id lets the server recognise this message when it is sent again after a lost connection.
    var id = window.crypto && window.crypto.randomUUID ? window.crypto.randomUUID()
      : Date.now().toString(36) + Math.random().toString(36).slice(2);
    unanswered = { message: text, session_id: sessionId, metadata: metadata, message_id: id };
    // Before the server has confirmed a session (a first visit on a slow server) the message waits:
    // session_confirm sends it with the session it gets.
    if (sessionConfirmed) socket.emit("user_uttered", unanswered);
    showTyping(true);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value;
    input.value = "";
    say(text);
  });

  function connect() {
    socket = window.io(origin, { path: "/webchat/socket.io", transports: ["websocket", "polling"] });
    socket.on("connect", function () {
      socket.emit("session_request", { session_id: sessionId, session_key: sessionKey });
    });
    socket.on("session_confirm", function (id) {
      if (status.textContent) status.textContent = L.online;
      if (sessionId !== null && id !== sessionId) {  /* a new session: the old history belongs to another conversation */
        history = [];
        save(HISTORY_KEY, history);
      }
      sessionId = id;
      save(SESSION_KEY, id);
      sessionConfirmed = true;
      if (unanswered && unanswered.session_id === null) unanswered.session_id = id;
      if (unanswered && unanswered.session_id === id) socket.emit("user_uttered", unanswered);
    });
    socket.on("session_key", function (key) {
      sessionKey = key;
      save(SESSION_SECRET_KEY, key);
    });
    socket.on("disconnect", function () { sessionConfirmed = false; status.textContent = L.offline; });
    socket.on("bot_uttered", function (message) {
      showTyping(false);
      unanswered = null;
      if (message.custom) {
        if (message.custom.knowledge_id) {
          var fb = { from: "feedback", knowledge_id: message.custom.knowledge_id };
          remember(fb);
          render(fb, true);
        }
        return;
      }
      var item = { from: "bot", text: message.text || "", buttons: message.buttons || [] };
      secretAnswer = message.secret_answer === true;
      /* Personal answers are shown now and never stored: after a reload or "log uit" they are gone. */
      if (message.personal !== true) remember(item);
      render(item, true);
    });
  }

  if (window.io) {
    connect();
  } else {
    var io = el("script", { src: root + "/vendor/socket.io.min.js" });
    io.addEventListener("load", connect);
    document.head.appendChild(io);
  }
  if (script && script.getAttribute("data-open") === "true") setOpen(true);
})();
