namespace Coverage.Dashboard.Resources;

/// <summary>Marker for the UI strings (Strings.resx in English, Strings.zh-Hans.resx in Simplified Chinese).</summary>
public sealed class Strings;
