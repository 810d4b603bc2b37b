-- Failed logins per throttling key ("address:<ip>", "account:<name>") in fixed windows, shared by
-- every instance. Written only on a failure; rows of ended windows are deleted as failures come in.
CREATE TABLE login_failures (
    key          text        PRIMARY KEY,
    window_start timestamptz NOT NULL,
    failures     integer     NOT NULL
);

CREATE INDEX login_failures_by_window_start ON login_failures (window_start);
