// End-to-end (issue 28): the unmodified realm-web 2.0.1 logs in to Keyport with a token Keycloak issued
// (Credentials.jwt, the custom-token provider), creates an API key and logs in with it.
// Run by CustomTokenKeycloakIT (Maven profile keycloak): KEYPORT_URL, KEYCLOAK_TOKEN_URL, KEYCLOAK_CLIENT,
// KEYCLOAK_USER, KEYCLOAK_PASSWORD, and EXPECTED_USER_ID (the user realm-core's login made for the same person).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as Realm from "realm-web";

const baseUrl = process.env.KEYPORT_URL;
const appId = process.env.KEYPORT_APP_ID ?? "keyport";

async function keycloakToken() {
  const answer = await fetch(process.env.KEYCLOAK_TOKEN_URL, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      client_id: process.env.KEYCLOAK_CLIENT,
      username: process.env.KEYCLOAK_USER,
      password: process.env.KEYCLOAK_PASSWORD,
    }),
  });
  assert.equal(answer.status, 200, await answer.clone().text());
  return (await answer.json()).access_token;
}

test("realm-web 2.0.1 logs in with a Keycloak token, creates an API key and logs in with it", async () => {
  const app = new Realm.App({ id: appId, baseUrl });
  const user = await app.logIn(Realm.Credentials.jwt(await keycloakToken()));
  assert.match(user.id, /^[0-9a-f]{24}$/);
  if (process.env.EXPECTED_USER_ID) {
    assert.equal(user.id, process.env.EXPECTED_USER_ID, "the same issuer and subject is the same user for both clients");
  }
  assert.equal(user.profile.email, "ann@example.org");
  assert.equal(user.profile.name, "Ann Lee");
  assert.deepEqual(user.identities.map((identity) => identity.providerType), ["custom-token"]);

  const key = await user.apiKeys.create(`realm-web-${Date.now()}`);
  assert.match(key.key, /^kpk_/);
  const device = new Realm.App({ id: appId, baseUrl });
  const keyUser = await device.logIn(Realm.Credentials.apiKey(key.key));
  assert.equal(keyUser.id, user.id);
  await keyUser.logOut();

  // A token whose payload was changed is refused as invalid credentials, and logs nobody in.
  const [header, payload, signature] = (await keycloakToken()).split(".");
  const changed = JSON.parse(Buffer.from(payload, "base64url").toString());
  changed.sub = "someone-else";
  const forged = [header, Buffer.from(JSON.stringify(changed)).toString("base64url"), signature].join(".");
  await assert.rejects(
    () => new Realm.App({ id: appId, baseUrl }).logIn(Realm.Credentials.jwt(forged)),
    (error) => error.statusCode === 401 && error.errorCode === "InvalidPassword",
  );
  await user.logOut();
});
