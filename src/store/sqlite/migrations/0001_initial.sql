-- 0001_initial: the first carbonpeak schema.
--
-- Conventions (docs/formats/database.md):
--  * Times are INTEGER microseconds since 1970-01-01T00:00:00Z (UTC).
--  * Enumerations (level, status, kind) are stored as their English names; the program checks
--    them on read, so new enumerators need no table rebuild.
--  * Nothing is updated or deleted: every table has triggers that refuse UPDATE and DELETE.
--    Changes to targets and figures are new rows in *_revisions.
--  * position columns keep the order of lists exactly as they were written.
--  * Provenance is (doc, line, span_begin, span_end): document name, 1-based line (0 unknown),
--    character span within the line (-1 = whole line).

CREATE TABLE regions (
  code        TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
  name        TEXT NOT NULL CHECK (name <> ''),
  level       TEXT NOT NULL,
  parent_code TEXT REFERENCES regions (code),
  name_en     TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  created_by  TEXT NOT NULL
) STRICT;

CREATE INDEX regions_by_parent ON regions (parent_code);

CREATE TABLE plans (
  id              INTEGER PRIMARY KEY,
  region_code     TEXT NOT NULL REFERENCES regions (code),
  status          TEXT NOT NULL,
  title           TEXT NOT NULL,
  doc_number      TEXT NOT NULL,
  issue_date      TEXT NOT NULL,
  base_year       INTEGER NOT NULL,
  source_document TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  created_by      TEXT NOT NULL,
  UNIQUE (region_code, status)
) STRICT;

CREATE TABLE actions (
  id         INTEGER PRIMARY KEY,
  plan_id    INTEGER NOT NULL REFERENCES plans (id),
  position   INTEGER NOT NULL,
  number     INTEGER NOT NULL,
  title      TEXT NOT NULL,
  doc        TEXT NOT NULL,
  line       INTEGER NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end   INTEGER NOT NULL,
  UNIQUE (plan_id, position)
) STRICT;

CREATE TABLE tasks (
  id         INTEGER PRIMARY KEY,
  action_id  INTEGER NOT NULL REFERENCES actions (id),
  position   INTEGER NOT NULL,
  number     TEXT NOT NULL,
  title      TEXT NOT NULL,
  doc        TEXT NOT NULL,
  line       INTEGER NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end   INTEGER NOT NULL,
  UNIQUE (action_id, position)
) STRICT;

-- Lead (牵头) and cooperating (配合) units of a task, by canonical name.
CREATE TABLE task_units (
  task_id   INTEGER NOT NULL REFERENCES tasks (id),
  role      TEXT NOT NULL CHECK (role IN ('lead', 'cooperating')),
  position  INTEGER NOT NULL,
  unit_name TEXT NOT NULL,
  PRIMARY KEY (task_id, role, position)
) STRICT, WITHOUT ROWID;

