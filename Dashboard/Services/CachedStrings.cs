using System.Collections.Concurrent;
using System.Globalization;
using Coverage.Dashboard.Resources;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Services;

/// <summary>
/// The app's <see cref="Strings"/>, each looked up in the resources once per culture and then read from memory (issue 14).
/// <see cref="ResourceManager"/> takes two locks for every lookup, and a page asks for dozens of strings each time it
/// renders: with a hundred open pages rendering after every change on two cores, those lookups were a quarter of a
/// render, much of it waiting on the locks. One instance serves the whole app (the framework's default is a new
/// localizer for every component that injects one). Formatting is <see cref="ResourceManagerStringLocalizer"/>'s:
/// the current culture, and the name itself when no resource has it.
/// </summary>
public sealed class CachedStrings(IStringLocalizerFactory factory) : IStringLocalizer<Strings>
{
    /// <summary>How many (culture, name) pairs are kept; names made up at run time beyond that are looked up each time.</summary>
    public const int MaxEntries = 8192;

    private readonly IStringLocalizer _resources = factory.Create(typeof(Strings));
    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _found = new();

    public LocalizedString this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            var key = (CultureInfo.CurrentUICulture.Name, name);
            if (_found.TryGetValue(key, out var found)) return found;
            found = _resources[name];
            if (_found.Count < MaxEntries) _found.TryAdd(key, found);
            return found;
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments),
                format.ResourceNotFound, format.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => _resources.GetAllStrings(includeParentCultures);
}
