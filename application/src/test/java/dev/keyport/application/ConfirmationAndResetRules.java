package dev.keyport.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.accounts.port.in.ConfigureUserpass;
import dev.keyport.application.accounts.port.in.ConfirmRegistration;
import dev.keyport.application.accounts.port.in.ManageRegistrations;
import dev.keyport.application.accounts.port.in.ReadOutgoingMails;
import dev.keyport.application.accounts.port.in.ResetPassword;
import dev.keyport.application.accounts.port.out.AccountCallbacks;
import dev.keyport.application.accounts.port.out.AccountPorts;
import dev.keyport.application.accounts.port.out.MailSender;
import dev.keyport.application.accounts.service.ConfirmationAndResetService;
import dev.keyport.application.accounts.service.MailService;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.registration.port.in.RegisterUser;
import dev.keyport.application.sessions.port.in.DeviceHint;
import dev.keyport.application.sessions.port.in.LogInWithPassword;
import dev.keyport.application.sessions.port.in.OpenedSession;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.domain.error.AccountFunctionFailed;
import dev.keyport.domain.error.AccountTokenInvalid;
import dev.keyport.domain.error.ConfirmationRequired;
import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.error.UserAlreadyConfirmed;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.error.WrongCredentials;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Password;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of email confirmation and password reset (issue 24, ADR 0022), run on both stores. */
public abstract class ConfirmationAndResetRules extends GraphSuite {
    private static final AdminCaller ADMIN = new AdminCaller("root", SessionId.generate(Instant.EPOCH, new Random(5)));
    private static final Pattern LINK = Pattern.compile("token[=:] ?([0-9a-f]{64})\\n?&?tokenId[=:] ?([0-9a-f]{24})");
    private static final SecretSealer SEALER = new SecretSealer() {
        @Override
        public byte[] seal(byte[] secret, String context) {
            return (context + "|" + new String(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] open(byte[] sealed, String context) {
            String text = new String(sealed, StandardCharsets.UTF_8);
            if (!text.startsWith(context + "|")) {
                throw new UnreadableSecret(context);
            }
            return text.substring(context.length() + 1).getBytes(StandardCharsets.UTF_8);
        }
    };

    record Sent(String to, String subject, String text) {}

    record Call(String url, String body) {}

    private final List<Sent> inbox = new ArrayList<>();
    private final List<Object> smtpAnswers = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<Object> callbackAnswers = new ArrayList<>();
    private TestClock clock;
    private DrivenPorts ports;
    private AccountPorts accounts;
    private ConfirmationAndResetService service;
    private MailService mails;
    private LogInWithPassword login;

    private AccountCallbacks callbacks() {
        return (url, body) -> {
            calls.add(new Call(url, body));
            Object answer = callbackAnswers.isEmpty() ? AccountCallbacks.Outcome.SUCCESS : callbackAnswers.remove(0);
            if (answer instanceof String unreachable) {
                throw new AccountCallbacks.Unavailable(unreachable);
            }
            return (AccountCallbacks.Outcome) answer;
        };
    }

    private App graph(Optional<MailSender> smtp) {
        return compose(GraphSetup.of(
                        ports,
                        clock,
                        new AdminAccountService.Settings("root", Optional.empty(), Duration.ofMinutes(30)))
                .withAccounts(smtp, callbacks(), SEALER));
    }

    @BeforeEach
    void wire() {
        clock = new TestClock(Instant.parse("2026-12-04T10:00:00Z"));
        ports = freshPorts();
        accounts = ports.accounts();
        MailSender smtp = (to, subject, text) -> {
            if (!smtpAnswers.isEmpty() && smtpAnswers.remove(0) instanceof String down) {
                throw new MailSender.Unavailable(down);
            }
            inbox.add(new Sent(to, subject, text));
        };
        App app = graph(Optional.of(smtp));
        service = app.useCases().confirmationAndReset();
        mails = app.useCases().mails();
        login = app.useCases().passwordLogin();
    }

    private void configure(Map<String, Object> settings) {
        service.configure(new ConfigureUserpass.Command(ADMIN, settings));
    }

    private void confirmByMail() {
        configure(Map.of(
                "autoConfirm",
                false,
                "emailConfirmationUrl",
                "https://app.example.org/confirm",
                "resetPasswordUrl",
                "https://app.example.org/reset?lang=en"));
    }

    private OpenedSession logIn(String email, String password) {
        return login.logIn(new LogInWithPassword.Command(email, password, DeviceHint.none()));
    }

    private void register(String email, String password) {
        service.register(new RegisterUser.Command(email, password));
    }

    /** The token and tokenId of the last mail sent. */
    private String[] lastLink() {
        Matcher link = LINK.matcher(inbox.getLast().text());
        assertThat(link.find())
                .as("the mail carries a link with token and tokenId")
                .isTrue();
        return new String[] {link.group(1), link.group(2)};
    }

    @Test
    public void without_settings_a_registration_is_confirmed_at_once_as_before() {
        register("ann@example.org", "secret-1");
        assertThat(logIn("ann@example.org", "secret-1").session().userId()).isNotNull();
        assertThat(mails.deliverDue()).as("no mail").isZero();
    }

    @Test
    public void a_pending_registration_logs_in_only_once_confirmed_with_the_mailed_token() {
        confirmByMail();
        register("ann@example.org", "secret-1");
        assertThatThrownBy(() -> logIn("ann@example.org", "secret-1")).isInstanceOf(ConfirmationRequired.class);
        assertThatThrownBy(() -> logIn("ann@example.org", "wrong-pass"))
                .as("no hint without the password")
                .isInstanceOf(WrongCredentials.class);
        assertThatThrownBy(() -> register("ann@example.org", "other-1")).isInstanceOf(EmailAlreadyRegistered.class);

        assertThat(mails.deliverDue()).isOne();
        assertThat(inbox.getLast().to()).isEqualTo("ann@example.org");
        assertThat(inbox.getLast().text()).contains("https://app.example.org/confirm?token=");
        String[] link = lastLink();
        assertThatThrownBy(() -> service.confirm(new ConfirmRegistration.Command("0".repeat(64), link[1])))
                .isInstanceOf(AccountTokenInvalid.class);
        assertThatThrownBy(() -> service.confirm(new ConfirmRegistration.Command(link[0], "not-an-id")))
                .isInstanceOf(AccountTokenInvalid.class);
        service.confirm(new ConfirmRegistration.Command(link[0], link[1]));
        assertThat(logIn("ann@example.org", "secret-1").session()).isNotNull();
        assertThatThrownBy(() -> service.confirm(new ConfirmRegistration.Command(link[0], link[1])))
                .as("single use")
                .isInstanceOf(AccountTokenInvalid.class);
        assertThat(mails.deliverDue()).as("one mail only").isZero();
    }

    @Test
    public void a_confirmation_token_expires_after_30_minutes_and_a_resend_replaces_it() {
        confirmByMail();
        register("ann@example.org", "secret-1");
        mails.deliverDue();
        String[] first = lastLink();
        clock.advance(Duration.ofSeconds(30));
        service.requestConfirmation(new Email("ann@example.org"));
        service.prepareRequested();
        assertThat(mails.deliverDue())
                .as("at most one mail a minute per address")
                .isZero();
        clock.advance(Duration.ofMinutes(30));
        assertThatThrownBy(() -> service.confirm(new ConfirmRegistration.Command(first[0], first[1])))
                .isInstanceOf(AccountTokenInvalid.class);
        service.requestConfirmation(new Email("ann@example.org"));
        service.requestConfirmation(new Email("nobody@example.org"));
        assertThat(service.prepareRequested()).isEqualTo(2);
        assertThat(mails.deliverDue()).as("a mail for the pending address only").isOne();
        String[] second = lastLink();
        assertThat(second[1]).isNotEqualTo(first[1]);
        service.confirm(new ConfirmRegistration.Command(second[0], second[1]));
        assertThat(logIn("ann@example.org", "secret-1").session()).isNotNull();
    }

    @Test
    public void an_address_registered_and_left_unconfirmed_is_held_only_while_its_token_lives() {
        confirmByMail();
        register("ann@example.org", "squatter-1");
        assertThatThrownBy(() -> register("ann@example.org", "owner-pass")).isInstanceOf(EmailAlreadyRegistered.class);
        clock.advance(Duration.ofMinutes(30));
        register("ann@example.org", "owner-pass");
        assertThat(mails.deliverDue()).isEqualTo(2);
        String[] link = lastLink();
        service.confirm(new ConfirmRegistration.Command(link[0], link[1]));
        assertThat(logIn("ann@example.org", "owner-pass").session()).isNotNull();
        assertThatThrownBy(() -> logIn("ann@example.org", "squatter-1")).isInstanceOf(WrongCredentials.class);
    }

    @Test
    public void a_reset_sets_the_password_once_and_ends_the_password_sessions() {
        confirmByMail();
        configure(Map.of("autoConfirm", true));
        register("ann@example.org", "secret-1");
        OpenedSession old = logIn("ann@example.org", "secret-1");
        service.requestReset(new Email("ann@example.org"));
        service.requestReset(new Email("nobody@example.org"));
        assertThat(service.prepareRequested()).isEqualTo(2);
        assertThat(mails.deliverDue()).as("a mail to the account only").isOne();
        assertThat(inbox.getLast().text()).contains("https://app.example.org/reset?lang=en&token=");
        String[] link = lastLink();

        assertThatThrownBy(() -> service.reset(
                        new ResetPassword.WithToken("f".repeat(64), link[1], Password.chosen("new-pass-1"))))
                .isInstanceOf(AccountTokenInvalid.class);
        service.reset(new ResetPassword.WithToken(link[0], link[1], Password.chosen("new-pass-1")));
        assertThat(ports.sessions().find(old.session().sessionId()))
                .as("the old session ended")
                .isEmpty();
        assertThatThrownBy(() -> logIn("ann@example.org", "secret-1")).isInstanceOf(WrongCredentials.class);
        assertThat(logIn("ann@example.org", "new-pass-1").session()).isNotNull();
        assertThatThrownBy(() ->
                        service.reset(new ResetPassword.WithToken(link[0], link[1], Password.chosen("again-123"))))
                .as("single use")
                .isInstanceOf(AccountTokenInvalid.class);
    }

    @Test
    public void a_reset_token_expires_after_30_minutes() {
        register("ann@example.org", "secret-1");
        service.requestReset(new Email("ann@example.org"));
        service.prepareRequested();
        mails.deliverDue();
        String[] link = lastLink();
        clock.advance(Duration.ofMinutes(30));
        assertThatThrownBy(() ->
                        service.reset(new ResetPassword.WithToken(link[0], link[1], Password.chosen("new-pass-1"))))
                .isInstanceOf(AccountTokenInvalid.class);
        assertThat(logIn("ann@example.org", "secret-1").session()).isNotNull();
    }

    @Test
    public void a_mail_waits_in_the_outbox_while_the_mail_server_is_down_and_is_sent_later() {
        confirmByMail();
        smtpAnswers.addAll(List.of("connection refused", "connection refused"));
        register("ann@example.org", "secret-1");
        assertThat(mails.deliverDue()).isZero();
        assertThat(mails.pending(ADMIN, 10)).singleElement().satisfies(mail -> {
            assertThat(mail.attempts()).isOne();
            assertThat(mail.lastError()).contains("connection refused");
            assertThat(mail.body()).as("the admin reads the live link").contains("tokenId=");
        });
        assertThat(mails.deliverDue()).as("backing off").isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(mails.deliverDue()).isZero();
        clock.advance(Duration.ofSeconds(20));
        assertThat(mails.deliverDue()).isOne();
        assertThat(mails.pending(ADMIN, 10)).isEmpty();
        assertThat(inbox).hasSize(1);
    }

    @Test
    public void without_a_mail_server_the_admin_reads_the_mails_and_the_flow_completes() {
        confirmByMail();
        MailService noServer = graph(Optional.empty()).useCases().mails();
        register("ann@example.org", "secret-1");
        assertThat(noServer.deliverDue()).isZero();
        ReadOutgoingMails.OutgoingMail mail = noServer.pending(ADMIN, 10).getFirst();
        Matcher link = LINK.matcher(mail.body());
        assertThat(link.find()).isTrue();
        service.confirm(new ConfirmRegistration.Command(link.group(1), link.group(2)));
        assertThat(logIn("ann@example.org", "secret-1").session()).isNotNull();
        assertThatThrownBy(() -> noServer.pending(ADMIN, 0)).isInstanceOf(InvalidParameter.class);
    }

    @Test
    public void settings_that_would_inject_mail_headers_or_odd_links_are_refused_and_change_nothing() {
        confirmByMail();
        for (Map<String, Object> bad : List.of(
                Map.<String, Object>of("confirmEmailSubject", "Hi\r\nBcc: all@example.org"),
                Map.<String, Object>of("resetPasswordUrl", "javascript:alert(1)"),
                Map.<String, Object>of("resetPasswordUrl", "https://app.example.org/\r\nX: y"),
                Map.<String, Object>of("emailConfirmationUrl", "https://user@app.example.org/"),
                Map.<String, Object>of("autoConfirm", "no"),
                Map.<String, Object>of("runResetFunction", true))) {
            assertThatThrownBy(() -> configure(bad)).as(bad.toString()).isInstanceOf(InvalidParameter.class);
        }
        assertThat(ports.providers()
                        .setting(AuthProvider.LOCAL_USERPASS)
                        .userpass()
                        .confirmEmailSubject())
                .isEqualTo("Confirm your email address");
        Map<String, Object> remove = new HashMap<>();
        remove.put("emailConfirmationUrl", null);
        assertThatThrownBy(() -> configure(remove))
                .as("autoConfirm off needs a URL")
                .isInstanceOf(InvalidParameter.class);
    }

    @Test
    public void the_custom_confirmation_confirms_waits_or_refuses() {
        configure(Map.of(
                "autoConfirm",
                false,
                "runConfirmationFunction",
                true,
                "confirmationFunctionName",
                "confirmUser",
                "confirmationFunctionUrl",
                "https://hooks.example.org/confirm"));
        register("yes@example.org", "secret-1");
        assertThat(logIn("yes@example.org", "secret-1").session())
                .as("success confirms")
                .isNotNull();
        assertThat(calls.getLast().body())
                .contains("\"function\":\"confirmUser\"", "\"username\":\"yes@example.org\"", "\"tokenId\":");

        callbackAnswers.add(AccountCallbacks.Outcome.PENDING);
        register("wait@example.org", "secret-1");
        assertThatThrownBy(() -> logIn("wait@example.org", "secret-1")).isInstanceOf(ConfirmationRequired.class);
        Matcher token = Pattern.compile("\"token\":\"([0-9a-f]{64})\",\"tokenId\":\"([0-9a-f]{24})\"")
                .matcher(calls.getLast().body());
        assertThat(token.find()).isTrue();
        callbackAnswers.add(AccountCallbacks.Outcome.PENDING);
        service.retry(new Email("wait@example.org"));
        assertThatThrownBy(() -> service.confirm(new ConfirmRegistration.Command(token.group(1), token.group(2))))
                .as("a retry replaces the token")
                .isInstanceOf(AccountTokenInvalid.class);
        service.retry(new Email("wait@example.org"));
        assertThat(logIn("wait@example.org", "secret-1").session())
                .as("confirm/call succeeded")
                .isNotNull();
        assertThatThrownBy(() -> service.retry(new Email("wait@example.org"))).isInstanceOf(UserAlreadyConfirmed.class);
        assertThatThrownBy(() -> service.retry(new Email("nobody@example.org"))).isInstanceOf(UserNotFound.class);

        callbackAnswers.add(AccountCallbacks.Outcome.FAIL);
        assertThatThrownBy(() -> register("no@example.org", "secret-1")).isInstanceOf(AccountFunctionFailed.class);
        callbackAnswers.add("no answer");
        assertThatThrownBy(() -> register("no@example.org", "secret-1"))
                .isInstanceOf(AccountFunctionFailed.class)
                .satisfies(e -> assertThat(((AccountFunctionFailed) e).reason())
                        .isEqualTo(AccountFunctionFailed.Reason.UNAVAILABLE));
        register("no@example.org", "secret-1");
        assertThat(logIn("no@example.org", "secret-1").session())
                .as("a refused registration leaves the address free")
                .isNotNull();
    }

    @Test
    public void the_custom_reset_sets_the_password_without_ever_seeing_it() {
        register("ann@example.org", "secret-1");
        assertThatThrownBy(() -> service.callResetFunction(new ResetPassword.WithFunction(
                        new Email("ann@example.org"), Password.chosen("new-pass-1"), "[]")))
                .isInstanceOf(AccountFunctionFailed.class)
                .satisfies(e -> assertThat(((AccountFunctionFailed) e).reason())
                        .isEqualTo(AccountFunctionFailed.Reason.NOT_CONFIGURED));
        configure(Map.of(
                "runResetFunction",
                true,
                "resetFunctionName",
                "resetFunc",
                "resetFunctionUrl",
                "https://hooks.example.org/reset"));
        OpenedSession old = logIn("ann@example.org", "secret-1");
        callbackAnswers.add(AccountCallbacks.Outcome.FAIL);
        assertThatThrownBy(() -> service.callResetFunction(new ResetPassword.WithFunction(
                        new Email("ann@example.org"), Password.chosen("new-pass-1"), "[\"x\"]")))
                .isInstanceOf(AccountFunctionFailed.class);
        assertThat(logIn("ann@example.org", "secret-1").session())
                .as("a refused reset changes nothing")
                .isNotNull();
        service.callResetFunction(new ResetPassword.WithFunction(
                new Email("ann@example.org"), Password.chosen("new-pass-1"), "[\"x\",1]"));
        assertThat(calls.getLast().body())
                .contains("\"arguments\":[\"x\",1]", "\"currentPasswordValid\":false")
                .doesNotContain("new-pass-1");
        assertThat(ports.sessions().find(old.session().sessionId())).isEmpty();
        assertThat(logIn("ann@example.org", "new-pass-1").session()).isNotNull();
        assertThatThrownBy(() -> service.callResetFunction(new ResetPassword.WithFunction(
                        new Email("nobody@example.org"), Password.chosen("new-pass-1"), "[]")))
                .isInstanceOf(UserNotFound.class);
    }

    @Test
    public void the_admin_confirms_or_mails_a_pending_registration() {
        confirmByMail();
        register("ann@example.org", "secret-1");
        register("bob@example.org", "secret-1");
        mails.deliverDue();
        String[] first = lastLink();
        service.sendConfirmation(new ManageRegistrations.Command(ADMIN, new Email("bob@example.org")));
        assertThat(mails.deliverDue()).isOne();
        assertThatThrownBy(() -> service.confirm(new ConfirmRegistration.Command(first[0], first[1])))
                .as("the earlier token stops working")
                .isInstanceOf(AccountTokenInvalid.class);
        service.confirm(new ManageRegistrations.Command(ADMIN, new Email("ann@example.org")));
        assertThat(logIn("ann@example.org", "secret-1").session()).isNotNull();
        assertThatThrownBy(() -> service.confirm(new ManageRegistrations.Command(ADMIN, new Email("ann@example.org"))))
                .isInstanceOf(UserAlreadyConfirmed.class);
        assertThatThrownBy(() ->
                        service.sendConfirmation(new ManageRegistrations.Command(ADMIN, new Email("x@example.org"))))
                .isInstanceOf(UserNotFound.class);
        assertThat(ports.audit().latest(10))
                .anySatisfy(event -> assertThat(event.actor().label()).isEqualTo("admin:root"));
    }
}
