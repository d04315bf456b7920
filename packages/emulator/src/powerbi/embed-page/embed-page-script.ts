/**
 * The script of the emulated report embed page (served as /reportEmbed/embed.js, same origin).
 *
 * It speaks just enough of powerbi-client's iframe protocol (window-post-message-proxy carrying
 * http-post-message envelopes) for a host to embed a report: requests arrive as
 * {method, url, headers: {id, uid, ...}, body} and are answered with {statusCode, headers: {id},
 * body}; events go to the host as POST /reports/{uid}/events/{name}. Handled:
 *   POST /report/load | /report/prepare  → 202, then the token is checked with the emulator
 *                                          (POST /reportEmbed/session) and "loaded" + "rendered"
 *                                          follow, or "error" (TokenExpired / LoadReportFailed)
 *   POST /report/render                  → 202, "rendered" (phased embedding)
 *   POST /report/token                   → 200 once the new token checks out (token renewal), else 403
 *   GET  /report/pages                   → 200 the report's pages
 * When the token's expiry passes without a renewal the page raises "error" TokenExpired, as the
 * service's visuals do on their next query. Everything it shows is set with textContent.
 *
 * Hand-written rather than a library: the real counterpart is Power BI's own page, which no
 * package provides; the envelope is small and fixed by powerbi-client 2.x.
 */
export const EMBED_PAGE_SCRIPT = `(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var state = { uid: params.get("uid") || "", session: null, token: "", timer: 0, reportId: params.get("reportId") || "" };
  var statusEl = document.getElementById("status");

  function rand() { return Math.random().toString(36).slice(2); }
  function show(status, text) {
    document.body.setAttribute("data-state", status);
    statusEl.textContent = text;
  }
  function respond(event, request, statusCode, body) {
    var id = request.headers && request.headers.id;
    event.source.postMessage({ statusCode: statusCode, headers: { id: id }, body: body }, "*");
  }
  function emit(name, body) {
    window.parent.postMessage(
      { method: "POST", url: "/reports/" + state.uid + "/events/" + name, headers: { id: rand() }, body: body },
      "*"
    );
  }
  function fail(error) {
    clearTimeout(state.timer);
    show("error", error.message + ": " + error.detailedMessage);
    emit("error", error);
  }
  function check(token) {
    return fetch("/reportEmbed/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: token, reportId: state.reportId })
    }).then(function (res) { return res.json(); });
  }
  function arm(session) {
    clearTimeout(state.timer);
    var wait = Math.max(0, session.expiresAtMs - Date.now());
    // setTimeout holds at most ~24.8 days; tokens live an hour at most.
    state.timer = setTimeout(function () {
      fail({ message: "TokenExpired", detailedMessage: "Access token has expired, resubmit with a new access token", errorCode: "403", level: 6 });
    }, wait);
  }
  function render(session) {
    document.getElementById("report-name").textContent = session.report.name;
    var who = session.identity ? session.identity.username + " (" + session.identity.roles.join(", ") + ")" : "";
    document.getElementById("identity").textContent = who;
    var table = document.getElementById("visual");
    while (table.firstChild) table.removeChild(table.firstChild);
    var head = document.createElement("tr");
    session.visual.columns.forEach(function (c) {
      var th = document.createElement("th");
      th.textContent = c;
      head.appendChild(th);
    });
    table.appendChild(head);
    session.visual.rows.forEach(function (row) {
      var tr = document.createElement("tr");
      row.forEach(function (v) {
        var td = document.createElement("td");
        td.textContent = v === null ? "" : String(v);
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
  }
  function load(config) {
    if (!config || typeof config !== "object") return fail({ message: "LoadReportFailed", detailedMessage: "Get report failed", errorCode: "400", level: 6 });
    if (config.id) state.reportId = String(config.id);
    if (config.tokenType !== 1) {
      return fail({ message: "LoadReportFailed", detailedMessage: "The emulated embed page accepts embed tokens only (tokenType: models.TokenType.Embed)", errorCode: "403", level: 6 });
    }
    state.token = String(config.accessToken || "");
    show("loading", "Loading");
    check(state.token).then(function (result) {
      if (result.errorCode) return fail(result);
      state.session = result;
      render(result);
      arm(result);
      show("loaded", "Loaded");
      emit("loaded", undefined);
      show("rendered", "Rendered");
      emit("rendered", undefined);
    }, function () {
      fail({ message: "LoadReportFailed", detailedMessage: "Fail to initialize - Couldn't resolve cluster", errorCode: "403", level: 6 });
    });
  }

  window.addEventListener("message", function (event) {
    var m = event.data;
    // Answers to this page's own events carry statusCode and no method: nothing to do.
    if (!m || typeof m !== "object" || typeof m.method !== "string" || typeof m.url !== "string") return;
    if (m.headers && m.headers.uid) state.uid = String(m.headers.uid);
    var route = m.method.toUpperCase() + " " + m.url;
    if (route === "POST /report/load" || route === "POST /report/prepare") {
      respond(event, m, 202, null);
      load(m.body);
    } else if (route === "POST /report/render") {
      respond(event, m, 202, null);
      if (state.session) emit("rendered", undefined);
    } else if (route === "POST /report/token") {
      check(String(m.body || "")).then(function (result) {
        if (result.errorCode) return respond(event, m, 403, result);
        state.token = String(m.body);
        state.session = result;
        arm(result);
        respond(event, m, 200, null);
      }, function () { respond(event, m, 500, { message: "TokenRefreshFailed" }); });
    } else if (route === "GET /report/pages") {
      if (!state.session) return respond(event, m, 400, { message: "ReportNotLoaded", detailedMessage: "The report is not loaded yet." });
      respond(event, m, 200, state.session.pages.map(function (p, i) {
        return { name: p.name, displayName: p.displayName, isActive: i === 0, visibility: 0 };
      }));
    } else {
      respond(event, m, 501, { message: "NotEmulated", detailedMessage: route + " is not emulated by the entra-mcp embed page." });
    }
  });
  show("waiting", "Waiting for powerbi-client");
})();
`;
