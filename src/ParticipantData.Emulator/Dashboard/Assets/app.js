// The emulator's dashboard: polls the admin API (same origin) and renders with DOM calls only, so values
// written by API clients or guests are always shown as text, never run as markup.
"use strict";

const POLL_STATE_MS = 400;
const POLL_SIDE_MS = 1000;
const CHART_SAMPLES = 120;

const state = { version: -1, lastValues: new Map(), openHistories: new Set(), journal: [] };

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const svgNs = "http://www.w3.org/2000/svg";
function svg(tag, attrs) {
  const node = document.createElementNS(svgNs, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  return node;
}

async function getJson(path) {
  const response = await fetch(path, { cache: "no-store" });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

async function send(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try { message = JSON.parse(text).message || text; } catch { /* not JSON */ }
    throw new Error(`HTTP ${response.status}: ${message}`);
  }
  return text ? JSON.parse(text) : null;
}

function clock(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(11, 23);
}

function short(id) { return id ? id.slice(0, 8) : ""; }

function setLive(ok, text) {
  const live = document.getElementById("live");
  live.className = "live " + (ok ? "on" : "off");
  live.textContent = text;
}

function say(text) { document.getElementById("action-status").textContent = text; }

async function act(label, work) {
  say(label + "…");
  try {
    const result = await work();
    say(label + ": done" + (result ? " (" + result + ")" : ""));
    await refreshState(true);
    await refreshSide();
  } catch (error) {
    say(label + " failed: " + error.message);
  }
}

// Conversations ---------------------------------------------------------------------------------------------

function renderConversations(conversations) {
  const list = document.getElementById("conversation-list");
  document.querySelectorAll("details.history[open]").forEach(d => state.openHistories.add(d.dataset.id));
  document.getElementById("conversation-count").textContent =
    `${conversations.filter(c => !c.ended).length} live, ${conversations.length} shown`;
  if (conversations.length === 0) {
    list.replaceChildren(el("p", { class: "empty", text: "No conversations yet. Create one with the buttons, the admin API or a web-messaging guest." }));
    return;
  }

  const seen = new Map();
  list.replaceChildren(...conversations.map(c => renderConversation(c, seen)));
  state.lastValues = seen;
}

function renderConversation(conversation, seen) {
  const disconnect = conversation.ended ? null : el("button", {
    type: "button", class: "small danger", "data-testid": "disconnect",
    onclick: () => act(`Disconnect ${short(conversation.id)}`, () => send("POST", `/emulator/v1/conversations/${conversation.id}/disconnect`)),
  }, "Disconnect");
  return el("article", {
      class: "conversation" + (conversation.ended ? " ended" : ""),
      "data-testid": "conversation", "data-conversation-id": conversation.id, "data-media": conversation.mediaType,
    },
    el("header", {},
      el("span", { class: "chip", text: conversation.mediaType === "message" ? "web messaging" : conversation.mediaType }),
      el("code", { title: conversation.id, text: conversation.id }),
      el("span", { class: conversation.ended ? "state-ended" : "state-live", "data-testid": "conversation-state", text: conversation.ended ? "ended" : "live" }),
      el("span", { class: "hint", text: "since " + clock(conversation.startTime) }),
      disconnect),
    conversation.participants.map(p => renderParticipant(conversation, p, seen)));
}

function renderParticipant(conversation, participant, seen) {
  const rows = participant.attributes.map(attribute => {
    const id = `${conversation.id}/${participant.id}/${attribute.key}`;
    const last = attribute.history[attribute.history.length - 1];
    const changed = state.version >= 0 && state.lastValues.has(id) ? state.lastValues.get(id) !== attribute.value : state.version >= 0 && !state.lastValues.has(id);
    seen.set(id, attribute.value);
    const history = attribute.history.length > 1 ? el("details", { class: "history", "data-id": id, open: state.openHistories.has(id) },
      el("summary", { text: `${attribute.history.length} values` }),
      el("ol", {}, attribute.history.map(h => el("li", {}, el("code", { text: JSON.stringify(h.value) }), " ", source(h), " ", clock(h.time))))) : null;
    return el("tr", { class: changed ? "changed" : null, "data-testid": "attribute", "data-key": attribute.key },
      el("td", { class: "key", text: attribute.key }),
      el("td", { class: "value", "data-testid": "attribute-value", text: attribute.value }),
      el("td", { class: "who", "data-testid": "attribute-writer" }, last ? [source(last), " ", clock(last.time)] : "", history));
  });
  return el("div", { class: "participant", "data-testid": "participant", "data-purpose": participant.purpose },
    el("div", { class: "participant-head" },
      el("span", { class: "purpose", text: participant.purpose }),
      participant.name ? el("span", { text: participant.name }) : null,
      el("span", { class: "pstate", text: participant.state }),
      el("code", { class: "hint", title: participant.id, text: short(participant.id) })),
    rows.length ? el("table", { class: "attributes" }, el("tbody", {}, rows)) : null);
}

function source(change) {
  const who = change.writer ? `${change.source}: ${change.writer}` : change.source;
  return el("span", { class: `src src-${change.source}`, title: who, text: who });
}

// Statistics --------------------------------------------------------------------------------------------------

const series = [
  ["requests", "Requests", "#1f5fbf"],
  ["conflicts", "409 conflicts", "#b35c00"],
  ["throttled", "429 throttled", "#8a5a00"],
  ["serverErrors", "5xx", "#b3261e"],
  ["writeBacks", "Write-backs", "#6b4fbb"],
];

function renderCharts(timeline, statistics) {
  const samples = timeline.slice(-CHART_SAMPLES);
  const charts = series.map(([key, label, color]) => {
    const values = samples.map(s => s[key]);
    const total = values.reduce((a, b) => a + b, 0);
    const max = Math.max(1, ...values);
    const chart = svg("svg", { viewBox: `0 0 ${CHART_SAMPLES} 40`, preserveAspectRatio: "none", role: "img", "aria-label": `${label} per second` });
    chart.append(svg("line", { x1: 0, y1: 39.5, x2: CHART_SAMPLES, y2: 39.5, stroke: "#d9e0e7", "stroke-width": 1 }));
    const offset = CHART_SAMPLES - values.length;
    values.forEach((value, i) => {
      if (value > 0) {
        const height = Math.max(1, (value / max) * 38);
        chart.append(svg("rect", { x: offset + i + 0.1, y: 40 - height, width: 0.8, height, fill: color }));
      }
    });
    return el("figure", { class: "chart", "data-testid": "chart-" + key },
      el("h3", {}, label, el("span", { text: `${total} in ${values.length} s · peak ${max === 1 && total === 0 ? 0 : max}/s` })),
      chart);
  });
  document.getElementById("charts").replaceChildren(...charts);
  const status = statistics.responsesByStatus || {};
  const count = code => status[code] || 0;
  const fivexx = Object.entries(status).filter(([code]) => code >= 500 && code < 600).reduce((a, [, n]) => a + n, 0);
  const totals = [["requests", statistics.requests], ["202 writes", statistics.attributeWrites], ["409", count(409)], ["429", count(429)],
    ["5xx", fivexx], ["faults", statistics.injectedFaults], ["write-backs", statistics.flowWriteBacks], ["overwrites", statistics.writeBackOverwrites]];
  document.getElementById("totals").replaceChildren(...totals.map(([name, value]) => el("div", {}, el("dt", { text: name }), el("dd", { text: value ?? 0 }))));
}

// Fault plan and channels -----------------------------------------------------------------------------------

function renderFaultPlan(plan) {
  const box = document.getElementById("faultplan");
  if (!plan) {
    box.replaceChildren(el("p", { class: "empty", text: "No fault plan in force." }));
    return;
  }
  box.replaceChildren(
    el("p", {}, el("strong", { text: plan.name || "(unnamed plan)" }), ` · seed ${plan.seed}`),
    el("div", { class: "scroll-x" }, el("table", { class: "rules" },
      el("thead", {}, el("tr", {}, ["rule and route", "action", "matched", "injected"].map(h => el("th", { text: h })))),
      el("tbody", {}, (plan.rules || []).map(rule => el("tr", { "data-testid": "rule" },
        el("td", {}, el("div", { text: rule.name || "" }), el("code", { class: "route", text: rule.route || "" })),
        el("td", { text: describeAction(rule.action) }),
        el("td", { text: rule.matched ?? 0 }),
        el("td", { "data-testid": "rule-injected", text: rule.injected ?? 0 })))))));
}

function describeAction(action) {
  if (!action) return "";
  if (action.type === "status") return `status ${Array.isArray(action.status) ? action.status.join("/") : action.status}`;
  if (action.type === "latency") return `latency ${action.ms ?? action.medianMs ?? action.meanMs ?? ""}${action.distribution ? " " + action.distribution : ""}`;
  return action.type;
}

function renderChannels(listing) {
  const box = document.getElementById("channels");
  const channels = (listing && listing.entities) || [];
  if (channels.length === 0) {
    box.replaceChildren(el("p", { class: "empty", text: "No channels. A notifications client creates them (POST /api/v2/notifications/channels)." }));
    return;
  }
  box.replaceChildren(el("table", { class: "channel-table" },
    el("thead", {}, el("tr", {}, ["channel", "client", "socket", ""].map(h => el("th", { text: h })))),
    el("tbody", {}, channels.map(channel => el("tr", { "data-testid": "channel", "data-channel-id": channel.id },
      el("td", {}, el("code", { title: channel.id, text: short(channel.id) })),
      el("td", { text: channel.clientId }),
      el("td", { text: channel.connected ? "connected" : "idle" }),
      el("td", {},
        el("button", { type: "button", class: "small", "data-testid": "drop-channel",
          onclick: () => act(`Drop socket of ${short(channel.id)}`, () => send("POST", `/emulator/v1/notifications/channels/${channel.id}/drop`)) }, "Drop"),
        " ",
        el("button", { type: "button", class: "small danger", "data-testid": "expire-channel",
          onclick: () => act(`Expire ${short(channel.id)}`, () => send("POST", `/emulator/v1/notifications/channels/${channel.id}/expire`)) }, "Expire")))))));
}

// Journal -----------------------------------------------------------------------------------------------------

function statusMatches(status, filter) {
  if (!filter) return true;
  if (filter.endsWith("xx")) return Math.floor(status / 100) === Number(filter[0]);
  return status === Number(filter);
}

function renderJournal() {
  const path = document.getElementById("filter-path").value.trim();
  const status = document.getElementById("filter-status").value;
  const rows = [];
  const entries = state.journal.filter(e => (!path || e.path.includes(path)) && statusMatches(e.status, status)).reverse();
  for (const entry of entries) {
    rows.push(el("tr", { "data-testid": "request", "data-status": entry.status, "data-path": entry.path },
      el("td", { class: "mono", text: clock(entry.time) }),
      el("td", { text: entry.method }),
      el("td", { class: "path mono", text: entry.path + (entry.query || "") }),
      el("td", { class: `status-${Math.floor(entry.status / 100)}`, text: entry.status }),
      el("td", { text: entry.clientId || "" })));
    if ((entry.status >= 400 || entry.status === 0) && entry.responseBody) {
      rows.push(el("tr", { class: "error-body", "data-testid": "error-body" }, el("td", { colspan: 5 }, el("pre", { text: pretty(entry.responseBody) }))));
    }
  }
  document.getElementById("journal-rows").replaceChildren(...rows);
  document.getElementById("journal-empty").hidden = entries.length > 0;
}

function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 1); } catch { return text; }
}

