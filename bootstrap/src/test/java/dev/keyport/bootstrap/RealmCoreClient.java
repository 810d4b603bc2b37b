package dev.keyport.bootstrap;

import io.realm.kotlin.internal.interop.AppCallback;
import io.realm.kotlin.internal.interop.CodeDescription;
import io.realm.kotlin.internal.interop.NativePointer;
import io.realm.kotlin.internal.interop.RealmAppT;
import io.realm.kotlin.internal.interop.RealmCredentialsT;
import io.realm.kotlin.internal.interop.RealmInterop;
import io.realm.kotlin.internal.interop.RealmUserT;
import io.realm.kotlin.internal.interop.SyncConnectionParams;
import io.realm.kotlin.internal.interop.sync.ApiKeyWrapper;
import io.realm.kotlin.internal.interop.sync.AppError;
import io.realm.kotlin.internal.interop.sync.AuthProvider;
import io.realm.kotlin.internal.interop.sync.CoreUserState;
import io.realm.kotlin.internal.interop.sync.MetadataMode;
import io.realm.kotlin.internal.interop.sync.NetworkTransport;
import io.realm.kotlin.internal.interop.sync.Response;
import io.realm.kotlin.internal.interop.sync.ResponseCallback;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kotlin.Unit;
import org.mongodb.kbson.BsonObjectId;

/**
 * A realm-core App Services client, driven from Java: realm-core v14 itself ({@code librealmc.so}
 * and its JNI bindings from the published {@code io.realm.kotlin:cinterop-jvm:2.3.0}), the same C++
 * code that logs users in and manages API keys under the .NET, Kotlin, Swift, Node and Dart SDKs.
 * Only the network transport is ours (realm-core asks every SDK for one): {@code java.net.http},
 * passing realm-core's requests through unchanged. Every call blocks until realm-core completes it;
 * a refusal becomes a {@link Refused} carrying the error realm-core itself made of the answer.
 */
final class RealmCoreClient {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Headers java.net.http sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private final NativePointer<RealmAppT> app;

    /** A user object as realm-core keeps it on the device (one per user id). */
    record User(NativePointer<RealmUserT> pointer) {
        String id() {
            return RealmInterop.INSTANCE.realm_user_get_identity(pointer);
        }

        String deviceId() {
            return RealmInterop.INSTANCE.realm_user_get_device_id(pointer);
        }

        String accessToken() {
            return RealmInterop.INSTANCE.realm_user_get_access_token(pointer);
        }

        String refreshToken() {
            return RealmInterop.INSTANCE.realm_user_get_refresh_token(pointer);
        }

        boolean loggedIn() {
            return RealmInterop.INSTANCE.realm_user_is_logged_in(pointer)
                    && RealmInterop.INSTANCE.realm_user_get_state(pointer) == CoreUserState.RLM_USER_STATE_LOGGED_IN;
        }

        /** The profile's {@code data} as realm-core stored it (Extended JSON). */
        String profileJson() {
            return RealmInterop.INSTANCE.realm_user_get_profile(pointer);
        }

        List<AuthProvider> identityProviders() {
            return RealmInterop.INSTANCE.realm_user_get_all_identities(pointer).stream()
                    .map(i -> i.getProvider())
                    .toList();
        }
    }

    /** A key as realm-core parsed it; {@code value} is present only on creation. */
    record Key(String id, String name, Optional<String> value, boolean disabled) {
        static Key of(ApiKeyWrapper wrapper) {
            return new Key(
                    wrapper.getId().toHexString(),
                    wrapper.getName(),
                    Optional.ofNullable(wrapper.getValue()),
                    wrapper.getDisabled());
        }

        BsonObjectId objectId() {
            return BsonObjectId.Companion.invoke(id);
        }
    }

    /**
     * What realm-core made of a refusal: its error code (an {@code ErrorCode} such as
     * {@code RLM_ERR_API_KEY_NOT_FOUND}, {@code RLM_ERR_APP_SERVER_ERROR} for a server code it does not
     * know), the HTTP status and the text the app is shown.
     */
    static final class Refused extends RuntimeException {
        private final CodeDescription code;
        private final int httpStatus;

        Refused(AppError error) {
            super(error.getCode().getDescription() + " (HTTP " + error.getHttpStatusCode() + "): "
                    + error.getMessage());
            this.code = error.getCode();
            this.httpStatus = error.getHttpStatusCode();
        }

