using Microsoft.Extensions.Time.Testing;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>A fake clock standing at a local time in Sichuan (UTC+8), so "today" and the times on screen are the province's.</summary>
public static class SichuanClock
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static FakeTimeProvider At(int year, int month, int day, int hour, int minute)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(8)));
        clock.SetLocalTimeZone(Zone);
        return clock;
    }
}
