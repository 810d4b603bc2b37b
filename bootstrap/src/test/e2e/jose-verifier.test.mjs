// A Node resource server's view of Keyport's access tokens: `jose` (panva/jose), given nothing but the
// issuer URL. It reads the discovery document, verifies with createRemoteJWKSet(jwks_uri) and checks
// iss, aud, alg and exp. KEYPORT_URL is a Keyport started with a short access-token lifetime
// (KEYPORT_TOKEN_LIFETIME_SECONDS) and a zero publish lead, so that expiry and rotation show quickly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRemoteJWKSet, jwtVerify, decodeProtectedHeader, generateKeyPair, SignJWT, decodeJwt } from "jose";

const baseUrl = (process.env.KEYPORT_URL ?? "http://127.0.0.1:8080").replace(/\/$/, "");
const appId = process.env.KEYPORT_APP_ID ?? "keyport";
const adminPassword = process.env.KEYPORT_ADMIN_PASSWORD;
const lifetimeSeconds = Number(process.env.KEYPORT_TOKEN_LIFETIME_SECONDS ?? "4");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(path, body, bearer) {
  const headers = { "content-type": "application/json" };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const response = await fetch(baseUrl + path, { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

async function newUser() {
  const email = `jose-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
  const app = `/api/client/v2.0/app/${appId}`;
  assert.equal((await post(`${app}/auth/providers/local-userpass/register`, { email, password: "correct horse" })).status, 201);
  const logIn = async () => (await post(`${app}/auth/providers/local-userpass/login`, { username: email, password: "correct horse" })).json;
  return { logIn, first: await logIn() };
}

const discovery = await (await fetch(`${baseUrl}/.well-known/openid-configuration`)).json();
// cooldownDuration: how soon jose may refetch the JWKS on an unknown kid (default 30 s). Keyport publishes a
// new key 10 min before it signs, so defaults suffice in production; the test's zero lead needs a short cooldown.
const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri), { cooldownDuration: 1000 });
const verify = (token) => jwtVerify(token, jwks, { issuer: discovery.issuer, audience: appId, algorithms: ["ES256"] });

test("the discovery document names this issuer and its JWKS", () => {
  assert.equal(discovery.issuer, baseUrl);
  assert.equal(discovery.jwks_uri, `${baseUrl}/.well-known/jwks.json`);
  assert.deepEqual(discovery.id_token_signing_alg_values_supported, ["ES256"]);
});

test("jose accepts a Keyport access token and reads who it is for", async () => {
  const { first } = await newUser();
  const { payload, protectedHeader } = await verify(first.access_token);
  assert.equal(payload.sub, first.user_id);
  assert.equal(payload.typ, "access");
  assert.equal(payload.baas_device_id, first.device_id);
  assert.equal(protectedHeader.alg, "ES256");
});

test("jose refuses tampered, foreign and refresh tokens", async () => {
  const { first } = await newUser();
  const [header, payload, signature] = first.access_token.split(".");
  const claims = decodeJwt(first.access_token);
  const tampered = Buffer.from(JSON.stringify({ ...claims, sub: "000000000000000000000000" })).toString("base64url");
  await assert.rejects(verify(`${header}.${tampered}.${signature}`), { code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });

  const { privateKey } = await generateKeyPair("ES256");
  const foreign = await new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: decodeProtectedHeader(first.access_token).kid })
    .sign(privateKey);
  await assert.rejects(verify(foreign), { code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });

  await assert.rejects(verify(first.refresh_token), /alg|key|JWKS/i, "a refresh token is HS256 under a key never published");
});

test("jose refuses an expired Keyport access token", async () => {
  const { first } = await newUser();
  await verify(first.access_token);
  await sleep((lifetimeSeconds + 1) * 1000);
  await assert.rejects(verify(first.access_token), { code: "ERR_JWT_EXPIRED" });
});

test("tokens signed before and after a rotation are both accepted", { skip: !adminPassword && "KEYPORT_ADMIN_PASSWORD not set" }, async () => {
  const { first, logIn } = await newUser();
  await verify(first.access_token); // the JWKS is cached from here on

  const admin = (await post("/api/admin/v3.0/auth/providers/local-userpass/login", { username: "admin", password: adminPassword })).json;
  const rotated = await post("/api/admin/v3.0/signing_keys/rotate", undefined, admin.access_token);
  assert.equal(rotated.status, 201);
  const after = await logIn();
  assert.equal(decodeProtectedHeader(after.access_token).kid, rotated.json.kid);
  assert.notEqual(decodeProtectedHeader(first.access_token).kid, rotated.json.kid);

  await sleep(1100); // past jose's cooldown, so an unknown kid makes it fetch the JWKS again
  assert.equal((await verify(after.access_token)).payload.sub, after.user_id);
  assert.equal((await verify(first.access_token)).payload.sub, first.user_id);
});
