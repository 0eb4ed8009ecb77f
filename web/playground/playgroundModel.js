// The playground's DOM-free logic (Teams-like host config, safe Markdown, what a record means, channel threads, card refresh),
// loadable in the browser (window.PlanPulsePlayground) and in Node tests (module.exports).
(
  /**
   * @param {{ PlanPulsePlayground?: PlaygroundModel }} root
   * @param {() => PlaygroundModel} factory
   */
  function (root, factory) {
    if (typeof module === "object" && module && module.exports) module.exports = factory();
    else root.PlanPulsePlayground = factory();
  }
)(typeof self !== "undefined" ? self : globalThis, planPulsePlaygroundModel);

/** @typedef {ReturnType<typeof planPulsePlaygroundModel>} PlaygroundModel */

function planPulsePlaygroundModel() {
  "use strict";

  var CARD_TYPE = "application/vnd.microsoft.card.adaptive";

  /** Colours, fonts and spacing close to Teams' light theme, for `new AdaptiveCards.HostConfig(...)`. */
  var teamsHostConfig = {
    fontFamily: '"Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif',
    supportsInteractivity: true,
    spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: "#E0E0E0" },
    fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
    fontWeights: { lighter: 300, default: 400, bolder: 600 },
    imageSizes: { small: 32, medium: 52, large: 100 },
    containerStyles: {
      default: {
        backgroundColor: "#FFFFFF",
        foregroundColors: {
          default: { default: "#242424", subtle: "#616161" },
          dark: { default: "#242424", subtle: "#424242" },
          light: { default: "#FFFFFF", subtle: "#F5F5F5" },
          accent: { default: "#5B5FC7", subtle: "#4F52B2" },
          good: { default: "#237B4B", subtle: "#0E700E" },
          warning: { default: "#835C00", subtle: "#6D4C00" },
          attention: { default: "#C4314B", subtle: "#A52A3F" },
        },
      },
      emphasis: {
        backgroundColor: "#F5F5F5",
        foregroundColors: {
          default: { default: "#242424", subtle: "#616161" },
          accent: { default: "#5B5FC7", subtle: "#4F52B2" },
          good: { default: "#237B4B", subtle: "#0E700E" },
          warning: { default: "#835C00", subtle: "#6D4C00" },
          attention: { default: "#C4314B", subtle: "#A52A3F" },
        },
      },
      good: { backgroundColor: "#E7F2DA" },
      attention: { backgroundColor: "#FCF4F6" },
      warning: { backgroundColor: "#FBF6D9" },
      accent: { backgroundColor: "#E8EBFA" },
    },
    actions: {
      maxActions: 6,
      spacing: "default",
      buttonSpacing: 8,
      showCard: { actionMode: "inline", inlineTopMargin: 8 },
      actionsOrientation: "horizontal",
      actionAlignment: "left",
    },
    adaptiveCard: { allowCustomStyle: true },
    factSet: {
      title: { weight: "bolder", size: "default", color: "default", wrap: true, maxWidth: 150 },
      value: { weight: "default", size: "default", color: "default", wrap: true },
      spacing: 8,
    },
  };

  /** @param {unknown} s */
  function escapeHtml(s) {
    return String(s)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  /** @param {string} escaped */
  function inline(escaped) {
    return escaped
      .replace(/`([^`]+)`/g, "<code>$1</code>")
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
      .replace(/(^|[\s(])_([^_]+)_(?=[\s).,!?:;]|$)/g, "$1<em>$2</em>")
      .replace(/(^|[\s(])\*([^*]+)\*(?=[\s).,!?:;]|$)/g, "$1<em>$2</em>")
      .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)"]+|mailto:[^\s)"]+)\)/g, '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>')
      .replace(/&lt;at&gt;(.*?)&lt;\/at&gt;/g, "<strong>@$1</strong>");
  }

  /** The Markdown subset Teams shows (bold, italics, code, links, lists), with everything else escaped: never raw HTML. */
  /** @param {string} text */
  function markdown(text) {
    // Backslash escapes first (cards escape user text that way): each escaped character is held aside, so no rule
    // below can read it as Markdown, and put back as plain text at the end.
    /** @type {string[]} */
    var held = [];
    var source = String(text).replace(/\\([!-\/:-@[-`{-~])/g, function (/** @type {string} */ _m, /** @type {string} */ ch) {
      held.push(ch);
      return "\uE000" + (held.length - 1) + "\uE001";
    });
    var lines = escapeHtml(source).split(/\r?\n/);
    /** @type {string[]} */
    var html = [];
    /** @type {"ul" | "ol" | null} */
    var list = null;
    function closeList() {
      if (list) html.push("</" + list + ">");
      list = null;
    }
    lines.forEach(function (line) {
      var bullet = /^\s*[-*]\s+(.*)$/.exec(line);
      var numbered = /^\s*\d+\.\s+(.*)$/.exec(line);
      if (bullet || numbered) {
        /** @type {"ul" | "ol"} */
        var kind = bullet ? "ul" : "ol";
        if (list !== kind) {
          closeList();
          html.push("<" + kind + ">");
          list = kind;
        }
        html.push("<li>" + inline(((bullet || numbered) || [])[1] || "") + "</li>");
      } else if (line.trim() === "") {
        closeList();
      } else {
        closeList();
        html.push("<p>" + inline(line) + "</p>");
      }
    });
    closeList();
    return html.join("").replace(/\uE000(\d+)\uE001/g, function (/** @type {string} */ _m, /** @type {string} */ i) {
      return escapeHtml(held[Number(i)]);
    });
  }

  /** The front door's key for a conversation choice. */
  /**
   * @param {string} conversation "personal" or "dmt"
   * @param {string} personId
   */
  function conversationKey(conversation, personId) {
    return conversation === "personal" ? "personal:" + personId : "dmt";
  }

  /**
   * What to do with a simulator record in the transcript:
   * { kind: "draw", mine } | { kind: "edit" } | { kind: "remove" } | { kind: "skip" }.
   */
  /**
   * @param {SimRecord} record
   * @param {string} personId
   * @returns {RecordAction}
   */
  function recordAction(record, personId) {
    var activity = record.activity || {};
    switch (record.operation) {
      case "incoming":
        if (activity.type !== "message") return { kind: "skip" };
        return { kind: "draw", mine: Boolean(activity.from && activity.from.aadObjectId === personId) };
      case "send":
      case "reply":
      case "create":
        return activity.type === "message" ? { kind: "draw", mine: false } : { kind: "skip" };
      case "update":
        return { kind: "edit" };
      case "delete":
        return { kind: "remove" };
      default:
        return { kind: "skip" };
    }
  }

  var THREAD_SUFFIX = ";messageid=";

  /**
   * The id of the first post of the channel thread a record belongs to, when the record is a reply in it; else null.
   * Teams addresses a channel thread as `<channel>;messageid=<first post's id>`: the first post itself (a user's post,
   * or a digest summary sent to the bare channel) is not a reply.
   */
  /**
   * @param {Pick<SimRecord, "conversationId" | "activityId"> | null | undefined} record
   * @returns {string | null}
   */
  function threadRootId(record) {
    var conversationId = String((record && record.conversationId) || "");
    var at = conversationId.indexOf(THREAD_SUFFIX);
    if (at < 0) return null;
    var root = conversationId.slice(at + THREAD_SUFFIX.length);
    return root && record && root !== record.activityId ? root : null;
  }

  /**
   * The invoke Teams sends on its own when a card with `refresh` comes into view for a listed user
   * (Universal Actions), or null when it would not. `refresh.userIds` holds Teams' "29:…" ids, so `teamsUserId`
   * is the viewer's (as GET /_sim/api/people gives it).
   */
  /**
   * @param {unknown} card the card's JSON, as the bot sent it
   * @param {string | undefined} activityId
   * @param {string} teamsUserId the viewer's Teams id ("29:…")
   * @returns {SimInvoke | null}
   */
  function refreshInvoke(card, activityId, teamsUserId) {
    var refresh = /** @type {{ refresh?: { userIds?: unknown, action?: { type?: string, verb?: string, data?: Record<string, unknown>, id?: string } } } | null} */ (card);
    var action = refresh && refresh.refresh && refresh.refresh.action;
    if (!refresh || !refresh.refresh || !action || action.type !== "Action.Execute" || !activityId) return null;
    var userIds = Array.isArray(refresh.refresh.userIds) ? refresh.refresh.userIds : [];
    if (userIds.length > 0 && userIds.indexOf(teamsUserId) < 0) return null;
    /** @type {SimInvoke} */
    var invoke = { verb: action.verb || "", data: action.data || {}, replyToId: activityId, trigger: "automatic" };
    if (action.id) invoke.actionId = action.id;
    return invoke;
  }

  /** The card to show after an invoke, or a message for the status line: Teams' three kinds of answer. */
  /**
   * @param {unknown} invokeResponse the front door's `invokeResponse`
   * @returns {InvokeOutcome}
   */
  function invokeOutcome(invokeResponse) {
    if (!invokeResponse || typeof invokeResponse !== "object") return { kind: "none" };
    var answer = /** @type {{ type?: string, statusCode?: number, value?: unknown }} */ (invokeResponse);
    if (answer.type === CARD_TYPE && answer.value && typeof answer.value === "object") return { kind: "card", card: answer.value };
    if (typeof answer.statusCode === "number" && answer.statusCode >= 400) {
      var error = /** @type {{ message?: unknown } | null | undefined} */ (answer.value);
      var message = error && typeof error.message === "string" && error.message ? error.message : "HTTP " + answer.statusCode;
      return { kind: "error", message: message };
    }
    if (answer.type === "application/vnd.microsoft.activity.message") return { kind: "message", message: String(answer.value) };
    return { kind: "none" };
  }

  return {
    CARD_TYPE: CARD_TYPE,
    teamsHostConfig: teamsHostConfig,
    escapeHtml: escapeHtml,
    markdown: markdown,
    conversationKey: conversationKey,
    recordAction: recordAction,
    threadRootId: threadRootId,
    refreshInvoke: refreshInvoke,
    invokeOutcome: invokeOutcome,
  };
}
