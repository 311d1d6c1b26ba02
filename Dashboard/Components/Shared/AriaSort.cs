using MudBlazor;

namespace Coverage.Dashboard.Components.Shared;

/// <summary>
/// The <c>aria-sort</c> of a table's column header (issue 16), one shape for every sortable table: the sorted column says
/// <c>ascending</c> or <c>descending</c>; the others carry no attribute (null), as ARIA asks of unsorted columns.
/// </summary>
public static class AriaSort
{
    public static string? Of(bool sorted, bool descending) => !sorted ? null : descending ? "descending" : "ascending";

    /// <summary>A MudBlazor sort label's direction (<see cref="SortDirection.None"/>: not the sorted column).</summary>
    public static string? Of(SortDirection direction) => Of(direction != SortDirection.None, direction == SortDirection.Descending);
}
