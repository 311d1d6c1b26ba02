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

    public const string DropTrigger = """
        DROP TRIGGER IF EXISTS stations_record_event ON stations;
        DROP FUNCTION IF EXISTS record_station_event();
        """;
}
