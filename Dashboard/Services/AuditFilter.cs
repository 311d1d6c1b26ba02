using System.Globalization;
using Coverage.Domain.Access;
using Coverage.Domain.Stations;
using Microsoft.AspNetCore.WebUtilities;

namespace Coverage.Dashboard.Services;

/// <summary>
/// The audit log's filter as people give it, the same on <c>/admin/audit</c> and in its CSV export's URL: whole days in the
/// province's time zone (<c>to</c> included), an action id, and text the actor or the target contains.
/// </summary>
public sealed record AuditFilter(DateOnly? From = null, DateOnly? To = null, AuditAction? Action = null, string? Actor = null, string? Target = null)
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The longest text searched for (the log keeps at most this much of an actor or a target).</summary>
    public const int MaxText = 256;

    /// <summary>The query for the store: days become instants in <paramref name="zone"/>, from the start of <see cref="From"/> to the end of <see cref="To"/>.</summary>
    public AuditQuery ToQuery(TimeZoneInfo zone) => new(Start(From, zone), Start(To?.AddDays(1), zone), Action, Actor, Target);

    /// <summary>The filter as a query string (with its leading <c>?</c>, or empty), in the parameter names <see cref="Parse"/> reads.</summary>
    public string ToQueryString()
    {
        var parameters = new Dictionary<string, string?>
        {
            ["from"] = From?.ToString(DateFormat, CultureInfo.InvariantCulture),
            ["to"] = To?.ToString(DateFormat, CultureInfo.InvariantCulture),
            ["action"] = Action is { } a ? DomainIds.Id(a) : null,
            ["actor"] = Actor,
            ["target"] = Target,
        };
        return QueryHelpers.AddQueryString("", parameters.Where(p => p.Value is not null));
    }

    /// <summary>Reads the filter; each bad parameter adds an entry to <paramref name="errors"/> (by parameter name) and is left out.</summary>
    public static AuditFilter Parse(string? from, string? to, string? action, string? actor, string? target, IDictionary<string, string[]> errors)
    {
        var fromDay = Date(from, "from", errors);
        var toDay = Date(to, "to", errors);
        if (fromDay > toDay) errors["to"] = [$"'{to}' is before 'from' ({from})."];
        AuditAction? parsed = null;
        if (!string.IsNullOrWhiteSpace(action))
        {
            if (DomainIds.TryParse(action, out AuditAction a)) parsed = a;
            else errors["action"] = [$"'{Shorten(action)}' is not an audit action id ({string.Join(", ", Enum.GetValues<AuditAction>().Select(v => DomainIds.Id(v)))})."];
        }
        return new AuditFilter(fromDay, toDay, parsed, Text(actor, "actor", errors), Text(target, "target", errors));
    }

    private static DateTimeOffset? Start(DateOnly? day, TimeZoneInfo zone)
    {
        if (day is not { } d) return null;
        var midnight = d.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }

    private static DateOnly? Date(string? value, string name, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors[name] = [$"'{Shorten(value)}' is not a date ({DateFormat})."];
        return null;
    }

    private static string? Text(string? value, string name, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        value = value.Trim();
        if (value.Length <= MaxText) return value;
        errors[name] = [$"At most {MaxText} characters."];
        return null;
    }

    // Echo a bad value back, but never a huge one.
    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
