using System.Globalization;
using System.Text;
using Coverage.Dashboard.Resources;
using Coverage.Dashboard.Services;
using Coverage.Domain.Access;
using Coverage.Domain.Coverage;
using Coverage.Domain.Stations;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Components.Shared.Map;

/// <summary>
/// The HTML of a township's detail popup. Leaflet inserts it as HTML, so every piece of data in it is encoded
/// here (names come from imported files and must never become markup).
/// </summary>
public sealed class MapPopup(DomainText text, IStringLocalizer<Strings> t)
{
    /// <summary>The popup of <paramref name="view"/>; a link to its station, or to propose one when <paramref name="actor"/> may.</summary>
    public string Html(TownshipView view, Actor? actor = null)
    {
        var e = SharedMarkup.Encoder; // Chinese text stays readable; only what HTML treats specially is encoded
        var township = view.Township;
        var html = new StringBuilder();
        html.Append("<div class=\"map-popup\"><strong class=\"map-popup__title\">").Append(e.Encode(township.Name)).Append("</strong>");
        html.Append("<div class=\"map-popup__where\">").Append(e.Encode(view.PrefectureName)).Append(" · ").Append(e.Encode(view.CountyName)).Append("</div>");
        html.Append("<dl>");
        if (township.Station is not { } station)
        {
            Row(t["Map.Popup.Station"], t["Map.NoStation"]);
        }
        else
        {
            Row(t["Map.Popup.Station"], station.Name);
            Row(t["Map.Popup.Status"], view.Status is { } s ? text.Status(s) : t["Map.NotYetPlanned"]);
            Row(t["Map.Popup.Mode"], text.Mode(station.Mode));
            Row(t["Map.Popup.GoLive"], view.WentLiveOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? t["Map.Popup.NotLive"]);
            Row(t["Map.Popup.Staff"], string.Format(CultureInfo.CurrentCulture, t["Map.Popup.StaffValue"], station.SocialWorkers, station.CertifiedSocialWorkers));
            Row(t["Map.Popup.Services"], text.ServiceList(station.Services));
            if (station.Operator is not null) Row(t["Map.Popup.Operator"], station.Operator);
        }
        html.Append("</dl>");
        if (township.Station is { } linked)
            Link(StationLinks.Station(linked.Id), t["Map.Popup.StationLink"], "map-popup-station");
        else if (actor?.MayPropose(township.Code) == true)
            Link(StationLinks.Propose(township.Code), t["Map.Popup.ProposeLink"], "map-popup-propose");
        html.Append("</div>");
        return html.ToString();

        void Link(string href, string label, string testId) =>
            html.Append("<a class=\"map-popup__link\" data-testid=\"").Append(testId).Append("\" href=\"").Append(e.Encode(href)).Append("\">")
                .Append(e.Encode(label)).Append("</a>");

        void Row(string label, string value) =>
            html.Append("<dt>").Append(e.Encode(label)).Append("</dt><dd>").Append(e.Encode(value)).Append("</dd>");
    }
}
