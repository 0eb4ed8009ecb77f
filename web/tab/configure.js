// The channel tab's configuration page: pick a plan; Teams saves a tab showing it (pages.config).
"use strict";

(function () {
  var TIMEOUT_MS = 2500;
  var state = { teams: null, token: null, tenant: null, plans: [] };
  var $ = function (id) {
    return document.getElementById(id);
  };

  function setStatus(text, stateName) {
    var node = $("configure-status");
    node.textContent = text;
    node.dataset.state = stateName;
  }

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

  function applyTheme(theme) {
    document.body.dataset.theme = ["default", "dark", "contrast"].indexOf(theme) >= 0 ? theme : "default";
  }

  function initTeams() {
    var sdk = window.microsoftTeams;
    var hosted = window.parent !== window || !!window.opener || !!window.nativeInterface;
    if (!sdk || !sdk.app || !hosted) return Promise.resolve(null);
    return withTimeout(sdk.app.initialize(), TIMEOUT_MS)
      .then(function () {
        return withTimeout(sdk.app.getContext(), TIMEOUT_MS);
      })
      .then(function (context) {
        try {
          sdk.app.registerOnThemeChangeHandler(applyTheme);
        } catch (e) {
          // An old host without theme events.
        }
        return { sdk: sdk, context: context };
      })
      .catch(function () {
        return null;
      });
  }

  /** The tab Teams will show: the dashboard with this plan, marked as a channel tab. */
  function contentUrl(planId) {
    return window.location.origin + "/tab/?plan=" + encodeURIComponent(planId) + "&context=channel";
  }

  function selectedPlan() {
    var id = $("config-plan").value;
    return state.plans.filter(function (p) {
      return p.planId === id;
    })[0] || null;
  }

  function onPlanChosen() {
    var plan = selectedPlan();
    $("config-preview").textContent = plan ? "This tab will show " + plan.title + "." : "";
    if (state.teams) {
      try {
        state.teams.sdk.pages.config.setValidityState(!!plan);
      } catch (e) {
        setStatus("Teams did not accept the choice. Please close this dialog and try again.", "error");
      }
    }
  }

  function registerSave() {
    var sdk = state.teams.sdk;
    sdk.pages.config.registerOnSaveHandler(function (saveEvent) {
      var plan = selectedPlan();
      if (!plan) {
        saveEvent.notifyFailure("Choose a plan first.");
        return;
      }
      sdk.pages.config
        .setConfig({
          entityId: "plan-pulse-" + plan.planId,
          contentUrl: contentUrl(plan.planId),
          websiteUrl: window.location.origin + "/tab/?plan=" + encodeURIComponent(plan.planId),
          suggestedDisplayName: ("Plan Pulse: " + (plan.shortName || plan.title)).slice(0, 128),
        })
        .then(
          function () {
            saveEvent.notifySuccess();
          },
          function (err) {
            saveEvent.notifyFailure(err && err.message ? err.message : "Teams could not save the tab.");
          },
        );
    });
  }

  function loadPlans() {
    var token = state.teams
      ? withTimeout(state.teams.sdk.authentication.getAuthToken(), 10000).catch(function () {
          return null;
        })
      : Promise.resolve(null);
    return token.then(function (t) {
      var headers = { Accept: "application/json" };
      if (t) headers.Authorization = "Bearer " + t;
      var url = "/api/tab/plans" + (state.tenant ? "?tenant=" + encodeURIComponent(state.tenant) : "");
      return fetch(url, { headers: headers, credentials: "same-origin" }).then(function (res) {
        return res.json().then(
          function (body) {
            if (!res.ok) throw new Error(body && body.message ? body.message : "Plan Pulse could not list your plans.");
            return body;
          },
          function () {
            throw new Error("Plan Pulse could not list your plans.");
          },
        );
      });
    });
  }

  function start() {
    applyTheme(new URLSearchParams(window.location.search).get("theme"));
    initTeams()
      .then(function (teams) {
        state.teams = teams;
        if (teams) {
          var ctx = teams.context || {};
          if (ctx.app && ctx.app.theme) applyTheme(ctx.app.theme);
          if (ctx.user && ctx.user.tenant && ctx.user.tenant.id) state.tenant = ctx.user.tenant.id;
          registerSave();
          teams.sdk.pages.config.setValidityState(false);
          try {
            teams.sdk.app.notifySuccess();
          } catch (e) {
            // Older hosts do not wait for it.
          }
        }
        return loadPlans();
      })
      .then(function (overview) {
        state.plans = overview.plans;
        var select = $("config-plan");
        while (select.firstChild) select.removeChild(select.firstChild);
        overview.plans.forEach(function (p) {
          var option = document.createElement("option");
          option.value = p.planId;
          option.textContent = p.kind === "indicators" ? p.title + " (indicators)" : p.title;
          select.appendChild(option);
        });
        var first = overview.plans.filter(function (p) {
          return p.kind === "actions";
        })[0] || overview.plans[0];
        if (first) select.value = first.planId;
        select.disabled = overview.plans.length === 0;
        select.addEventListener("change", onPlanChosen);
        onPlanChosen();
        setStatus(
          overview.plans.length === 0
            ? "No plans are loaded for your organisation yet."
            : state.teams
              ? "Choose a plan, then Save."
              : "Outside Teams this page only previews the choice: add the tab from a Teams channel to save it.",
          "ready",
        );
      })
      .catch(function (err) {
        setStatus(err && err.message ? err.message : "Plan Pulse could not list your plans.", "error");
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
