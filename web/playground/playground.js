// Plan Pulse playground: a Teams-like chat against the local channel simulator (/_sim/api), cards drawn by the Adaptive Cards SDK.
/* global AdaptiveCards, PlanPulsePlayground */
(function () {
  "use strict";

  /** @typedef {import("../../src/dev/simulatorFrontDoor").SimPerson} DevPerson */
  /** @typedef {import("../../src/jobs/scheduler").TenantRun} TenantRun */

  var model = PlanPulsePlayground;
  var POLL_MS = 2000;

  /**
   * The page's element with this id, of this class; throws when the page has none (a broken page, not a state).
   * @template {HTMLElement} T
   * @param {string} id
   * @param {new () => T} kind
   * @returns {T}
   */
  function byId(id, kind) {
    var node = document.getElementById(id);
    if (node instanceof kind) return node;
    throw new Error("The playground page has no #" + id + " " + kind.name);
  }

  var els = {
    person: byId("person", HTMLSelectElement),
    install: byId("install", HTMLButtonElement),
    runSchedule: byId("run-schedule", HTMLButtonElement),
    transcript: byId("transcript", HTMLOListElement),
    title: byId("conversation-title", HTMLElement),
    composer: byId("composer", HTMLFormElement),
    composerBar: byId("composer-bar", HTMLElement),
    message: byId("message", HTMLInputElement),
    send: byId("send", HTMLButtonElement),
    status: byId("status", HTMLElement),
  };

  /**
   * @type {{ people: DevPerson[], personId: string, conversation: "personal" | "dmt", applied: Set<number>, cursor: number,
   *   refreshed: Set<string>, messages: Map<string, HTMLLIElement>, threads: Map<string, { last: HTMLLIElement, count: number }>,
   *   generation: number, busy: boolean }}
   */
  var state = {
    people: [],
    personId: "",
    conversation: "personal",
    /** seq numbers already drawn, so a record arriving by both poll and send answer is drawn once */
    applied: new Set(),
    /** the simulator's lastSeq at the last poll: every record after it is still to come (send answers don't move it) */
    cursor: 0,
    /** cards already refreshed automatically in this view (activity ids) */
    refreshed: new Set(),
    /** activity id → the <li> that shows it */
    messages: new Map(),
    /** a channel thread's first post id → the <li> of its latest reply shown under it, and how many replies it has */
    threads: new Map(),
    /** bumped on every switch of person or conversation, so late answers for the old view are dropped */
    generation: 0,
    busy: false,
  };

  var hostConfig = new AdaptiveCards.HostConfig(model.teamsHostConfig);

  // Teams renders a small subset of Markdown in TextBlocks; the SDK needs a processor for it.
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = model.markdown(text);
    result.didProcess = true;
  };

  // ---- helpers ------------------------------------------------------------------------------

  /**
   * @param {string} text
   * @param {boolean} [isError]
   */
  function setStatus(text, isError) {
    els.status.textContent = text || "";
    els.status.classList.toggle("error", Boolean(isError));
  }

  /**
   * The front door's JSON answer; the type is what the caller knows the path answers.
   * @template T
   * @param {string} path
   * @param {RequestInit} [options]
   * @returns {Promise<T>}
   */
  function api(path, options) {
    return fetch("/_sim/api/" + path, options).then(function (res) {
      return res.text().then(function (text) {
        var body = text ? JSON.parse(text) : undefined;
        if (!res.ok) {
          throw new Error(body && body.error && body.error.message ? body.error.message : "HTTP " + res.status);
        }
        return body;
      });
    });
  }

  /**
   * @template T
   * @param {string} path
   * @param {unknown} body
   * @returns {Promise<T>}
   */
  function post(path, body) {
    return api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  }

  function currentKey() {
    return model.conversationKey(state.conversation, state.personId);
  }

  function currentPerson() {
    return state.people.find(function (p) { return p.aadObjectId === state.personId; });
  }

  /** @param {string} iso */
  function timeOf(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    return d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
  }

  // ---- drawing messages ---------------------------------------------------------------------

  /**
   * @param {object} content the card's JSON
   * @param {string} activityId
   * @param {boolean} [isReplacement]
   */
  function renderCard(content, activityId, isReplacement) {
    var host = document.createElement("div");
    host.className = "card-host";
    var card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = hostConfig;
    card.onExecuteAction = function (action) {
      onCardAction(action, activityId, host);
    };
    try {
      card.parse(content);
      var rendered = card.render();
      if (rendered) host.appendChild(rendered);
    } catch (err) {
      host.innerHTML = '<p class="card-error">This card could not be drawn: ' + model.escapeHtml(err instanceof Error ? err.message : err) + "</p>";
    }
    if (!isReplacement) autoRefresh(content, activityId, host);
    return host;
  }

  /** Universal Actions: a card with `refresh` for this user is refreshed once as it comes into view, as Teams does. */
  /**
   * @param {object} content
   * @param {string} activityId
   * @param {HTMLElement} host
   */
  function autoRefresh(content, activityId, host) {
    if (state.refreshed.has(activityId)) return;
    var me = currentPerson();
    var invoke = model.refreshInvoke(content, activityId, me ? me.teamsUserId : "");
    if (!invoke) return;
    state.refreshed.add(activityId);
    var generation = state.generation;
    setTimeout(function () {
      /** @type {Promise<SendResult>} */ (post("send", { as: state.personId, conversation: state.conversation, invoke: invoke }))
        .then(function (result) {
          var outcome = model.invokeOutcome(result.invokeResponse);
          if (outcome.kind === "card" && host.isConnected && generation === state.generation) {
            host.replaceWith(renderCard(outcome.card, activityId, true));
          }
        })
        .catch(function (err) { setStatus("Card refresh failed: " + err.message, true); });
    }, 0);
  }

  // Teams' file consent flow (the committee pack): the consent card, and the file card once uploaded.
  var FILE_CONSENT_TYPE = "application/vnd.microsoft.teams.card.file.consent";
  var FILE_INFO_TYPE = "application/vnd.microsoft.teams.card.file.info";
  /** @typedef {{ contentType?: string, name?: string, contentUrl?: string, content?: { description?: string, sizeInBytes?: number } }} FileAttachment */

  /**
   * A file consent card as Teams draws it: the file, and Allow or Decline (Teams then uploads it to OneDrive).
   * @param {FileAttachment} attachment
   * @param {string} activityId
   */
  function renderFileConsent(attachment, activityId) {
    var box = document.createElement("div");
    box.className = "file-consent";
    box.setAttribute("data-testid", "file-consent");
    var title = document.createElement("p");
    var size = attachment.content && typeof attachment.content.sizeInBytes === "number" ? " (" + Math.ceil(attachment.content.sizeInBytes / 1024) + " KB)" : "";
    title.textContent = "📄 " + (attachment.name || "file") + size;
    box.appendChild(title);
    if (attachment.content && attachment.content.description) {
      var description = document.createElement("p");
      description.textContent = attachment.content.description;
      box.appendChild(description);
    }
    /** @type {("accept" | "decline")[]} */
    var actions = ["accept", "decline"];
    actions.forEach(function (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = action === "accept" ? "Allow" : "Decline";
      button.setAttribute("data-testid", "file-consent-" + action);
      button.addEventListener("click", function () {
        send(
          { as: state.personId, conversation: state.conversation, fileConsent: { replyToId: activityId, action: action } },
          action === "accept" ? "Saving the file to OneDrive…" : "Declining…",
        );
      });
      box.appendChild(button);
    });
    return box;
  }

  /**
   * The file card Teams shows once the bot uploaded a file: its name, a link to it.
   * @param {FileAttachment} attachment
   */
  function renderFileInfo(attachment) {
    var box = document.createElement("p");
    box.className = "file-info";
    var link = document.createElement("a");
    link.textContent = "📄 " + (attachment.name || "file");
    link.setAttribute("data-testid", "file-info");
    // The simulated OneDrive is this app's own address; anything else is shown, not followed.
    if (attachment.contentUrl && attachment.contentUrl.indexOf(location.origin + "/") === 0) link.href = attachment.contentUrl;
    box.appendChild(link);
    return box;
  }

  /**
   * @param {HTMLElement} bubble
   * @param {SimActivity} activity
   */
  function fillBubble(bubble, activity) {
    bubble.innerHTML = "";
    var text = typeof activity.text === "string" ? activity.text.trim() : "";
    /** @type {({ contentType?: string, content?: unknown } | null)[]} */
    var attachments = Array.isArray(activity.attachments) ? activity.attachments : [];
    if (text) {
      var textEl = document.createElement("div");
      textEl.innerHTML = model.markdown(text);
      bubble.appendChild(textEl);
    }
    attachments.forEach(function (attachment) {
      if (attachment && attachment.contentType === model.CARD_TYPE && attachment.content && typeof attachment.content === "object") {
        bubble.appendChild(renderCard(attachment.content, activity.id || ""));
      } else if (attachment && attachment.contentType === FILE_CONSENT_TYPE) {
        bubble.appendChild(renderFileConsent(/** @type {FileAttachment} */ (attachment), activity.id || ""));
      } else if (attachment && attachment.contentType === FILE_INFO_TYPE) {
        bubble.appendChild(renderFileInfo(/** @type {FileAttachment} */ (attachment)));
      } else if (attachment) {
        var other = document.createElement("p");
        other.textContent = "[attachment: " + attachment.contentType + "]";
        bubble.appendChild(other);
      }
    });
    if (!text && attachments.length === 0) {
      bubble.textContent = activity.value ? "(sent card data: " + JSON.stringify(activity.value) + ")" : "(empty message)";
    }
    var hasCard = attachments.some(function (a) { return a && a.contentType === model.CARD_TYPE; });
    bubble.classList.toggle("card-only", hasCard && !text && attachments.length === 1);
    if (bubble.parentElement) bubble.parentElement.classList.toggle("has-card", hasCard);
  }

  /**
   * Puts a new message in the transcript. A reply in a channel thread (a digest's long sections, the bot's answer
   * to a post) goes under its first post and the replies before it, indented and labelled, as Teams shows a thread;
   * its first post counts its replies. A reply whose first post is not on the page stays labelled, at the end.
   */
  /**
   * @param {HTMLLIElement} li
   * @param {SimRecord} record
   */
  function placeMessage(li, record) {
    var rootId = model.threadRootId(record);
    var root = rootId ? state.messages.get(rootId) : null;
    if (rootId) {
      li.classList.add("thread-reply");
      var label = document.createElement("span");
      label.className = "thread-label";
      label.textContent = root ? "↳ Reply in thread" : "↳ Reply in a thread";
      part(li, ".meta").prepend(label);
    }
    if (!root) {
      els.transcript.appendChild(li);
      return;
    }
    var thread = state.threads.get(rootId) || { last: root, count: 0 };
    thread.last.after(li);
    thread.last = li;
    thread.count += 1;
    state.threads.set(rootId, thread);
    part(root, ".replies").textContent = thread.count === 1 ? "1 reply below" : thread.count + " replies below";
  }

  /**
   * A part of a drawn message, which drawMessage always creates.
   * @param {Element} li
   * @param {string} selector
   * @returns {HTMLElement}
   */
  function part(li, selector) {
    return /** @type {HTMLElement} */ (li.querySelector(selector));
  }

  /**
   * @param {SimRecord} record
   * @param {boolean} mine
   */
  function drawMessage(record, mine) {
    var activity = record.activity || {};
    var li = state.messages.get(record.activityId);
    if (!li) {
      li = document.createElement("li");
      li.className = "message" + (mine ? " mine" : "");
      li.innerHTML = '<div class="meta"><span class="who"></span><time></time><span class="edited"></span><span class="replies"></span></div><div class="bubble"></div>';
      state.messages.set(record.activityId, li);
      placeMessage(li, record);
    }
    var from = activity.from && activity.from.name ? activity.from.name : mine ? "You" : "Plan Pulse";
    part(li, ".who").textContent = from;
    part(li, "time").textContent = timeOf(record.at);
    part(li, "time").setAttribute("datetime", record.at);
    fillBubble(part(li, ".bubble"), activity);
    return li;
  }

  /** Draws one record; returns the <li> when it is a new message in the transcript. */
  /**
   * @param {SimRecord} record
   * @returns {HTMLLIElement | null}
   */
  function apply(record) {
    if (state.applied.has(record.seq)) return null;
    state.applied.add(record.seq);
    var action = model.recordAction(record, state.personId);
    switch (action.kind) {
      case "draw": {
        var isNew = !state.messages.has(record.activityId);
        var li = drawMessage(record, action.mine);
        return isNew ? li : null;
      }
      case "edit":
        part(drawMessage(record, false), ".edited").textContent = "Edited";
        break;
      case "remove": {
        var gone = state.messages.get(record.activityId);
        if (gone) {
          gone.classList.remove("has-card");
          gone.classList.add("deleted");
          var bubble = part(gone, ".bubble");
          bubble.className = "bubble";
          bubble.textContent = "This message has been deleted.";
        }
        break;
      }
    }
    return null;
  }

  // ---- scrolling ----------------------------------------------------------------------------
  // Wide windows scroll the transcript; narrow ones scroll the page, under a message box that stays in view.

  function transcriptScrolls() {
    var overflow = getComputedStyle(els.transcript).overflowY;
    return overflow === "auto" || overflow === "scroll";
  }

  function isNearBottom() {
    if (transcriptScrolls()) {
      var t = els.transcript;
      return t.scrollHeight - t.scrollTop - t.clientHeight < 48;
    }
    var page = document.scrollingElement || document.documentElement;
    return page.scrollHeight - page.scrollTop - page.clientHeight < 48;
  }

  /** Brings a new message into view: its end when it fits, else its start, so a long card is read from the top. */
  /** @param {HTMLElement} li */
  function reveal(li) {
    var margin = 8;
    var liBox = li.getBoundingClientRect();
    if (transcriptScrolls()) {
      var t = els.transcript;
      var top = liBox.top - t.getBoundingClientRect().top + t.scrollTop;
      var view = t.clientHeight;
      t.scrollTop = liBox.height + 2 * margin > view ? top - margin : top + liBox.height - view + margin;
    } else {
      var pageTop = liBox.top + window.scrollY;
      var pageView = window.innerHeight - els.composerBar.getBoundingClientRect().height;
      var target = liBox.height + 2 * margin > pageView ? pageTop - margin : pageTop + liBox.height - pageView + margin;
      window.scrollTo(0, Math.max(0, target));
    }
  }

  /**
   * Draws records in order. how: "reply" (an answer to what this page sent: always shown),
   * "poll" (shown if the reader was at the bottom) or "history" (a freshly opened conversation).
   */
  /**
   * @param {readonly SimRecord[]} records
   * @param {"reply" | "poll" | "history"} how
   */
  function applyAll(records, how) {
    var follow = how === "reply" || (how === "poll" && isNearBottom());
    /** @type {HTMLLIElement[]} */
    var drawn = [];
    (records || []).slice().sort(function (a, b) { return a.seq - b.seq; }).forEach(function (record) {
      var li = apply(record);
      if (li) drawn.push(li);
    });
    if (how === "history") {
      if (transcriptScrolls()) els.transcript.scrollTop = els.transcript.scrollHeight;
    } else if (follow && drawn.length) {
      reveal(drawn[drawn.length - 1]);
    }
  }

  // ---- talking to the bot -------------------------------------------------------------------

  /** @param {boolean} busy */
  function setBusy(busy) {
    state.busy = busy;
    els.send.disabled = busy || !state.personId;
    els.install.disabled = busy || !state.personId;
  }

  /** Resolves with the front door's answer, or undefined when nothing was sent (busy, or it failed). */
  /**
   * @param {SimSendBody} body
   * @param {string} [label]
   * @returns {Promise<SendResult | undefined>}
   */
  function send(body, label) {
    if (state.busy) return Promise.resolve(undefined);
    setBusy(true);
    setStatus(label || "Sending…");
    var generation = state.generation;
    return /** @type {Promise<SendResult>} */ (post("send", body))
      .then(function (result) {
        if (generation === state.generation) applyAll(result.sent.concat(result.activities), "reply");
        if (result.status >= 400) setStatus("Plan Pulse answered HTTP " + result.status + ": " + (result.error || ""), true);
        else setStatus("");
        return result;
      })
      .catch(function (/** @type {unknown} */ err) {
        setStatus("Could not send: " + messageOf(err), true);
        return undefined;
      })
      .finally(function () {
        setBusy(false);
      });
  }

  /**
   * The message of an Error; the thing itself as text otherwise.
   * @param {unknown} err
   */
  function messageOf(err) {
    return err instanceof Error ? err.message : String(err);
  }

  /**
   * @param {import("adaptivecards").Action} action
   * @param {string} activityId
   * @param {HTMLElement} host
   */
  function onCardAction(action, activityId, host) {
    if (action instanceof AdaptiveCards.OpenUrlAction) {
      if (/^(https?:|mailto:)/i.test(action.url || "")) window.open(action.url, "_blank", "noopener,noreferrer");
      return;
    }
    if (action instanceof AdaptiveCards.ExecuteAction) {
      // What Teams sends for a click on Action.Execute: an adaptiveCard/action invoke; the answer replaces the card.
      /** @type {SimInvoke} */
      var invoke = { verb: action.verb || "", data: /** @type {Record<string, unknown>} */ (action.data || {}), replyToId: activityId };
      if (action.id) invoke.actionId = action.id;
      host.setAttribute("aria-busy", "true");
      send({ as: state.personId, conversation: state.conversation, invoke: invoke }, "Working on “" + (action.title || action.verb) + "”…").then(function (result) {
        host.removeAttribute("aria-busy");
        if (!result) return;
        var outcome = model.invokeOutcome(result.invokeResponse);
        if (outcome.kind === "card") {
          var replacement = renderCard(outcome.card, activityId, true);
          host.replaceWith(replacement);
          /** @type {HTMLElement | null} */
          var focusable = replacement.querySelector("button, input, select, textarea");
          if (focusable) focusable.focus();
        } else if (outcome.kind === "message") {
          setStatus(outcome.message, false);
        } else if (outcome.kind === "error") {
          setStatus("The action failed: " + outcome.message, true);
        }
      });
      return;
    }
    if (action instanceof AdaptiveCards.SubmitAction) {
      // Teams delivers Action.Submit as a message whose value is the action's data plus the card's inputs.
      send({ as: state.personId, conversation: state.conversation, value: /** @type {Record<string, unknown>} */ (action.data || {}) });
    }
  }

  function loadConversation() {
    state.generation += 1;
    state.applied = new Set();
    state.cursor = 0;
    state.refreshed = new Set();
    state.messages = new Map();
    state.threads = new Map();
    els.transcript.innerHTML = "";
    var person = currentPerson();
    els.title.textContent =
      state.conversation === "personal"
        ? "Personal chat: " + (person ? person.name : "") + " and Plan Pulse"
        : "Children and Family Services DMT › DMT";
    var generation = state.generation;
    return activitiesAfter(0).then(function (page) {
      if (generation !== state.generation) return;
      state.cursor = page.lastSeq;
      applyAll(page.activities, "history");
    });
  }

  /**
   * The current conversation's records after a position in the simulator's log.
   * @param {number} after
   * @returns {Promise<{ activities: SimRecord[], lastSeq: number }>}
   */
  function activitiesAfter(after) {
    return api("conversations/" + encodeURIComponent(currentKey()) + "/activities?after=" + after);
  }

  function poll() {
    if (document.hidden || !state.personId) return Promise.resolve();
    var generation = state.generation;
    return activitiesAfter(state.cursor)
      .then(function (page) {
        if (generation !== state.generation) return;
        state.cursor = page.lastSeq;
        applyAll(page.activities, "poll");
        if (/^Lost contact/.test(els.status.textContent)) setStatus("");
      })
      .catch(function () {
        setStatus("Lost contact with Plan Pulse; retrying…", true);
      });
  }

  function schedulePoll() {
    setTimeout(function () {
      poll().finally(schedulePoll);
    }, POLL_MS);
  }

  // ---- wiring -------------------------------------------------------------------------------

  els.composer.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = els.message.value.trim();
    if (!text || state.busy) return;
    send({ as: state.personId, conversation: state.conversation, text: text }).then(function (result) {
      if (result) els.message.value = "";
      els.message.focus({ preventScroll: true });
    });
  });

  els.person.addEventListener("change", function () {
    state.personId = els.person.value;
    loadConversation().catch(function (err) { setStatus(err.message, true); });
  });

  document.querySelectorAll('input[name="conversation"]').forEach(function (node) {
    var radio = /** @type {HTMLInputElement} */ (node);
    radio.addEventListener("change", function () {
      if (!radio.checked) return;
      state.conversation = radio.value === "dmt" ? "dmt" : "personal";
      loadConversation().catch(function (err) { setStatus(err.message, true); });
    });
  });

  els.install.addEventListener("click", function () {
    if (state.busy) return;
    setBusy(true);
    setStatus("Installing…");
    var generation = state.generation;
    /** @type {Promise<SendResult>} */ (post("install", { as: state.personId, conversation: state.conversation }))
      .then(function (result) {
        if (generation === state.generation) applyAll(result.activities, "reply");
        if (result.status >= 400) setStatus("Install failed: HTTP " + result.status + " " + (result.error || ""), true);
        else setStatus("Installed. Plan Pulse can now post here.");
      })
      .catch(function (err) { setStatus("Could not install: " + err.message, true); })
      .finally(function () { setBusy(false); });
  });

  els.runSchedule.addEventListener("click", function () {
    setStatus("Running the schedule…");
    /** @type {Promise<{ runs?: TenantRun[] }>} */ (post("schedule/run", {}))
      .then(function (result) {
        var runs = (result && result.runs) || [];
        /** @param {(run: TenantRun) => number} f */
        var sum = function (f) { return runs.reduce(function (n, r) { return n + f(r); }, 0); };
        setStatus(
          "Schedule run: " + sum(function (r) { return r.cycles ? r.cycles.opened.length : 0; }) + " cycles opened, " +
          sum(function (r) { return r.cycles ? r.cycles.prompts : 0; }) + " prompts, " +
          sum(function (r) { return r.cycles ? r.cycles.reminders : 0; }) + " reminders, " +
          sum(function (r) { return r.cycles ? r.cycles.escalations : 0; }) + " escalations, " +
          sum(function (r) { return r.channels ? r.channels.digests.length : 0; }) + " digests, " +
          sum(function (r) { return r.channels ? r.channels.reminders.length : 0; }) + " overdue reminders; " +
          sum(function (r) { return r.delivery ? r.delivery.sent : 0; }) + " messages delivered."
        );
      })
      .catch(function (err) { setStatus("Could not run the schedule: " + err.message, true); });
  });

  /** @type {Promise<{ people?: DevPerson[] }>} */ (api("people"))
    .then(function (body) {
      state.people = body.people || [];
      els.person.innerHTML = "";
      state.people.forEach(function (p) {
        var option = document.createElement("option");
        option.value = p.aadObjectId;
        option.textContent = p.name + (p.roles && p.roles.length ? " — " + p.roles.join(", ") : "");
        els.person.appendChild(option);
      });
      var director = state.people.find(function (p) {
        return (p.roles || []).some(function (r) { return /director of children/i.test(r); });
      });
      state.personId = director ? director.aadObjectId : state.people[0] ? state.people[0].aadObjectId : "";
      els.person.value = state.personId;
      els.person.disabled = false;
      els.message.disabled = false;
      setBusy(false);
      if (!state.people.length) setStatus("The people directory is empty: has the demo data been seeded?", true);
      return loadConversation();
    })
    .then(function () {
      els.message.focus();
      schedulePoll();
    })
    .catch(function (err) {
      setStatus("Could not reach the local simulator: " + err.message, true);
    });
})();
