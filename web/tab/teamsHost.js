// Shared by the tab's pages: starting the Teams SDK (or running on their own), the theme, the sign-in token and the API request.
"use strict";

window.planPulseTeamsHost = (function () {
  var THEMES = ["default", "dark", "contrast"];
  var SDK_TIMEOUT_MS = 2500;
  var TOKEN_TIMEOUT_MS = 10000;

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
  function applyTheme(theme) {
    var t = THEMES.indexOf(theme) >= 0 ? theme : "default";
    document.body.dataset.theme = t;
    return t;
  }

  /** Inside Teams (a frame, a popup or a mobile host) the SDK answers; anywhere else the page runs on its own (null). */
  function initTeams(onTheme) {
    var sdk = window.microsoftTeams;
    var hosted = window.parent !== window || !!window.opener || !!window.nativeInterface;
    if (!sdk || !sdk.app || !hosted) return Promise.resolve(null);
    // Outside Teams (a frame of another page) initialize never answers: the timeout makes the page run on its own.
    return withTimeout(sdk.app.initialize(), SDK_TIMEOUT_MS)
      .then(function () {
        return withTimeout(sdk.app.getContext(), SDK_TIMEOUT_MS);
      })
      .then(function (context) {
        try {
          sdk.app.registerOnThemeChangeHandler(onTheme);
        } catch (e) {
          // An old host without theme events: the theme stays as it started.
        }
        return { sdk: sdk, context: context };
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
  function connect(onTheme, beforeReady) {
    return initTeams(onTheme).then(function (teams) {
      if (!teams) return null;
      var ctx = teams.context || {};
      if (ctx.app && ctx.app.theme) onTheme(ctx.app.theme);
      teams.tenant = ctx.user && ctx.user.tenant && ctx.user.tenant.id ? ctx.user.tenant.id : null;
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
  function authToken(teams) {
    return withTimeout(teams.sdk.authentication.getAuthToken(), TOKEN_TIMEOUT_MS);
  }

  /** GET from the tab API: the tenant Teams says the user is in goes as ?tenant= so the server can refuse a mismatch. */
  function apiFetch(path, tenant, token) {
    var url = path + (tenant ? (path.indexOf("?") >= 0 ? "&" : "?") + "tenant=" + encodeURIComponent(tenant) : "");
    var headers = { Accept: "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    return fetch(url, { headers: headers, credentials: "same-origin" });
  }

  return { applyTheme: applyTheme, connect: connect, authToken: authToken, apiFetch: apiFetch };
})();