-- Identity of a target. task_id is NULL for the plan's own targets and set for commitments
-- inside a task. The figures (value, kind, unit …) live in target_revisions.
CREATE TABLE targets (
  id          INTEGER PRIMARY KEY,
  plan_id     INTEGER NOT NULL REFERENCES plans (id),
  task_id     INTEGER REFERENCES tasks (id),
  position    INTEGER NOT NULL,
  indicator   TEXT NOT NULL CHECK (indicator <> ''),
  year        INTEGER NOT NULL,
  action      INTEGER NOT NULL,
  main_target INTEGER NOT NULL CHECK (main_target IN (0, 1)),
  doc         TEXT NOT NULL,
  line        INTEGER NOT NULL,
  span_begin  INTEGER NOT NULL,
  span_end    INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX targets_by_position ON targets (plan_id, ifnull(task_id, 0), position);
CREATE INDEX targets_by_task ON targets (task_id);

CREATE TABLE target_revisions (
  target_id   INTEGER NOT NULL REFERENCES targets (id),
  revision    INTEGER NOT NULL CHECK (revision >= 1),
  kind        TEXT NOT NULL,
  value       REAL,
  value_high  REAL,
  unit        TEXT NOT NULL,
  qualifier   TEXT NOT NULL,
  note        TEXT NOT NULL,
  base_year   INTEGER,
  author      TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  source      TEXT NOT NULL,
  reason      TEXT NOT NULL,
  PRIMARY KEY (target_id, revision)
) STRICT, WITHOUT ROWID;

CREATE TABLE responsible_units (
  id             INTEGER PRIMARY KEY,
  plan_id        INTEGER NOT NULL REFERENCES plans (id),
  position       INTEGER NOT NULL,
  canonical_name TEXT NOT NULL CHECK (canonical_name <> ''),
  type           TEXT NOT NULL,
  UNIQUE (plan_id, canonical_name),
  UNIQUE (plan_id, position)
) STRICT;

CREATE TABLE unit_aliases (
  unit_id  INTEGER NOT NULL REFERENCES responsible_units (id),
  position INTEGER NOT NULL,
  alias    TEXT NOT NULL,
  PRIMARY KEY (unit_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE projects (
  id         INTEGER PRIMARY KEY,
  plan_id    INTEGER NOT NULL REFERENCES plans (id),
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  sector     TEXT NOT NULL,
  capacity   TEXT NOT NULL,
  investment REAL,
  start_year INTEGER,
  end_year   INTEGER,
  status     TEXT NOT NULL,
  doc        TEXT NOT NULL,
  line       INTEGER NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end   INTEGER NOT NULL,
  UNIQUE (plan_id, position)
) STRICT;

-- Identity of a statistical figure; its values live in figure_revisions.
CREATE TABLE figures (
  id          INTEGER PRIMARY KEY,
  region_code TEXT NOT NULL REFERENCES regions (code),
  item        TEXT NOT NULL CHECK (item <> ''),
  period      TEXT NOT NULL CHECK (period <> ''),
  dims        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (region_code, item, period, dims)
) STRICT;

CREATE TABLE figure_revisions (
  figure_id   INTEGER NOT NULL REFERENCES figures (id),
  revision    INTEGER NOT NULL CHECK (revision >= 1),
  value       REAL NOT NULL,
  unit        TEXT NOT NULL CHECK (unit <> ''),
  author      TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  source      TEXT NOT NULL,
  reason      TEXT NOT NULL,
  PRIMARY KEY (figure_id, revision)
) STRICT, WITHOUT ROWID;

-- One row per write, in the write's own transaction. before_json is '' for creations.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  time        INTEGER NOT NULL,
  actor       TEXT NOT NULL CHECK (actor <> ''),
  action      TEXT NOT NULL,
  entity      TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json  TEXT NOT NULL,
  source      TEXT NOT NULL,
  reason      TEXT NOT NULL
) STRICT;

CREATE INDEX audit_log_by_entity ON audit_log (entity);

-- Append-only: refuse UPDATE and DELETE on every table.
CREATE TRIGGER regions_append_only_update BEFORE UPDATE ON regions
  BEGIN SELECT RAISE(ABORT, 'regions are append-only'); END;
CREATE TRIGGER regions_append_only_delete BEFORE DELETE ON regions
  BEGIN SELECT RAISE(ABORT, 'regions are append-only'); END;
CREATE TRIGGER plans_append_only_update BEFORE UPDATE ON plans
  BEGIN SELECT RAISE(ABORT, 'plans are append-only'); END;
CREATE TRIGGER plans_append_only_delete BEFORE DELETE ON plans
  BEGIN SELECT RAISE(ABORT, 'plans are append-only'); END;
CREATE TRIGGER actions_append_only_update BEFORE UPDATE ON actions
  BEGIN SELECT RAISE(ABORT, 'actions are append-only'); END;
CREATE TRIGGER actions_append_only_delete BEFORE DELETE ON actions
  BEGIN SELECT RAISE(ABORT, 'actions are append-only'); END;
CREATE TRIGGER tasks_append_only_update BEFORE UPDATE ON tasks
  BEGIN SELECT RAISE(ABORT, 'tasks are append-only'); END;
CREATE TRIGGER tasks_append_only_delete BEFORE DELETE ON tasks
  BEGIN SELECT RAISE(ABORT, 'tasks are append-only'); END;
CREATE TRIGGER task_units_append_only_update BEFORE UPDATE ON task_units
  BEGIN SELECT RAISE(ABORT, 'task units are append-only'); END;
CREATE TRIGGER task_units_append_only_delete BEFORE DELETE ON task_units
  BEGIN SELECT RAISE(ABORT, 'task units are append-only'); END;
CREATE TRIGGER targets_append_only_update BEFORE UPDATE ON targets
  BEGIN SELECT RAISE(ABORT, 'targets are append-only; add a revision'); END;
CREATE TRIGGER targets_append_only_delete BEFORE DELETE ON targets
  BEGIN SELECT RAISE(ABORT, 'targets are append-only'); END;
CREATE TRIGGER target_revisions_append_only_update BEFORE UPDATE ON target_revisions
  BEGIN SELECT RAISE(ABORT, 'target revisions are append-only; add a revision'); END;
CREATE TRIGGER target_revisions_append_only_delete BEFORE DELETE ON target_revisions
  BEGIN SELECT RAISE(ABORT, 'target revisions are append-only'); END;
CREATE TRIGGER responsible_units_append_only_update BEFORE UPDATE ON responsible_units
  BEGIN SELECT RAISE(ABORT, 'responsible units are append-only'); END;
CREATE TRIGGER responsible_units_append_only_delete BEFORE DELETE ON responsible_units
  BEGIN SELECT RAISE(ABORT, 'responsible units are append-only'); END;
CREATE TRIGGER unit_aliases_append_only_update BEFORE UPDATE ON unit_aliases
  BEGIN SELECT RAISE(ABORT, 'unit aliases are append-only'); END;
CREATE TRIGGER unit_aliases_append_only_delete BEFORE DELETE ON unit_aliases
  BEGIN SELECT RAISE(ABORT, 'unit aliases are append-only'); END;
CREATE TRIGGER projects_append_only_update BEFORE UPDATE ON projects
  BEGIN SELECT RAISE(ABORT, 'projects are append-only'); END;
CREATE TRIGGER projects_append_only_delete BEFORE DELETE ON projects
  BEGIN SELECT RAISE(ABORT, 'projects are append-only'); END;
CREATE TRIGGER figures_append_only_update BEFORE UPDATE ON figures
  BEGIN SELECT RAISE(ABORT, 'figures are append-only; add a revision'); END;
CREATE TRIGGER figures_append_only_delete BEFORE DELETE ON figures
  BEGIN SELECT RAISE(ABORT, 'figures are append-only'); END;
CREATE TRIGGER figure_revisions_append_only_update BEFORE UPDATE ON figure_revisions
  BEGIN SELECT RAISE(ABORT, 'figure revisions are append-only; add a revision'); END;
CREATE TRIGGER figure_revisions_append_only_delete BEFORE DELETE ON figure_revisions
  BEGIN SELECT RAISE(ABORT, 'figure revisions are append-only'); END;
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
