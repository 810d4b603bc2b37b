-- Issue 23 review. When a key's logouts reach the bound, its session generation moves on and its records are
-- swept. Deleting them in that same transaction let a refresh that had read the key just before (this instance's
-- view an instant before its after-commit update, or another instance's view within the revocation bound) find
-- no record and accept a logged-out session again. Swept records now stay until the key's next sweep (or their
-- own expiry): they no longer count towards the bound, and still answer for their sessions meanwhile. A key holds
-- at most two rounds of records in the database.
ALTER TABLE ended_sessions ADD COLUMN swept boolean NOT NULL DEFAULT false;
