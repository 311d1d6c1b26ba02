using System.Globalization;
using Coverage.Dashboard.Resources;
using Coverage.Dashboard.Services;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Coverage.Dashboard.Tests.Dashboard.Services;

/// <summary>The app's one localizer: the resources' strings, per culture, kept after the first lookup.</summary>
public sealed class CachedStringsTests
{
    private static IStringLocalizer<Strings> Resolve() =>
        new ServiceCollection().AddLogging().AddDashboardServices().BuildServiceProvider().GetRequiredService<IStringLocalizer<Strings>>();

    private static IStringLocalizer Resources() =>
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
            .Create(typeof(Strings));

    private static void Culture(string name) =>
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);

    [Fact]
    public void The_app_has_one_localizer_and_it_reads_what_the_resources_say_in_each_culture()
    {
        using var provider = new ServiceCollection().AddLogging().AddDashboardServices().BuildServiceProvider();
        var strings = provider.GetRequiredService<IStringLocalizer<Strings>>();
        Assert.IsType<CachedStrings>(strings);
        Assert.Same(strings, provider.GetRequiredService<IStringLocalizer<Strings>>());

        // One culture, then the other, then the first again: each answer is that culture's, never the one kept before it.
        foreach (var culture in new[] { "zh-CN", "en", "zh-CN" })
        {
            Culture(culture);
            Assert.Equal(Resources()["Kpi.Covered"].Value, strings["Kpi.Covered"].Value);
        }
        Culture("zh-CN");
        Assert.Equal("已覆盖乡镇（街道）", strings["Kpi.Covered"].Value);
        Culture("en");
        Assert.Equal("Covered townships", strings["Kpi.Covered"].Value);
    }

    [Fact]
    public void Arguments_are_formatted_in_the_current_culture_as_the_resources_localizer_does()
    {
        var strings = Resolve();

        Culture("en");
        Assert.Equal("1,234 of 3,101 townships", strings["Kpi.CoveredOf", 1234.ToString("N0", CultureInfo.CurrentCulture), "3,101"].Value);
        Assert.Equal(Resources()["Kpi.CoveredOf", 5, 7].Value, strings["Kpi.CoveredOf", 5, 7].Value);
        Culture("zh-CN");
        Assert.Equal("7 个乡镇（街道）中已覆盖 5 个", strings["Kpi.CoveredOf", 5, 7].Value);
    }

    [Fact]
    public void A_name_without_a_resource_answers_itself_and_says_it_was_not_found()
    {
        var strings = Resolve();
        Culture("zh-CN");

        var missing = strings["No.Such.String"];

        Assert.Equal("No.Such.String", missing.Value);
        Assert.True(missing.ResourceNotFound);
        Assert.False(strings["Kpi.Covered"].ResourceNotFound);
    }
}
