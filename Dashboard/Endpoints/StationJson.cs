using System.Text.Json;
using System.Text.Json.Serialization;
using Coverage.Domain.Coverage;
using Coverage.Domain.Divisions;
using Coverage.Domain.Stations;

namespace Coverage.Dashboard.Endpoints;

/// <summary>How the API writes the Domain's station shapes as JSON.</summary>
public static class StationJson
{
    public static void AddConverters(IList<JsonConverter> converters)
    {
        converters.Add(new TownshipCodeConverter());
        converters.Add(new ServicesConverter());
        converters.Add(new StationViewConverter());
    }

    /// <summary>A township code is its 12 digits.</summary>
    private sealed class TownshipCodeConverter : JsonConverter<TownshipCode>
    {
        public override TownshipCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TownshipCode.TryParse(reader.GetString(), out var code) ? code : throw new JsonException("not a 12-digit township code");

        public override void Write(Utf8JsonWriter writer, TownshipCode value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }

    /// <summary>The six services as a list of their ids, in the plan's order.</summary>
    private sealed class ServicesConverter : JsonConverter<StationServices>
    {
        public override StationServices Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var ids = JsonSerializer.Deserialize<string[]>(ref reader, options) ?? [];
            return DomainIds.TryParseServices(string.Join(';', ids), out var services, out var bad) ? services : throw new JsonException($"unknown service '{bad}'");
        }

        public override void Write(Utf8JsonWriter writer, StationServices value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var service in DomainIds.Services.Where(s => value.HasFlag(s))) writer.WriteStringValue(DomainIds.Id(service));
            writer.WriteEndArray();
        }
    }

    /// <summary>
    /// A station as one flat object: the fields of its record (the one station read shape, written as it
    /// serializes), the names of the divisions it sits in, and — when the view looks back — its status and
    /// go-live date as of that day in place of today's.
    /// </summary>
    private sealed class StationViewConverter : JsonConverter<TownshipView>
    {
        public override TownshipView Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Station views are written, never read.");

        public override void Write(Utf8JsonWriter writer, TownshipView view, JsonSerializerOptions options)
        {
            var township = view.Township;
            var station = township.Station ?? throw new InvalidOperationException($"Township {township.Code} has no station to write.");
            writer.WriteStartObject();
            using (var fields = JsonSerializer.SerializeToDocument(station, options))
            {
                foreach (var field in fields.RootElement.EnumerateObject())
                    if (!field.NameEquals("status") && !field.NameEquals("operatingSince")) field.WriteTo(writer);
            }
            writer.WritePropertyName("status");
            JsonSerializer.Serialize(writer, view.Status, options);
            writer.WritePropertyName("operatingSince");
            JsonSerializer.Serialize(writer, view.WentLiveOn, options);
            writer.WriteString("townshipName", township.Name);
            writer.WriteString("countyCode", township.CountyCode);
            writer.WriteString("countyName", view.CountyName);
            writer.WriteString("prefectureCode", township.PrefectureCode);
            writer.WriteString("prefectureName", view.PrefectureName);
            writer.WriteEndObject();
        }
    }
}
