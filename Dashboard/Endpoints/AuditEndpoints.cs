using System.Globalization;
using System.Text;
using Coverage.Dashboard.Resources;
using Coverage.Dashboard.Security;
using Coverage.Dashboard.Services;
using Coverage.Domain.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Endpoints;

/// <summary><c>GET /admin/audit.csv</c>: the audit log under the audit page's filter, newest first, for a province admin.</summary>
public static class AuditEndpoints
{
    public const string CsvPath = "/admin/audit.csv";

    /// <summary>The most rows one export holds (the newest ones); <c>X-Total-Count</c> says how many matched.</summary>
    public const int MaxCsvRows = 100_000;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(CsvPath, ExportAsync)
            .RequireAuthorization(Policies.Admin)
            .WithTags("Admin")
            .WithName("AuditCsv")
            .WithSummary($"The audit log as CSV (UTF-8 with BOM, newest first, at most {MaxCsvRows:N0} rows): from and to are days (yyyy-MM-dd, to included), action an id, actor and target text they contain.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> ExportAsync(
        [FromQuery(Name = "from")] string? from, [FromQuery(Name = "to")] string? to, [FromQuery(Name = "action")] string? action,
        [FromQuery(Name = "actor")] string? actor, [FromQuery(Name = "target")] string? target,
        IAuditLog audit, DomainText text, IStringLocalizer<Strings> strings, TimeProvider clock, HttpContext context)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = AuditFilter.Parse(from, to, action, actor, target, errors);
        if (errors.Count > 0) return ApiFilter.Invalid(errors);

        // Rows written while the export runs would shift its pages: it ends at the moment it was asked for.
        var now = clock.GetUtcNow();
        var query = filter.ToQuery(clock.LocalTimeZone);
        if (query.To is null || query.To > now) query = query with { To = now };
        var total = (await audit.QueryAsync(query, 0, 0, context.RequestAborted)).Total;
        context.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);

        var header = CsvCells.Row(strings["Audit.Time"], strings["Audit.Action"], strings["Audit.Actor"], strings["Audit.Ip"],
            strings["Audit.Target"], strings["Audit.Detail"]);
        var name = $"audit-{TimeZoneInfo.ConvertTime(now, clock.LocalTimeZone):yyyyMMdd-HHmmss}.csv";
        return TypedResults.Stream(async body =>
        {
            // The byte-order mark tells Excel the file is UTF-8 (without it, Chinese text opens garbled).
            await body.WriteAsync(Encoding.UTF8.Preamble.ToArray(), context.RequestAborted);
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
            await writer.WriteAsync(header);
            // One query, streamed row by row: no paging, no recount.
            await foreach (var entry in audit.ReadAsync(query, MaxCsvRows, context.RequestAborted))
            {
                var at = TimeZoneInfo.ConvertTime(entry.At, clock.LocalTimeZone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                await writer.WriteAsync(CsvCells.Row(at, text.Audit(entry.Action), entry.Actor, entry.Ip, entry.Target, entry.Detail));
            }
            await writer.FlushAsync(context.RequestAborted);
        }, "text/csv; charset=utf-8", name);
    }
}
