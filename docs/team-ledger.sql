-- Switchboard team ledger schema, for applying by hand: psql -v ON_ERROR_STOP=1 -1 -f team-ledger.sql
-- Generated from src/core/team/schema.ts (version 2); a test keeps them equal.
-- Grant switchboard_writer to each Switchboard login and switchboard_reader to dashboard logins.

CREATE SCHEMA IF NOT EXISTS switchboard;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchboard_reader') THEN CREATE ROLE switchboard_reader NOLOGIN; END IF;
END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchboard_writer') THEN CREATE ROLE switchboard_writer NOLOGIN; END IF;
END $$;
CREATE TABLE IF NOT EXISTS switchboard.schema_version(version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
GRANT SELECT ON switchboard.schema_version TO switchboard_reader, switchboard_writer;
-- migration 1
CREATE TABLE switchboard.calls(
  uid bytea PRIMARY KEY, started_at timestamptz NOT NULL,
  member text NOT NULL, project text NOT NULL, machine text NOT NULL, execution bytea,
  provider text NOT NULL, provider_kind text NOT NULL, model text NOT NULL, response_model text,
  duration_ms integer NOT NULL, input bigint NOT NULL, output bigint NOT NULL, cache_read bigint NOT NULL,
  cache_write bigint NOT NULL, reasoning bigint NOT NULL, cost_nano bigint, saved_nano bigint,
  cache_hit boolean NOT NULL, status text NOT NULL, error_kind text);
CREATE INDEX calls_started_at ON switchboard.calls(started_at);
CREATE INDEX calls_execution ON switchboard.calls(execution) WHERE execution IS NOT NULL;
CREATE TABLE switchboard.tool_calls(
  uid bytea PRIMARY KEY, started_at timestamptz NOT NULL,
  member text NOT NULL, project text NOT NULL, machine text NOT NULL, execution bytea,
  server text NOT NULL, tool text NOT NULL, duration_ms integer NOT NULL, status text NOT NULL,
  request_bytes bigint NOT NULL, response_bytes bigint NOT NULL);
CREATE INDEX tool_calls_started_at ON switchboard.tool_calls(started_at);
CREATE TABLE switchboard.executions(
  uid bytea PRIMARY KEY, started_at timestamptz NOT NULL, ended_at timestamptz,
  member text NOT NULL, project text NOT NULL, machine text NOT NULL, kind text, status text NOT NULL,
  calls bigint NOT NULL DEFAULT 0, input bigint NOT NULL DEFAULT 0, output bigint NOT NULL DEFAULT 0,
  cost_nano bigint NOT NULL DEFAULT 0, unpriced bigint NOT NULL DEFAULT 0, saved_nano bigint NOT NULL DEFAULT 0);
CREATE INDEX executions_started_at ON switchboard.executions(started_at);
-- Top executions of a month walk this and stop at the limit instead of sorting the month.
CREATE INDEX executions_cost ON switchboard.executions(cost_nano DESC);
CREATE TABLE switchboard.usage_daily(
  day date NOT NULL, member text NOT NULL, project text NOT NULL, provider text NOT NULL, model text NOT NULL,
  calls bigint NOT NULL, input bigint NOT NULL, output bigint NOT NULL, cache_read bigint NOT NULL,
  cache_write bigint NOT NULL, reasoning bigint NOT NULL, cost_nano bigint NOT NULL, unpriced bigint NOT NULL,
  saved_nano bigint NOT NULL, cache_hits bigint NOT NULL, errors bigint NOT NULL,
  PRIMARY KEY(day, member, project, provider, model));
CREATE FUNCTION switchboard.calls_added() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $fn$
BEGIN
  -- Sorted keys: concurrent shippers lock rollup rows in one order (no deadlocks).
  INSERT INTO switchboard.usage_daily AS d
    SELECT (started_at AT TIME ZONE 'UTC')::date, member, project, provider, model, count(*), sum(CASE WHEN cache_hit THEN 0 ELSE input END), sum(CASE WHEN cache_hit THEN 0 ELSE output END),
      sum(CASE WHEN cache_hit THEN 0 ELSE cache_read END), sum(CASE WHEN cache_hit THEN 0 ELSE cache_write END),
      sum(CASE WHEN cache_hit THEN 0 ELSE reasoning END), coalesce(sum(cost_nano), 0), count(*) FILTER (WHERE cost_nano IS NULL),
      coalesce(sum(saved_nano), 0), count(*) FILTER (WHERE cache_hit), count(*) FILTER (WHERE status <> 'ok')
    FROM added GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (day, member, project, provider, model) DO UPDATE SET
    calls = d.calls + excluded.calls, input = d.input + excluded.input, output = d.output + excluded.output,
    cache_read = d.cache_read + excluded.cache_read, cache_write = d.cache_write + excluded.cache_write,
    reasoning = d.reasoning + excluded.reasoning, cost_nano = d.cost_nano + excluded.cost_nano,
    unpriced = d.unpriced + excluded.unpriced, saved_nano = d.saved_nano + excluded.saved_nano,
    cache_hits = d.cache_hits + excluded.cache_hits, errors = d.errors + excluded.errors;
  -- A call may arrive before its execution's record: a placeholder takes the call's identity.
  INSERT INTO switchboard.executions AS x (uid, started_at, member, project, machine, status, calls, input, output, cost_nano, unpriced, saved_nano)
    SELECT execution, min(started_at), min(member), min(project), min(machine), 'running', count(*),
      sum(CASE WHEN cache_hit THEN 0 ELSE input END), sum(CASE WHEN cache_hit THEN 0 ELSE output END),
      coalesce(sum(cost_nano), 0), count(*) FILTER (WHERE cost_nano IS NULL), coalesce(sum(saved_nano), 0)
    FROM added WHERE execution IS NOT NULL GROUP BY execution ORDER BY execution
  ON CONFLICT (uid) DO UPDATE SET calls = x.calls + excluded.calls, input = x.input + excluded.input,
    output = x.output + excluded.output, cost_nano = x.cost_nano + excluded.cost_nano,
    unpriced = x.unpriced + excluded.unpriced, saved_nano = x.saved_nano + excluded.saved_nano;
  RETURN NULL;
END $fn$;
CREATE TRIGGER calls_added AFTER INSERT ON switchboard.calls REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION switchboard.calls_added();
GRANT USAGE ON SCHEMA switchboard TO switchboard_reader, switchboard_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA switchboard TO switchboard_reader, switchboard_writer;
GRANT INSERT ON switchboard.calls, switchboard.tool_calls, switchboard.executions TO switchboard_writer;
GRANT UPDATE (started_at, ended_at, kind, status) ON switchboard.executions TO switchboard_writer;
INSERT INTO switchboard.schema_version(version) VALUES (1);

-- migration 2
ALTER TABLE switchboard.calls ADD COLUMN source text, ADD COLUMN client text, ADD COLUMN workspace text;
INSERT INTO switchboard.schema_version(version) VALUES (2);
