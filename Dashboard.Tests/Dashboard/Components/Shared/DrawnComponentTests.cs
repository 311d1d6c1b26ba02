using Bunit;
using Coverage.Dashboard.Components.Shared;
using Coverage.Dashboard.Services;
using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Shared;

/// <summary>Pieces that draw from a few values render again only when those values changed, not with every render of their page.</summary>
public sealed class DrawnComponentTests : DashboardBunitContext
{
    private static CoverageSnapshot Province() => Snapshots.Create(
        Snapshots.Township("513401002000", "大兴乡", StationStatus.Operating),
        Snapshots.Township("510104001000", "锦官驿街道", StationStatus.Planned));

    [Fact]
    public void A_breadcrumb_given_a_new_snapshot_that_names_the_same_levels_does_not_render_again_and_a_new_level_does()
    {
        var cut = Render<ScopeBreadcrumb>(p => p.Add(c => c.Snapshot, Province()).Add(c => c.Prefecture, "5134").Add(c => c.Href, DivisionLinks.Overview));
        Assert.Equal(1, cut.RenderCount);

        cut.Render(p => p.Add(c => c.Snapshot, Province()).Add(c => c.Href, DivisionLinks.Overview)); // a change: a new snapshot
        Assert.Equal(1, cut.RenderCount);

        cut.Render(p => p.Add(c => c.County, "513401"));
        Assert.Equal(2, cut.RenderCount);
        Assert.Equal(["全省", "凉山彝族自治州", "西昌市"], cut.FindAll("li").Select(li => li.TextContent.Trim()));
    }

    [Fact]
    public void A_dataset_note_and_export_links_render_again_only_for_another_dataset_or_filter()
    {
        var note = Render<DatasetNote>(p => p.Add(c => c.Dataset, new DatasetSummary("seed-gen", null, "CGCS2000", true, false)));
        note.Render(p => p.Add(c => c.Dataset, new DatasetSummary("seed-gen", null, "CGCS2000", true, false)));
        Assert.Equal(1, note.RenderCount);
        note.Render(p => p.Add(c => c.Dataset, new DatasetSummary("seed-gen", null, "CGCS2000", true, true)));
        Assert.Equal(2, note.RenderCount);
        Assert.NotNull(note.Find("[data-testid=dataset-approximate]"));

        var links = Render<ExportLinks>(p => p.Add(c => c.Path, "/api/league").Add(c => c.Filter, new CoverageFilter(Prefecture: "5134")));
        links.Render(p => p.Add(c => c.Filter, new CoverageFilter(Prefecture: "5134")));
        Assert.Equal(1, links.RenderCount);
        links.Render(p => p.Add(c => c.Filter, new CoverageFilter(Prefecture: "5101")));
        Assert.Equal(2, links.RenderCount);
        Assert.Contains("prefecture=5101", links.Find("[data-testid=export-csv]").GetAttribute("href"), StringComparison.Ordinal);
    }
}
