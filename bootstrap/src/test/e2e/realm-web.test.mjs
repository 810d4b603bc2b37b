// End-to-end: the unmodified App Services web SDK (realm-web 2.0.1) against a running Keyport.
// KEYPORT_URL is the server's base URL (default http://127.0.0.1:8080); KEYPORT_APP_ID its app id.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as Realm from "realm-web";

const baseUrl = process.env.KEYPORT_URL ?? "http://127.0.0.1:8080";
const appId = process.env.KEYPORT_APP_ID ?? "keyport";

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
