namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// Base of the test classes that write to the database: each test gets its own copy of the seeded database
/// (<see cref="PostgisFixture.CreateDatabaseAsync"/>), dropped after it. The derived class names the
/// <see cref="PostgisCollection"/>.
/// </summary>
public abstract class DatabaseTest(PostgisFixture postgis) : IAsyncLifetime
{
    protected TestDatabase Db { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Db = await postgis.CreateDatabaseAsync(ConfigureServices);

    /// <summary>Changes the test database's services (e.g. options) before they are built.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    public virtual async Task DisposeAsync() => await Db.DisposeAsync();
}
