// Issue 24, end-to-end: the unmodified realm-web 2.0.1 against a running Keyport, walking the account flows:
// delete (then the old key and password are refused), anonymous then link email/password then a key, linking an
// identity that belongs to another user (refused, nothing changes), and an admin disabling then enabling a user.
// KEYPORT_URL is the server's base URL; KEYPORT_ADMIN_PASSWORD the admin's password.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as Realm from "realm-web";

const baseUrl = process.env.KEYPORT_URL ?? "http://127.0.0.1:8080";
const appId = process.env.KEYPORT_APP_ID ?? "keyport";
const adminPassword = process.env.KEYPORT_ADMIN_PASSWORD;
const password = "correct horse battery";

const newApp = () => new Realm.App({ id: appId, baseUrl });
const newEmail = (who) => `${who}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
const refusedWith = (status, code) => (error) => {
  assert.equal(error.statusCode, status, `${error}`);
  assert.equal(error.errorCode, code, `${error}`);
  return true;
};

test("realm-web 2.0.1: deleteUser, then the old key and password are refused and the email registers again", async () => {
  const app = newApp();
  const email = newEmail("deleted");
  await app.emailPasswordAuth.registerUser({ email, password });
  const user = await app.logIn(Realm.Credentials.emailPassword(email, password));
  const key = await user.apiKeys.create("device");
  assert.equal((await newApp().logIn(Realm.Credentials.apiKey(key.key))).id, user.id);

  await app.deleteUser(user);

  assert.equal(app.currentUser, null);
  await assert.rejects(() => newApp().logIn(Realm.Credentials.apiKey(key.key)), refusedWith(401, "AuthError"));
  await assert.rejects(() => newApp().logIn(Realm.Credentials.emailPassword(email, password)), refusedWith(401, "InvalidPassword"));
  const again = newApp();
  await again.emailPasswordAuth.registerUser({ email, password });
  assert.notEqual((await again.logIn(Realm.Credentials.emailPassword(email, password))).id, user.id);
});

test("realm-web 2.0.1: anonymous, then linkCredentials(emailPassword) keeps the id, then a key can be created", async () => {
  const app = newApp();
  const anonymous = await app.logIn(Realm.Credentials.anonymous(false));
  await assert.rejects(() => anonymous.apiKeys.create("too-early"), refusedWith(403, "AnonymousUserForbidden"));
  const email = newEmail("linked");
  await app.emailPasswordAuth.registerUser({ email, password });

  await anonymous.linkCredentials(Realm.Credentials.emailPassword(email, password));

  const providers = anonymous.identities.map((identity) => identity.providerType).sort();
  assert.deepEqual(providers, ["anon-user", "local-userpass"]);
  assert.equal(anonymous.profile.email, email);
  const key = await anonymous.apiKeys.create("after-link");
  assert.equal((await newApp().logIn(Realm.Credentials.apiKey(key.key))).id, anonymous.id);
  assert.equal((await newApp().logIn(Realm.Credentials.emailPassword(email, password))).id, anonymous.id);
});

test("realm-web 2.0.1: linking an identity that belongs to another user is refused and changes nothing", async () => {
  const owner = newApp();
  const email = newEmail("taken");
  await owner.emailPasswordAuth.registerUser({ email, password });
  const ownerUser = await owner.logIn(Realm.Credentials.emailPassword(email, password));
  const app = newApp();
  const anonymous = await app.logIn(Realm.Credentials.anonymous(false));

  await assert.rejects(() => anonymous.linkCredentials(Realm.Credentials.emailPassword(email, password)),
    (error) => refusedWith(409, "InvalidSession")(error) && /a user already exists with the specified provider/.test(error.error));
  await assert.rejects(() => anonymous.linkCredentials(Realm.Credentials.apiKey("kpk_anything")), refusedWith(409, "InvalidSession"));

  await anonymous.refreshProfile();
  assert.deepEqual(anonymous.identities.map((identity) => identity.providerType), ["anon-user"]);
  assert.equal(app.currentUser.id, anonymous.id, "still the anonymous user, never the other identity");
  assert.equal((await newApp().logIn(Realm.Credentials.emailPassword(email, password))).id, ownerUser.id);
});

test("realm-web 2.0.1: an admin disables a user, password and key logins are refused; enabled, they work again",
  { skip: !adminPassword && "KEYPORT_ADMIN_PASSWORD not set" }, async () => {
    const app = newApp();
    const email = newEmail("disabled");
    await app.emailPasswordAuth.registerUser({ email, password });
    const user = await app.logIn(Realm.Credentials.emailPassword(email, password));
    const key = await user.apiKeys.create("device");

    const adminLogin = await fetch(`${baseUrl}/api/admin/v3.0/auth/providers/local-userpass/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "admin", password: adminPassword }),
    });
    assert.equal(adminLogin.status, 200);
    const { access_token: adminToken } = await adminLogin.json();
    const admin = (action) => fetch(`${baseUrl}/api/admin/v3.0/apps/${appId}/users/${user.id}/${action}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${adminToken}` },
    });

    assert.equal((await admin("disable")).status, 204);
    await assert.rejects(() => newApp().logIn(Realm.Credentials.emailPassword(email, password)), refusedWith(401, "UserDisabled"));
    await assert.rejects(() => newApp().logIn(Realm.Credentials.apiKey(key.key)), refusedWith(401, "AuthError"));
    await assert.rejects(() => user.apiKeys.fetchAll(), "the user's session ended");

    assert.equal((await admin("enable")).status, 204);
    assert.equal((await newApp().logIn(Realm.Credentials.emailPassword(email, password))).id, user.id);
    assert.equal((await newApp().logIn(Realm.Credentials.apiKey(key.key))).id, user.id);
  });
