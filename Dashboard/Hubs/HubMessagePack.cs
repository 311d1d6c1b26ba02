using Coverage.Domain.Coverage;
using Coverage.Domain.Stations;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace Coverage.Dashboard.Hubs;

/// <summary>
/// The hub's MessagePack protocol (<c>messagepack</c>, SignalR's binary protocol; a client chooses it when it connects, e.g.
/// <c>AddMessagePackProtocol</c> in .NET or <c>@microsoft/signalr-protocol-msgpack</c> in a browser): the same messages as
/// the JSON protocol, field for field. Each message is a map with the JSON contract's camelCase keys, enums are their ids
/// (<c>"operating"</c>, as in JSON and the API), and times are MessagePack timestamps (UTC). Binary and without quotes, a
/// province-wide <see cref="StationsBatch"/> is about half the bytes of its JSON text and far cheaper to read.
/// </summary>
public static class HubMessagePack
{
    /// <summary>The serializer options of the hub's MessagePack protocol (also what a .NET client passes to read the
    /// messages into these types).</summary>
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create([new StationChangedFormatter(), new StationsBatchFormatter()], [StandardResolver.Instance]))
        .WithSecurity(MessagePackSecurity.UntrustedData);

    private static void WriteTime(ref MessagePackWriter writer, DateTimeOffset time) => writer.Write(time.UtcDateTime);

    private static DateTimeOffset ReadTime(ref MessagePackReader reader) => new(DateTime.SpecifyKind(reader.ReadDateTime(), DateTimeKind.Utc));

    private static T ReadId<T>(ref MessagePackReader reader) where T : struct, Enum =>
        DomainIds.TryParse<T>(reader.ReadString(), out var value) ? value : throw new MessagePackSerializationException($"Not a {typeof(T).Name} id.");

    /// <summary><see cref="StationChangedMessage"/> as a map: eventId, stationId, townshipCode, countyCode, prefectureCode,
    /// status, mode, occurredAt, previousStatus (nil when the station was created), isGoLive.</summary>
    private sealed class StationChangedFormatter : IMessagePackFormatter<StationChangedMessage?>
    {
        public void Serialize(ref MessagePackWriter writer, StationChangedMessage? value, MessagePackSerializerOptions options)
        {
            if (value is null)
            {
                writer.WriteNil();
                return;
            }
            writer.WriteMapHeader(10);
            writer.Write("eventId");
            writer.Write(value.EventId);
            writer.Write("stationId");
            writer.Write(value.StationId);
            writer.Write("townshipCode");
            writer.Write(value.TownshipCode);
            writer.Write("countyCode");
            writer.Write(value.CountyCode);
            writer.Write("prefectureCode");
            writer.Write(value.PrefectureCode);
            writer.Write("status");
            writer.Write(DomainIds.Id(value.Status));
            writer.Write("mode");
            writer.Write(DomainIds.Id(value.Mode));
            writer.Write("occurredAt");
            WriteTime(ref writer, value.OccurredAt);
            writer.Write("previousStatus");
            if (value.PreviousStatus is { } previous) writer.Write(DomainIds.Id(previous));
            else writer.WriteNil();
            writer.Write("isGoLive");
            writer.Write(value.IsGoLive);
        }

        public StationChangedMessage? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            if (reader.TryReadNil()) return null;
            long eventId = 0;
            int stationId = 0;
            string township = "", county = "", prefecture = "";
            StationStatus status = default;
            BuildMode mode = default;
            DateTimeOffset occurredAt = default;
            StationStatus? previous = null;
            for (var count = reader.ReadMapHeader(); count > 0; count--)
            {
                switch (reader.ReadString())
                {
                    case "eventId": eventId = reader.ReadInt64(); break;
                    case "stationId": stationId = reader.ReadInt32(); break;
                    case "townshipCode": township = reader.ReadString() ?? ""; break;
                    case "countyCode": county = reader.ReadString() ?? ""; break;
                    case "prefectureCode": prefecture = reader.ReadString() ?? ""; break;
                    case "status": status = ReadId<StationStatus>(ref reader); break;
                    case "mode": mode = ReadId<BuildMode>(ref reader); break;
                    case "occurredAt": occurredAt = ReadTime(ref reader); break;
                    case "previousStatus": previous = reader.TryReadNil() ? null : ReadId<StationStatus>(ref reader); break;
                    default: reader.Skip(); break; // isGoLive follows from the statuses; keys added later are skipped
                }
            }
            return new StationChangedMessage(eventId, stationId, township, county, prefecture, status, mode, occurredAt) { PreviousStatus = previous };
        }
    }

    /// <summary><see cref="StationsBatch"/> as a map of its columns under their JSON names.</summary>
    private sealed class StationsBatchFormatter : IMessagePackFormatter<StationsBatch?>
    {
        public void Serialize(ref MessagePackWriter writer, StationsBatch? value, MessagePackSerializerOptions options)
        {
            if (value is null)
            {
                writer.WriteNil();
                return;
            }
            writer.WriteMapHeader(13);
            Column(ref writer, "eventIds", value.EventIds, (ref MessagePackWriter w, long v) => w.Write(v));
            Column(ref writer, "stationIds", value.StationIds, Int);
            Column(ref writer, "townships", value.Townships, Int);
            Column(ref writer, "counties", value.Counties, Text);
            Column(ref writer, "county", value.County, Int);
            Column(ref writer, "statuses", value.Statuses, Text);
            Column(ref writer, "status", value.Status, Int);
            Column(ref writer, "previousStatus", value.PreviousStatus, Int);
            Column(ref writer, "modes", value.Modes, Text);
            Column(ref writer, "mode", value.Mode, Int);
            Column(ref writer, "times", value.Times, WriteTime);
            Column(ref writer, "occurredAt", value.OccurredAt, Int);
            Column(ref writer, "goLives", value.GoLives, Int);
        }

        public StationsBatch? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            if (reader.TryReadNil()) return null;
            long[] eventIds = [];
            int[] stationIds = [], townships = [], county = [], status = [], previous = [], mode = [], occurredAt = [], goLives = [];
            string[] counties = [], statuses = [], modes = [];
            DateTimeOffset[] times = [];
            for (var count = reader.ReadMapHeader(); count > 0; count--)
            {
                switch (reader.ReadString())
                {
                    case "eventIds": eventIds = Read(ref reader, (ref MessagePackReader r) => r.ReadInt64()); break;
                    case "stationIds": stationIds = Read(ref reader, ReadInt); break;
                    case "townships": townships = Read(ref reader, ReadInt); break;
                    case "counties": counties = Read(ref reader, ReadText); break;
                    case "county": county = Read(ref reader, ReadInt); break;
                    case "statuses": statuses = Read(ref reader, ReadText); break;
                    case "status": status = Read(ref reader, ReadInt); break;
                    case "previousStatus": previous = Read(ref reader, ReadInt); break;
                    case "modes": modes = Read(ref reader, ReadText); break;
                    case "mode": mode = Read(ref reader, ReadInt); break;
                    case "times": times = Read(ref reader, ReadTime); break;
                    case "occurredAt": occurredAt = Read(ref reader, ReadInt); break;
                    case "goLives": goLives = Read(ref reader, ReadInt); break;
                    default: reader.Skip(); break;
                }
            }
            return new StationsBatch(eventIds, stationIds, townships, counties, county, statuses, status, previous, modes, mode, times, occurredAt, goLives);
        }

        private delegate void WriteOne<in T>(ref MessagePackWriter writer, T value);

        private delegate T ReadOne<out T>(ref MessagePackReader reader);

        private static void Int(ref MessagePackWriter writer, int value) => writer.Write(value);

        private static void Text(ref MessagePackWriter writer, string value) => writer.Write(value);

        private static int ReadInt(ref MessagePackReader reader) => reader.ReadInt32();

        private static string ReadText(ref MessagePackReader reader) => reader.ReadString() ?? "";

        private static void Column<T>(ref MessagePackWriter writer, string name, T[] values, WriteOne<T> write)
        {
            writer.Write(name);
            writer.WriteArrayHeader(values.Length);
            foreach (var value in values) write(ref writer, value);
        }

        private static T[] Read<T>(ref MessagePackReader reader, ReadOne<T> read)
        {
            var values = new T[reader.ReadArrayHeader()];
            for (var i = 0; i < values.Length; i++) values[i] = read(ref reader);
            return values;
        }
    }
}
