using Coverage.Domain.Divisions;

namespace Coverage.Domain.Access;

/// <summary>A user's role (ids: <c>provinceAdmin</c>, <c>prefectureStaff</c>, <c>countyStaff</c>, <c>viewer</c>). A user has exactly one.</summary>
public enum Role
{
    /// <summary>省级管理员: everything, including users, display links, imports and the audit log.</summary>
    ProvinceAdmin,
    /// <summary>市（州）工作人员: reads all; confirms or returns county reports and records changes in its prefecture.</summary>
    PrefectureStaff,
    /// <summary>县（市、区）工作人员: reads all; submits reports for stations in its county.</summary>
    CountyStaff,
    /// <summary>只读: reads all.</summary>
    Viewer,
}

/// <summary>
/// Where an actor may act: the whole province (no code), one prefecture (4 digits) or one county (6 digits).
/// A division is inside the scope when its code starts with the scope's code.
/// </summary>
public sealed record AccessScope
{
    public static readonly AccessScope Province = new((string?)null);

    private AccessScope(string? code) => Code = code;

    /// <summary>The prefecture or county code, or null for the whole province.</summary>
    public string? Code { get; }

    public bool IsProvince => Code is null;

    /// <summary>The prefecture this scope lies in, or null for the province.</summary>
    public string? PrefectureCode => Code?[..4];

    /// <summary>Whether the division (prefecture, county or township code) lies inside this scope.</summary>
    public bool Covers(string? divisionCode) =>
        Code is null || divisionCode is not null && divisionCode.StartsWith(Code, StringComparison.Ordinal);

    /// <summary>A prefecture or county scope; null when <paramref name="code"/> is empty (the province).</summary>
    public static bool TryParse(string? code, out AccessScope scope)
    {
        scope = Province;
        if (string.IsNullOrWhiteSpace(code)) return true;
        code = code.Trim();
        if (!Divisions.PrefectureCode.IsValid(code) && !CountyCode.IsValid(code)) return false;
        scope = new AccessScope(code);
        return true;
    }

    /// <summary>The rule tying a role to its scope, in words, or null when the pair is allowed.</summary>
    public static string? Check(Role role, AccessScope scope) => role switch
    {
        Role.ProvinceAdmin when !scope.IsProvince => "a province admin has the whole province as scope (no code)",
        Role.PrefectureStaff when scope.Code?.Length != 4 => "prefecture staff need a 4-digit prefecture code (e.g. 5134)",
        Role.CountyStaff when scope.Code?.Length != 6 => "county staff need a 6-digit county code (e.g. 513401)",
        _ when !Enum.IsDefined(role) => "unknown role",
        _ => null,
    };

    public override string ToString() => Code ?? "province";
}

/// <summary>
/// Who is acting: a signed-in user (with a role) or a wall display link (no role, read-only). The one place the
/// access rules live; the server checks them on every write, whatever the page shows.
/// </summary>
public sealed record Actor(string Name, Role? Role, AccessScope Scope, bool IsDisplay = false)
{
    public bool IsAdmin => Role == Access.Role.ProvinceAdmin;

    /// <summary>Users read the whole province; a display reads only its scope.</summary>
    public bool CanRead(string? divisionCode) => !IsDisplay || Scope.Covers(divisionCode);

    /// <summary>Record a station change directly: a province admin anywhere, prefecture staff in their prefecture.</summary>
    public bool CanRecordChange(string townshipCode) =>
        Role == Access.Role.ProvinceAdmin || Role == Access.Role.PrefectureStaff && Scope.Covers(townshipCode);

    /// <summary>Submit a report for a station: county staff in their county.</summary>
    public bool CanSubmitReport(string townshipCode) => Role == Access.Role.CountyStaff && Scope.Covers(townshipCode);

    /// <summary>The page a user opens on after signing in: the province overview, or the map of their own division.</summary>
    public string LandingPath => Scope.Code switch
    {
        null => "/",
        { Length: 4 } p => $"/map?prefecture={p}",
        var c => $"/map?prefecture={c[..4]}&county={c}",
    };
}

/// <summary>What the audit log records (ids as stored: <c>signIn</c>, <c>signInFailed</c>, …).</summary>
public enum AuditAction
{
    SignIn,
    SignInFailed,
    LockedOut,
    SignOut,
    PasswordChanged,
    PasswordReset,
    UserCreated,
    UserChanged,
    UserDisabled,
    UserEnabled,
    RoleChanged,
    TokenCreated,
    TokenFirstUsed,
    TokenRevoked,
    DisplayCreated,
    DisplayFirstUsed,
    DisplayRevoked,
    Import,
    StationChanged,
    WriteDenied,
    ReportSubmitted,
    ReportConfirmed,
    ReportReturned,
}
