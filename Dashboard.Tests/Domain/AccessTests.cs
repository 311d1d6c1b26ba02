namespace Coverage.Dashboard.Tests.Domain;

/// <summary>The access rules: which scope a role may have, what a scope covers, and who may write where.</summary>
public sealed class AccessTests
{
    private static AccessScope Scope(string? code) => AccessScope.TryParse(code, out var scope) ? scope : throw new ArgumentException(code);

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("5134", true)]
    [InlineData("513401", true)]
    [InlineData("51", false)]
    [InlineData("4401", false)]
    [InlineData("513401001000", false)]
    [InlineData("51x4", false)]
    public void Scope_codes_are_a_prefecture_or_a_county(string? code, bool valid) => Assert.Equal(valid, AccessScope.TryParse(code, out _));

    [Theory]
    [InlineData(Role.ProvinceAdmin, null, true)]
    [InlineData(Role.ProvinceAdmin, "5134", false)]
    [InlineData(Role.PrefectureStaff, "5134", true)]
    [InlineData(Role.PrefectureStaff, "513401", false)]
    [InlineData(Role.PrefectureStaff, null, false)]
    [InlineData(Role.CountyStaff, "513401", true)]
    [InlineData(Role.CountyStaff, "5134", false)]
    [InlineData(Role.Viewer, null, true)]
    [InlineData(Role.Viewer, "5101", true)]
    public void Each_role_has_its_kind_of_scope(Role role, string? code, bool allowed) =>
        Assert.Equal(allowed, AccessScope.Check(role, Scope(code)) is null);

    [Fact]
    public void A_scope_covers_the_divisions_under_its_code()
    {
        var liangshan = Scope("5134");
        Assert.True(liangshan.Covers("5134"));
        Assert.True(liangshan.Covers("513401"));
        Assert.True(liangshan.Covers("513401001000"));
        Assert.False(liangshan.Covers("5101"));
        Assert.False(liangshan.Covers("510104017000"));
        Assert.False(liangshan.Covers(null));
        Assert.True(AccessScope.Province.Covers("510104017000"));
        Assert.Equal("5134", Scope("513401").PrefectureCode);
    }

    [Theory]
    [InlineData(Role.ProvinceAdmin, null, "510104017000", true)]
    [InlineData(Role.PrefectureStaff, "5134", "513401001000", true)]
    [InlineData(Role.PrefectureStaff, "5134", "510104017000", false)]
    [InlineData(Role.CountyStaff, "513401", "513401001000", false)]
    [InlineData(Role.Viewer, null, "513401001000", false)]
    public void Recording_a_change_needs_a_province_admin_or_prefecture_staff_in_scope(Role role, string? scope, string township, bool allowed) =>
        Assert.Equal(allowed, new Actor("someone", role, Scope(scope)).CanRecordChange(township));

    [Theory]
    [InlineData(Role.CountyStaff, "513401", "513401001000", true)]
    [InlineData(Role.CountyStaff, "513401", "513402001000", false)]
    [InlineData(Role.PrefectureStaff, "5134", "513401001000", false)]
    [InlineData(Role.ProvinceAdmin, null, "513401001000", false)]
    public void Reports_come_from_county_staff_in_their_county(Role role, string? scope, string township, bool allowed) =>
        Assert.Equal(allowed, new Actor("someone", role, Scope(scope)).CanSubmitReport(township));

    [Fact]
    public void Users_read_everything_and_a_display_only_its_scope()
    {
        Assert.True(new Actor("county", Role.CountyStaff, Scope("513401")).CanRead("5101"));
        var wall = new Actor("display:凉山大屏", null, Scope("5134"), IsDisplay: true);
        Assert.True(wall.CanRead("513401001000"));
        Assert.False(wall.CanRead("5101"));
        Assert.False(wall.CanRecordChange("513401001000"));
        Assert.False(wall.IsAdmin);
    }

    [Theory]
    [InlineData(null, "/")]
    [InlineData("5134", "/map?prefecture=5134")]
    [InlineData("513401", "/map?prefecture=5134&county=513401")]
    public void A_user_lands_on_their_own_scope(string? scope, string path) =>
        Assert.Equal(path, new Actor("someone", Role.Viewer, Scope(scope)).LandingPath);
}
