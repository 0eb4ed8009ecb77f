// Shared by the tab's pages: starting the Teams SDK (or running on their own), the theme, the sign-in token and the API request.
"use strict";

/** @type {PlanPulseTeamsHost} */
window.planPulseTeamsHost = (function () {
  var THEMES = ["default", "dark", "contrast"];
  var SDK_TIMEOUT_MS = 2500;
  var TOKEN_TIMEOUT_MS = 10000;

  /**
   * @template T
   * @param {Promise<T>} promise
   * @param {number} ms
   * @returns {Promise<T>}
   */
  function withTimeout(promise, ms) {
    return Promise.race([
      promise,
      new Promise(function (_resolve, reject) {
        setTimeout(function () {
          reject(new Error("timed out"));
        }, ms);
      }),
    ]);
  }

  /** Shows a theme on the page; anything but a known theme is the default. Returns the theme shown. */
  /** @param {string | null | undefined} theme */
  function applyTheme(theme) {
    var t = theme && THEMES.indexOf(theme) >= 0 ? theme : "default";
    document.body.dataset.theme = t;
    return t;
  }

  /** Inside Teams (a frame, a popup or a mobile host) the SDK answers; anywhere else the page runs on its own (null). */
  /**
   * @param {(theme: string) => void} onTheme
   * @returns {Promise<{ sdk: typeof import("@microsoft/teams-js"), context: TeamsContext } | null>}
   */
  function initTeams(onTheme) {
    var sdk = window.microsoftTeams;
    var hosted = window.parent !== window || !!window.opener || !!window.nativeInterface;
    if (!sdk || !sdk.app || !hosted) return Promise.resolve(null);
    var teamsSdk = sdk;
    // Outside Teams (a frame of another page) initialize never answers: the timeout makes the page run on its own.
    return withTimeout(sdk.app.initialize(), SDK_TIMEOUT_MS)
      .then(function () {
        return withTimeout(teamsSdk.app.getContext(), SDK_TIMEOUT_MS);
      })
      .then(function (context) {
        try {
          teamsSdk.app.registerOnThemeChangeHandler(onTheme);
        } catch (e) {
          // An old host without theme events: the theme stays as it started.
        }
        return { sdk: teamsSdk, context: context };
      })
      .catch(function () {
        return null;
      });
  }

  /**
   * Starts the SDK and, inside Teams, takes the host's theme and the user's tenant from its context, lets the page
   * register what Teams needs before it shows the page (beforeReady), then tells Teams the page is ready.
   * Resolves { sdk, context, tenant } inside Teams, null outside.
   */
  /**
   * @param {(theme: string) => void} onTheme
   * @param {(teams: TeamsConnection) => void} [beforeReady]
   * @returns {Promise<TeamsConnection | null>}
   */
  function connect(onTheme, beforeReady) {
    return initTeams(onTheme).then(function (started) {
      if (!started) return null;
      var ctx = started.context;
      if (ctx.app && ctx.app.theme) onTheme(ctx.app.theme);
      /** @type {TeamsConnection} */
      var teams = { sdk: started.sdk, context: ctx, tenant: ctx.user && ctx.user.tenant && ctx.user.tenant.id ? ctx.user.tenant.id : null };
      if (beforeReady) beforeReady(teams);
      try {
        teams.sdk.app.notifySuccess();
      } catch (e) {
        // Older hosts do not wait for it.
      }
      return teams;
    });
  }

  /** The Teams SSO token; rejects when Teams gives none in time. */
  /** @param {TeamsConnection} teams */
  function authToken(teams) {
    return withTimeout(teams.sdk.authentication.getAuthToken(), TOKEN_TIMEOUT_MS);
  }

  /** GET from the tab API: the tenant Teams says the user is in goes as ?tenant= so the server can refuse a mismatch. */
  /**
   * @param {string} path
   * @param {string | null} tenant
   * @param {string | null} token
   */
  function apiFetch(path, tenant, token) {
    var url = path + (tenant ? (path.indexOf("?") >= 0 ? "&" : "?") + "tenant=" + encodeURIComponent(tenant) : "");
    /** @type {Record<string, string>} */
    var headers = { Accept: "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    return fetch(url, { headers: headers, credentials: "same-origin" });
  }

  /**
   * @template {HTMLElement} [T=HTMLElement]
   * @param {string} id
   * @param {new () => T} [kind]
   * @returns {T}
   */
  function element(id, kind) {
    var node = document.getElementById(id);
    if (!node || (kind && !(node instanceof kind))) throw new Error("The page has no #" + id + (kind ? " " + kind.name : ""));
    return /** @type {T} */ (node);
  }

  return { applyTheme: applyTheme, connect: connect, authToken: authToken, apiFetch: apiFetch, element: element };
})();
