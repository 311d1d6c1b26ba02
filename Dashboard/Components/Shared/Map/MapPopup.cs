using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Coverage.Dashboard.Resources;
using Coverage.Dashboard.Services;
using Coverage.Domain.Stations;
using Coverage.Infrastructure.Coverage;
using Coverage.Infrastructure.Queries;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Components.Shared.Map;

/// <summary>
/// The HTML of a township's detail popup. Leaflet inserts it as HTML, so every piece of data in it is encoded
/// here (names come from imported files and must never become markup).
/// </summary>
public sealed class MapPopup(DomainText text, IStringLocalizer<Strings> t)
{
    // Chinese text stays readable in the markup; only what HTML treats specially is encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public string Html(CoverageSnapshot snapshot, TownshipState township, StationDetails? station, DateOnly? asOf)
    {
        var e = Encoder;
        var county = snapshot.Counties.GetValueOrDefault(township.CountyCode)?.Name ?? township.CountyCode;
        var prefecture = snapshot.Prefectures.GetValueOrDefault(township.PrefectureCode)?.Name ?? township.PrefectureCode;
        var html = new StringBuilder();
        html.Append("<div class=\"map-popup\"><strong class=\"map-popup__title\">").Append(e.Encode(township.Name)).Append("</strong>");
        html.Append("<div class=\"map-popup__where\">").Append(e.Encode(prefecture)).Append(" · ").Append(e.Encode(county)).Append("</div>");
        html.Append("<dl>");
        if (township.Station is null)
        {
            Row(t["Map.Popup.Station"], t["Map.NoStation"]);
        }
        else
        {
            var status = township.StatusAsOf(asOf);
            Row(t["Map.Popup.Station"], station?.Name ?? township.Station.Name);
            Row(t["Map.Popup.Status"], status is { } s ? text.Status(s) : t["Map.NotYetPlanned"]);
            Row(t["Map.Popup.Mode"], text.Mode(township.Station.Mode));
            Row(t["Map.Popup.GoLive"], township.Station.OperatingSince is { } on && (asOf is null || on <= asOf)
                ? on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t["Map.Popup.NotLive"]);
            Row(t["Map.Popup.Staff"], string.Format(CultureInfo.CurrentCulture, t["Map.Popup.StaffValue"],
                station?.SocialWorkers ?? township.Station.SocialWorkers, station?.CertifiedSocialWorkers ?? township.Station.CertifiedSocialWorkers));
            if (station is not null)
            {
                var services = DomainIds.Services.Where(v => station.Services.HasFlag(v)).Select(text.Service).ToList();
                Row(t["Map.Popup.Services"], services.Count == 0 ? t["Map.Popup.NoServices"] : string.Join(t["Common.ListSeparator"], services));
                if (station.Operator is not null) Row(t["Map.Popup.Operator"], station.Operator);
            }
        }
        html.Append("</dl></div>");
        return html.ToString();

        void Row(string label, string value) =>
            html.Append("<dt>").Append(e.Encode(label)).Append("</dt><dd>").Append(e.Encode(value)).Append("</dd>");
    }
}
