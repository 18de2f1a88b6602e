-- 0002_accounts_progress: users, sessions, API tokens, task progress reports and evidence.
--
-- Same conventions as 0001 (docs/formats/database.md): times in UTC microseconds, enumerations
-- as English names, append-only tables. A user's changing fields live in user_revisions; a
-- logout or a revoked token is a row in *_revocations; a report's submissions are
-- progress_report_revisions and the office's decisions progress_reviews.
-- Secrets are stored as hashes only: password_hash is an Argon2id string, token_hash the
-- BLAKE2b hash (hex) of the random secret the browser or client holds.

CREATE TABLE users (
  id         INTEGER PRIMARY KEY,
  username   TEXT NOT NULL UNIQUE CHECK (username <> ''),
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

CREATE TABLE user_revisions (
  user_id       INTEGER NOT NULL REFERENCES users (id),
  revision      INTEGER NOT NULL CHECK (revision >= 1),
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL,
  region_code   TEXT NOT NULL,
  unit          TEXT NOT NULL,
  enterprise    TEXT NOT NULL,
  disabled      INTEGER NOT NULL CHECK (disabled IN (0, 1)),
  password_hash TEXT NOT NULL CHECK (password_hash <> ''),
  author        TEXT NOT NULL,
  recorded_at   INTEGER NOT NULL,
  reason        TEXT NOT NULL,
  PRIMARY KEY (user_id, revision)
) STRICT, WITHOUT ROWID;

CREATE TABLE sessions (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE CHECK (length(token_hash) >= 32),
  user_id     INTEGER NOT NULL REFERENCES users (id),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  remote_addr TEXT NOT NULL
) STRICT;

CREATE TABLE session_revocations (
  session_id INTEGER PRIMARY KEY REFERENCES sessions (id),
  revoked_at INTEGER NOT NULL,
  revoked_by TEXT NOT NULL
) STRICT;

CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  name       TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) >= 32),
  created_at INTEGER NOT NULL,
  expires_at INTEGER
) STRICT;

CREATE TABLE api_token_revocations (
  token_id   INTEGER PRIMARY KEY REFERENCES api_tokens (id),
  revoked_at INTEGER NOT NULL,
  revoked_by TEXT NOT NULL
) STRICT;

-- One report per (task, unit, period); its submissions are revisions.
CREATE TABLE progress_reports (
  id         INTEGER PRIMARY KEY,
  task_id    INTEGER NOT NULL REFERENCES tasks (id),
  unit       TEXT NOT NULL CHECK (unit <> ''),
  period     TEXT NOT NULL CHECK (period <> ''),
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (task_id, unit, period)
) STRICT;

CREATE TABLE progress_report_revisions (
  report_id    INTEGER NOT NULL REFERENCES progress_reports (id),
  revision     INTEGER NOT NULL CHECK (revision >= 1),
  status       TEXT NOT NULL,
  narrative    TEXT NOT NULL,
  figures_json TEXT NOT NULL,
  author       TEXT NOT NULL,
  recorded_at  INTEGER NOT NULL,
  PRIMARY KEY (report_id, revision)
) STRICT, WITHOUT ROWID;

CREATE TABLE progress_reviews (
  id          INTEGER PRIMARY KEY,
  report_id   INTEGER NOT NULL REFERENCES progress_reports (id),
  revision    INTEGER NOT NULL,
  decision    TEXT NOT NULL CHECK (decision IN ('accepted', 'returned')),
  comment     TEXT NOT NULL,
  reviewer    TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  FOREIGN KEY (report_id, revision) REFERENCES progress_report_revisions (report_id, revision)
) STRICT;

CREATE INDEX progress_reviews_by_report ON progress_reviews (report_id);

