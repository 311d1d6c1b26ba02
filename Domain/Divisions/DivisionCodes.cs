using System.Diagnostics.CodeAnalysis;

namespace Coverage.Domain.Divisions;

/// <summary>A prefecture (市/州) code: the 4-digit GB/T 2260 prefix, e.g. <c>5101</c> for 成都市.</summary>
public readonly record struct PrefectureCode
{
    public PrefectureCode(string value)
    {
        if (!IsValid(value)) throw new ArgumentException($"'{value}' is not a 4-digit Sichuan prefecture code (51xx).", nameof(value));
        Value = value;
    }

    public string Value { get; }

    public static bool IsValid([NotNullWhen(true)] string? value) => DivisionCode.IsDigits(value, 4) && value.StartsWith("51", StringComparison.Ordinal);

    public static bool TryParse(string? value, out PrefectureCode code)
    {
        code = IsValid(value) ? new PrefectureCode(value) : default;
        return code.Value is not null;
    }

    public override string ToString() => Value;
}

/// <summary>A county-level (区/县/县级市) code: 6 digits, e.g. <c>510104</c> 锦江区.</summary>
public readonly record struct CountyCode
{
    public CountyCode(string value)
    {
        if (!IsValid(value)) throw new ArgumentException($"'{value}' is not a 6-digit Sichuan county code (51xxxx).", nameof(value));
        Value = value;
    }

    public string Value { get; }

    public PrefectureCode Prefecture => new(Value[..4]);

    public static bool IsValid([NotNullWhen(true)] string? value) => DivisionCode.IsDigits(value, 6) && value.StartsWith("51", StringComparison.Ordinal);

    public static bool TryParse(string? value, out CountyCode code)
    {
        code = IsValid(value) ? new CountyCode(value) : default;
        return code.Value is not null;
    }

    public override string ToString() => Value;
}

/// <summary>A township (乡/镇/街道) code: the 12-digit statistical division code, e.g. <c>510104017000</c>.</summary>
public readonly record struct TownshipCode
{
    public TownshipCode(string value)
    {
        if (!IsValid(value)) throw new ArgumentException($"'{value}' is not a 12-digit Sichuan township code (51xxxxxxxxxx).", nameof(value));
        Value = value;
    }

    public string Value { get; }

    public CountyCode County => new(Value[..6]);

    public static bool IsValid([NotNullWhen(true)] string? value) => DivisionCode.IsDigits(value, 12) && value.StartsWith("51", StringComparison.Ordinal);

    public static bool TryParse(string? value, out TownshipCode code)
    {
        code = IsValid(value) ? new TownshipCode(value) : default;
        return code.Value is not null;
    }

    public override string ToString() => Value;
}

internal static class DivisionCode
{
    public static bool IsDigits([NotNullWhen(true)] string? value, int length) =>
        value is not null && value.Length == length && value.All(char.IsAsciiDigit);
}
