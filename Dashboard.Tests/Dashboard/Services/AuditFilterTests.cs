using Coverage.Dashboard.Services;

namespace Coverage.Dashboard.Tests.Dashboard.Services;

public sealed class AuditFilterTests
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.CreateCustomTimeZone("UTC+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");

    [Fact]
    public void Whole_local_days_become_instants_with_the_end_day_included()
    {
        var errors = new Dictionary<string, string[]>();
        var filter = AuditFilter.Parse("2026-11-01", "2026-11-30", "signInFailed", " admin ", "", errors);

        Assert.Empty(errors);
        var query = filter.ToQuery(China);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(8)), query.From);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)), query.To);
        Assert.Equal(AuditAction.SignInFailed, query.Action);
        Assert.Equal("admin", query.Actor);
        Assert.Null(query.Target);
        Assert.Equal("?from=2026-11-01&to=2026-11-30&action=signInFailed&actor=admin", filter.ToQueryString());
    }

    [Fact]
    public void No_filter_is_an_empty_query_string_and_an_unbounded_query()
    {
        var filter = AuditFilter.Parse(null, " ", null, null, null, new Dictionary<string, string[]>());

        Assert.Equal("", filter.ToQueryString());
        Assert.Equal(new AuditQuery(), filter.ToQuery(China));
    }

    [Fact]
    public void Each_bad_parameter_is_named_and_left_out()
    {
        var errors = new Dictionary<string, string[]>();
        var filter = AuditFilter.Parse("2026-02-30", "yesterday", "dance", new string('x', AuditFilter.MaxText + 1), "=cmd", errors);

        Assert.Equal(["action", "actor", "from", "to"], errors.Keys.Order());
        Assert.Equal(new AuditFilter(Target: "=cmd"), filter);
    }

    [Fact]
    public void An_end_before_the_start_is_refused()
    {
        var errors = new Dictionary<string, string[]>();
        AuditFilter.Parse("2026-11-30", "2026-11-01", null, null, null, errors);

        Assert.Equal(["to"], errors.Keys);
    }

    [Fact]
    public void Text_with_url_characters_survives_the_query_string()
    {
        var filter = new AuditFilter(Actor: "a&b=c", Target: "display:1 大屏");

        Assert.Equal("?actor=a%26b%3Dc&target=display%3A1%20%E5%A4%A7%E5%B1%8F", filter.ToQueryString());
    }
}