        CodeDescription code() {
            return code;
        }

        int httpStatus() {
            return httpStatus;
        }
    }

    RealmCoreClient(String baseUrl, String appId, Path filesDir) {
        RealmInterop interop = RealmInterop.INSTANCE;
        var config = interop.realm_app_config_new(
                appId,
                interop.realm_network_transport_new(new JavaHttpTransport()),
                baseUrl,
                new SyncConnectionParams(
                        "1.0",
                        "dev.keyport.test",
                        "Linux",
                        "Java",
                        "21",
                        SyncConnectionParams.Runtime.JVM,
                        Runtime.version().toString()));
        interop.realm_app_config_set_base_file_path(config, filesDir.toString());
        interop.realm_app_config_set_metadata_mode(config, MetadataMode.RLM_SYNC_CLIENT_METADATA_MODE_PLAINTEXT);
        this.app = interop.realm_app_get(config, filesDir.toString());
    }

    void register(String email, String password) {
        this.<Unit>call(done -> RealmInterop.INSTANCE.realm_app_email_password_provider_client_register_email(
                app, email, password, done));
    }

    /** realm-core's {@code EmailPasswordAuth::confirm_user}: {@code POST .../local-userpass/confirm}. */
    void confirmUser(String token, String tokenId) {
        this.<Unit>call(done ->
                RealmInterop.INSTANCE.realm_app_email_password_provider_client_confirm_user(app, token, tokenId, done));
    }

    /** {@code resend_confirmation_email}: {@code POST .../confirm/send}. */
    void resendConfirmationEmail(String email) {
        this.<Unit>call(
                done -> RealmInterop.INSTANCE.realm_app_email_password_provider_client_resend_confirmation_email(
                        app, email, done));
    }

    /** {@code retry_custom_confirmation}: {@code POST .../confirm/call}. */
    void retryCustomConfirmation(String email) {
        this.<Unit>call(
                done -> RealmInterop.INSTANCE.realm_app_email_password_provider_client_retry_custom_confirmation(
                        app, email, done));
    }

    /** {@code send_reset_password_email}: {@code POST .../reset/send}. */
    void sendResetPasswordEmail(String email) {
        this.<Unit>call(
                done -> RealmInterop.INSTANCE.realm_app_email_password_provider_client_send_reset_password_email(
                        app, email, done));
    }

    /** {@code reset_password}: {@code POST .../reset}. */
    void resetPassword(String password, String token, String tokenId) {
        this.<Unit>call(done -> RealmInterop.INSTANCE.realm_app_email_password_provider_client_reset_password(
                app, password, token, tokenId, done));
    }

    /** {@code call_reset_password_function}: {@code POST .../reset/call} with the arguments as Extended JSON. */
    void callResetPasswordFunction(String email, String password, String argumentsJson) {
        this.<Unit>call(done -> RealmInterop.INSTANCE.realm_app_call_reset_password_function(
                app, email, password, argumentsJson, done));
    }

    User logInWithPassword(String email, String password) {
        return logIn(RealmInterop.INSTANCE.realm_app_credentials_new_email_password(email, password));
    }

    User logInAnonymously() {
        return logIn(RealmInterop.INSTANCE.realm_app_credentials_new_anonymous(false));
    }

    User logInWithApiKey(String key) {
        return logIn(RealmInterop.INSTANCE.realm_app_credentials_new_api_key(key));
    }

    /** {@code Credentials.jwt(token)}: the {@code custom-token} provider, with an identity provider's JWT. */
    User logInWithJwt(String token) {
        return logIn(RealmInterop.INSTANCE.realm_app_credentials_new_jwt(token));
    }

    /** Refreshes the access token (POST /auth/session) and the profile, as the SDKs' refreshCustomData does. */
    void refreshAccessToken(User user) {
        this.<Unit>call(done -> RealmInterop.INSTANCE.realm_user_refresh_custom_data(app, user.pointer(), done));
    }

    void logOut(User user) {
        this.<Unit>call(done -> RealmInterop.INSTANCE.realm_app_log_out(app, user.pointer(), done));
    }

    Key createKey(User user, String name) {
        return Key.of(this.<ApiKeyWrapper>call(
                done -> RealmInterop.INSTANCE.realm_app_user_apikey_provider_client_create_apikey(
                        app, user.pointer(), name, done)));
    }

