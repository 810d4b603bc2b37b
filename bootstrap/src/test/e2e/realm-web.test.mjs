// End-to-end: the unmodified App Services web SDK (realm-web 2.0.1) against a running Keyport.
// KEYPORT_URL is the server's base URL (default http://127.0.0.1:8080); KEYPORT_APP_ID its app id.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as Realm from "realm-web";

const baseUrl = process.env.KEYPORT_URL ?? "http://127.0.0.1:8080";
const appId = process.env.KEYPORT_APP_ID ?? "keyport";
const adminPassword = process.env.KEYPORT_ADMIN_PASSWORD;

test("realm-web 2.0.1 manages and uses API keys against Keyport", async () => {
  const app = new Realm.App({ id: appId, baseUrl });
  const email = `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
  const password = "correct horse battery";

  await app.emailPasswordAuth.registerUser({ email, password });
  const user = await app.logIn(Realm.Credentials.emailPassword(email, password));
  assert.match(user.id, /^[0-9a-f]{24}$/);
  assert.equal(user.profile.email, email);

  const first = await user.apiKeys.create("first-key");
  const second = await user.apiKeys.create("second-key");
  assert.match(first.key, /^kpk_[0-9A-Za-z]{49}$/);
  assert.equal(first.disabled, false);

  const fetched = await user.apiKeys.fetch(first._id);
  assert.equal(fetched.name, "first-key");
  assert.equal(fetched.key, undefined, "a fetched key never carries its value");

  const all = await user.apiKeys.fetchAll();
  assert.deepEqual(all.map((k) => k.name).sort(), ["first-key", "second-key"]);

  await user.apiKeys.disable(first._id);
  assert.equal((await user.apiKeys.fetch(first._id)).disabled, true);
  await user.apiKeys.enable(first._id);
  assert.equal((await user.apiKeys.fetch(first._id)).disabled, false);

  // A second app instance (a device or service) logs in with the key, as the key's owner.
  const device = new Realm.App({ id: appId, baseUrl });
  const keyUser = await device.logIn(Realm.Credentials.apiKey(first.key));
  assert.equal(keyUser.id, user.id);
  await keyUser.refreshProfile();
  const providerTypes = keyUser.identities.map((identity) => identity.providerType);
  assert.ok(providerTypes.includes("local-userpass"), `identities: ${providerTypes}`);
  assert.ok(providerTypes.includes("api-key"), `identities: ${providerTypes}`);
  await keyUser.logOut();

  // A deleted key can no longer log in.
  await user.apiKeys.delete(second._id);
  await assert.rejects(
    () => new Realm.App({ id: appId, baseUrl }).logIn(Realm.Credentials.apiKey(second.key)),
    (error) => error.statusCode === 401 && error.errorCode === "AuthError",
  );
  assert.deepEqual((await user.apiKeys.fetchAll()).map((k) => k.name), ["first-key"]);

  await user.logOut();
  assert.equal(user.state, "logged-out");
});

test("realm-web 2.0.1 logs in anonymously; an anonymous user cannot own keys", async () => {
  const app = new Realm.App({ id: appId, baseUrl });
  const anonymous = await app.logIn(Realm.Credentials.anonymous());
  assert.match(anonymous.id, /^[0-9a-f]{24}$/);
  assert.equal(anonymous.providerType, "anon-user");
  assert.deepEqual(anonymous.profile, {}, "the profile's data is present and empty");
  await assert.rejects(
    () => anonymous.apiKeys.create("anonymous-key"),
    (error) => error.statusCode === 403 && error.errorCode === "AnonymousUserForbidden",
  );
  assert.deepEqual(await anonymous.apiKeys.fetchAll(), []);
  await anonymous.logOut();
});

test("realm-web 2.0.1 logs in with a server API key as its server user", { skip: !adminPassword && "KEYPORT_ADMIN_PASSWORD not set" }, async () => {
  const adminLogin = await fetch(`${baseUrl}/api/admin/v3.0/auth/providers/local-userpass/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "admin", password: adminPassword }),
  });
  assert.equal(adminLogin.status, 200);
  const { access_token: adminToken } = await adminLogin.json();
  const created = await fetch(`${baseUrl}/api/admin/v3.0/apps/${appId}/api_keys`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ name: `realm-web-service-${Date.now()}` }),
  });
  assert.equal(created.status, 201);
  const serverKey = await created.json();

  const service = new Realm.App({ id: appId, baseUrl });
  const serverUser = await service.logIn(Realm.Credentials.apiKey(serverKey.key));
  assert.equal(serverUser.id, serverKey.user_id);
  assert.deepEqual(serverUser.identities.map((identity) => identity.providerType), ["api-key"]);
  await assert.rejects(
    () => serverUser.apiKeys.create("from-a-server-user"),
    (error) => error.statusCode === 403 && error.errorCode === "ServerUserForbidden",
  );
  await serverUser.logOut();
});
