// frugal inventory page: plain JS, no build step. Talks to `${apiBaseUrl}/api/...`, where
// apiBaseUrl comes from config.json ("" when Flask serves the page, the API URL on AWS).
"use strict";

const KEY_STORAGE = "frugal.apiKey";
const PAGE_SIZE = 25;
const state = { apiBase: "", cursor: null, filters: {}, editing: null };
const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(status, code, message, fields) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields || {};
  }
}

function storedKey() {
  return sessionStorage.getItem(KEY_STORAGE) || "";
}

function showKeyState() {
  const hasKey = Boolean(storedKey());
  $("key-state").textContent = hasKey ? "API key: set for this tab" : "API key: not set";
  $("key-set").textContent = hasKey ? "Change key" : "Set key";
  $("key-forget").hidden = !hasKey;
}

// Opens the key dialog; resolves to the saved key, or "" if the person cancels.
function askForKey() {
  const dialog = $("key-dialog");
  $("key-input").value = "";
  dialog.returnValue = "";
  return new Promise((resolve) => {
    dialog.addEventListener(
      "close",
      () => {
        const key = dialog.returnValue === "save" ? $("key-input").value.trim() : "";
        if (key) sessionStorage.setItem(KEY_STORAGE, key);
        showKeyState();
        resolve(key);
      },
      { once: true },
    );
    dialog.showModal();
  });
}

function showMessage(kind, text) {
  const box = $("message");
  box.className = `message ${kind}`;
  box.textContent = text;
  box.hidden = false;
}

function clearMessage() {
  $("message").hidden = true;
  $("message").textContent = "";
}

// Only writes send X-API-Key and Content-Type, so cross-origin reads stay simple requests
// (no CORS preflight).
async function api(method, path, body) {
  const headers = {};
  const init = { method, headers };
  if (method !== "GET") {
    const key = storedKey() || (await askForKey());
    if (!key) throw new ApiError(0, "no_key", "An API key is needed to change devices.");
    headers["X-API-Key"] = key;
  }
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`${state.apiBase}/api${path}`, init);
  } catch (err) {
    throw new ApiError(0, "network", `Cannot reach the API at ${state.apiBase || location.origin} (${err.message}).`);
  }
  if (response.status === 204) return null;
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  if (!response.ok) {
    const error = (payload && payload.error) || {};
    if (response.status === 401) {
      sessionStorage.removeItem(KEY_STORAGE);
      showKeyState();
    }
    throw new ApiError(
      response.status,
      error.code || "http_error",
      error.message || `The API answered HTTP ${response.status}.`,
      error.fields,
    );
  }
  return payload;
}

function describe(err) {
  if (!(err instanceof ApiError)) return `Unexpected error: ${err.message}`;
  if (err.status === 401) return `${err.message} Set the key again and retry.`;
  const fields = Object.entries(err.fields).map(([name, messages]) => `${name}: ${[].concat(messages).join(" ")}`);
  return fields.length ? `${err.message} ${fields.join(" ")}` : err.message;
}

function formatTime(iso) {
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? iso : when.toLocaleString();
}

function cell(text, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  td.textContent = text;
  return td;
}

function deviceRow(device) {
  const tr = document.createElement("tr");
  tr.dataset.id = device.id;
  tr.append(cell(device.id, "id"), cell(device.name), cell(device.location || "—"));
  const status = document.createElement("td");
  const badge = document.createElement("span");
  badge.className = `badge ${device.status}`;
  badge.textContent = device.status;
  status.append(badge);
  tr.append(status, cell(formatTime(device.updated_at), "when"));
  const actions = document.createElement("td");
  actions.className = "row-actions";
  const edit = document.createElement("button");
  edit.type = "button";
  edit.className = "secondary";
  edit.textContent = "Edit";
  edit.setAttribute("aria-label", `Edit ${device.id}`);
  edit.addEventListener("click", () => startEdit(device));
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "danger";
  remove.textContent = "Delete";
  remove.setAttribute("aria-label", `Delete ${device.id}`);
  remove.addEventListener("click", () => removeDevice(device.id));
  actions.append(edit, remove);
  tr.append(actions);
  return tr;
}

