// frugal inventory page: plain JS, no build step. Talks to `${apiBaseUrl}/api/...`, where
// apiBaseUrl comes from config.json ("" when Flask serves the page, the API URL on AWS).
// Its Content-Security-Policy allows no inline script or style: keep it all in app.js and style.css.
"use strict";

const KEY_STORAGE = "frugal.apiKey";
const PAGE_SIZE = 25;
const state = {
  apiBase: "",
  cursor: null,
  filters: {},
  editing: null, // id of the device in the form, or null when adding
  listVersion: 0, // bumped by every fresh list load: answers to older ones are dropped
  loadingMore: false,
  freshLoading: false,
  submitting: false,
  busyRows: new Set(), // ids with a delete in flight
};
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

// The status line at the top of the page (it stays in view when the page scrolls).
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

function clearErrorMessage() {
  if ($("message").classList.contains("error")) clearMessage();
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
  td.className = className;
  td.textContent = text;
  return td;
}

function rowFor(id) {
  return [...$("devices").children].find((tr) => tr.dataset.id === id) || null;
}

function actionButton(kind, id) {
  return rowFor(id)?.querySelector(`button.${kind}`) || null;
}

function deviceRow(device) {
  const tr = document.createElement("tr");
  tr.dataset.id = device.id;
  const id = cell(device.id, "id");
  id.title = device.id; // the cell cuts a long id short
  tr.append(id, cell(device.name, "name"), cell(device.location || "—", "location"));
  const status = document.createElement("td");
  status.className = "status";
  const badge = document.createElement("span");
  badge.className = `badge ${device.status}`;
  badge.textContent = device.status;
  status.append(badge);
  tr.append(status, cell(formatTime(device.updated_at), "when"));
  const actions = document.createElement("td");
  actions.className = "row-actions";
  const edit = document.createElement("button");
  edit.type = "button";
  edit.className = "secondary edit";
  edit.textContent = "Edit";
  edit.setAttribute("aria-label", `Edit ${device.id}`);
  edit.addEventListener("click", () => startEdit(device));
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "danger delete";
  remove.textContent = "Delete";
  remove.setAttribute("aria-label", `Delete ${device.id}`);
  remove.addEventListener("click", () => removeDevice(device.id));
  actions.append(edit, remove);
  tr.append(actions);
  return tr;
}

function matchesFilters(device) {
  return Object.entries(state.filters).every(([name, value]) => !value || device[name] === value);
}

function showListState() {
  const count = $("devices").children.length;
  const empty = $("empty");
  empty.hidden = count > 0;
  // A filtered page on DynamoDB may come back empty with a cursor: the rest of the table is unread.
  empty.textContent = state.cursor ? "No matches so far. Load more to look further." : "No devices match.";
  $("more").hidden = !state.cursor;
}

function setBusy(button, busy, busyText) {
  // aria-disabled rather than disabled: a disabled button drops the keyboard focus to the page.
  button.setAttribute("aria-disabled", String(busy));
  if (busy) {
    button.dataset.idleText = button.textContent;
    if (busyText) button.textContent = busyText;
  } else if (button.dataset.idleText) {
    button.textContent = button.dataset.idleText;
    delete button.dataset.idleText;
  }
}

// A fresh load (first, filter, clear) replaces the list; `append` adds the next page. One of each
// at a time: a second "Load more" while one is in flight does nothing, and a fresh load makes any
// earlier answer stale.
async function loadDevices({ append = false } = {}) {
  // Not while a fresh load runs either: the cursor shown belongs to the list being replaced.
  if (append && (state.loadingMore || state.freshLoading || !state.cursor)) return;
  const version = append ? state.listVersion : ++state.listVersion;
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const [name, value] of Object.entries(state.filters)) if (value) params.set(name, value);
  if (append) params.set("cursor", state.cursor);
  const section = $("devices-section");
  section.setAttribute("aria-busy", "true");
  if (append) {
    state.loadingMore = true;
    setBusy($("more"), true, "Loading…");
  } else {
    state.freshLoading = true;
    $("loading").hidden = false;
    setBusy($("filter-apply"), true);
    setBusy($("filter-clear"), true);
  }
  try {
    const page = await api("GET", `/devices?${params}`);
    if (version !== state.listVersion) return;
    const body = $("devices");
    if (!append) body.replaceChildren();
    // An added device may already be shown where it sorts: never list an id twice.
    body.append(...page.items.filter((device) => !rowFor(device.id)).map(deviceRow));
    state.cursor = page.next_cursor;
    showListState();
  } catch (err) {
    if (version === state.listVersion) showMessage("error", describe(err));
  } finally {
    if (append) {
      state.loadingMore = false;
      setBusy($("more"), false);
    }
    if (version === state.listVersion) {
      if (!append) state.freshLoading = false;
      section.removeAttribute("aria-busy");
      $("loading").hidden = true;
      setBusy($("filter-apply"), false);
      setBusy($("filter-clear"), false);
    }
  }
}

// After an add: the new row goes where it sorts among the rows shown (the API lists by id), unless
// it sorts after the last one while more pages are unread, or the filters hide it.
function insertRow(device) {
  if (!matchesFilters(device) || rowFor(device.id)) return false;
  const body = $("devices");
  const after = [...body.children].find((tr) => tr.dataset.id > device.id);
  if (!after && state.cursor) return false;
  const row = deviceRow(device);
  body.insertBefore(row, after || null);
  row.classList.add("changed");
  showListState();
  return true;
}

