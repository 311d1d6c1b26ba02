using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Coverage.Dashboard.Security;

/// <summary>
/// Describes in <c>/openapi/v1.json</c> how to sign in: the <c>session</c> scheme (the <c>.Coverage.Session</c> cookie of a
/// signed-in browser) and the <c>bearer</c> scheme (<c>Authorization: Bearer</c> with a personal access token or a display
/// token). Every operation that is not anonymous requires one of them; the station write takes the bearer token only.
/// </summary>
public sealed class OpenApiSecurity : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SessionScheme = "session";
    public const string BearerScheme = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[SessionScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = SecurityHosting.SessionCookie,
            Description = "The session cookie a browser gets by signing in at /account/login. Reads only: API writes do not accept it.",
        };
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "opaque",
            Description = "A personal access token (the user's own role and scope; created once in the UI or with 'tokens create') " +
                "or a display token (read-only, its display's scope). SignalR clients pass it with accessTokenFactory.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any()) return Task.CompletedTask;
        var bearerOnly = metadata.OfType<AuthorizationPolicy>()
            .Any(p => p.AuthenticationSchemes is [TokenAuthenticationHandler.SchemeName]);
        // Two requirements are alternatives: either scheme signs the caller in.
        operation.Security ??= [];
        operation.Security.Add(Requirement(BearerScheme, context.Document));
        if (!bearerOnly) operation.Security.Add(Requirement(SessionScheme, context.Document));
        return Task.CompletedTask;
    }

    // The reference needs its host document, or the requirement is written as an empty object.
    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument? document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}

public static class OpenApiSecurityExtensions
{
    /// <summary>The security schemes, and each operation's requirement (<see cref="OpenApiSecurity"/>).</summary>
    public static OpenApiOptions AddSecuritySchemes(this OpenApiOptions options) =>
        options.AddDocumentTransformer<OpenApiSecurity>().AddOperationTransformer<OpenApiSecurity>();
}
