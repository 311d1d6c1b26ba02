namespace Coverage.Domain.Import;

/// <summary>
/// Importing files in the seed-data formats from the admin page: the same validation and the same one-transaction apply as the
/// CLI and the start-up seed, with a preview first. An upload is staged in a fresh temporary folder that disposing deletes.
/// </summary>
public interface IImports
{
    /// <summary>The caps every import applies (the upload page sizes its reads with them).</summary>
    ImportLimits Limits { get; }

    /// <summary>A fresh, empty staging area for one upload.</summary>
    IImportUpload NewUpload();

    /// <summary>Validates the upload and works out what applying it would change, writing nothing.</summary>
    Task<ImportOutcome> PreviewAsync(IImportUpload upload, CancellationToken ct = default);

    /// <summary>Applies the upload in one transaction, audited as <paramref name="actor"/> with each file's SHA-256.</summary>
    Task<ImportOutcome> ApplyAsync(IImportUpload upload, string actor, CancellationToken ct = default);
}

/// <summary>
/// The files of one upload, saved under their import names. Only the known file names are kept (a zip is unpacked, its entries
/// matched by name, never by path); anything else, or anything over a cap, is a problem and is not saved.
/// </summary>
public interface IImportUpload : IDisposable
{
    /// <summary>
    /// Saves an upload named <paramref name="fileName"/> (an import file, or a .zip of them) whose sender declares
    /// <paramref name="size"/> bytes. <paramref name="open"/> is called with the most bytes that will be read (pass it on as the
    /// stream's own limit, e.g. <c>IBrowserFile.OpenReadStream(max)</c>); it is not called when the declared size is already over.
    /// </summary>
    Task AddAsync(string fileName, long size, Func<long, Stream> open, CancellationToken ct = default);

    /// <summary>The import files saved so far, as paths relative to the import folder (e.g. <c>boundaries/townships.geojson</c>).</summary>
    IReadOnlyList<string> Files { get; }

    /// <summary>Files refused while saving (unknown name, over a cap, a bad zip).</summary>
    IReadOnlyList<SeedProblem> Problems { get; }
}

/// <summary>The outcome of a preview or an apply: what changes, or why nothing may.</summary>
/// <param name="Changes">What is (or would be) applied; null when refused.</param>
/// <param name="Problems">Every rejected file, row or feature; empty when accepted.</param>
/// <param name="Failure">A database failure in one line (nothing was written), when that is why it was refused.</param>
public sealed record ImportOutcome(ImportResult? Changes, IReadOnlyList<SeedProblem> Problems, string? Failure = null)
{
    public bool Accepted => Changes is not null;
}