function replaceRow(device) {
  const old = rowFor(device.id);
  if (!old) return;
  const row = deviceRow(device);
  old.replaceWith(row);
  row.classList.add("changed");
}

function clearFieldErrors() {
  for (const small of document.querySelectorAll(".field-error")) small.textContent = "";
  for (const input of $("device-form").querySelectorAll("input, select")) input.removeAttribute("aria-invalid");
}

function clearFieldError(name) {
  const small = document.querySelector(`.field-error[data-field="${CSS.escape(name)}"]`);
  if (small) small.textContent = "";
  $(`f-${name}`)?.removeAttribute("aria-invalid");
}

// Marks each field the API named; returns the first such input, to focus.
function showFieldErrors(fields) {
  let first = null;
  for (const [name, messages] of Object.entries(fields)) {
    const small = document.querySelector(`.field-error[data-field="${CSS.escape(name)}"]`);
    const input = $(`f-${name}`);
    if (!small || !input) continue;
    small.textContent = [].concat(messages).join(" ");
    input.setAttribute("aria-invalid", "true");
    first = first || input;
  }
  return first;
}

function showFormError(text) {
  const box = $("form-error");
  box.textContent = text;
  box.hidden = false;
  box.scrollIntoView({ block: "nearest" });
}

function clearFormError() {
  $("form-error").hidden = true;
  $("form-error").textContent = "";
}

function startEdit(device) {
  if (state.submitting) return;
  state.editing = device.id;
  const form = $("device-form");
  clearFieldErrors();
  clearFormError();
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
  clearFormError();
  $("form-title").textContent = "Add a device";
  $("f-submit").textContent = "Add device";
  $("f-cancel").hidden = true;
}

async function submitDevice(event) {
  event.preventDefault();
  if (state.submitting) return; // one save at a time
  clearFieldErrors();
  clearFormError();
  clearErrorMessage();
  const form = event.target;
  const values = {
    name: form.elements.name.value,
    location: form.elements.location.value,
    status: form.elements.status.value,
  };
  const editing = state.editing;
  state.submitting = true;
  setBusy($("f-submit"), true, editing ? "Saving…" : "Adding…");
  form.setAttribute("aria-busy", "true");
  try {
    if (editing) {
      const saved = await api("PATCH", `/devices/${encodeURIComponent(editing)}`, values);
      // Updated where it is: the list keeps its pages and the person's place in it.
      replaceRow(saved);
      resetForm();
      showMessage("success", `Saved ${saved.id}.`);
      (actionButton("edit", saved.id) || $("f-id")).focus();
    } else {
      const saved = await api("POST", "/devices", { id: form.elements.id.value, ...values });
      const shown = insertRow(saved);
      resetForm();
      showMessage("success", shown ? `Added ${saved.id}.` : `Added ${saved.id}. It isn't among the rows shown.`);
      form.elements.id.focus(); // ready for the next one
    }
  } catch (err) {
    const fields = { ...err.fields };
    // A conflict is about the id: say so on the field, not only in words.
    if (err.status === 409) fields.id = err.message;
    const invalid = showFieldErrors(fields);
    const text = describe(err);
    showMessage("error", text); // first: the status line appearing moves the page down
    showFormError(text);
    if (invalid && !invalid.disabled) invalid.focus();
  } finally {
    state.submitting = false;
    // The button's label depends on the form's mode, which a successful save just reset.
    delete $("f-submit").dataset.idleText;
    $("f-submit").setAttribute("aria-disabled", "false");
    $("f-submit").textContent = state.editing ? "Save changes" : "Add device";
    form.removeAttribute("aria-busy");
  }
}

// After a delete the focus moves to the next row's Edit button (or the previous row's, or the
// list's heading), never to the page itself.
async function removeDevice(id) {
  if (state.busyRows.has(id)) return;
  if (!window.confirm(`Delete device ${id}?`)) return;
  const row = rowFor(id);
  state.busyRows.add(id);
  row?.setAttribute("aria-busy", "true");
  for (const button of row?.querySelectorAll("button") || []) setBusy(button, true);
  clearErrorMessage();
  let gone = false;
  try {
    await api("DELETE", `/devices/${encodeURIComponent(id)}`);
    gone = true;
    showMessage("success", `Deleted ${id}.`);
  } catch (err) {
    gone = err.status === 404; // someone else deleted it
    showMessage("error", describe(err));
  } finally {
    state.busyRows.delete(id);
    if (gone && row) {
      const neighbour = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      if (state.editing === id) resetForm();
      showListState();
      (neighbour?.querySelector("button.edit") || $("list-title")).focus();
    } else if (row) {
      row.removeAttribute("aria-busy");
      for (const button of row.querySelectorAll("button")) setBusy(button, false);
      row.querySelector("button.delete")?.focus();
    }
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
    clearErrorMessage();
    state.filters = { status: $("filter-status").value, location: $("filter-location").value.trim() };
    loadDevices();
  });
  $("filter-clear").addEventListener("click", () => {
    $("filters").reset();
    clearErrorMessage();
    state.filters = {};
    loadDevices();
  });
  $("more").addEventListener("click", () => loadDevices({ append: true }));
  $("device-form").addEventListener("submit", submitDevice);
  // Editing a field takes back what was said about it: its error, the form's and the banner's.
  $("device-form").addEventListener("input", (event) => {
    if (event.target.name) clearFieldError(event.target.name);
    clearFormError();
    clearErrorMessage();
  });
  $("f-cancel").addEventListener("click", resetForm);
  await loadConfig();
  await loadDevices();
}

document.addEventListener("DOMContentLoaded", main);
