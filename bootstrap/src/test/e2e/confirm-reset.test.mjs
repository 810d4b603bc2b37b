// End-to-end: email confirmation and password reset (issue 24, ADR 0022) with the unmodified realm-web 2.0.1.
// KEYPORT_URL: the server; MAILBOX_URL: the test's SMTP server's mails over HTTP (GET /mails?to=...);
// FUNCTIONS_URL: the signed-callback receiver (a path ending in /pending answers 202, /fail 400, else 200).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as Realm from "realm-web";

const baseUrl = process.env.KEYPORT_URL ?? "http://127.0.0.1:8080";
const appId = process.env.KEYPORT_APP_ID ?? "keyport";
const mailboxUrl = process.env.MAILBOX_URL;
const functionsUrl = process.env.FUNCTIONS_URL;
const adminPassword = process.env.KEYPORT_ADMIN_PASSWORD;
const newApp = () => new Realm.App({ id: appId, baseUrl });

async function admin(method, path, body) {
  const login = await fetch(`${baseUrl}/api/admin/v3.0/auth/providers/local-userpass/login`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "admin", password: adminPassword }),
  });
  assert.equal(login.status, 200);
  const { access_token } = await login.json();
  const answer = await fetch(`${baseUrl}/api/admin/v3.0/apps/${appId}${path}`, {
    method, headers: { "Content-Type": "application/json", Authorization: `Bearer ${access_token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${await answer.clone().text()}`);
  return answer;
}

/** The count-th mail to the address (1 = the first): its subject and the token/tokenId of its link. */
async function mail(to, count) {
  for (let i = 0; i < 200; i++) {
    const mails = await (await fetch(`${mailboxUrl}/mails?to=${encodeURIComponent(to)}`)).json();
    if (mails.length >= count) {
      const m = mails[count - 1];
      const link = /(https?:\/\/\S+?)\?token=([0-9a-f]{64})&tokenId=([0-9a-f]{24})/.exec(m.body);
      assert.ok(link, m.body);
      return { subject: m.subject, url: link[1], token: link[2], tokenId: link[3] };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail ${count} to ${to}`);
}

const refused = (status, errorCode) => (error) => error.statusCode === status && error.errorCode === errorCode;

test("realm-web: register, pending, confirm from the received mail, log in; forgot password, reset from the mail", async () => {
  await admin("PUT", "/auth_providers/local-userpass/config", {
    autoConfirm: false, emailConfirmationUrl: "https://app.example.org/confirm", confirmEmailSubject: "Confirm please",
    resetPasswordUrl: "https://app.example.org/reset", runConfirmationFunction: false, runResetFunction: false,
  });
  const app = newApp();
  const email = `web-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
  await app.emailPasswordAuth.registerUser({ email, password: "first password" });
  await assert.rejects(() => app.logIn(Realm.Credentials.emailPassword(email, "first password")), refused(401, "AuthError"));
  await app.emailPasswordAuth.resendConfirmationEmail({ email: `nobody-${Date.now()}@example.org` });

  const confirmation = await mail(email, 1);
  assert.equal(confirmation.subject, "Confirm please");
  assert.equal(confirmation.url, "https://app.example.org/confirm");
  await assert.rejects(() => app.emailPasswordAuth.confirmUser({ token: "0".repeat(64), tokenId: confirmation.tokenId }),
    refused(400, "UserpassTokenInvalid"));
  await app.emailPasswordAuth.confirmUser({ token: confirmation.token, tokenId: confirmation.tokenId });
  const user = await app.logIn(Realm.Credentials.emailPassword(email, "first password"));
  assert.match(user.id, /^[0-9a-f]{24}$/);

  // forgot password: the same answer for an unknown address
  await app.emailPasswordAuth.sendResetPasswordEmail({ email });
  await app.emailPasswordAuth.sendResetPasswordEmail({ email: `nobody-${Date.now()}@example.org` });
  const reset = await mail(email, 2);
  assert.equal(reset.url, "https://app.example.org/reset");
  await app.emailPasswordAuth.resetPassword({ token: reset.token, tokenId: reset.tokenId, password: "second password" });

  // the old session is refused
  await assert.rejects(() => user.refreshProfile());
  const refresh = await fetch(`${baseUrl}/api/client/v2.0/auth/session`, {
    method: "POST", headers: { Authorization: `Bearer ${user.refreshToken}` },
  });
  assert.equal(refresh.status, 401);
  await assert.rejects(() => newApp().logIn(Realm.Credentials.emailPassword(email, "first password")),
    refused(401, "InvalidPassword"));
  const again = await newApp().logIn(Realm.Credentials.emailPassword(email, "second password"));
  assert.equal(again.id, user.id);
  await assert.rejects(
    () => app.emailPasswordAuth.resetPassword({ token: reset.token, tokenId: reset.tokenId, password: "third password" }),
    refused(400, "UserpassTokenInvalid"));

  // the custom reset: the signed callback decides
  await admin("PUT", "/auth_providers/local-userpass/config",
    { runResetFunction: true, resetFunctionName: "resetFunc", resetFunctionUrl: `${functionsUrl}/reset/fail` });
  await assert.rejects(() => app.emailPasswordAuth.callResetPasswordFunction({ email, password: "third password" }, "x"),
    refused(400, "FunctionExecutionError"));
  await admin("PUT", "/auth_providers/local-userpass/config", { resetFunctionUrl: `${functionsUrl}/reset/ok` });
  await app.emailPasswordAuth.callResetPasswordFunction({ email, password: "third password" }, "x");
  await newApp().logIn(Realm.Credentials.emailPassword(email, "third password"));
});

test("realm-web: the custom confirmation, retried once the callback agrees", async () => {
  await admin("PUT", "/auth_providers/local-userpass/config", {
    autoConfirm: false, emailConfirmationUrl: "https://app.example.org/confirm", runConfirmationFunction: true,
    confirmationFunctionName: "confirmFunc", confirmationFunctionUrl: `${functionsUrl}/confirm/pending`,
  });
  const app = newApp();
  const email = `web-custom-${Date.now()}@example.org`;
  await app.emailPasswordAuth.registerUser({ email, password: "custom password" });
  await assert.rejects(() => app.logIn(Realm.Credentials.emailPassword(email, "custom password")), refused(401, "AuthError"));
  await admin("PUT", "/auth_providers/local-userpass/config", { confirmationFunctionUrl: `${functionsUrl}/confirm/ok` });
  await app.emailPasswordAuth.retryCustomConfirmation({ email });
  await app.logIn(Realm.Credentials.emailPassword(email, "custom password"));
  await assert.rejects(() => app.emailPasswordAuth.retryCustomConfirmation({ email }), refused(409, "UserAlreadyConfirmed"));
});
