/* Run-of-show: timers in the page, the place kept in localStorage, saved to the
   server when it can be, queued while the connection is down. Also: print buttons.
   The page works without this file: Next and Back are plain forms. */
(function () {
  "use strict";

  function bindPrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function csrfToken(root) {
    try {
      var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      if (headers["X-CSRFToken"]) { return headers["X-CSRFToken"]; }
    } catch (e) { /* fall back to the data attribute */ }
    return root.dataset.csrf || "";
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function clock(ms) {
    var total = Math.max(0, Math.floor(ms / 1000));
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    return (hours ? hours + ":" + pad(minutes) : minutes) + ":" + pad(seconds);
  }

  function RunShow(root) {
    var self = this;
    this.root = root;
    this.key = "circles-runshow-" + root.dataset.meetingId;
    this.stateUrl = root.dataset.stateUrl;
    this.count = parseInt(root.dataset.itemCount, 10) || 0;
    this.endsAt = Date.parse(root.dataset.endsAt);
    // The device clock may differ from the server's; work in server time.
    this.skew = Date.parse(root.dataset.serverNow) - Date.now();
    this.items = root.querySelectorAll("[data-item]");
    this.offline = root.querySelector("[data-offline]");
    this.itemTimer = root.querySelector("[data-item-timer]");
    this.meetingTimer = root.querySelector("[data-meeting-timer]");
    this.closing = root.querySelector("[data-closing]");
    this.announce = root.querySelector("[data-announce]");
    this.nextButton = root.querySelector("[data-next-button]");
    this.backButton = root.querySelector("[data-back-button]");
    this.lastNote = root.querySelector("[data-last-note]");

    var server = {
      current: parseInt(root.dataset.currentItem, 10) || 0,
      startedAt: root.dataset.startedAt ? Date.parse(root.dataset.startedAt) : null
    };
    var saved = this.load();
    if (saved && saved.pending) {
      // Changes made offline that never reached the server win.
      this.state = saved;
    } else {
      this.state = {
        current: server.current,
        startedAt: server.startedAt,
        itemStartedAt: saved && saved.current === server.current && saved.itemStartedAt
          ? saved.itemStartedAt : (server.startedAt ? this.now() : null),
        pending: false
      };
    }
    // A page opened with ?item=N shows that item; the place itself moves only on Next/Back.
    this.shown = parseInt(root.dataset.shownItem, 10);
    if (isNaN(this.shown)) { this.shown = this.state.current; }
    if (this.state.pending) { this.shown = this.state.current; }

    root.querySelectorAll("form[data-move]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        self.move(form.dataset.move);
      });
    });
    window.addEventListener("online", function () { self.flush(); });
    window.addEventListener("offline", function () { self.showOffline(true); });
    this.save();
    this.render(false);
    this.tick();
    window.setInterval(function () { self.tick(); }, 1000);
    window.setInterval(function () { if (self.state.pending) { self.flush(); } }, 15000);
    if (this.state.pending) { this.flush(); }
  }

  RunShow.prototype.now = function () { return Date.now() + this.skew; };

  RunShow.prototype.load = function () {
    try { return JSON.parse(window.localStorage.getItem(this.key) || "null"); } catch (e) { return null; }
  };

  RunShow.prototype.save = function () {
    try { window.localStorage.setItem(this.key, JSON.stringify(this.state)); } catch (e) { /* private mode */ }
  };

  RunShow.prototype.move = function (direction) {
    var now = this.now();
    if (!this.state.startedAt) {
      this.state.startedAt = now;
      this.state.current = this.shown;
    } else if (direction === "next") {
      this.state.current = Math.min(this.shown + 1, this.count - 1);
    } else {
      this.state.current = Math.max(this.shown - 1, 0);
    }
    this.shown = this.state.current;
    // A page opened with ?item=N should reopen at the meeting's place, not at N.
    if (window.location.search && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname);
    }
    this.state.itemStartedAt = now;
    this.state.pending = true;
    this.save();
    this.render(true);
    this.tick();
    this.flush();
  };

  RunShow.prototype.render = function (announce) {
    var shown = this.shown;
    var started = !!this.state.startedAt;
    var title = "";
    this.items.forEach(function (section) {
      var here = parseInt(section.dataset.item, 10) === shown;
      section.hidden = !here;
      if (here) { title = section.querySelector("h2").textContent; }
    });
    this.root.querySelectorAll("[data-agenda-entry]").forEach(function (entry) {
      if (parseInt(entry.dataset.agendaEntry, 10) === shown) {
        entry.setAttribute("aria-current", "step");
      } else {
        entry.removeAttribute("aria-current");
      }
    });
    var last = shown >= this.count - 1;
    this.nextButton.textContent = started ? this.root.dataset.textNext : this.root.dataset.textStart;
    this.nextButton.hidden = started && last;
    this.lastNote.hidden = !(started && last);
    this.backButton.hidden = shown <= 0;
    if (document.activeElement && document.activeElement.hidden) {
      (this.nextButton.hidden ? this.backButton : this.nextButton).focus();
    }
    if (this.nextButton.hidden && document.activeElement === document.body) { this.backButton.focus(); }
    if (announce) {
      this.announce.textContent = this.root.dataset.textNow + " " + title;
    }
  };

  RunShow.prototype.tick = function () {
    var now = this.now();
    var section = this.items[this.shown];
    var minutes = section ? parseInt(section.dataset.minutes, 10) : 0;
    if (this.state.startedAt) {
      this.meetingTimer.textContent = clock(now - this.state.startedAt);
      var inItem = this.state.itemStartedAt ? now - this.state.itemStartedAt : 0;
      this.itemTimer.textContent = clock(inItem) + " / " + minutes + ":00";
      this.itemTimer.classList.toggle("runshow-over", inItem > minutes * 60000);
    } else {
      this.meetingTimer.textContent = this.root.dataset.textNotStarted;
      this.itemTimer.textContent = "0:00 / " + minutes + ":00";
    }
    var left = this.endsAt - now;
    var text = "";
    if (left <= 0) {
      text = this.root.dataset.textPastClosing;
    } else if (left <= 5 * 60000) {
      text = this.root.dataset.textClosingSoon;
    }
    // Only touch the live region when the words change, so it is read once.
    if (this.closing.textContent !== text || this.closing.hidden !== !text) {
      this.closing.textContent = text;
      this.closing.hidden = !text;
    }
  };

  RunShow.prototype.showOffline = function (offline, message) {
    if (offline) {
      if (message) {
        this.offline.dataset.original = this.offline.dataset.original || this.offline.textContent;
        this.offline.textContent = message;
      } else if (this.offline.dataset.original) {
        this.offline.textContent = this.offline.dataset.original;
      }
    }
    this.offline.hidden = !offline;
  };

  RunShow.prototype.flush = function () {
    var self = this;
    if (!this.state.pending || this.sending) { return; }
    if (navigator.onLine === false) { this.showOffline(true); return; }
    var sent = { current: this.state.current, startedAt: this.state.startedAt };
    this.sending = true;
    fetch(this.stateUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(this.root) },
      body: JSON.stringify({
        current_item: sent.current,
        started_at: sent.startedAt ? new Date(sent.startedAt).toISOString() : null
      })
    }).then(function (response) {
      self.sending = false;
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (response.redirected || !json) {
        self.showOffline(true, self.root.dataset.textSignedOut);
        return;
      }
      if (response.status === 400) {
        // The server refused this state; keep working from the page, stop resending.
        self.state.pending = false;
        self.save();
        self.showOffline(false);
        return;
      }
      if (!response.ok) { self.showOffline(true); return; }
      if (self.state.current === sent.current && self.state.startedAt === sent.startedAt) {
        self.state.pending = false;
      }
      self.save();
      self.showOffline(false);
      if (self.state.pending) { self.flush(); }
    }).catch(function () {
      self.sending = false;
      self.showOffline(true);
    });
  };

  document.addEventListener("DOMContentLoaded", function () {
    bindPrintButtons();
    var root = document.getElementById("runshow");
    if (root) { root.runShow = new RunShow(root); }
  });
}());