    Key fetchKey(User user, Key key) {
        return Key.of(this.<ApiKeyWrapper>call(
                done -> RealmInterop.INSTANCE.realm_app_user_apikey_provider_client_fetch_apikey(
                        app, user.pointer(), key.objectId(), done)));
    }

    List<Key> fetchAllKeys(User user) {
        ApiKeyWrapper[] keys = this.call(done ->
                RealmInterop.INSTANCE.realm_app_user_apikey_provider_client_fetch_apikeys(app, user.pointer(), done));
        return Arrays.stream(keys).map(Key::of).toList();
    }

    void enableKey(User user, Key key) {
        this.<Unit>call(done -> RealmInterop.INSTANCE.realm_app_user_apikey_provider_client_enable_apikey(
                app, user.pointer(), key.objectId(), done));
    }

    void disableKey(User user, Key key) {
        this.<Unit>call(done -> RealmInterop.INSTANCE.realm_app_user_apikey_provider_client_disable_apikey(
                app, user.pointer(), key.objectId(), done));
    }

    void deleteKey(User user, Key key) {
        this.<Unit>call(done -> RealmInterop.INSTANCE.realm_app_user_apikey_provider_client_delete_apikey(
                app, user.pointer(), key.objectId(), done));
    }

    /** realm-core's {@code App::delete_user}: {@code DELETE /auth/delete} with the user's access token (issue 24). */
    void deleteUser(User user) {
        this.<Unit>call(done -> RealmInterop.INSTANCE.realm_app_delete_user(app, user.pointer(), done));
    }

    /**
     * realm-core's {@code App::link_user}: the login route with {@code ?link=true} and the user's access token, then
     * the profile (issue 24). Answers the user realm-core completes with.
     */
    User linkEmailPassword(User user, String email, String password) {
        return link(user, RealmInterop.INSTANCE.realm_app_credentials_new_email_password(email, password));
    }

    User linkApiKey(User user, String key) {
        return link(user, RealmInterop.INSTANCE.realm_app_credentials_new_api_key(key));
    }

    private User link(User user, NativePointer<RealmCredentialsT> credentials) {
        return new User(this.<NativePointer<RealmUserT>>call(
                done -> RealmInterop.INSTANCE.realm_app_link_credentials(app, user.pointer(), credentials, done)));
    }

    private User logIn(NativePointer<RealmCredentialsT> credentials) {
        return new User(this.<NativePointer<RealmUserT>>call(
                done -> RealmInterop.INSTANCE.realm_app_log_in_with_credentials(app, credentials, done)));
    }

    private interface AsyncCall<T> {
        void start(AppCallback<T> done);
    }

    private <T> T call(AsyncCall<T> asyncCall) {
        CompletableFuture<T> result = new CompletableFuture<>();
        asyncCall.start(new AppCallback<>() {
            @Override
            public void onSuccess(T value) {
                result.complete(value);
            }

            @Override
            public void onError(AppError error) {
                result.completeExceptionally(new Refused(error));
            }
        });
        try {
            return result.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("realm-core did not complete the call in time", e);
        }
    }

    /** The transport realm-core sends its HTTP requests through: each request as given, each answer as received. */
    private static final class JavaHttpTransport implements NetworkTransport {
        private final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();

        @Override
        public String getAuthorizationHeaderName() {
            return "Authorization";
        }

        @Override
        public Map<String, String> getCustomHeaders() {
            return Map.of();
        }

        @Override
        public void sendRequest(
                String method, String url, Map<String, String> headers, String body, ResponseCallback callback) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(url)).timeout(CALL_TIMEOUT);
            headers.forEach((name, value) -> {
                if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                    request.header(name, value);
                }
            });
            String verb = method.toUpperCase(Locale.ROOT);
            request.method(
                    verb,
                    "GET".equals(verb)
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        if (failure != null) {
                            callback.response(new Response(0, 1000, Map.of(), failure.toString()));
                            return;
                        }
                        Map<String, String> responseHeaders = new HashMap<>();
                        response.headers()
                                .map()
                                .forEach((name, values) -> responseHeaders.put(name, String.join(", ", values)));
                        callback.response(new Response(response.statusCode(), 0, responseHeaders, response.body()));
                    });
        }

        @Override
        public void close() {
            http.close();
        }
    }
}