// Polling -----------------------------------------------------------------------------------------------------

async function refreshState(force) {
  const dashboard = await getJson("/emulator/v1/dashboard");
  if (force || dashboard.version !== state.version) {
    renderConversations(dashboard.conversations);
    state.version = dashboard.version;
  }
  renderCharts(dashboard.timeline, dashboard.statistics);
  document.getElementById("deployments").textContent =
    `Web-messaging guests: ws://${location.host}/v1?deploymentId=${dashboard.deploymentIds[0]}` +
    (dashboard.deploymentIds.length > 1 ? ` (also ${dashboard.deploymentIds.slice(1).join(", ")})` : "");
}

async function refreshSide() {
  const [plan, channels, journal] = await Promise.all([
    getJson("/emulator/v1/faultplan"),
    getJson("/emulator/v1/notifications/channels"),
    getJson("/emulator/v1/requests?limit=300"),
  ]);
  renderFaultPlan(plan);
  renderChannels(channels);
  state.journal = (journal && journal.entities) || [];
  renderJournal();
}

function loop(work, interval) {
  const tick = async () => {
    try {
      await work();
      setLive(true, "live · updated " + new Date().toISOString().slice(11, 19) + " UTC");
    } catch (error) {
      setLive(false, "emulator unreachable: " + error.message);
    }
    setTimeout(tick, interval);
  };
  tick();
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("origin").textContent = location.origin;
  document.getElementById("create-call").addEventListener("click", () =>
    act("New call", async () => short((await send("POST", "/emulator/v1/conversations", { mediaType: "call" })).id)));
  document.getElementById("create-message").addEventListener("click", () =>
    act("New web-messaging conversation", async () => short((await send("POST", "/emulator/v1/conversations", { mediaType: "message" })).id)));
  document.getElementById("load-chaos").addEventListener("click", () => act("Load chaos", () => send("PUT", "/emulator/v1/faultplan/chaos")));
  document.getElementById("clear-faults").addEventListener("click", () => act("Clear fault plan", () => send("DELETE", "/emulator/v1/faultplan")));
  document.getElementById("journal-filters").addEventListener("submit", event => event.preventDefault());
  document.getElementById("filter-path").addEventListener("input", renderJournal);
  document.getElementById("filter-status").addEventListener("change", renderJournal);
  loop(() => refreshState(false), POLL_STATE_MS);
  loop(refreshSide, POLL_SIDE_MS);
});
