using Coverage.Domain.Import;
using Microsoft.Extensions.Options;

namespace Coverage.Infrastructure.Seeding;

/// <summary>The import page's way in: uploads staged by <see cref="ImportUpload"/>, previewed and applied by the one <see cref="DataImporter"/>.</summary>
internal sealed class Imports(DataImporter importer, IOptions<ImportLimits> limits) : IImports
{
    public ImportLimits Limits => limits.Value;

    public IImportUpload NewUpload() => new ImportUpload(limits.Value);

    public Task<ImportOutcome> PreviewAsync(IImportUpload upload, CancellationToken ct = default) =>
        RunAsync(upload, u => importer.PreviewAsync(u.Folder, ct));

    public Task<ImportOutcome> ApplyAsync(IImportUpload upload, string actor, CancellationToken ct = default) =>
        RunAsync(upload, u => importer.ImportAsync(u.Folder, actor, u.Source, ct));

    private static async Task<ImportOutcome> RunAsync(IImportUpload upload, Func<ImportUpload, Task<ImportResult>> import)
    {
        var staged = upload as ImportUpload ?? throw new ArgumentException("Not an upload of this service; create it with NewUpload.", nameof(upload));
        if (staged.Problems.Count > 0) return new ImportOutcome(null, staged.Problems);
        if (staged.Files.Count == 0) return new ImportOutcome(null, [new SeedProblem("upload", "files", "no import files were uploaded")]);
        try
        {
            return new ImportOutcome(await import(staged), []);
        }
        catch (SeedDataException e)
        {
            return new ImportOutcome(null, e.Problems);
        }
        catch (ImportFailedException e)
        {
            return new ImportOutcome(null, [], e.Message);
        }
    }
}
