// Keyport admin console: plain JavaScript over the admin API (/api/admin/v3.0). The admin token is
// kept in memory only, so closing or reloading the page signs out. Every API error is shown.
"use strict";

const API = "/api/admin/v3.0";
const APP = "keyport";
const state = { token: null, username: null, user: null };
const $ = (selector) => document.querySelector(selector);

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.error_code;
  }
}

async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (state.token) headers["Authorization"] = `Bearer ${state.token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

function showError(error) {
  const box = $("#error");
  box.textContent = error.code ? `${error.message} (${error.code})` : String(error.message || error);
  box.hidden = false;
  if (error.status === 401 && state.token) signOut("Your admin session has ended; sign in again.");
}

function clearError() { $("#error").hidden = true; }

// Runs an action, showing any failure instead of swallowing it.
function guarded(action) {
  return async (event) => {
    if (event) event.preventDefault();
    clearError();
    try { await action(event); } catch (error) { showError(error); }
  };
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text == null ? "never" : text;
  if (className) td.className = className;
  return td;
}

function button(label, className, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.className = className;
  b.addEventListener("click", guarded(onClick));
  return b;
}

const when = (iso) => iso == null ? null : iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "");
const stateCell = (disabled) => cell(disabled ? "disabled" : "enabled", disabled ? "state-disabled" : "state-enabled");
// A key's state: disabled, expired (its expiry has passed; the record stays until deleted) or enabled.
const expired = (key) => key.expires_at != null && Date.parse(key.expires_at) <= Date.now();
const inGrace = (key) => key.previous_key_valid_until != null && Date.parse(key.previous_key_valid_until) > Date.now();
const keyStateCell = (key) => {
  if (expired(key)) return cell("expired", "state-expired");
  const state = stateCell(key.disabled);
  if (inGrace(key)) state.textContent += ` · previous value until ${when(key.previous_key_valid_until)}`;
  return state;
};
const expiryCell = (key) => key.expires_at == null ? cell("never", "expiry-never") : cell(when(key.expires_at));

async function loadProviders() {
  const providers = await api("GET", `/apps/${APP}/auth_providers`);
  const body = $("#providers tbody");
  body.replaceChildren(...providers.map((provider) => {
    const row = document.createElement("tr");
    row.dataset.provider = provider.name;
    const actions = cell("", "actions");
    actions.append(button(provider.disabled ? "Enable" : "Disable", provider.disabled ? "enable" : "disable danger",
      async () => {
        await api("PUT", `/apps/${APP}/auth_providers/${provider.name}/${provider.disabled ? "enable" : "disable"}`);
        await Promise.all([loadProviders(), loadAudit()]);
      }));
    row.append(cell(provider.name), stateCell(provider.disabled), actions);
    return row;
  }));
}

async function loadServerKeys() {
  const keys = await api("GET", `/apps/${APP}/api_keys`);
  const body = $("#server-keys tbody");
  body.replaceChildren(...keys.map((key) => {
    const row = document.createElement("tr");
    row.dataset.keyName = key.name;
    const actions = cell("", "actions");
    actions.append(
      button(key.disabled ? "Enable" : "Disable", key.disabled ? "enable" : "disable", async () => {
        await api("PUT", `/apps/${APP}/api_keys/${key._id}/${key.disabled ? "enable" : "disable"}`);
        await Promise.all([loadServerKeys(), loadAudit()]);
      }),
      button("Roll", "roll", async () => {
        const hours = prompt(`New value for "${key.name}". Hours the old value keeps working (0: it stops now):`, "24");
        if (hours === null) return;
        const rolled = await api("POST", `/apps/${APP}/api_keys/${key._id}/roll`,
          { grace_period_seconds: Math.round(Number(hours) * 3600) });
        $("#created-key-value").value = rolled.key;
        $("#created-key").hidden = false;
        await Promise.all([loadServerKeys(), loadAudit()]);
      }),
      ...(inGrace(key) ? [button("End grace", "end-grace", async () => {
        if (!confirm(`Stop the previous value of "${key.name}" now?`)) return;
        await api("POST", `/apps/${APP}/api_keys/${key._id}/end_grace`);
        await Promise.all([loadServerKeys(), loadAudit()]);
      })] : []),
      button("Delete", "delete danger", async () => {
        if (!confirm(`Delete server key "${key.name}"? Its server user and sessions go with it. This cannot be undone.`)) return;
        await api("DELETE", `/apps/${APP}/api_keys/${key._id}`);
        await Promise.all([loadServerKeys(), loadAudit()]);
      }));
    row.append(cell(key.name), cell(when(key.created_at)), cell(when(key.last_used_at)), expiryCell(key), keyStateCell(key), actions);
    return row;
  }));
}

const days = (input) => input.value.trim() === "" ? null : Number(input.value);

async function createServerKey() {
  const name = $("#new-key-name").value.trim();
  const body = { name };
  if (days($("#new-key-days")) != null) body.expires_in_days = days($("#new-key-days"));
  const created = await api("POST", `/apps/${APP}/api_keys`, body);
  $("#created-key-value").value = created.key;
  $("#created-key").hidden = false;
  $("#new-key-name").value = "";
  $("#new-key-days").value = "";
  await Promise.all([loadServerKeys(), loadAudit()]);
}

async function loadLifetimes() {
  const limits = await api("GET", `/apps/${APP}/api_key_lifetimes`);
  $("#user-key-max-days").value = limits.user_key_max_lifetime_days ?? "";
  $("#server-key-max-days").value = limits.server_key_max_lifetime_days ?? "";
}

async function saveLifetimes() {
  await api("PUT", `/apps/${APP}/api_key_lifetimes`, {
    user_key_max_lifetime_days: days($("#user-key-max-days")),
    server_key_max_lifetime_days: days($("#server-key-max-days")),
  });
  $("#lifetimes-saved").hidden = false;
  await Promise.all([loadLifetimes(), loadAudit()]);
}

async function copyKey() {
  const value = $("#created-key-value").value;
  try {
    await navigator.clipboard.writeText(value);
    $("#copy-key-button").textContent = "Copied";
  } catch (e) {
    $("#created-key-value").select(); // clipboard blocked (e.g. plain http): select it for Ctrl+C
    $("#copy-key-button").textContent = "Press Ctrl+C";
  }
}

function dismissKey() {
  $("#created-key-value").value = "";
  $("#created-key").hidden = true;
  $("#copy-key-button").textContent = "Copy";
}

async function lookUpUser(query) {
  const user = await api("GET", `/apps/${APP}/users?q=${encodeURIComponent(query)}`);
  state.user = user;
  $("#user-summary").textContent = `${user.email || "(no email)"} · id ${user._id} · ${user.type} user · `
    + `providers: ${user.identities.map((identity) => identity.provider_type).join(", ")} · ${user.state}`;
  // issue 24: a server user is managed through its server key, not here
  const normal = user.type !== "server";
  $("#disable-user-button").hidden = !normal || user.state === "disabled";
  $("#enable-user-button").hidden = !normal || user.state !== "disabled";
  $("#delete-user-button").hidden = !normal;
  $("#user-deleted").hidden = true;
  const body = $("#user-keys tbody");
  body.replaceChildren(...user.api_keys.map((key) => {
    const row = document.createElement("tr");
    row.dataset.keyName = key.name;
    const actions = cell("", "actions");
    if (!key.disabled) {
      actions.append(button("Disable", "disable", async () => {
        await api("PUT", `/apps/${APP}/users/${user._id}/api_keys/${key._id}/disable`);
        await Promise.all([lookUpUser(user._id), loadAudit()]);
      }));
    }
    if (inGrace(key)) {
      actions.append(button("End grace", "end-grace", async () => {
        if (!confirm(`Stop the previous value of "${key.name}" now?`)) return;
        await api("POST", `/apps/${APP}/users/${user._id}/api_keys/${key._id}/end_grace`);
        await Promise.all([lookUpUser(user._id), loadAudit()]);
      }));
    }
    actions.append(button("Delete", "delete danger", async () => {
      if (!confirm(`Delete key "${key.name}" of ${user.email || user._id}? This cannot be undone.`)) return;
      await api("DELETE", `/apps/${APP}/users/${user._id}/api_keys/${key._id}`);
      await Promise.all([lookUpUser(user._id), loadAudit()]);
    }));
    row.append(cell(key.name), cell(when(key.created_at)), cell(when(key.last_used_at)), expiryCell(key), keyStateCell(key), actions);
    return row;
  }));
  if (user.api_keys.length === 0) {
    const row = document.createElement("tr");
    const empty = cell("This user has no API keys.");
    empty.colSpan = 6;
    row.append(empty);
    body.append(row);
  }
  $("#revoke-sessions-done").hidden = true;
  $("#user-details").hidden = false;
}

/** Ends every session of the user looked up, on every instance; the user and their keys stay. */
async function revokeUserSessions() {
  const user = state.user;
  if (!user) return;
  if (!confirm(`Revoke every session of ${user.email || user._id}? Their apps and services must log in again.`)) return;
  await api("PUT", `/apps/${APP}/users/${user._id}/logout`);
  $("#revoke-sessions-done").hidden = false;
  await loadAudit();
}

/** Issue 24: disable (no login with any credential, sessions end) or enable the user looked up. */
async function setUserDisabled(disabled) {
  const user = state.user;
  if (!user) return;
  if (disabled && !confirm(`Disable ${user.email || user._id}? They cannot log in with any credential, their API keys `
    + "included, and every session of theirs ends.")) return;
  await api("PUT", `/apps/${APP}/users/${user._id}/${disabled ? "disable" : "enable"}`);
  await Promise.all([lookUpUser(user._id), loadAudit()]);
}

/** Issue 24: deletes the user looked up, with their identities, sessions and keys. */
async function deleteUser() {
  const user = state.user;
  if (!user) return;
  if (!confirm(`Delete ${user.email || user._id} with their keys and sessions? This cannot be undone.`)) return;
  await api("DELETE", `/apps/${APP}/users/${user._id}`);
  state.user = null;
  $("#user-details").hidden = true;
  $("#user-deleted").hidden = false;
  await loadAudit();
}

/** Issue 24: the users in id order with their state, a page at a time. */
async function listUsers(after) {
  const page = await api("GET", `/apps/${APP}/users/list?limit=50${after ? `&after=${encodeURIComponent(after)}` : ""}`);
  const rows = page.users.map((user) => {
    const row = document.createElement("tr");
    row.dataset.user = user._id;
    const id = cell("");
    id.append(button(user._id, "link", () => lookUpUser(user._id)));
    row.append(cell(user.email || ""), id, cell(user.type), cell(user.identities.join(", ")), cell(user.state),
      cell(when(user.created_at)));
    return row;
  });
  const body = $("#user-list tbody");
  if (after) body.append(...rows); else body.replaceChildren(...rows);
  $("#user-list").hidden = false;
  state.nextUsers = page.next;
  $("#more-users-button").hidden = !page.next;
}

async function loadWebhooks() {
  const endpoints = await api("GET", `/apps/${APP}/webhooks`);
  $("#webhooks tbody").replaceChildren(...endpoints.map((endpoint) => {
    const row = document.createElement("tr");
    row.dataset.webhook = endpoint._id;
    const actions = cell("", "actions");
    actions.append(button("Remove", "remove danger", async () => {
      if (!confirm(`Stop sending events to ${endpoint.url}? Its pending deliveries are dropped.`)) return;
      await api("DELETE", `/apps/${APP}/webhooks/${endpoint._id}`);
      await Promise.all([loadWebhooks(), loadDeliveries()]);
    }));
    row.append(cell(endpoint.url), cell(when(endpoint.created_at)), actions);
    return row;
  }));
}

async function loadDeliveries() {
  const deliveries = await api("GET", `/apps/${APP}/webhooks/deliveries?limit=20`);
  $("#deliveries tbody").replaceChildren(...deliveries.map((delivery) => {
    const row = document.createElement("tr");
    row.dataset.delivery = delivery._id;
    const answer = delivery.last_status != null ? `HTTP ${delivery.last_status}` : (delivery.last_error ?? "none yet");
    row.append(cell(delivery.event_type), cell(when(delivery.created_at)), cell(delivery.state, `delivery-${delivery.state}`),
      cell(String(delivery.attempts)), cell(answer), cell(delivery.next_attempt_at == null ? "" : when(delivery.next_attempt_at)));
    return row;
  }));
}

async function addWebhook() {
  const created = await api("POST", `/apps/${APP}/webhooks`, { url: $("#webhook-url").value.trim() });
  $("#created-webhook-secret").value = created.secret;
  $("#created-webhook").hidden = false;
  $("#webhook-url").value = "";
  await loadWebhooks();
}

function dismissWebhookSecret() {
  $("#created-webhook-secret").value = "";
  $("#created-webhook").hidden = true;
}

async function loadSigningKeys() {
  const keys = await api("GET", "/signing_keys");
  $("#signing-keys tbody").replaceChildren(...keys.map((key) => {
    const row = document.createElement("tr");
    row.dataset.kid = key.kid;
    row.append(cell(key.kid, "kid"), cell(key.state, `key-${key.state}`), cell(when(key.signs_from)),
      cell(when(key.signs_until) ?? "until the next rotation"), cell(when(key.published_until) ?? "while signing"));
    const actions = document.createElement("td");
    actions.append(button("Revoke", "revoke danger", async () => {
      if (!confirm(`Revoke key ${key.kid} now? It is unpublished at once and every access token it signed is refused; `
        + "a new key signs at once. Use this for a leaked key.")) return;
      await api("POST", `/signing_keys/${encodeURIComponent(key.kid)}/revoke`);
      await Promise.all([loadSigningKeys(), loadAudit()]);
    }));
    row.append(actions);
    return row;
  }));
}

async function loadTokenKeys() {
  const keys = await api("GET", "/token_keys");
  $("#token-keys tbody").replaceChildren(...keys.map((key) => {
    const row = document.createElement("tr");
    row.dataset.kid = key.kid;
    row.append(cell(key.kid + (key.legacy ? " (previous version's key)" : ""), "kid"),
      cell(key.state.replace("_", "-"), `key-${key.state}`), cell(key.legacy ? "" : when(key.signs_from)),
      cell(when(key.verify_until) ?? "while current"));
    return row;
  }));
}

async function rotateTokenKey() {
  if (!confirm("Rotate the refresh- and admin-token key? The new key signs within the key-reload interval; "
    + "tokens of the old key keep working until they expire.")) return;
  await api("POST", "/token_keys/rotate", { emergency: false });
  await Promise.all([loadTokenKeys(), loadAudit()]);
}

async function emergencyRotateTokenKey() {
  if (!confirm("Emergency rotation: every refresh and admin token issued so far is refused at once, yours included. "
    + "Every user, and you, must log in again. Continue?")) return;
  await api("POST", "/token_keys/rotate", { emergency: true });
  signOut("The token keys were rotated in an emergency: every session, yours included, has ended. Sign in again.");
}

async function rotateSigningKey() {
  if (!confirm("Add a new signing key? It is published now and signs after the publish lead; the current key stays published until its tokens expire.")) return;
  await api("POST", "/signing_keys/rotate");
  await Promise.all([loadSigningKeys(), loadAudit()]);
}

async function loadAudit() {
  const events = await api("GET", `/apps/${APP}/audit?limit=50`);
  $("#audit tbody").replaceChildren(...events.map((event) => {
    const row = document.createElement("tr");
    row.append(cell(when(event.at)), cell(event.actor), cell(event.action), cell(event.target), cell(event.detail));
    return row;
  }));
}

// The unsent mails: loaded only on request, as their links are live tokens (ADR 0022).
async function loadOutgoingMails() {
  const mails = await api("GET", `/apps/${APP}/outgoing_mails?limit=100`);
  $("#outgoing-mails tbody").replaceChildren(...mails.map((mail) => {
    const row = document.createElement("tr");
    const text = document.createElement("td");
    const pre = document.createElement("pre");
    pre.textContent = mail.body;
    text.append(pre);
    row.append(cell(when(mail.created_at)), cell(mail.to), cell(mail.subject), cell(String(mail.attempts)),
      cell(mail.last_error == null ? "" : mail.last_error), text);
    return row;
  }));
}

async function confirmRegistration() {
  const email = $("#registration-email").value.trim();
  await api("POST", `/apps/${APP}/user_registrations/by_email/${encodeURIComponent(email)}/confirm`);
  $("#registration-email").value = "";
  await loadAudit();
}

async function sendConfirmation() {
  const email = $("#registration-email").value.trim();
  await api("POST", `/apps/${APP}/user_registrations/by_email/${encodeURIComponent(email)}/send_confirm`);
  await loadOutgoingMails();
}

async function exportProviders() {
  const files = await api("GET", `/apps/${APP}/export`);
  const blob = new Blob([JSON.stringify(files, null, 2)], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = "keyport-auth-providers.json";
  link.click();
  URL.revokeObjectURL(link.href);
}

async function signIn() {
  const login = await api("POST", "/auth/providers/local-userpass/login",
    { username: $("#username").value, password: $("#password").value });
  state.token = login.access_token;
  state.username = login.username;
  $("#password").value = "";
  $("#admin-name").textContent = login.username;
  $("#login-section").hidden = true;
  $("#signed-in").hidden = false;
  $("#console").hidden = false;
  await Promise.all([loadProviders(), loadServerKeys(), loadLifetimes(), loadWebhooks(), loadDeliveries(), loadSigningKeys(), loadTokenKeys(), loadAudit()]);
}

// Ends the admin session on the server too, so the token is dead even if it was copied elsewhere.
async function signOutEverywhere() {
  try {
    if (state.token) await api("DELETE", "/auth/session");
  } catch (error) {
    // already ended (401) or unreachable: the page forgets the token either way
  }
  signOut();
}

function signOut(message) {
  state.token = null;
  state.user = null;
  dismissKey();
  dismissWebhookSecret();
  $("#console").hidden = true;
  $("#signed-in").hidden = true;
  $("#user-details").hidden = true;
  $("#outgoing-mails tbody").replaceChildren();
  $("#login-section").hidden = false;
  if (message) { $("#error").textContent = message; $("#error").hidden = false; }
}

document.addEventListener("DOMContentLoaded", () => {
  $("#login-form").addEventListener("submit", guarded(signIn));
  $("#logout-button").addEventListener("click", signOutEverywhere);
  $("#create-key-form").addEventListener("submit", guarded(createServerKey));
  $("#copy-key-button").addEventListener("click", guarded(copyKey));
  $("#dismiss-key-button").addEventListener("click", dismissKey);
  $("#lookup-form").addEventListener("submit", guarded(() => lookUpUser($("#user-query").value.trim())));
  $("#revoke-sessions-button").addEventListener("click", guarded(revokeUserSessions));
  $("#disable-user-button").addEventListener("click", guarded(() => setUserDisabled(true)));
  $("#enable-user-button").addEventListener("click", guarded(() => setUserDisabled(false)));
  $("#delete-user-button").addEventListener("click", guarded(deleteUser));
  $("#list-users-button").addEventListener("click", guarded(() => listUsers()));
  $("#more-users-button").addEventListener("click", guarded(() => listUsers(state.nextUsers)));
  $("#audit-refresh").addEventListener("click", guarded(loadAudit));
  $("#rotate-key-button").addEventListener("click", guarded(rotateSigningKey));
  $("#rotate-token-key-button").addEventListener("click", guarded(rotateTokenKey));
  $("#emergency-token-key-button").addEventListener("click", guarded(emergencyRotateTokenKey));
  $("#lifetimes-form").addEventListener("submit", guarded(saveLifetimes));
  $("#add-webhook-form").addEventListener("submit", guarded(addWebhook));
  $("#dismiss-webhook-button").addEventListener("click", dismissWebhookSecret);
  $("#deliveries-refresh").addEventListener("click", guarded(loadDeliveries));
  $("#export-link").addEventListener("click", guarded(exportProviders));
  $("#mails-refresh").addEventListener("click", guarded(loadOutgoingMails));
  $("#confirm-registration-form").addEventListener("submit", guarded(confirmRegistration));
  $("#send-confirmation-button").addEventListener("click", guarded(sendConfirmation));
});