async function loadDevices({ append = false } = {}) {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const [name, value] of Object.entries(state.filters)) if (value) params.set(name, value);
  if (append && state.cursor) params.set("cursor", state.cursor);
  $("loading").hidden = append;
  try {
    const page = await api("GET", `/devices?${params}`);
    const body = $("devices");
    if (!append) body.replaceChildren();
    body.append(...page.items.map(deviceRow));
    state.cursor = page.next_cursor;
    $("more").hidden = !page.next_cursor;
    $("empty").hidden = body.children.length > 0;
  } catch (err) {
    showMessage("error", describe(err));
  } finally {
    $("loading").hidden = true;
  }
}

function clearFieldErrors() {
  for (const small of document.querySelectorAll(".field-error")) small.textContent = "";
  for (const input of $("device-form").querySelectorAll("input, select")) input.removeAttribute("aria-invalid");
}

function showFieldErrors(fields) {
  for (const [name, messages] of Object.entries(fields)) {
    const small = document.querySelector(`.field-error[data-field="${CSS.escape(name)}"]`);
    if (!small) continue;
    small.textContent = [].concat(messages).join(" ");
    $(`f-${name}`)?.setAttribute("aria-invalid", "true");
  }
}

function startEdit(device) {
  state.editing = device.id;
  const form = $("device-form");
  clearFieldErrors();
  form.elements.id.value = device.id;
  form.elements.id.disabled = true;
  form.elements.name.value = device.name;
  form.elements.location.value = device.location || "";
  form.elements.status.value = device.status;
  $("form-title").textContent = `Edit ${device.id}`;
  $("f-submit").textContent = "Save changes";
  $("f-cancel").hidden = false;
  form.elements.name.focus();
}

function resetForm() {
  state.editing = null;
  const form = $("device-form");
  form.reset();
  form.elements.id.disabled = false;
  clearFieldErrors();
  $("form-title").textContent = "Add a device";
  $("f-submit").textContent = "Add device";
  $("f-cancel").hidden = true;
}

async function submitDevice(event) {
  event.preventDefault();
  clearMessage();
  clearFieldErrors();
  const form = event.target;
  const values = {
    name: form.elements.name.value,
    location: form.elements.location.value,
    status: form.elements.status.value,
  };
  $("f-submit").disabled = true;
  try {
    if (state.editing) {
      const saved = await api("PATCH", `/devices/${encodeURIComponent(state.editing)}`, values);
      showMessage("success", `Saved ${saved.id}.`);
    } else {
      const saved = await api("POST", "/devices", { id: form.elements.id.value, ...values });
      showMessage("success", `Added ${saved.id}.`);
    }
    resetForm();
    await loadDevices();
  } catch (err) {
    showFieldErrors(err.fields || {});
    showMessage("error", describe(err));
  } finally {
    $("f-submit").disabled = false;
  }
}

async function removeDevice(id) {
  if (!window.confirm(`Delete device ${id}?`)) return;
  clearMessage();
  try {
    await api("DELETE", `/devices/${encodeURIComponent(id)}`);
    showMessage("success", `Deleted ${id}.`);
    if (state.editing === id) resetForm();
    await loadDevices();
  } catch (err) {
    showMessage("error", describe(err));
  }
}

async function loadConfig() {
  try {
    const response = await fetch("config.json", { cache: "no-store" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const config = await response.json();
    state.apiBase = String(config.apiBaseUrl || "").replace(/\/+$/, "");
  } catch (err) {
    state.apiBase = "";
    showMessage("error", `Could not read config.json (${err.message}); using this site as the API.`);
  }
  $("openapi-link").href = `${state.apiBase}/api/openapi.json`;
}

async function main() {
  showKeyState();
  $("key-set").addEventListener("click", () => askForKey());
  $("key-forget").addEventListener("click", () => {
    sessionStorage.removeItem(KEY_STORAGE);
    showKeyState();
  });
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    state.filters = { status: $("filter-status").value, location: $("filter-location").value.trim() };
    loadDevices();
  });
  $("filter-clear").addEventListener("click", () => {
    $("filters").reset();
    state.filters = {};
    loadDevices();
  });
  $("more").addEventListener("click", () => loadDevices({ append: true }));
  $("device-form").addEventListener("submit", submitDevice);
  $("f-cancel").addEventListener("click", resetForm);
  await loadConfig();
  await loadDevices();
}

document.addEventListener("DOMContentLoaded", main);
