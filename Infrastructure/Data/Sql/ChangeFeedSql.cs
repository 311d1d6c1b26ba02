namespace Coverage.Infrastructure.Data.Sql;

/// <summary>
/// The SQL behind the change feed, in one place. A trigger on <c>stations</c> appends to
/// <c>station_events</c> in the writer's own transaction — whoever the writer is (the app, the importer,
/// another system with plain SQL) — and sends <c>NOTIFY station_events, '&lt;event id&gt;'</c>, which
/// PostgreSQL delivers only when that transaction commits.
/// </summary>
public static class ChangeFeedSql
{
    public const string Channel = "station_events";

    public const string CreateTrigger = """
        CREATE OR REPLACE FUNCTION record_station_event() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            event_county varchar(6);
            event_id bigint;
        BEGIN
            IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.mode IS NOT DISTINCT FROM OLD.mode THEN
                RETURN NEW;
            END IF;
            SELECT t.county_code INTO event_county FROM townships t WHERE t.code = NEW.township_code;
            INSERT INTO station_events (station_id, township_code, county_code, prefecture_code, status, mode, previous_status, occurred_at)
            VALUES (NEW.id, NEW.township_code, event_county, left(event_county, 4), NEW.status, NEW.mode,
                    CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, now())
            RETURNING id INTO event_id;
            PERFORM pg_notify('station_events', event_id::text);
            RETURN NEW;
        END
        $$;

        CREATE TRIGGER stations_record_event
        AFTER INSERT OR UPDATE OF status, mode ON stations
        FOR EACH ROW EXECUTE FUNCTION record_station_event();
        """;

    /// <summary>The channel a report's insert or change of state is announced on: payload <c>&lt;id&gt;,&lt;county&gt;,&lt;state&gt;</c>.</summary>
    public const string ReportsChannel = "station_reports";

    /// <summary>
    /// Who writes (migration <c>AddStationReports</c>): <c>coverage_actor()</c> reads the actor the app set in its transaction
    /// (<see cref="WriteActor"/>) or names the database role; a BEFORE trigger stamps every station row change with a new version,
    /// the time and the actor, whoever writes — so a report can tell whether its station changed since; and the event trigger
    /// records the actor and the report id, and now fires on a change of any reported field (staff, services, operator, name), not
    /// only status and mode. Replaces <see cref="CreateTrigger"/>'s function and trigger.
    /// </summary>
    public const string RecordWriters = """
        CREATE OR REPLACE FUNCTION coverage_actor() RETURNS text
        LANGUAGE sql STABLE AS $$
            SELECT left(coalesce(nullif(current_setting('coverage.actor', true), ''), 'sql:' || current_user), 200)
        $$;

        CREATE OR REPLACE FUNCTION stamp_station() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                NEW.version := 1;
            ELSIF NEW IS NOT DISTINCT FROM OLD THEN
                RETURN NEW;
            ELSE
                NEW.version := OLD.version + 1;
            END IF;
            NEW.updated_at := now();
            NEW.updated_by := coverage_actor();
            RETURN NEW;
        END
        $$;

        CREATE TRIGGER stations_stamp
        BEFORE INSERT OR UPDATE ON stations
        FOR EACH ROW EXECUTE FUNCTION stamp_station();

        CREATE OR REPLACE FUNCTION record_station_event() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            event_county varchar(6);
            event_id bigint;
        BEGIN
            IF TG_OP = 'UPDATE' AND (NEW.status, NEW.mode, NEW.name, NEW.social_workers, NEW.certified_social_workers, NEW.services, NEW.operator)
                    IS NOT DISTINCT FROM (OLD.status, OLD.mode, OLD.name, OLD.social_workers, OLD.certified_social_workers, OLD.services, OLD.operator) THEN
                RETURN NEW;
            END IF;
            SELECT t.county_code INTO event_county FROM townships t WHERE t.code = NEW.township_code;
            INSERT INTO station_events (station_id, township_code, county_code, prefecture_code, status, mode, previous_status, occurred_at,
                                        actor, report_id)
            VALUES (NEW.id, NEW.township_code, event_county, left(event_county, 4), NEW.status, NEW.mode,
                    CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, now(),
                    coverage_actor(), nullif(current_setting('coverage.report', true), '')::bigint)
            RETURNING id INTO event_id;
            PERFORM pg_notify('station_events', event_id::text);
            RETURN NEW;
        END
        $$;

        -- Every reported field is now an event (staff, services, operator, name too), so every screen's snapshot sees it.
        DROP TRIGGER stations_record_event ON stations;
        CREATE TRIGGER stations_record_event
        AFTER INSERT OR UPDATE ON stations
        FOR EACH ROW EXECUTE FUNCTION record_station_event();

        CREATE OR REPLACE FUNCTION notify_station_report() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('station_reports', NEW.id::text || ',' || NEW.county_code || ',' || NEW.state);
            RETURN NEW;
        END
        $$;

        CREATE TRIGGER station_reports_notify
        AFTER INSERT OR UPDATE OF state ON station_reports
        FOR EACH ROW EXECUTE FUNCTION notify_station_report();
        """;

    /// <summary>Undoes <see cref="RecordWriters"/>, back to the first event function of <see cref="CreateTrigger"/>.</summary>
    public const string DropWriters = """
        DROP TRIGGER IF EXISTS station_reports_notify ON station_reports;
        DROP FUNCTION IF EXISTS notify_station_report();
        DROP TRIGGER IF EXISTS stations_stamp ON stations;
        DROP FUNCTION IF EXISTS stamp_station();
        DROP TRIGGER IF EXISTS stations_record_event ON stations;
        DROP FUNCTION IF EXISTS record_station_event();
        DROP FUNCTION IF EXISTS coverage_actor();
        """ + CreateTrigger;

    public const string DropTrigger = """
        DROP TRIGGER IF EXISTS stations_record_event ON stations;
        DROP FUNCTION IF EXISTS record_station_event();
        """;

    /// <summary>The channel indicator changes are announced on (no payload).</summary>
    public const string IndicatorsChannel = "indicators";

    /// <summary>
    /// Announces every change of indicator values or submissions (migration <c>AddIndicatorSubmissions</c>), whoever writes — the app,
    /// the importer, plain SQL — once per statement on channel <c>indicators</c>, delivered at commit; open boards load the values again.
    /// </summary>
    public const string NotifyIndicators = """
        CREATE OR REPLACE FUNCTION notify_indicators() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('indicators', '');
            RETURN NULL;
        END
        $$;

        CREATE TRIGGER indicator_values_notify
        AFTER INSERT OR UPDATE OR DELETE ON indicator_values
        FOR EACH STATEMENT EXECUTE FUNCTION notify_indicators();

        CREATE TRIGGER indicator_submissions_notify
        AFTER INSERT OR UPDATE OR DELETE ON indicator_submissions
        FOR EACH STATEMENT EXECUTE FUNCTION notify_indicators();
        """;

    public const string DropNotifyIndicators = """
        DROP TRIGGER IF EXISTS indicator_submissions_notify ON indicator_submissions;
        DROP TRIGGER IF EXISTS indicator_values_notify ON indicator_values;
        DROP FUNCTION IF EXISTS notify_indicators();
        """;
}