CREATE TABLE evidence_files (
  id           INTEGER PRIMARY KEY,
  report_id    INTEGER NOT NULL REFERENCES progress_reports (id),
  revision     INTEGER NOT NULL,
  file_name    TEXT NOT NULL CHECK (file_name <> ''),
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL CHECK (size > 0),
  sha256       TEXT NOT NULL,
  content      BLOB NOT NULL,
  uploaded_by  TEXT NOT NULL,
  uploaded_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX evidence_files_by_report ON evidence_files (report_id);

CREATE TRIGGER users_append_only_update BEFORE UPDATE ON users
  BEGIN SELECT RAISE(ABORT, 'users are append-only; add a revision'); END;
CREATE TRIGGER users_append_only_delete BEFORE DELETE ON users
  BEGIN SELECT RAISE(ABORT, 'users are append-only; disable the user instead'); END;
CREATE TRIGGER user_revisions_append_only_update BEFORE UPDATE ON user_revisions
  BEGIN SELECT RAISE(ABORT, 'user revisions are append-only'); END;
CREATE TRIGGER user_revisions_append_only_delete BEFORE DELETE ON user_revisions
  BEGIN SELECT RAISE(ABORT, 'user revisions are append-only'); END;
CREATE TRIGGER sessions_append_only_update BEFORE UPDATE ON sessions
  BEGIN SELECT RAISE(ABORT, 'sessions are append-only; revoke instead'); END;
CREATE TRIGGER sessions_append_only_delete BEFORE DELETE ON sessions
  BEGIN SELECT RAISE(ABORT, 'sessions are append-only; revoke instead'); END;
CREATE TRIGGER session_revocations_append_only_update BEFORE UPDATE ON session_revocations
  BEGIN SELECT RAISE(ABORT, 'session revocations are append-only'); END;
CREATE TRIGGER session_revocations_append_only_delete BEFORE DELETE ON session_revocations
  BEGIN SELECT RAISE(ABORT, 'session revocations are append-only'); END;
CREATE TRIGGER api_tokens_append_only_update BEFORE UPDATE ON api_tokens
  BEGIN SELECT RAISE(ABORT, 'API tokens are append-only; revoke instead'); END;
CREATE TRIGGER api_tokens_append_only_delete BEFORE DELETE ON api_tokens
  BEGIN SELECT RAISE(ABORT, 'API tokens are append-only; revoke instead'); END;
CREATE TRIGGER api_token_revocations_append_only_update BEFORE UPDATE ON api_token_revocations
  BEGIN SELECT RAISE(ABORT, 'token revocations are append-only'); END;
CREATE TRIGGER api_token_revocations_append_only_delete BEFORE DELETE ON api_token_revocations
  BEGIN SELECT RAISE(ABORT, 'token revocations are append-only'); END;
CREATE TRIGGER progress_reports_append_only_update BEFORE UPDATE ON progress_reports
  BEGIN SELECT RAISE(ABORT, 'progress reports are append-only; add a revision'); END;
CREATE TRIGGER progress_reports_append_only_delete BEFORE DELETE ON progress_reports
  BEGIN SELECT RAISE(ABORT, 'progress reports are append-only'); END;
CREATE TRIGGER progress_report_revisions_append_only_update
  BEFORE UPDATE ON progress_report_revisions
  BEGIN SELECT RAISE(ABORT, 'report revisions are append-only; add a revision'); END;
CREATE TRIGGER progress_report_revisions_append_only_delete
  BEFORE DELETE ON progress_report_revisions
  BEGIN SELECT RAISE(ABORT, 'report revisions are append-only'); END;
CREATE TRIGGER progress_reviews_append_only_update BEFORE UPDATE ON progress_reviews
  BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER progress_reviews_append_only_delete BEFORE DELETE ON progress_reviews
  BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER evidence_files_append_only_update BEFORE UPDATE ON evidence_files
  BEGIN SELECT RAISE(ABORT, 'evidence files are append-only'); END;
CREATE TRIGGER evidence_files_append_only_delete BEFORE DELETE ON evidence_files
  BEGIN SELECT RAISE(ABORT, 'evidence files are append-only'); END;
